package analysis

// cycleTime collects each case's cycle time (first moment → last end) and
// the time span of the log; it also counts the cases.
type cycleTime struct {
	cycle       []float64 // per case, in log order
	first, last int64
}

func newCycleTime() *cycleTime { return &cycleTime{first: 1<<63 - 1, last: -1 << 63} }

func (c *cycleTime) add(v *caseView) {
	c.cycle = append(c.cycle, v.cycle)
	c.first = min(c.first, v.first)
	c.last = max(c.last, v.last)
}

func (c *cycleTime) merge(other metric) {
	o := other.(*cycleTime)
	c.cycle = append(c.cycle, o.cycle...)
	c.first = min(c.first, o.first)
	c.last = max(c.last, o.last)
}

func (c *cycleTime) fill(r *Result) {
	r.Log.Cases = len(c.cycle)
	if len(c.cycle) > 0 {
		r.Log.FirstEvent = formatTime(c.first)
		r.Log.LastEvent = formatTime(c.last)
	}
	r.CycleTime = Summarize(c.cycle)
}

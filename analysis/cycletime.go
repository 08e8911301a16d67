package analysis

// cycleTime collects each case's cycle time (first moment → last end) and
// the time span of the log; it also counts the cases. Its working time is
// measured with the process calendar (calendars.process), when there is
// one: else cycle times are elapsed only.
type cycleTime struct {
	cycle       durations // per case, in log order
	working     bool      // cycle times get working-time twins
	first, last int64
}

func newCycleTime(cat *catalog) *cycleTime {
	return &cycleTime{first: 1<<63 - 1, last: -1 << 63, working: cat.working && cat.cals.process != nil}
}

func (c *cycleTime) add(v *caseView) {
	c.cycle.add(v.cycle, v.workCycle, c.working)
	c.first = min(c.first, v.first)
	c.last = max(c.last, v.last)
}

func (c *cycleTime) merge(other metric) {
	o := other.(*cycleTime)
	c.cycle.addAll(&o.cycle)
	c.first = min(c.first, o.first)
	c.last = max(c.last, o.last)
}

func (c *cycleTime) fill(r *Result) {
	n := c.cycle.count()
	r.Log.Cases = n
	if n > 0 {
		r.Log.FirstEvent = formatTime(c.first)
		r.Log.LastEvent = formatTime(c.last)
	}
	r.CycleTime = c.cycle.stats(c.working)
	c.cycle = durations{} // free the sample
}

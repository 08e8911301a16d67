package simulate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// PoolLoad is the work offered to one staffed pool (an owner with a
// capacity, or a step with its own), computed from the scenario before any
// simulation: the long-run demand against the working time the pool has.
//
//	offered   = mean arrival rate × Σ over the pool's steps of
//	            expected visits per case × mean duration      (h per week)
//	available = capacity × working hours per week of its calendar
//	            (168 when it has none; holidays not counted)
//	utilization = offered / available
//
// The mean arrival rate is the rate averaged over the horizon, weekly
// profile and peaks included (without a horizon, over a week without the
// peaks), or 1 / mean interarrival time. Above 1 the queues grow without
// limit however long the run. PeakUtilization puts the highest arrival rate
// (profile and overlapping peaks at their largest) against the pool's
// capacity while it works; above 1 a backlog builds during that period and
// must clear afterwards, which is normal for a short peak.
type PoolLoad struct {
	Pool     string `json:"pool"`     // owner id, or the id of a step with its own capacity
	Name     string `json:"name"`     // the owner's or step's name
	Capacity int    `json:"capacity"` // servers
	Calendar string `json:"calendar"` // working time as written; "" = always
	// Setting is the what-if path of the pool's capacity, e.g.
	// "warehouse.capacity".
	Setting               string  `json:"setting"`
	OfferedHoursPerWeek   float64 `json:"offered_hours_per_week"`
	AvailableHoursPerWeek float64 `json:"available_hours_per_week"`
	Utilization           float64 `json:"utilization"`
	PeakUtilization       float64 `json:"peak_utilization"`
	// CapacityNeeded is the smallest capacity that keeps utilization under
	// 1 with the same calendar.
	CapacityNeeded int `json:"capacity_needed"`
	// QueueLimited is true when every step of the pool has a queue_limit:
	// overloaded, it turns cases away instead of queueing them forever.
	QueueLimited bool `json:"queue_limited"`
}

// LoadWarnThreshold is the utilization from which a summary shows the load
// of every pool: above it waits grow steeply even when queues stay finite.
const LoadWarnThreshold = 0.85

// Overloaded tells whether the pool is offered more work than it has
// working time.
func (l PoolLoad) Overloaded() bool { return l.Utilization > 1 }

// Warning is the sentence telling that the pool is overloaded, "" when it
// is not: "Warehouse team is offered 128% of its working hours (52 of 40.6
// h a week): queues grow without limit; add capacity
// (warehouse.capacity=6) or hours".
func (l PoolLoad) Warning() string {
	if !l.Overloaded() {
		return ""
	}
	fix := fmt.Sprintf("add capacity (%s=%d)", l.Setting, l.CapacityNeeded)
	if l.Calendar != "" {
		fix += " or working hours"
	}
	if l.CapacityNeeded > mapping.MaxCapacity {
		fix = fmt.Sprintf("no capacity up to the limit of %s can carry it: check the arrival rate and the durations", format.Thousands(mapping.MaxCapacity))
	}
	what := "queues grow without limit"
	if l.QueueLimited {
		what = "its queues stay full and turn cases away"
	}
	return fmt.Sprintf("%s is offered %s of its working hours (%s of %s h a week): %s; %s",
		l.Name, loadPercent(l.Utilization), loadHours(l.OfferedHoursPerWeek), loadHours(l.AvailableHoursPerWeek), what, fix)
}

func loadPercent(u float64) string { return strconv.FormatFloat(math.Round(u*100), 'f', -1, 64) + "%" }

func loadHours(h float64) string {
	if h >= 100 {
		return strconv.FormatFloat(math.Round(h), 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64)
}

// Load computes the offered load of each staffed pool of the scenario's
// base, in the order of the owners, then the steps with their own pool.
// Errors are the scenario's problems, as Run reports them.
func Load(sc *Scenario) ([]PoolLoad, error) {
	if errs := sc.check(); len(errs) > 0 {
		return nil, errs.Err()
	}
	m, err := compile(sc)
	if err != nil {
		return nil, err
	}
	return m.load()
}

// LoadWarnings returns a Warning for each overloaded pool of the base and
// of every variant (prefixed with the variant's name, or "with --set
// PATH=VALUE"), or nothing when the scenario cannot be run (Run reports
// why).
func LoadWarnings(sc *Scenario) []string {
	models, names, _, err := prepare(sc)
	if err != nil {
		return nil
	}
	var out []string
	for v, m := range models {
		loads, err := m.load()
		if err != nil {
			continue
		}
		for _, l := range loads {
			if w := l.Warning(); w != "" {
				switch {
				case strings.HasPrefix(names[v], "--set "):
					w = "with " + names[v] + ": " + w
				case v > 0:
					w = "variant " + strconv.Quote(names[v]) + ": " + w
				}
				out = append(out, w)
			}
		}
	}
	return out
}

// load computes the model's pool loads (see PoolLoad).
func (m *model) load() ([]PoolLoad, error) {
	exp, err := mapping.ExpectedPerCase(m.sc.Map)
	if err != nil {
		return nil, err
	}
	work := make([]float64, len(m.pools)) // seconds of work per case
	unlimitedQueue := make([]bool, len(m.pools))
	for i, st := range m.steps {
		work[st.pool] += exp.Visits[m.sc.Map.Steps[i].ID] * st.dist.MeanSeconds()
		unlimitedQueue[st.pool] = unlimitedQueue[st.pool] || st.qlimit == 0
	}
	rate := m.meanRate() * 3600 // per hour
	peak := m.lmax * 3600
	if m.inter != nil {
		peak = rate
	}
	out := []PoolLoad{}
	for p, pool := range m.pools {
		if pool.cap <= 0 {
			continue
		}
		l := m.poolInfo(p)
		hours := 168.0
		if cal := m.poolCalendar(p); cal != nil {
			hours, l.Calendar = cal.HoursPerWeek(), cal.Text
		}
		l.OfferedHoursPerWeek = rate * work[p] / 3600 * 168
		l.AvailableHoursPerWeek = float64(pool.cap) * hours
		l.Utilization = l.OfferedHoursPerWeek / l.AvailableHoursPerWeek
		l.PeakUtilization = peak * work[p] / 3600 / float64(pool.cap)
		l.CapacityNeeded = int(math.Floor(l.OfferedHoursPerWeek/hours)) + 1
		l.QueueLimited = !unlimitedQueue[p]
		out = append(out, l)
	}
	return out, nil
}

// poolInfo names pool p: its owner's or step's id, name and capacity path.
func (m *model) poolInfo(p int) PoolLoad {
	pool := m.pools[p]
	l := PoolLoad{Pool: pool.id, Name: pool.id, Capacity: int(pool.cap), Setting: pool.id + ".capacity"}
	if pool.owner >= 0 {
		if n := m.sc.Map.Owners[pool.owner].Name; n != "" {
			l.Name = n
		}
	} else if st, ok := m.sc.Map.Step(pool.id); ok && st.Name != "" {
		l.Name = st.Name
	}
	return l
}

// poolCalendar is the weekly calendar of pool p: its owner's, or for a
// step's own pool the step owner's; nil = always working.
func (m *model) poolCalendar(p int) *mapping.Calendar {
	pool := m.pools[p]
	if pool.owner >= 0 {
		return m.sc.Map.Owners[pool.owner].Calendar
	}
	for _, st := range m.steps {
		if st.id == pool.id {
			return m.sc.Map.Owners[st.owner].Calendar
		}
	}
	return nil
}

// meanRate is the mean arrival rate per second: over the horizon with the
// profile and peaks, over a week without peaks when there is no horizon,
// or 1 / mean interarrival time.
func (m *model) meanRate() float64 {
	if m.inter != nil {
		if m.arrCal != nil {
			return m.arrCal.perWeek / week / m.inter.MeanSeconds()
		}
		return 1 / m.inter.MeanSeconds()
	}
	prof := 1.0
	if m.profile != nil {
		prof = 0
		for _, f := range m.profile {
			prof += f
		}
		prof /= float64(len(m.profile))
	}
	rate := m.rate * prof
	if math.IsInf(m.horizon, 1) {
		return rate
	}
	extra := 0.0
	for _, p := range m.peaks {
		extra += rate * (p.Factor - 1) * math.Min(p.Duration, m.horizon-p.Start)
	}
	return math.Max(rate+extra/m.horizon, 0)
}

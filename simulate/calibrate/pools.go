package calibrate

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis/calendars"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/mapping"
)

// minSimilarity is the cosine similarity of activity profiles (instances
// per activity) from which a resource joins a pool.
const minSimilarity = 0.9

// pool is a group of resources that do the same activities (or an owner of
// the map) with its calibrated capacity and calendar.
type pool struct {
	id, name  string
	resources []int32
	capacity  int
	capNote   string
	cal       *mapping.Calendar // nil = around the clock
	calNote   string
	wcal      *waitcause.Calendar
}

// discoverPools groups the resources of the training cases that do the
// same activities in similar proportions: resources, busiest first, join
// the pool whose summed profile is most similar to theirs (cosine of
// instances per activity, at least minSimilarity), else start a pool.
// Instances without a resource form the pool "unknown" (resource -1).
func discoverPools(l *eventlog.Log, cases []*eventlog.Case, used ids) ([]*pool, map[int32]*pool) {
	n := len(l.Activities)
	prof := map[int32][]float64{}
	total := map[int32]int{}
	for _, c := range cases {
		for i := range c.Instances {
			in := &c.Instances[i]
			if prof[in.Resource] == nil {
				prof[in.Resource] = make([]float64, n)
			}
			prof[in.Resource][in.Activity]++
			total[in.Resource]++
		}
	}
	rs := make([]int32, 0, len(prof))
	for r := range prof {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		if total[rs[i]] != total[rs[j]] {
			return total[rs[i]] > total[rs[j]]
		}
		return resName(l, rs[i]) < resName(l, rs[j])
	})
	type group struct {
		sum []float64
		rs  []int32
	}
	var groups []*group
	var unknown []int32
	for _, r := range rs {
		if r < 0 {
			unknown = append(unknown, r)
			continue
		}
		var best *group
		bestSim := minSimilarity
		for _, g := range groups {
			if sim := cosine(g.sum, prof[r]); sim >= bestSim {
				best, bestSim = g, sim
			}
		}
		if best == nil {
			best = &group{sum: make([]float64, n)}
			groups = append(groups, best)
		}
		best.rs = append(best.rs, r)
		for a, v := range prof[r] {
			best.sum[a] += v
		}
	}
	var pools []*pool
	of := map[int32]*pool{}
	add := func(name string, rs []int32) {
		sort.Slice(rs, func(i, j int) bool { return resName(l, rs[i]) < resName(l, rs[j]) })
		p := &pool{id: used.make(name), name: name, resources: rs}
		pools = append(pools, p)
		for _, r := range rs {
			of[r] = p
		}
	}
	for _, g := range groups {
		add(commonName(l, g.rs), g.rs)
	}
	if len(unknown) > 0 {
		add("unknown", unknown)
	}
	sort.SliceStable(pools, func(i, j int) bool { return pools[i].id < pools[j].id })
	return pools, of
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

func resName(l *eventlog.Log, r int32) string {
	if r < 0 || int(r) >= len(l.Resources) {
		return ""
	}
	return l.Resources[r]
}

// commonName names a group of resources by their common prefix without
// trailing digits and separators ("Clerk-000001", "Clerk-000002" → "Clerk");
// "pool" when they share none.
func commonName(l *eventlog.Log, rs []int32) string {
	prefix := resName(l, rs[0])
	for _, r := range rs[1:] {
		n := resName(l, r)
		for !strings.HasPrefix(n, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if len(rs) > 1 {
		prefix = strings.TrimRight(prefix, "0123456789-_ .#")
	}
	if prefix == "" {
		return "pool"
	}
	return prefix
}

// minCalendarConfidence is the confidence below which a pool's own
// calendar is not trusted and the log's calendar is used instead.
const minCalendarConfidence = 0.5

// calibratePools discovers each pool's calendar and capacity from the work
// of its resources in the training cases. A pool with too little data for
// a calendar, or a calendar of low confidence (its resources work at
// scattered hours), gets the log's calendar (the work of all resources).
func calibratePools(pools []*pool, cases []*eventlog.Case, of map[int32]*pool, loc *time.Location) {
	work := map[*pool][]calendars.Work{}
	var all []calendars.Work
	for _, c := range cases {
		for i := range c.Instances {
			in := &c.Instances[i]
			start := in.Start
			if start == eventlog.NoTime {
				start = calendars.NoStart
			}
			w := calendars.Work{Resource: in.Resource, Start: start, End: in.End}
			all = append(all, w)
			if p := of[in.Resource]; p != nil {
				work[p] = append(work[p], w)
			}
		}
	}
	logCal := calendars.LogCalendar(all, loc, calendars.Options{})
	for _, p := range pools {
		d := calendars.LogCalendar(work[p], loc, calendars.Options{})
		why := ""
		switch {
		case !d.Enough:
			why = d.Reason
		case d.Confidence < minCalendarConfidence:
			why = fmt.Sprintf("its own calendar %q has confidence %.2f", short(d.Calendar.Text), d.Confidence)
		case d.Calendar.Fragmented():
			why = fmt.Sprintf("its own calendar %q has more than %d working periods a day", short(d.Calendar.Text), mapping.MaxPeriodsPerDay)
		}
		src := fmt.Sprintf("discovered from %d instances in %d weeks (confidence %.2f, support %.2f)", d.Instances, d.Weeks, d.Confidence, d.Support)
		if d.Instances == 0 { // no start times: nothing says when they work (why-waiting.md: around the clock)
			p.calNote = "calendar: around the clock (" + d.Reason + ")"
			p.capacity, p.capNote = capacity(p, work[p])
			continue
		}
		if why != "" && logCal.Enough && !logCal.Calendar.Fragmented() {
			d = logCal
			src = fmt.Sprintf("the log's (%s), discovered from all %d instances", why, d.Instances)
		} else if why != "" {
			p.calNote = "calendar: around the clock (" + why + ")"
			p.capacity, p.capNote = capacity(p, work[p])
			continue
		}
		switch {
		case !d.Enough:
			p.calNote = "calendar: around the clock (" + d.Reason + ")"
		case d.Calendar == nil || d.Calendar.HoursPerWeek() >= 168:
			p.calNote = "calendar: around the clock: " + src
		default:
			p.cal = d.Calendar
			p.wcal = waitcause.NewCalendar(d.Calendar, loc)
			p.calNote = "calendar: " + src
		}
		p.capacity, p.capNote = capacity(p, work[p])
	}
}

// maxUtilization is the share of a pool's working time that its observed
// work may fill at the calibrated capacity; beyond it the capacity is
// raised, or the simulated queues would grow without bound where the real
// ones did not.
const maxUtilization = 0.9

// capacity is the median, over the hours in which the pool worked, of the
// number of its distinct resources at work in that hour.
func capacity(p *pool, work []calendars.Work) (int, string) {
	const hour = int64(time.Hour)
	active := map[int64]map[int32]bool{}
	for _, w := range work {
		from, to := w.End, w.End
		if w.Start != calendars.NoStart && w.Start <= w.End && w.End-w.Start < 12*hour {
			from = w.Start
		}
		for h := floorDiv(from, hour); h <= floorDiv(to, hour); h++ {
			if active[h] == nil {
				active[h] = map[int32]bool{}
			}
			active[h][w.Resource] = true
		}
	}
	if len(active) == 0 {
		return len(p.resources), "capacity: the pool's size (no work seen)"
	}
	counts := make([]int, 0, len(active))
	mean := 0.0
	for _, rs := range active {
		counts = append(counts, len(rs))
		mean += float64(len(rs))
	}
	sort.Ints(counts)
	c := max(1, counts[len(counts)/2])
	return c, fmt.Sprintf("capacity: median distinct resources at work in the %d hours with work (mean %.1f, max %d) of %d",
		len(counts), mean/float64(len(counts)), counts[len(counts)-1], len(p.resources))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// short cuts a calendar text for a comment: its first 60 characters.
func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

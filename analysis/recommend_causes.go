package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	discovery "github.com/flowmap/flowmap/analysis/calendars"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// Thresholds of the cause items.
const (
	// recMaxCauseSteps is how many of the steps holding the most waiting
	// get a cause item.
	recMaxCauseSteps = 5
	// recMinStepShare is the share of all waiting a step must hold to get
	// a cause item.
	recMinStepShare = 0.05
	// recMinNonWorking is the share of a step's sojourn that must fall
	// outside working time for an unavailability item when the log has no
	// start times (and so no other causes).
	recMinNonWorking = 0.5
)

// recStep is a step (a map step, or an activity no map step claims) with
// what the recommendations need to know of it.
type recStep struct {
	key   string         // map step id, else the activity name
	name  string         // the step's name for sentences
	step  *mapping.Step  // nil without a map step
	owner *mapping.Owner // nil without a map step or when its owner is unknown
	acts  []int32

	causes    Causes       // summed over its activities (start times)
	sojourn   SojournSplit // summed over its activities (no start times)
	cases     int          // cases that reach it (the most of any of its activities)
	instances int
	wait      *Stats        // wait (or sojourn) per instance
	reworked  int           // cases that repeat it (the most of any of its activities)
	resources map[int32]int // instances by resource (-1 unknown)
}

// internal is whether the step's owner is in-house: nil without a map owner.
func (s *recStep) internal() *bool {
	if s.owner == nil {
		return nil
	}
	v := !s.owner.External
	return &v
}

// label names the step in sentences: the map step's name with the log's
// names of it in brackets when they differ ("Pick and pack (Picked,
// Packed)"), else the activity.
func (s *recStep) label(l *eventlog.Log) string {
	if s.step == nil {
		return s.name
	}
	var names []string
	for _, a := range s.acts {
		if n := l.Activities[a]; n != s.name {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return s.name
	}
	return s.name + " (" + strings.Join(names, ", ") + ")"
}

func (s *recStep) ownerID() string {
	if s.owner != nil {
		return s.owner.ID
	}
	return ""
}

// held is the waiting the step holds: the waits with start times, else
// the sojourns.
func (s *recStep) held(basis string) float64 {
	if basis == CausesSojournOnly {
		return s.sojourn.SojournSeconds
	}
	return s.causes.WaitSeconds
}

// topResource is the resource doing most of the step's instances (ties:
// the first name), and how many it does; -1 when none is known.
func (s *recStep) topResource(l *eventlog.Log) (int32, int) {
	best, n := int32(-1), 0
	for r, c := range s.resources {
		if r < 0 {
			continue
		}
		if c > n || c == n && best >= 0 && l.Resources[r] < l.Resources[best] {
			best, n = r, c
		}
	}
	return best, n
}

// recFacts is what recommend reads: the result, its steps and the totals.
type recFacts struct {
	r     *Result
	cat   *catalog
	scan  *recScan
	basis string // CausesFromStartTimes or CausesSojournOnly; "" without wait causes
	steps []*recStep
	total float64 // waiting (or sojourn) of all steps
}

func newRecFacts(r *Result, cat *catalog, scan *recScan) *recFacts {
	f := &recFacts{r: r, cat: cat, scan: scan}
	if r.WaitCauses != nil {
		f.basis = r.WaitCauses.Basis
	}
	byKey, stepOfAct := f.groupSteps()
	actIdx := map[string]int{}
	for i, a := range cat.l.Activities {
		actIdx[a] = i
	}
	if w := r.WaitCauses; w != nil {
		for _, sc := range w.ByStep {
			if i, ok := actIdx[sc.Activity]; ok {
				stepOfAct[i].causes = addCauses(stepOfAct[i].causes, sc.Causes)
			}
		}
		for _, ss := range w.SojournByStep {
			if i, ok := actIdx[ss.Activity]; ok {
				s := &stepOfAct[i].sojourn
				s.Count += ss.Count
				s.SojournSeconds += ss.SojournSeconds
				s.WorkingSeconds += ss.WorkingSeconds
				s.NonWorkingSeconds += ss.NonWorkingSeconds
			}
		}
	}
	for _, a := range r.Activities {
		if i, ok := actIdx[a.Name]; ok {
			s := stepOfAct[i]
			s.cases = max(s.cases, a.Cases)
			s.reworked = max(s.reworked, a.ReworkCases)
			if s.step == nil {
				s.wait = cmp.Or(a.Wait, a.Sojourn)
			}
		}
	}
	for _, sf := range r.Steps {
		if s := byKey[sf.Step]; s != nil && s.step != nil {
			s.wait = cmp.Or(sf.Wait, sf.Sojourn)
		}
	}
	for act, byRes := range scan.actResources {
		s := stepOfAct[act]
		for res, n := range byRes {
			s.instances += n
			s.resources[res] += n
		}
	}
	for _, s := range f.steps {
		f.total += s.held(f.basis)
	}
	// Most waiting first; ties by key, so that the order is stable.
	slices.SortStableFunc(f.steps, func(a, b *recStep) int {
		return cmp.Or(cmp.Compare(b.held(f.basis), a.held(f.basis)), cmp.Compare(a.key, b.key))
	})
	return f
}

// groupSteps makes f.steps: one per map step (pooling the activities
// mapped to it), one per activity no map step claims; it returns them by
// key and by activity.
func (f *recFacts) groupSteps() (byKey map[string]*recStep, stepOfAct []*recStep) {
	l, m := f.cat.l, f.cat.m
	byKey = map[string]*recStep{}
	stepOfAct = make([]*recStep, len(l.Activities))
	for act, name := range l.Activities {
		key, disp := name, name
		var st *mapping.Step
		var ow *mapping.Owner
		if i := f.cat.stepOf[act]; i >= 0 {
			st = &m.Steps[i]
			key, disp = st.ID, st.Name
			ow, _ = m.Owner(st.Owner)
		}
		s := byKey[key]
		if s == nil {
			s = &recStep{key: key, name: disp, step: st, owner: ow, resources: map[int32]int{}}
			byKey[key] = s
			f.steps = append(f.steps, s)
		}
		s.acts = append(s.acts, int32(act))
		stepOfAct[act] = s
	}
	return byKey, stepOfAct
}

func addCauses(a, b Causes) Causes {
	a.Count += b.Count
	a.WaitSeconds += b.WaitSeconds
	a.BatchingSeconds += b.BatchingSeconds
	a.ContentionSeconds += b.ContentionSeconds
	a.PrioritizationSeconds += b.PrioritizationSeconds
	a.UnavailabilitySeconds += b.UnavailabilitySeconds
	a.ExtraneousSeconds += b.ExtraneousSeconds
	a.ProcessingSeconds += b.ProcessingSeconds
	return a
}

// causeNames are the five causes in the order of Causes.Parts.
var causeNames = [5]string{"batching", "contention", "prioritization", "unavailability", "extraneous"}

// causeItems gives each of the steps holding the most waiting its
// dominant cause with the lever and the what-if the contract's table
// names.
func causeItems(f *recFacts) []Recommendation {
	if f.basis == "" || f.total <= 0 {
		return nil
	}
	var out []Recommendation
	for i, s := range f.steps {
		held := s.held(f.basis)
		if i >= recMaxCauseSteps || held <= 0 || held/f.total < recMinStepShare {
			break
		}
		cause, secs := "", 0.0
		if f.basis == CausesSojournOnly {
			// Without start times only working and non-working time can be
			// told apart; the working part is work and waiting for
			// something the log does not show.
			cause, secs = "extraneous", held-s.sojourn.NonWorkingSeconds
			if s.sojourn.NonWorkingSeconds/held >= recMinNonWorking {
				cause, secs = "unavailability", s.sojourn.NonWorkingSeconds
			}
		} else {
			for k, v := range s.causes.Parts() {
				if v > secs {
					cause, secs = causeNames[k], v
				}
			}
		}
		if cause == "" {
			continue
		}
		out = append(out, f.causeItem(s, cause, secs))
	}
	return out
}

// causeItem writes the item for one step and its dominant cause.
func (f *recFacts) causeItem(s *recStep, cause string, secs float64) Recommendation {
	held := s.held(f.basis)
	rec := Recommendation{Step: s.key, Owner: s.ownerID(), Internal: s.internal(), Cause: cause,
		ShareOfCause: secs / held, ShareOf: "waiting at the step", AddressedSeconds: secs}
	sojourn := f.basis == CausesSojournOnly
	if sojourn {
		rec.ShareOf = "elapsed time at the step"
	}
	why, remedy := f.causeReason(s, cause, sojourn, &rec)
	external := s.owner != nil && s.owner.External
	if external {
		rec.Lever = "a service level (SLA) agreed with " + s.owner.Name + ", which is outside the team's control"
		rec.WhatIf = nil
	}
	sentence := fmt.Sprintf("Cases wait on average %s before %s%s, %s: ",
		f.perCase(s, held), s.label(f.cat.l), f.spread(s), why)
	switch {
	case external:
		sentence += s.owner.Name + " is an outside party, so agree a service level (SLA) with it rather than adding staff"
	default:
		sentence += remedy
	}
	if rec.WhatIf != nil {
		sentence += "; try " + *rec.WhatIf
	}
	if f.cat.m == nil {
		sentence += " (in-house or outside party: unknown without a map)"
	} else if cause == "contention" && rec.WhatIf == nil && !external && s.owner != nil {
		sentence += " (the map gives " + s.owner.Name + " no capacity, so a what-if cannot test more staff)"
	}
	if sojourn {
		sentence = "Cases spend" + sentence[len("Cases wait"):]
	}
	rec.Sentence = sentence + "."
	return rec
}

// causeReason is why cases wait at s for cause, and what would cut it, for
// causeItem's sentence; it sets rec's lever and what-if.
func (f *recFacts) causeReason(s *recStep, cause string, sojourn bool, rec *Recommendation) (why, remedy string) {
	who := f.whoName(s)
	share := format.Percent(rec.ShareOfCause)
	switch cause {
	case "batching":
		why = share + " of it until a batch of cases is released together"
		rec.Lever = "release batches more often (smaller batches, or one at a time)"
		remedy = "releasing batches more often would cut it"
	case "contention":
		why = share + " of it while " + who + " " + f.isBusy(s)
		rec.Lever = "more capacity, or rebalancing work between people"
		remedy = "more capacity or rebalancing work between people would cut it"
		rec.WhatIf = capacityWhatIf(s)
	case "prioritization":
		why = share + " of it while newer cases are served first"
		rec.Lever = "serve in order (first in, first out) or fix the priority rule"
		remedy = "serving cases in order (first in, first out) or fixing the priority rule would cut it"
	case "unavailability":
		cal, text := f.calendarOf(s)
		why = share + " of it outside " + workingHours(who)
		if text != "" && text != "24/7" {
			why += " (" + text + ")"
		}
		rec.Lever = "longer or shifted working hours"
		remedy = "longer or shifted working hours would cut it"
		if proposal := proposeCalendar(cal); proposal != "" {
			rec.Lever += ", e.g. " + proposal
			if cal != nil && s.owner != nil && s.owner.Calendar == cal {
				w := s.owner.ID + ".calendar=" + strconv.Quote(proposal)
				rec.WhatIf = &w
			} else {
				remedy = "longer or shifted working hours (e.g. " + proposal + ") would cut it"
			}
		}
	case "extraneous":
		why = share + " of it for something the log does not show (the customer, an outside party, a system, or unrecorded work)"
		rec.Lever = "an SLA with the outside party, automation, or logging the missing event"
		remedy = "an SLA with the outside party, automating the step, or logging the missing event would cut or explain it"
		if sojourn {
			why = "and the log has no start times, so work and waiting there cannot be told apart"
			if share != format.Percent(1) {
				why += " (" + share + " of it inside working hours)"
			}
			rec.Lever = "find out what cases wait for and log when work starts; then an SLA with the outside party, automation, or more capacity"
			remedy = "find out what cases wait for there (the customer, an outside party, a system, or unrecorded work) and log when work on it starts, so that the cause shows"
		}
		if s.step != nil && !s.step.Automated {
			w := s.step.ID + ".automated=true"
			rec.WhatIf = &w
		}
	}
	return why, remedy
}

// perCase is the average wait at a step, labelled so that it never reads
// as the bottleneck table's average over all cases: "14 d per case that
// reaches it (5.5 d per case overall)", or "6 h per case (every case
// reaches it)". The wait is the one the bottlenecks and activity
// statistics count (instances without a start time included) when known,
// else held.
func (f *recFacts) perCase(s *recStep, held float64) string {
	if s.wait != nil && s.wait.Sum > held {
		held = s.wait.Sum
	}
	all := f.r.Log.Cases
	reach := format.Duration(held / float64(max(s.cases, 1)))
	if all <= s.cases || all == 0 {
		return reach + " per case (every case reaches it)"
	}
	overall := format.Duration(held / float64(all))
	if overall == reach {
		overall = "about the same"
	}
	return reach + " per case that reaches it (" + overall + " per case overall)"
}

// spread adds how waits are spread when most cases do not wait at all, so
// that an average never hides it: " (most cases don't wait; 1 in 10 waits
// over 11 h)".
func (f *recFacts) spread(s *recStep) string {
	if s.wait == nil || s.wait.Median >= 1 || s.wait.P90 < 1 {
		return ""
	}
	return fmt.Sprintf(" (most cases don't wait; 1 in 10 waits over %s)", format.Duration(s.wait.P90))
}

// whoName names who does a step: its owner's name, else its main
// resource, else "the people doing it".
func (f *recFacts) whoName(s *recStep) string {
	if s.owner != nil {
		return s.owner.Name
	}
	if r, _ := s.topResource(f.cat.l); r >= 0 && len(s.resources) == 1 {
		return f.cat.l.Resources[r]
	}
	return "the people doing it"
}

// isBusy says who is busy with earlier cases, with the capacity the map
// gives.
func (f *recFacts) isBusy(s *recStep) string {
	switch {
	case s.step != nil && s.step.Capacity > 0:
		return fmt.Sprintf("(capacity %d for this step) is busy with earlier cases", s.step.Capacity)
	case s.owner != nil && s.owner.Capacity > 0:
		return fmt.Sprintf("(capacity %d) is busy with earlier cases", s.owner.Capacity)
	case s.owner == nil && f.whoName(s) == "the people doing it":
		return "are busy with earlier cases"
	}
	return "is busy with earlier cases"
}

// workingHours is "WHO's working hours".
func workingHours(who string) string {
	if who == "the people doing it" {
		return "the working hours of the people doing it"
	}
	if strings.HasSuffix(who, "s") {
		return who + "' working hours"
	}
	return who + "'s working hours"
}

// capacityWhatIf is OWNER.capacity=N+1 (or STEP.capacity=N+1 for a step
// with its own servers); nil when the map gives no capacity.
func capacityWhatIf(s *recStep) *string {
	var w string
	switch {
	case s.step != nil && s.step.Capacity > 0:
		w = fmt.Sprintf("%s.capacity=%d", s.step.ID, s.step.Capacity+1)
	case s.step != nil && s.owner != nil && s.owner.Capacity > 0:
		w = fmt.Sprintf("%s.capacity=%d", s.owner.ID, s.owner.Capacity+1)
	default:
		return nil
	}
	return &w
}

// calendarOf is the working calendar of a step: its owner's map calendar
// (as written), else the calendar the analysis used for its main resource,
// reduced to each day's first start and last end (a discovered calendar
// has many small gaps) and its text prefixed "about".
func (f *recFacts) calendarOf(s *recStep) (*mapping.Calendar, string) {
	if s.owner != nil && s.owner.Calendar != nil {
		return s.owner.Calendar, s.owner.Calendar.Text
	}
	r, _ := s.topResource(f.cat.l)
	if r < 0 {
		return nil, ""
	}
	info, ok := f.r.Calendars[f.cat.l.Resources[r]]
	if !ok {
		return nil, ""
	}
	c, err := mapping.ParseCalendar(info.Calendar)
	if err != nil {
		return nil, ""
	}
	var week [7][]mapping.Interval
	for d, ivs := range c.Week {
		if len(ivs) > 0 {
			week[d] = []mapping.Interval{{From: ivs[0].From, To: ivs[len(ivs)-1].To}}
		}
	}
	text := discovery.Format(week)
	env, err := mapping.ParseCalendar(text)
	if err != nil {
		return nil, ""
	}
	return env, "about " + text
}

// proposeCalendar extends a calendar: each working day starts an hour
// earlier and ends two hours later, but not earlier than 06:00 nor later
// than 22:00 (a day already longer keeps its own start or end: a discovered
// 04:15 start is no reason to propose 03:15), and a Monday-to-Friday week
// gets a Saturday with Friday's new hours. No other day is added: a week
// that skips a weekday (a discovered "Mon-Thu") keeps its days, so a
// proposal never invents a day the people do not work. "" when nothing
// changes, and for a fragmented calendar (scattered work, no schedule to
// extend).
func proposeCalendar(c *mapping.Calendar) string {
	if c == nil || c.Fragmented() {
		return ""
	}
	const earliest, latest = 6 * 3600, 22 * 3600
	var week [7][]mapping.Interval
	for d, ivs := range c.Week {
		if len(ivs) == 0 {
			continue
		}
		ivs = slices.Clone(ivs)
		first, last := &ivs[0], &ivs[len(ivs)-1]
		first.From = max(min(earliest, first.From), first.From-3600)
		last.To = min(max(latest, last.To), last.To+7200)
		week[d] = ivs
	}
	if len(week[6]) == 0 && len(week[0]) == 0 && monToFri(week) {
		week[6] = slices.Clone(week[5])
	}
	text := discovery.Format(week)
	if text == "" || text == discovery.Format(c.Week) {
		return ""
	}
	return text
}

// monToFri reports whether every weekday, Monday to Friday, is worked.
func monToFri(week [7][]mapping.Interval) bool {
	for d := 1; d <= 5; d++ {
		if len(week[d]) == 0 {
			return false
		}
	}
	return true
}

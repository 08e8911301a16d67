package calibrate

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

// systemOwner does the silent start and end steps.
const systemOwner = "system"

// discoveredMap builds the map from the log: one step per activity, the
// observed branch shares, silent start and end steps where needed.
func (m *model) discoveredMap() (*mapping.Map, map[string]int32) {
	f := m.flow
	process := m.opt.Process
	if process == "" {
		process = "Calibrated from " + m.l.Source
	}
	mp := &mapping.Map{Process: process}
	for _, p := range m.pools {
		mp.Owners = append(mp.Owners, m.owner(p))
	}
	used := ids{"start": true, "end": true}
	stepOf, actOf := m.stateSteps(used)
	named := map[int32]bool{}
	needSystem := false
	if len(f.starts) > 1 {
		needSystem = true
		var ts []target
		for s, n := range f.starts {
			ts = append(ts, target{stepOf[s], n})
		}
		mp.Steps = append(mp.Steps, mapping.Step{ID: "start", Name: "Case starts", Owner: systemOwner, Start: true,
			Automated: true, LogNames: []string{}, Next: edges("start", ts)})
	}
	needEnd := false
	branchOf := map[int32]string{} // activity → its parallel branch step
	for _, s := range f.order {
		a := f.act[s]
		var st mapping.Step
		var branches []mapping.Step
		if k := int(a) - len(m.l.Activities); k >= 0 {
			needSystem = true
			st, branches = m.splitStep(stepOf[s], k, branchOf, actOf, used, named)
		} else {
			st = m.activityStep(stepOf[s], a, named)
		}
		st.Start = len(f.starts) == 1 && f.starts[s] > 0
		var ts []target
		for b, n := range f.next[s] {
			ts = append(ts, target{stepOf[b], n})
		}
		if n := f.ends[s]; n > 0 && len(ts) > 0 {
			ts = append(ts, target{"end", n})
			needEnd = true
		}
		if len(ts) > 0 {
			st.Next = edges(st.ID, ts)
		}
		mp.Steps = append(mp.Steps, st)
		mp.Steps = append(mp.Steps, branches...)
	}
	if needEnd {
		needSystem = true
		mp.Steps = append(mp.Steps, mapping.Step{ID: "end", Name: "Case ends", Owner: systemOwner, Automated: true, LogNames: []string{}})
	}
	if needSystem || m.hasUnowned() {
		mp.Owners = append(mp.Owners, mapping.Owner{ID: systemOwner, Name: "System (silent steps, work without a resource)"})
	}
	return mp, actOf
}

// stateSteps names the step of each state of the flow (a split step
// "parallel" for a block of parallel activities) and returns the activity of
// each activity step; it records each step's context for its comment.
func (m *model) stateSteps(used ids) (map[int32]string, map[string]int32) {
	f := m.flow
	stepOf := map[int32]string{} // state → step id
	actOf := map[string]int32{}  // step id → activity
	m.context = map[string]string{}
	m.forkNote = map[string]string{}
	for _, s := range f.order {
		a := f.act[s]
		if int(a) >= len(m.l.Activities) {
			stepOf[s] = used.make("parallel")
		} else {
			stepOf[s] = used.make(m.l.Activities[a])
			actOf[stepOf[s]] = a
		}
		if f.ctx[s] != "" {
			m.context[stepOf[s]] = f.ctx[s]
		}
	}
	return stepOf, actOf
}

// splitStep is the split step id of block k, with the branch steps of its
// members that no earlier split created (branchOf: activity → branch step).
func (m *model) splitStep(id string, k int, branchOf map[int32]string, actOf map[string]int32, used ids, named map[int32]bool) (mapping.Step, []mapping.Step) {
	b := m.blocks[k]
	st := mapping.Step{ID: id, Name: tokenName(m.l, m.blocks, int32(len(m.l.Activities)+k)), Owner: systemOwner, Automated: true, LogNames: []string{}}
	var branches []mapping.Step
	for _, x := range b.members {
		if branchOf[x] == "" {
			branchOf[x] = used.make(m.l.Activities[x])
			actOf[branchOf[x]] = x
			branches = append(branches, m.activityStep(branchOf[x], x, named))
		}
		st.Parallel = append(st.Parallel, branchOf[x])
	}
	m.forkNote[st.ID] = b.note()
	return st, branches
}

// activityStep is the step of activity a with the fitted duration and
// delay; the activity's first step claims it in log_names, the others are
// named after it.
func (m *model) activityStep(id string, a int32, named map[int32]bool) mapping.Step {
	st := mapping.Step{ID: id, Name: m.l.Activities[a], Owner: m.ownerOf(a), Duration: m.durs[a].Dist}
	if !named[a] {
		st.LogNames, named[a] = []string{m.l.Activities[a]}, true
	}
	if d := m.delays[a]; d != nil {
		st.Delay = d.Dist
	}
	return st
}

func (m *model) hasUnowned() bool {
	for _, a := range m.flow.order {
		if m.actOf[a] == nil {
			return true
		}
	}
	return false
}

func (m *model) ownerOf(a int32) string {
	if p := m.actOf[a]; p != nil {
		return p.id
	}
	return systemOwner
}

func (m *model) owner(p *pool) mapping.Owner {
	return mapping.Owner{ID: p.id, Name: p.name, Capacity: p.capacity, Calendar: p.cal}
}

// write renders the scenario: a header with the evidence that has no
// place beside a value, the map with one comment per step, and the
// scenario keys.
func (m *model) write() ([]byte, int, error) {
	var mp *mapping.Map
	var actOf map[string]int32
	if m.opt.Map != nil {
		mp, actOf = m.rosterMap()
	} else {
		mp, actOf = m.discoveredMap()
	}
	var b bytes.Buffer
	for _, line := range strings.Split(m.header(), "\n") { // written here: mapping's header trims the indentation
		b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	b.WriteString("\n")
	err := mapping.Encode(&b, mp, &mapping.EncodeOptions{
		StepComment: func(s *mapping.Step) string {
			a, ok := actOf[s.ID]
			if !ok {
				note := m.forkNote[s.ID]
				if ctx := m.context[s.ID]; ctx != "" && note != "" {
					note = "after " + ctx + " | " + note
				}
				return note
			}
			c := m.basis + " time: " + m.durs[a].Evidence()
			if ctx := m.context[s.ID]; ctx != "" {
				c = "after " + ctx + " | " + c
			}
			if d := m.delays[a]; d != nil {
				c += fmt.Sprintf(" | delay (extraneous wait, %.0f%% of the step's wait): %s", 100*d.Share, d.Evidence())
			}
			return c
		},
		EdgeComment: nil,
	})
	if err != nil {
		return nil, 0, err
	}
	m.scenarioKeys(&b)
	src := b.Bytes()
	if _, err := simulate.ParseScenario("calibrated.yaml", src, nil); err != nil {
		return src, 0, fmt.Errorf("the calibrated scenario is not valid (please report this): %w", err)
	}
	return src, len(mp.Steps), nil
}

func (m *model) header() string {
	var h strings.Builder
	fmt.Fprintf(&h, "Calibrated by flowmap from %s: %d cases", m.l.Source, len(m.cases))
	switch {
	case !m.opt.Until.IsZero():
		fmt.Fprintf(&h, " (those starting before %s)", m.opt.Until.Format(time.RFC3339))
	case m.opt.TrainShare > 0:
		fmt.Fprintf(&h, " (the first %.0f%% by case start)", 100*m.opt.TrainShare)
	}
	h.WriteString(".\n")
	if m.basis == "sojourn" {
		h.WriteString("The log has no start times: step durations are sojourn times (end − end of the\n" +
			"previous event of the case), waits included; no extraneous delays are fitted.\n")
	} else {
		h.WriteString("Durations are processing times (end − start) in the working time of the owner's\n" +
			"calendar. Each step's comment gives the fit: observations, W1 distance to the data\n" +
			"(1-D Wasserstein) and the other distributions tried.\n")
	}
	h.WriteString("\nOwners are pools of resources that do the same activities:\n")
	for _, p := range m.pools {
		names := make([]string, 0, len(p.resources))
		for _, r := range p.resources {
			names = append(names, resName(m.l, r))
		}
		if len(names) > 6 {
			names = append(names[:5], fmt.Sprintf("… %d in all", len(p.resources)))
		}
		fmt.Fprintf(&h, "  %s: %s\n    %s\n    %s\n", p.id, strings.Join(names, ", "), p.capNote, p.calNote)
	}
	return strings.TrimRight(h.String(), "\n")
}

// scenarioKeys writes start, arrivals, horizon and the run settings.
func (m *model) scenarioKeys(b *bytes.Buffer) {
	a := m.arr
	start := time.Unix(0, a.lastEnd).UTC().Truncate(time.Second).Add(time.Second)
	span := math.Max(1, math.Round(float64(a.last-a.first)/1e9))
	if m.heldCases > 0 {
		fmt.Fprintf(b, "\n# The simulation covers the held-out period: it starts at its first case's start\n# and generates as many cases as it holds.\n")
		fmt.Fprintf(b, "start: %s\ncases: %d\nwarmup: 0s\nreplications: 10\nseed: 1\n", m.heldStart.Format(time.RFC3339), m.heldCases)
	} else {
		fmt.Fprintf(b, "\n# The simulation starts after the training data and runs as long as it spans.\n")
		fmt.Fprintf(b, "# To simulate a test period: start = its first case start, cases = its case count,\n# remove horizon, warmup: 0 (or calibrate with --for-held-out).\n")
		fmt.Fprintf(b, "start: %s\n", start.Format(time.RFC3339))
		fmt.Fprintf(b, "horizon: %s\nwarmup: 0s\nreplications: 10\nseed: 1\n", mapping.DurationText(span))
	}
	fmt.Fprintf(b, "# Arrivals: %s.\n# Interarrival: %s.\n", a.calNote, a.inter.Evidence())
	fmt.Fprintf(b, "# Weekly profile (mean case arrivals per hour, by weekday and hour):\n")
	for _, l := range a.profile {
		fmt.Fprintf(b, "#   %s\n", l)
	}
	if a.poisson {
		fmt.Fprintf(b, "# Instead: %s.\n", a.why)
		fmt.Fprintf(b, "arrivals:\n  rate: %s/h\n  profile:\n", strconv.FormatFloat(round4(a.rate), 'f', -1, 64))
		for _, l := range a.profileLines() {
			fmt.Fprintf(b, "    %s\n", l)
		}
		return
	}
	fmt.Fprintf(b, "arrivals:\n  interarrival: %s\n", mapping.DistText(a.inter.Dist))
	if a.cal != nil {
		fmt.Fprintf(b, "  calendar: %q\n", a.cal.Text)
	}
}

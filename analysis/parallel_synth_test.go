package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// synthMap is the map of synthLog's process: owners, systems, a process SLA
// and step SLAs, a step claiming two log names, a step no activity maps to
// ("audit") and activities no step claims ("Archive", "Escalate").
const synthMap = `process: Claims
sla: 72h
owners:
  - {id: front, name: Front office}
  - {id: back, name: Back office}
  - {id: finance, name: Finance}
systems:
  - {id: crm, name: CRM}
  - {id: erp, name: ERP}
steps:
  - id: register
    name: Register claim
    owner: front
    system: crm
    start: true
    log_names: ["Register"]
    next: [check]
  - id: check
    name: Check claim
    owner: back
    system: crm
    sla: 8h
    log_names: ["Check", "Recheck"]
    next: [fix, approve]
  - id: fix
    name: Fix claim
    owner: front
    log_names: ["Fix"]
    next: [check]
  - id: approve
    name: Approve
    owner: back
    system: erp
    sla: 4h
    log_names: ["Approve"]
    next: [pay, reject, audit]
  - id: pay
    name: Pay
    owner: finance
    system: erp
    sla: 24h
    log_names: ["Pay"]
    next: [close]
  - id: reject
    name: Reject
    owner: front
    system: crm
    log_names: ["Reject"]
    next: [close]
  - id: audit
    name: Audit
    owner: finance
    log_names: ["Audit"]
    next: [close]
  - id: close
    name: Close
    owner: front
    system: crm
    log_names: ["Close"]
`

var synthActs = []string{"Register", "Check", "Recheck", "Fix", "Approve", "Pay", "Reject", "Close", "Archive", "Escalate"}

// synthLog builds a deterministic log of n cases: rework loops (Check ⇄ Fix,
// Check → Recheck), unknown resources, instances without a start time, some
// enabled times, and paths the map does not allow.
func synthLog(n int, startTimes bool) *eventlog.Log {
	r := rand.New(rand.NewPCG(7, 11))
	l := &eventlog.Log{Source: "synth", Format: "csv", Activities: synthActs, HasStartTimes: startTimes}
	for i := range 24 {
		l.Resources = append(l.Resources, "clerk-"+strconv.Itoa(i))
	}
	t := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC).UnixNano()
	for c := range n {
		var ins []eventlog.Instance
		at := t
		add := func(act int32) {
			in := eventlog.Instance{Activity: act, Resource: int32(r.IntN(len(l.Resources)+3)) - 3, Enabled: eventlog.NoTime, Start: eventlog.NoTime}
			if in.Resource < 0 {
				in.Resource = -1
			}
			if r.IntN(5) == 0 {
				in.Enabled = at + int64(r.IntN(600))*int64(time.Second)
				l.HasEnabledTimes = true
			}
			at += int64(r.ExpFloat64() * float64(3*time.Hour))
			if startTimes && r.IntN(8) != 0 {
				in.Start = at
				at += int64(r.ExpFloat64() * float64(40*time.Minute))
			}
			in.End = at
			in.Seq = int32(len(ins))
			ins = append(ins, in)
		}
		synthPath(r, add)
		l.Cases = append(l.Cases, eventlog.Case{ID: "C" + strconv.Itoa(c), Instances: ins})
		t += int64(r.ExpFloat64() * float64(20*time.Minute))
	}
	l.Cases = append(l.Cases, eventlog.Case{ID: "empty"}) // a case without instances is skipped
	l.Quality.Rows = l.Events()
	return l
}

// synthPath emits one case's activities (indices into synthActs).
func synthPath(r *rand.Rand, add func(int32)) {
	add(0)
	if r.IntN(30) == 0 {
		add(9) // Escalate: not in the map
	}
	add(1)
	for r.IntN(4) == 0 {
		if r.IntN(2) == 0 {
			add(3)
			add(1)
		} else {
			add(2) // Recheck: the same step as Check
		}
	}
	if r.IntN(20) == 0 {
		return // stops midway: does not end at an end step
	}
	add(4)
	if r.IntN(5) == 0 {
		add(6)
	} else {
		add(5)
	}
	if r.IntN(15) == 0 {
		add(5) // paid twice: a move the map does not have
	}
	add(7)
	if r.IntN(10) == 0 {
		add(8)
	}
}

// TestParallelEqualsSerialSynthetic: on a generated log, forcing the parallel
// path with 2, 3 and 7 workers gives the same JSON as one worker, with and
// without start times, a map, a roster and working calendars.
func TestParallelEqualsSerialSynthetic(t *testing.T) {
	m, err := mapping.Parse("synth.yaml", []byte(synthMap))
	if err != nil {
		t.Fatal(err)
	}
	roster := map[string]string{}
	for i := range 20 { // clerks 20..23 are not in the roster
		roster["clerk-"+strconv.Itoa(i)] = []string{"front", "back", "finance"}[i%3]
	}
	// Working calendars: the map's owners', a --calendar file naming some
	// clerks and an owner with an office default (for the clerks it does
	// not name and unknown resources), and one calendar for everyone (the
	// process calendar: cycle times get working twins too).
	calMap, err := mapping.Parse("synth.yaml", []byte(strings.Replace(strings.Replace(synthMap,
		"{id: front, name: Front office}", `{id: front, name: Front office, calendar: "Mon-Fri 08:00-12:00 13:00-17:00"}`, 1),
		"{id: finance, name: Finance}", `{id: finance, name: Finance, calendar: "Mon-Sat 07:00-19:00"}`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	someFile, err := ParseCalendarFile("some.yaml", []byte("calendars:\n  clerk-1: \"Mon-Fri 10:00-12:00 12:30-20:00\"\n  clerk-2: \"24/7\"\n  back: \"Tue-Sat 06:00-14:00\"\ndefault: \"Mon-Fri 08:00-17:00\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	oneFile, err := ParseCalendarFile("one.yaml", []byte(`default: "Mon-Fri 09:00-17:30"`))
	if err != nil {
		t.Fatal(err)
	}
	for _, starts := range []bool{true, false} {
		l := synthLog(3000, starts)
		for _, opt := range []Options{{}, {Map: m}, {Roster: roster}, {Map: m, Roster: roster},
			{Map: calMap}, {Calendars: someFile, Roster: roster}, {Calendars: oneFile, Map: m}} {
			opt.WIPPoints = 50
			what := fmt.Sprintf("start times %v, map %v, roster %v, calendar file %v", starts, opt.Map != nil, opt.Roster != nil, opt.Calendars != nil)
			serial := synthJSON(t, analyzeParallel(l, opt, 1, 0))
			if opt.Map == calMap || opt.Calendars != nil {
				if !bytes.Contains(serial, []byte(`"working_median":`)) {
					t.Errorf("%s: no working-time twins", what)
				}
				var r Result
				if err := json.Unmarshal(serial, &r); err != nil {
					t.Fatal(err)
				}
				if process := opt.Calendars == oneFile; (r.CycleTime.WorkingStats != nil) != process {
					t.Errorf("%s: cycle time twins %+v, want present %v", what, r.CycleTime.WorkingStats, process)
				}
			}
			for _, w := range []int{2, 3, 7} {
				if par := synthJSON(t, analyzeParallel(l, opt, w, 0)); !bytes.Equal(serial, par) {
					t.Errorf("%s: %d workers differ from one", what, w)
				}
			}
		}
	}
}

func synthJSON(t *testing.T, r *Result) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Transitions) == 0 || r.Handoffs.Resource.Total == 0 {
		t.Fatalf("the synthetic log gave no transitions or handoffs: %s", b[:min(len(b), 300)])
	}
	return b
}

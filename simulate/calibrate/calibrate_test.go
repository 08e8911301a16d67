package calibrate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/logdistance"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/simulate"
)

func readLog(t *testing.T, path string) *eventlog.Log {
	t.Helper()
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestCalibrateSmall(t *testing.T) {
	l := readLog(t, "testdata/small.csv")
	res, err := Calibrate(l, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario("out.yaml", res.YAML, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	m := sc.Map
	want := map[string]string{"receive": "10m", "check": "30m", "ship": "10m"}
	for id, d := range want {
		st, ok := m.Step(id)
		if !ok {
			t.Fatalf("no step %s in\n%s", id, res.YAML)
		}
		if st.Duration.String() != d {
			t.Errorf("step %s duration %s, want %s", id, st.Duration, d)
		}
	}
	check, _ := m.Step("check")
	if len(check.Next) != 2 || check.Next[0].To != "ship" || check.Next[0].P != 0.6 || check.Next[1].To != "end" || check.Next[1].P != 0.4 {
		t.Errorf("check's branches %+v, want ship 0.6, end 0.4", check.Next)
	}
	// Cid's hour between Check and Ship is neither busy nor closed (too
	// little data for a calendar): an extraneous delay of 1h.
	if ship, _ := m.Step("ship"); ship.Delay.String() != "1h" {
		t.Errorf("ship delay %s, want 1h", ship.Delay)
	}
	if end, _ := m.Step("end"); !end.Silent() {
		t.Errorf("the end step is not silent")
	}
	if got := sc.Arrivals.Interarrival.String(); got != "1d" {
		t.Errorf("interarrival %s, want 1d", got)
	}
	if res.TrainCases != 5 || res.HeldOut != 0 || res.Basis != "processing" {
		t.Errorf("train %d, held out %d, basis %s; want 5, 0, processing", res.TrainCases, res.HeldOut, res.Basis)
	}
	for _, s := range []string{"# Owners are pools", "processing time: constant, 5 obs, W1 0s", "start: 2026-01-09T08:40:01Z", "horizon: 4d"} {
		if !bytes.Contains(res.YAML, []byte(s)) {
			t.Errorf("the scenario lacks %q:\n%s", s, res.YAML)
		}
	}
}

func TestCalibrateSplit(t *testing.T) {
	l := readLog(t, "testdata/small.csv")
	for _, c := range []struct {
		opt         Options
		train, held int
		err         string
	}{
		{Options{TrainShare: 0.8}, 4, 1, ""},
		{Options{Until: time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC)}, 2, 3, ""},
		{Options{Until: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, 0, 0, "no case starts before the split"},
		{Options{TrainShare: 1.5}, 0, 0, "between 0 and 1"},
	} {
		res, err := Calibrate(l, c.opt)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%+v: error %v, want %q", c.opt, err, c.err)
			}
		case err != nil:
			t.Errorf("%+v: %v", c.opt, err)
		case res.TrainCases != c.train || res.HeldOut != c.held:
			t.Errorf("%+v: train %d, held out %d; want %d, %d", c.opt, res.TrainCases, res.HeldOut, c.train, c.held)
		}
	}
}

func TestCalibrateWithMap(t *testing.T) {
	l := readLog(t, "testdata/small.csv")
	mp, err := mapping.Parse("m.yaml", []byte(`process: Orders
owners: [{id: office, capacity: 9}, {id: dock}]
steps:
  - {id: in, owner: office, start: true, log_names: [Receive], next: [chk]}
  - {id: chk, owner: office, log_names: [Check], next: [{to: go, p: 0.5}, {to: done, p: 0.5}]}
  - {id: go, owner: dock, log_names: [Ship], next: [done]}
  - {id: done, owner: office, automated: true, log_names: []}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Calibrate(l, Options{Map: mp})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario("out.yaml", res.YAML, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	chk, _ := sc.Map.Step("chk")
	if chk.Next[0].To != "go" || chk.Next[0].P != 0.6 || chk.Duration.String() != "30m" {
		t.Errorf("chk: next %+v, duration %s; want go 0.6, 30m", chk.Next, chk.Duration)
	}
	office, _ := sc.Map.Owner("office")
	if office.Capacity != 2 { // Ann and Bob both work in the 08h hour of every day
		t.Errorf("office capacity %d, want 2", office.Capacity)
	}
}

// TestLoanApp calibrates on the LoanApp training log, simulates the test
// period once and checks that the simulation is closer to the test log
// than Simod's published means on the five measures of the proof.
func TestLoanApp(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t), "calibration", "loanapp")
	train := readLog(t, filepath.Join(dir, "train_preprocessed.csv"))
	test := readLog(t, filepath.Join(dir, "test_preprocessed.csv"))
	res, err := Calibrate(train, Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := regexp.MustCompile(`(?m)^horizon: .*\n`).ReplaceAll(res.YAML, nil)
	src = regexp.MustCompile(`(?m)^start: .*$`).ReplaceAll(src, []byte("start: 2023-04-20T08:00:00Z\ncases: 200"))
	sc, err := simulate.ParseScenario("loanapp.yaml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications, sc.Seed = 1, 1
	var events bytes.Buffer
	if _, err := simulate.Run(context.Background(), sc, simulate.Options{Events: &events}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sim.csv")
	if err := os.WriteFile(path, events.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := logdistance.Compare(test, []*eventlog.Log{readLog(t, path)})
	if err != nil {
		t.Fatal(err)
	}
	simod := map[string]float64{"NGD_n3": 0.150, "AEDD": 13.55, "CEDD": 0.402, "REDD": 9.23, "CTDD": 20.43}
	for _, r := range out {
		if lim, ok := simod[r.Key]; ok && !(r.Mean < lim) {
			t.Errorf("%s = %.4g, not below Simod's %.4g", r.Key, r.Mean, lim)
		}
	}
}

func TestFindTeams(t *testing.T) {
	teams, err := FindTeams(readLog(t, "testdata/small.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var owners []string
	for _, o := range teams.Owners {
		owners = append(owners, fmt.Sprintf("%s/%d", o.ID, o.Capacity))
	}
	if got := strings.Join(owners, " "); got != "ann/1 bob/1 cid/1" {
		t.Errorf("owners %s, want ann/1 bob/1 cid/1", got)
	}
	if teams.OwnerOf["Ship"] != "cid" || teams.Durations["Check"].String() != "30m" {
		t.Errorf("Ship's owner %q, Check's duration %s; want cid, 30m", teams.OwnerOf["Ship"], teams.Durations["Check"])
	}
}

func TestCalibrateParallel(t *testing.T) {
	l := readLog(t, "testdata/parallel.csv")
	res, err := Calibrate(l, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario("out.yaml", res.YAML, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	split, ok := sc.Map.Step("parallel")
	if !ok || strings.Join(split.Parallel, ",") != "b,c" || !split.Silent() || len(split.Next) != 1 || split.Next[0].To != "d" {
		t.Fatalf("no split step parallel: [b, c] → d in\n%s", res.YAML)
	}
	a, _ := sc.Map.Step("a")
	if len(a.Next) != 1 || a.Next[0].To != "parallel" {
		t.Errorf("a goes to %+v, want the split", a.Next)
	}
	if !bytes.Contains(res.YAML, []byte("parallel branches, done together in 6 runs (0 runs not in this form")) {
		t.Errorf("the split's evidence is missing:\n%s", res.YAML)
	}
	var log bytes.Buffer
	sc.Replications, sc.Cases, sc.Horizon = 1, 3, 0
	if _, err := simulate.Run(context.Background(), sc, simulate.Options{Events: &log}); err != nil {
		t.Fatal(err)
	}
	// Each simulated case does A, B and C (in either order), and D once.
	per := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(log.String()), "\n")[1:] {
		f := strings.Split(line, ",")
		per[f[0]] += f[1]
	}
	for c, acts := range per {
		if len(acts) != 4 || acts[0] != 'A' || acts[3] != 'D' || !strings.Contains(acts, "B") || !strings.Contains(acts, "C") {
			t.Errorf("case %s did %s, want A, B and C in either order, D", c, acts)
		}
	}
	if len(per) != 3 {
		t.Errorf("%d cases in the simulated log, want 3", len(per))
	}
}

// TestArrivalsPoissonProfile: day-time arrivals at irregular times, with
// too little data for an arrival calendar, become Poisson arrivals with
// the weekly profile (no arrivals at night).
func TestArrivalsPoissonProfile(t *testing.T) {
	var b strings.Builder
	b.WriteString("case,activity,resource,start,end\n")
	day := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	n := 0
	for d := 0; d < 49; d++ {
		for k := 0; k < 10; k++ {
			n++
			s := day.AddDate(0, 0, d).Add(time.Duration((k*53+d*17)%540) * time.Minute)
			fmt.Fprintf(&b, "%d,A,Ann,%s,%s\n", n, s.Format(time.RFC3339), s.Add(5*time.Minute).Format(time.RFC3339))
		}
	}
	path := filepath.Join(t.TempDir(), "day.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Calibrate(readLog(t, path), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario("out.yaml", res.YAML, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	if sc.Arrivals.Rate <= 0 || len(sc.Arrivals.Profile) == 0 || sc.Arrivals.Interarrival != nil {
		t.Fatalf("arrivals %+v, want a rate with a profile:\n%s", sc.Arrivals, res.YAML)
	}
	for _, s := range []string{`"mon 00:00-08:00": 0`, `"mon 17:00-24:00": 0`, "Poisson arrivals at the mean rate"} {
		if !bytes.Contains(res.YAML, []byte(s)) {
			t.Errorf("the scenario lacks %q:\n%s", s, res.YAML)
		}
	}
}

func TestCalibrateSojourn(t *testing.T) {
	res, err := Calibrate(readLog(t, "testdata/sojourn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario("out.yaml", res.YAML, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	check, _ := sc.Map.Step("check")
	bob, _ := sc.Map.Owner("bob")
	// Sojourns 1h, 2h, 1h: the empirical distribution fits them exactly.
	if res.Basis != "sojourn" || mapping.DistText(check.Duration) != "{dist: empirical, values: [1h, 1h, 2h]}" || bob.Capacity != 0 {
		t.Errorf("basis %s, check %s, bob capacity %d; want sojourn, empirical 1h 1h 2h, unlimited\n%s", res.Basis, check.Duration, bob.Capacity, res.YAML)
	}
	if !bytes.Contains(res.YAML, []byte("The log has no start times: step durations are sojourn times")) {
		t.Errorf("the scenario does not say its durations are sojourns:\n%s", res.YAML)
	}
}

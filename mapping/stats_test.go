package mapping

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestStatsReworkLoop checks figures computed by hand for
// testdata/valid/rework.yaml: a -> b -> c with b -> a at p 0.2.
// Visits: v_a = 1 + 0.2 v_b and v_b = v_a, so v_a = v_b = 1/0.8 = 1.25, v_c = 1.
func TestStatsReworkLoop(t *testing.T) {
	m, err := ReadFile("testdata/valid/rework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := ComputeStats(m)
	if err != nil {
		t.Fatal(err)
	}
	if st.Steps != 3 || st.Owners != 2 || st.Systems != 2 || st.Manual != 3 || st.Automated != 0 || st.Edges != 3 {
		t.Errorf("counts = %+v", st)
	}
	// Edges a->b (o1->o2) and b->a (o2->o1) change owner; b->c changes system.
	if st.Handoffs != 2 || st.SystemSwitches != 1 {
		t.Errorf("handoffs %d, switches %d; want 2, 1", st.Handoffs, st.SystemSwitches)
	}
	wantPath := Path{Steps: []string{"a", "b", "c"}, Handoffs: 1, SystemSwitches: 1, TouchTimeSeconds: 600 + 1200 + 300, Probability: 0.8}
	if !reflect.DeepEqual(st.HappyPath, wantPath) {
		t.Errorf("happy path = %+v, want %+v", st.HappyPath, wantPath)
	}
	ex := st.Expected
	checks := []struct {
		name      string
		got, want float64
	}{
		{"visits a", ex.Visits["a"], 1.25},
		{"visits b", ex.Visits["b"], 1.25},
		{"visits c", ex.Visits["c"], 1},
		{"steps", ex.Steps, 3.5},
		// a->b every visit of a (1.25) + b->a on 20% of visits of b (0.25).
		{"handoffs", ex.Handoffs, 1.5},
		// b->c on 80% of visits of b.
		{"system switches", ex.SystemSwitches, 1.0},
		// 1.25*10m + 1.25*20m (triangular mean) + 1*5m.
		{"touch time", ex.TouchTimeSeconds, 750 + 1500 + 300},
		{"manual touch time", ex.ManualTouchTimeSeconds, 2550},
		// Only o2 has a capacity: b (1.25 × 20m) and c (5m) are staffed work.
		{"staffed touch time", ex.StaffedTouchTimeSeconds, 1500 + 300},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if st.StepsPerOwner["o1"] != 1 || st.StepsPerOwner["o2"] != 2 {
		t.Errorf("steps per owner = %v", st.StepsPerOwner)
	}
	o2, _ := m.Owner("o2")
	if o2.Capacity != 2 || o2.Calendar == nil || o2.Calendar.HoursPerWeek() != 5*8+4 {
		t.Errorf("owner o2 = %+v, calendar hours %v", o2, o2.Calendar.HoursPerWeek())
	}
}

// TestStatsExamples pins the figures of the shipped examples, so that a
// change to an example or to the statistics shows up here.
func TestStatsExamples(t *testing.T) {
	tests := []struct {
		file                      string
		steps, handoffs, switches int
		happySteps, happyHandoffs int
	}{
		{file: "order-fulfillment.yaml", steps: 14, handoffs: 9, switches: 10, happySteps: 11, happyHandoffs: 7},
		{file: "returns-refund.yaml", steps: 13, handoffs: 9, switches: 10, happySteps: 11, happyHandoffs: 5},
		{file: "support-escalation.yaml", steps: 10, handoffs: 11, switches: 10, happySteps: 5, happyHandoffs: 3},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := ReadFile(filepath.Join("..", "examples", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Warnings) > 0 {
				t.Errorf("example has warnings: %v", m.Warnings)
			}
			st, err := ComputeStats(m)
			if err != nil {
				t.Fatal(err)
			}
			if st.Steps != tt.steps || st.Handoffs != tt.handoffs || st.SystemSwitches != tt.switches {
				t.Errorf("steps/handoffs/switches = %d/%d/%d, want %d/%d/%d", st.Steps, st.Handoffs, st.SystemSwitches, tt.steps, tt.handoffs, tt.switches)
			}
			if len(st.HappyPath.Steps) != tt.happySteps || st.HappyPath.Handoffs != tt.happyHandoffs {
				t.Errorf("happy path %v with %d handoffs, want %d steps, %d handoffs", st.HappyPath.Steps, st.HappyPath.Handoffs, tt.happySteps, tt.happyHandoffs)
			}
			// Every case starts once and visits of end steps sum to 1.
			ends := 0.0
			for _, s := range m.Steps {
				if len(s.Next) == 0 {
					ends += st.Expected.Visits[s.ID]
				}
			}
			if !near(ends, 1) {
				t.Errorf("visits of end steps sum to %v, want 1", ends)
			}
		})
	}
}

// TestExpectedSupportLoop checks the loop structure of support-escalation by
// hand: tier1_answer is entered from triage (1), from ask_customer (0.15 of
// its visits) and from reopened confirmations (0.12 of confirm_fix visits).
func TestExpectedSupportLoop(t *testing.T) {
	m, err := ReadFile("../examples/support-escalation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := ExpectedPerCase(m)
	if err != nil {
		t.Fatal(err)
	}
	// confirm_fix = 0.65 t1 + 0.7 t2 + followup; t2 = 0.2 t1; followup = 0.3 t2.
	// so confirm_fix = t1 (0.65 + 0.14 + 0.06) = 0.85 t1.
	// t1 = 1 + 0.15 t1 + 0.12 * 0.85 t1  =>  t1 = 1 / (1 - 0.15 - 0.102).
	t1 := 1 / (1 - 0.15 - 0.102)
	if !near(ex.Visits["tier1_answer"], t1) {
		t.Errorf("tier1 visits %v, want %v", ex.Visits["tier1_answer"], t1)
	}
	if !near(ex.Visits["confirm_fix"], 0.85*t1) || !near(ex.Visits["close_ticket"], 1) {
		t.Errorf("confirm %v (want %v), close %v", ex.Visits["confirm_fix"], 0.85*t1, ex.Visits["close_ticket"])
	}
}

func TestEqualSharesAssumed(t *testing.T) {
	src := "process: P\nowners: [{id: o}]\nsteps:\n  - id: a\n    owner: o\n    next: [b, c, d]\n  - {id: b, owner: o}\n  - {id: c, owner: o}\n  - {id: d, owner: o}\n"
	m, err := Parse("eq.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := m.Step("a")
	for _, e := range a.Next {
		if !near(e.P, 1.0/3) || e.PGiven {
			t.Errorf("edge %v", e)
		}
	}
	if len(m.Warnings) != 1 || m.Warnings[0].Pos.Line != 6 {
		t.Errorf("warnings = %v", m.Warnings)
	}
	if !a.Start {
		t.Error("start not inferred for the only step without incoming edges")
	}
}

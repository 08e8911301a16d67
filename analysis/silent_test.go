package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
)

// silentMap has steps the log below never records: a silent start and
// check, a silent decision to a silent end, a silent loop (wait1 ↔ wait2)
// between two logged steps and a silent step after the last logged one that
// either loops back or ends silently.
const silentMap = `
process: Silent steps
owners: [{id: shop, name: Shop}]
steps:
  - {id: call, name: Customer calls, owner: shop, start: true, next: [check_stock]}
  - id: check_stock
    name: Check stock by phone
    owner: shop
    decision: true
    next: [{to: order, p: 0.8}, {to: lost, p: 0.2}]
  - {id: lost, name: Customer gives up, owner: shop}
  - {id: order, name: Order placed, owner: shop, next: [wait1]}
  - id: wait1
    name: Wait for stock
    owner: shop
    decision: true
    next: [{to: wait2, p: 0.5}, {to: pack, p: 0.5}]
  - {id: wait2, name: Ask again, owner: shop, next: [wait1]}
  - {id: pack, name: Pack, owner: shop, log_names: [Packed], next: [ship]}
  - id: ship
    name: Ship
    owner: shop
    decision: true
    next: [{to: done, p: 0.9}, {to: pack, p: 0.1}]
  - {id: done, name: Delivered, owner: shop}
`

func TestSilentSteps(t *testing.T) {
	m, err := mapping.Parse("silent.yaml", []byte(silentMap))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"fits":         {"Order placed", "Packed"},
		"fits again":   {"Order placed", "Packed"},
		"repacked":     {"Order placed", "Packed", "Packed"},
		"no start":     {"Packed"},
		"no end":       {"Order placed"},
		"backwards":    {"Packed", "Order placed"},
		"unmapped":     {"Order placed", "Mystery"},
		"no such move": {"Order placed", "Order placed", "Packed"},
	}
	var b strings.Builder
	b.WriteString("case,activity,timestamp\n")
	for name, acts := range cases {
		for i, a := range acts {
			b.WriteString(name + "," + a + ",2024-01-01 10:0" + string(rune('0'+i)) + ":00\n")
		}
	}
	l, err := eventlog.ReadCSV(strings.NewReader(b.String()), "silent.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := Analyze(l, Options{Map: m}).Conformance
	if want := []string{"call", "check_stock", "lost", "wait1", "wait2", "ship", "done"}; !reflect.DeepEqual(c.SilentSteps, want) {
		t.Errorf("silent steps %v, want %v", c.SilentSteps, want)
	}
	if want := []string{"call", "check_stock"}; !reflect.DeepEqual(c.SilentOnEveryPath, want) {
		t.Errorf("silent steps on every path %v, want %v", c.SilentOnEveryPath, want)
	}
	if c.Cases != 8 || c.FittingCases != 3 || c.FittingShare != 3.0/8 {
		t.Errorf("fitting %d of %d (%v), want 3 of 8", c.FittingCases, c.Cases, c.FittingShare)
	}
	wantReasons := map[string]int{"does not begin at a start step": 2, "does not end at an end step": 1, "activity not in the map": 1, "a move the map does not have": 1}
	if !reflect.DeepEqual(c.NotFitting, wantReasons) {
		t.Errorf("not fitting %v, want %v", c.NotFitting, wantReasons)
	}
	// Packed → Order placed and Order placed → Order placed are moves the
	// map lacks; Order placed → Packed (through the silent loop) and Packed →
	// Packed (through ship) are not.
	wantMoves := []StepEdge{{From: "order", To: "order", Count: 1}, {From: "pack", To: "order", Count: 1}}
	if !reflect.DeepEqual(c.UnexpectedTransitions, wantMoves) {
		t.Errorf("unexpected transitions %v, want %v", c.UnexpectedTransitions, wantMoves)
	}
	if want := []NamedCount{{"Mystery", 1}}; !reflect.DeepEqual(c.UnmappedActivities, want) {
		t.Errorf("unmapped %v, want %v", c.UnmappedActivities, want)
	}
}

// TestPoorFitCauses: a log none of whose activities the map claims fits
// poorly, and the warning says why with counts.
func TestPoorFitCauses(t *testing.T) {
	m, err := mapping.Parse("silent.yaml", []byte(silentMap))
	if err != nil {
		t.Fatal(err)
	}
	src := "case,activity,timestamp\n1,Foo,2024-01-01 10:00:00\n1,Bar,2024-01-01 11:00:00\n2,Foo,2024-01-01 10:00:00\n"
	l, err := eventlog.ReadCSV(strings.NewReader(src), "poor.csv", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := PoorFit(Analyze(l, Options{Map: m}))
	if w == nil {
		t.Fatal("no warning")
	}
	want := []string{
		`100% of events (3) belong to activities no step claims: "Foo" (2), "Bar" (1)`,
		`2 steps of the map are never recorded in the log and lie on every path: "Customer calls", "Check stock by phone" (if the log records them under other names, add those to their log_names)`,
	}
	if w.MappedShare != 0 || w.FittingShare != 0 || !reflect.DeepEqual(w.Causes, want) {
		t.Errorf("warning %+v, want causes\n%q", w, want)
	}
	// Without a map, or when the map fits, there is no warning.
	if PoorFit(Analyze(l, Options{})) != nil {
		t.Error("a warning without a map")
	}
}

// TestWorkshopMap: a realistic workshop map whose steps include work no
// system logs ("Customer calls", "Check stock by phone", …) scores what it
// really fits: every order except the 22 whose stock-out ended in a
// cancellation, a move the workshop did not draw. Before silent steps it
// scored 0% (no case began with a logged start step).
func TestWorkshopMap(t *testing.T) {
	m, err := mapping.ReadFile("testdata/workshop-orders.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := eventlog.ReadFile("../examples/orders.csv.gz", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := Analyze(l, Options{Map: m})
	c := r.Conformance
	if want := []string{"call", "check_stock", "call_back", "ask_supplier", "hand_over", "thank", "refund"}; !reflect.DeepEqual(c.SilentSteps, want) {
		t.Errorf("silent steps %v, want %v", c.SilentSteps, want)
	}
	if want := []string{"call", "check_stock"}; !reflect.DeepEqual(c.SilentOnEveryPath, want) {
		t.Errorf("silent steps on every path %v, want %v", c.SilentOnEveryPath, want)
	}
	if c.Cases != 2392 || c.FittingCases != 2392-22 {
		t.Errorf("%d of %d cases fit, want %d", c.FittingCases, c.Cases, 2392-22)
	}
	if want := map[string]int{"a move the map does not have": 22}; !reflect.DeepEqual(c.NotFitting, want) {
		t.Errorf("not fitting %v, want %v", c.NotFitting, want)
	}
	if want := []StepEdge{{From: "stock_out", To: "cancel", Count: 22}}; !reflect.DeepEqual(c.UnexpectedTransitions, want) {
		t.Errorf("moves the map lacks %v, want %v", c.UnexpectedTransitions, want)
	}
	if len(c.UnmappedActivities) != 0 {
		t.Errorf("unmapped activities %v", c.UnmappedActivities)
	}
	if w := PoorFit(r); w != nil {
		t.Errorf("a poor-fit warning for a map that fits 99%%: %+v", w)
	}
}

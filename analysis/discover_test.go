package analysis

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// TestDiscoverReproducesFrequencies: the discovered map is valid, and as a
// Markov chain its expected visits per case equal the log's events per case
// for every activity (the directly-follows graph with observed shares
// reproduces activity frequencies exactly).
func TestDiscoverReproducesFrequencies(t *testing.T) {
	logs := []string{"running-example.xes", "receipt.xes.gz", "roadtraffic100traces.xes", "interval_event_log.csv", "repairExample.xes.gz"}
	for _, name := range logs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(shareddata.Dir(t), "logs", name)
			l, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{})
			src, err := Discover(r, DiscoverOptions{})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			m, err := mapping.Parse(name+".yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			ex, err := mapping.ExpectedPerCase(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range r.Activities {
				s, ok := m.StepForActivity(a.Name)
				if !ok {
					t.Fatalf("no step for %q", a.Name)
				}
				want := float64(a.Events) / float64(r.Log.Cases)
				if got := ex.Visits[s.ID]; math.Abs(got-want) > 1e-4*math.Max(1, want) {
					t.Errorf("%q: expected visits %v, log has %v events per case", a.Name, got, want)
				}
			}
			// The analysis of the log against its own discovered map fits every case.
			rr := Analyze(l, Options{Map: m})
			if rr.Conformance.FittingCases+rr.Conformance.NotFitting["does not begin at a start step"] != r.Log.Cases {
				t.Errorf("conformance against the discovered map: %+v", rr.Conformance)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Pick and pack": "pick_and_pack", "T07-1 Draft": "t07_1_draft", "  ": "step", "3rd check": "s_3rd_check", "Müller prüft": "m_ller_pr_ft"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDiscoverRoundTrip: the YAML Discover writes parses back, valid, to
// the map it built, and carries the header and "seen N times" comments.
func TestDiscoverRoundTrip(t *testing.T) {
	paths := []string{"../examples/orders.csv.gz"}
	if dir, ok := shareddata.Optional(t); ok {
		for _, name := range []string{"running-example.xes", "receipt.xes.gz", "interval_event_log.csv"} {
			paths = append(paths, filepath.Join(dir, "logs", name))
		}
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			l, err := eventlog.ReadFile(path, eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(l, Options{})
			src, err := Discover(r, DiscoverOptions{})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			back, err := mapping.Parse("discovered.yaml", src)
			if err != nil {
				t.Fatalf("discovered map does not parse back valid: %v\n%s", err, src)
			}
			built, seen := discoverMap(r, DiscoverOptions{Process: "Discovered process"})
			if err := built.Validate(); err != nil {
				t.Fatal(err)
			}
			if got, want := modelText(back), modelText(built); got != want {
				t.Errorf("the written map differs from the one built:\n%s", firstDiff(got, want))
			}
			text := string(src)
			if want := fmt.Sprintf("# Discovered by flowmap from %s (%d cases).\n", r.Log.Source, r.Log.Cases); !strings.HasPrefix(text, want) {
				t.Errorf("header: want %q, got\n%s", want, text)
			}
			for _, s := range back.Steps {
				for _, e := range s.Next {
					// Every branch line ends with how often it was seen.
					n := seen[[2]string{e.From, e.To}]
					times := fmt.Sprintf("seen %d times", n)
					if n == 1 {
						times = "seen once"
					}
					want := fmt.Sprintf("{to: %s, p: %v}   # %s\n", e.To, e.P, times)
					if seen[[2]string{e.From, e.To}] == 0 || !strings.Contains(text, want) {
						t.Errorf("no line %q in\n%s", want, text)
					}
				}
			}
		})
	}
}

// TestDiscoverSameMapAsBefore: the map written for the example order log
// is the map the earlier, hand-formatted writer produced (discoverBefore),
// step for step: ids, names, owner, durations, log names, branches and p.
func TestDiscoverSameMapAsBefore(t *testing.T) {
	l, err := eventlog.ReadFile("../examples/orders.csv.gz", eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := Discover(Analyze(l, Options{}), DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := mapping.Parse("now.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := mapping.Parse("before.yaml", []byte(discoverBefore))
	if err != nil {
		t.Fatal(err)
	}
	// The steps come in flow order now (the old writer sorted them by name):
	// compare them by id.
	byID := func(m *mapping.Map) *mapping.Map {
		c := *m
		c.Steps = slices.Clone(m.Steps)
		slices.SortFunc(c.Steps, func(a, b mapping.Step) int { return strings.Compare(a.ID, b.ID) })
		return &c
	}
	if g, w := modelText(byID(got)), modelText(byID(want)); g != w {
		t.Errorf("discovered map changed:\n%s\nnow:\n%s", firstDiff(g, w), src)
	}
	var ids []string
	for _, s := range got.Steps {
		ids = append(ids, s.ID)
	}
	wantOrder := []string{"start", "order_placed", "order_received", "payment_captured", "high_value_order", "warehouse_notified", "review_started", "picked"}
	if len(ids) < len(wantOrder) || !slices.Equal(ids[:len(wantOrder)], wantOrder) || ids[len(ids)-1] != "end" {
		t.Errorf("steps not in flow order: %v", ids)
	}
}

// modelText renders every field of a map's model except positions, one
// line per owner, system, step and edge, for comparisons with a readable diff.
func modelText(m *mapping.Map) string {
	var b strings.Builder
	fmt.Fprintf(&b, "process %q sla %v\n", m.Process, m.SLA)
	for _, o := range m.Owners {
		cal := ""
		if o.Calendar != nil {
			cal = o.Calendar.Text
		}
		fmt.Fprintf(&b, "owner %q name %q capacity %d calendar %q\n", o.ID, o.Name, o.Capacity, cal)
	}
	for _, s := range m.Systems {
		fmt.Fprintf(&b, "system %q name %q\n", s.ID, s.Name)
	}
	for _, s := range m.Steps {
		d := s.Duration // every parameter, exactly (Dist's String rounds)
		fmt.Fprintf(&b, "step %q name %q owner %q system %q automated %v decision %v start %v capacity %d queue_limit %d log_names %q sla %v\n",
			s.ID, s.Name, s.Owner, s.System, s.Automated, s.Decision, s.Start, s.Capacity, s.QueueLimit, s.LogNames, s.SLA)
		fmt.Fprintf(&b, "  duration %q value %v mean %v sd %v min %v mode %v max %v values %v\n", d.Kind, d.Value, d.Mean, d.SD, d.Min, d.Mode, d.Max, d.Values)
		for _, e := range s.Next {
			fmt.Fprintf(&b, "  edge %q -> %q p %v given %v label %q\n", e.From, e.To, e.P, e.PGiven, e.Label)
		}
	}
	return b.String()
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// discoverBefore is what flowmap analyze examples/orders.csv.gz --discover
// wrote before the map was built as a mapping.Map and encoded.
const discoverBefore = `# Discovered by flowmap from /work/main/examples/orders.csv.gz (2392 cases).
# Edit it: set each step's owner (team) and system, rename steps, drop rare paths.
# Branch shares are the observed ones; durations are median service times when
# the log has start times, else 0s.
process: "Discovered process"
owners:
  - {id: unassigned, name: Unassigned (set the real teams)}
steps:
  - id: start
    name: Case starts
    owner: unassigned
    start: true
    automated: true
    next:
      - {to: order_placed, p: 1}   # seen 2392 times
  - id: delivered
    name: "Delivered"
    owner: unassigned
    duration: 83510.755s
    log_names: ["Delivered"]
    next:
      - {to: end, p: 1}   # seen 2358 times
  - id: high_value_order
    name: "High-value order?"
    owner: unassigned
    duration: 0s
    log_names: ["High-value order?"]
    next:
      - {to: warehouse_notified, p: 0.918896}   # seen 2198 times
      - {to: review_started, p: 0.081104}   # seen 194 times
  - id: label_printed
    name: "Label printed"
    owner: unassigned
    duration: 230.303s
    log_names: ["Label printed"]
    next:
      - {to: picked_up_by_carrier, p: 1}   # seen 2358 times
  - id: order_cancelled
    name: "Order cancelled"
    owner: unassigned
    duration: 300s
    log_names: ["Order cancelled"]
    next:
      - {to: end, p: 1}   # seen 34 times
  - id: order_placed
    name: "Order placed"
    owner: unassigned
    duration: 319.267s
    log_names: ["Order placed"]
    next:
      - {to: order_received, p: 1}   # seen 2392 times
  - id: order_received
    name: "Order received"
    owner: unassigned
    duration: 60s
    log_names: ["Order received"]
    next:
      - {to: payment_captured, p: 1}   # seen 2392 times
  - id: payment_captured
    name: "Payment captured"
    owner: unassigned
    duration: 30s
    log_names: ["Payment captured"]
    next:
      - {to: high_value_order, p: 1}   # seen 2392 times
  - id: picked
    name: "Picked"
    owner: unassigned
    duration: 1055.39s
    log_names: ["Picked"]
    next:
      - {to: label_printed, p: 0.97117}   # seen 2358 times
      - {to: stock_out, p: 0.02883}   # seen 70 times
  - id: picked_up_by_carrier
    name: "Picked up by carrier"
    owner: unassigned
    duration: 16261.117s
    log_names: ["Picked up by carrier"]
    next:
      - {to: tracking_entered, p: 1}   # seen 2358 times
  - id: review_started
    name: "Review started"
    owner: unassigned
    duration: 858.344s
    log_names: ["Review started"]
    next:
      - {to: warehouse_notified, p: 0.938144}   # seen 182 times
      - {to: order_cancelled, p: 0.061856}   # seen 12 times
  - id: shipping_confirmation_sent
    name: "Shipping confirmation sent"
    owner: unassigned
    duration: 60s
    log_names: ["Shipping confirmation sent"]
    next:
      - {to: delivered, p: 1}   # seen 2358 times
  - id: stock_out
    name: "Stock-out"
    owner: unassigned
    duration: 2753.363s
    log_names: ["Stock-out"]
    next:
      - {to: picked, p: 0.685714}   # seen 48 times
      - {to: order_cancelled, p: 0.314286}   # seen 22 times
  - id: tracking_entered
    name: "Tracking entered"
    owner: unassigned
    duration: 170.648s
    log_names: ["Tracking entered"]
    next:
      - {to: shipping_confirmation_sent, p: 1}   # seen 2358 times
  - id: warehouse_notified
    name: "Warehouse notified"
    owner: unassigned
    duration: 400.265s
    log_names: ["Warehouse notified"]
    next:
      - {to: picked, p: 1}   # seen 2380 times
  - id: end
    name: Case ends
    owner: unassigned
    automated: true
`

package workbook

import (
	"context"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/simulate"
)

// TestNewSimulation checks the adapter from a simulation result to the
// workbook: the Summary's sentences and one metric list per variant, with
// differences from the base on the what-if variants only.
func TestNewSimulation(t *testing.T) {
	sc, err := simulate.ReadScenario("../../examples/flash-sale.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Replications = 3
	res, err := simulate.Run(context.Background(), sc, simulate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sim := NewSimulation("flash-sale.yaml", res)
	if sim.Scenario != "flash-sale.yaml" || sim.Replications != 3 {
		t.Errorf("scenario %q, %d replications", sim.Scenario, sim.Replications)
	}
	// One sentence per peak, one for the base, one per what-if variant.
	if want := len(sc.Arrivals.Peaks) + 1 + len(res.Variants) - 1; len(sim.Headline) != want {
		t.Fatalf("%d headline sentences, want %d:\n%s", len(sim.Headline), want, strings.Join(sim.Headline, "\n"))
	}
	for i, want := range []string{"A peak from Fri 27 Nov 09:00 to Fri 27 Nov 11:00 leaves ", "With today's staffing, 1 in 10 orders takes more than ", "What if two more pickers (warehouse.capacity=6): p90 cycle time "} {
		if h := sim.Headline[i]; !strings.HasPrefix(h, want) || !strings.HasSuffix(h, ".") {
			t.Errorf("headline %d = %q, want it to start with %q", i, h, want)
		}
	}
	if !strings.Contains(sim.Headline[1], " of orders meet the 2 d target") {
		t.Errorf("base sentence lacks the SLA: %q", sim.Headline[1])
	}
	if len(sim.Variants) != len(res.Variants) {
		t.Fatalf("%d variants, want %d", len(sim.Variants), len(res.Variants))
	}
	kinds := map[string]string{}
	for i, v := range sim.Variants {
		if v.Name != res.Variants[i].Name {
			t.Errorf("variant %d is %q, want %q", i, v.Name, res.Variants[i].Name)
		}
		for _, m := range v.Metrics {
			kinds[m.Name] = m.Kind
			if (m.Diff != nil) != (i > 0) {
				t.Errorf("variant %q metric %q: difference %v", v.Name, m.Name, m.Diff)
			}
			if !m.Est.HasCI || m.Est.Low > m.Est.Mean || m.Est.Mean > m.Est.High {
				t.Errorf("variant %q metric %q: %+v is not a mean within its interval", v.Name, m.Name, m.Est)
			}
		}
	}
	for name, kind := range map[string]string{
		"Orders arrived": "count", "Throughput": "rate", "Cycle time, p90": "duration", "Orders within the SLA": "share",
		"Wait before Pick and pack, mean": "duration", "Utilization of warehouse": "share",
		"Peak 1 (Fri 27 Nov 09:00): time to clear": "duration",
	} {
		if kinds[name] != kind {
			t.Errorf("metric %q has kind %q, want %q", name, kinds[name], kind)
		}
	}
}

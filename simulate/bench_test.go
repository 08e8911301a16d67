package simulate

import (
	"runtime"
	"testing"
)

// orderFlow is the benchmark model: a 5-step order flow with a 10% rework
// loop (check → pick), exponential service, 73-80% load on the staffed
// steps.
const orderFlow = `process: bench order flow
owners:
  - {id: web}
  - {id: pickers, capacity: 4}
  - {id: packers, capacity: 2}
  - {id: qa, capacity: 1}
  - {id: carrier}
steps:
  - {id: receive, owner: web, start: true, automated: true, duration: {dist: exponential, mean: 0.5s}, next: [pick]}
  - {id: pick, owner: pickers, duration: {dist: exponential, mean: 2.4s}, next: [pack]}
  - {id: pack, owner: packers, duration: {dist: exponential, mean: 1.1s}, next: [check]}
  - id: check
    owner: qa
    duration: {dist: exponential, mean: 0.6s}
    next: [{to: pick, p: 0.1}, {to: ship, p: 0.9}]
  - {id: ship, owner: carrier, duration: {dist: exponential, mean: 10s}}
`

func benchScenario(b *testing.B, cases int64, reps int) *Scenario {
	return &Scenario{Map: parseMap(b, orderFlow), Arrivals: Arrivals{Rate: 1.2}, Cases: cases, Replications: reps, Seed: 1}
}

// BenchmarkOrderFlow simulates 1M orders, one replication, no event log.
// Reports orders/s and events/s (arrivals + service completions).
func BenchmarkOrderFlow(b *testing.B) {
	sc := benchScenario(b, 1_000_000, 1)
	m, err := compile(sc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var events float64
	for i := 0; i < b.N; i++ {
		s, err := newSim(m, sc.Seed, i, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.run(); err != nil {
			b.Fatal(err)
		}
		events = float64(s.nArr)
		for j := range s.steps {
			events += float64(s.steps[j].completed)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(1e6/sec, "orders/s")
	b.ReportMetric(events/sec, "events/s")
}

// BenchmarkReplications runs 8 replications of 200k orders with 1 worker
// and with all cores, to show that replications scale with cores.
func BenchmarkReplications(b *testing.B) {
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run("workers="+itoa(w), func(b *testing.B) {
			sc := benchScenario(b, 200_000, 8)
			models, _, _, err := prepare(sc)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				if _, err := runAll(b.Context(), models, sc.Seed, 8, Options{Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(8*200_000/(b.Elapsed().Seconds()/float64(b.N)), "orders/s")
		})
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

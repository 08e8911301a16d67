package simulate

import (
	"fmt"
	"math"
	"testing"

	"github.com/flowmap/flowmap/mapping"
)

// Queueing-theory checks. Each runs 10 replications with a fixed seed and
// requires the formula's value inside the simulated 95% interval widened
// by 1.5 (see agree). Time unit: 1 s mean service unless stated.

// erlangC returns P(wait) for an M/M/c queue with offered load a = λ/μ.
func erlangC(c int, a float64) float64 {
	rho := a / float64(c)
	sum, term := 0.0, 1.0 // term = a^k/k!
	for k := 0; k < c; k++ {
		sum += term
		term *= a / float64(k+1)
	}
	top := term / (1 - rho) // a^c/c! · 1/(1−ρ)
	return top / (sum + top)
}

// run simulates the base variant and checks Little's law on it.
func run(t *testing.T, sc *Scenario) (*Figures, [][]float64) {
	t.Helper()
	m, vecs := runVecs(t, sc)
	checkLittle(t, vecs)
	f := summarize(m, vecs)
	return &f, vecs
}

// checkLittle checks L = λW on every run: the time-average number in the
// system against the admitted arrival rate in the window times the mean
// cycle time, within the interval of L widened by 1.5.
func checkLittle(t *testing.T, vecs [][]float64) {
	t.Helper()
	lw := make([]float64, len(vecs))
	for r, v := range vecs {
		lw[r] = (v[fArrived] - v[fBlocked]) / v[fWindow] * v[fCtMean]
	}
	L := estimate(column(vecs, fWIP))
	want := estimate(lw).Mean
	t.Logf("| %-34s | %10.4f | %10.4f | ±%.4f |", "Little's law L vs λW", want, L.Mean, L.HalfWidth())
	if math.Abs(L.Mean-want) > 1.5*L.HalfWidth() {
		t.Errorf("Little's law: L = %.4f ± %.4f, λW = %.4f", L.Mean, L.HalfWidth(), want)
	}
}

func TestMM1(t *testing.T) {
	for _, rho := range []float64{0.5, 0.7, 0.9} {
		t.Run(fmt.Sprint(rho), func(t *testing.T) {
			// Longer runs at high load, where waits are strongly correlated.
			horizon := 200000.0
			if rho == 0.9 {
				horizon = 500000
			}
			sc := &Scenario{Map: station(t, 1, "{dist: exponential, mean: 1s}", 0), Arrivals: Arrivals{Rate: rho},
				Horizon: horizon, Warmup: 2000, Replications: 10, Seed: 11}
			v, _ := run(t, sc)
			s := v.Steps[0]
			agree(t, fmt.Sprintf("M/M/1 ρ=%.1f Wq", rho), s.Wait.Mean, rho/(1-rho))
			agree(t, fmt.Sprintf("M/M/1 ρ=%.1f Lq", rho), s.QueueLength.Mean, rho*rho/(1-rho))
			agree(t, fmt.Sprintf("M/M/1 ρ=%.1f P(wait)", rho), s.PWait, rho)
			agree(t, fmt.Sprintf("M/M/1 ρ=%.1f utilization", rho), s.Utilization, rho)
			agree(t, fmt.Sprintf("M/M/1 ρ=%.1f W", rho), v.CycleTime.Mean, 1/(1-rho))
		})
	}
}

func TestMMc(t *testing.T) {
	const c = 3
	for _, rho := range []float64{0.5, 0.7, 0.9} {
		t.Run(fmt.Sprint(rho), func(t *testing.T) {
			lambda := rho * c // μ = 1
			horizon := 100000.0
			if rho == 0.9 {
				horizon = 200000
			}
			sc := &Scenario{Map: station(t, c, "{dist: exponential, mean: 1s}", 0), Arrivals: Arrivals{Rate: lambda},
				Horizon: horizon, Warmup: 2000, Replications: 10, Seed: 12}
			v, _ := run(t, sc)
			s := v.Steps[0]
			pw := erlangC(c, lambda)
			wq := pw / (c - lambda)
			agree(t, fmt.Sprintf("M/M/3 ρ=%.1f P(wait)", rho), s.PWait, pw)
			agree(t, fmt.Sprintf("M/M/3 ρ=%.1f Wq", rho), s.Wait.Mean, wq)
			agree(t, fmt.Sprintf("M/M/3 ρ=%.1f Lq", rho), s.QueueLength.Mean, lambda*wq)
			agree(t, fmt.Sprintf("M/M/3 ρ=%.1f utilization", rho), s.Utilization, rho)
			agree(t, fmt.Sprintf("M/M/3 ρ=%.1f owner utilization", rho), v.Owners[0].Utilization, rho)
		})
	}
}

// TestMG1 checks the Pollaczek–Khinchine formula Wq = λE[S²]/(2(1−ρ)) for
// deterministic, lognormal and gamma service (mean 1 s, sd 1.5 s and 0.5 s).
func TestMG1(t *testing.T) {
	const rho = 0.8
	for _, tc := range []struct {
		name, dist string
		sd         float64
	}{
		{"M/D/1", "1s", 0},
		{"M/G/1 lognormal", "{dist: lognormal, mean: 1s, sd: 1.5s}", 1.5},
		{"M/G/1 gamma", "{dist: gamma, mean: 1s, sd: 0.5s}", 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scenario{Map: station(t, 1, tc.dist, 0), Arrivals: Arrivals{Rate: rho},
				Horizon: 400000, Warmup: 2000, Replications: 10, Seed: 13}
			v, _ := run(t, sc)
			es2 := 1 + tc.sd*tc.sd
			wq := rho * es2 / (2 * (1 - rho))
			agree(t, tc.name+" Wq", v.Steps[0].Wait.Mean, wq)
			agree(t, tc.name+" Lq", v.Steps[0].QueueLength.Mean, rho*wq)
			agree(t, tc.name+" utilization", v.Steps[0].Utilization, rho)
		})
	}
}

// TestMMcK checks the blocking probability of M/M/c/K, K = c + queue_limit.
func TestMMcK(t *testing.T) {
	const c, qlimit = 2, 3
	for _, a := range []float64{1.6, 2.4} { // ρ = 0.8 and 1.2 (finite buffer: stable anyway)
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			K := c + qlimit
			p := make([]float64, K+1)
			p[0] = 1
			sum := 1.0
			for n := 1; n <= K; n++ {
				p[n] = p[n-1] * a / float64(min(n, c))
				sum += p[n]
			}
			pBlock := p[K] / sum
			sc := &Scenario{Map: station(t, c, "{dist: exponential, mean: 1s}", qlimit), Arrivals: Arrivals{Rate: a},
				Horizon: 100000, Warmup: 1000, Replications: 10, Seed: 14}
			v, vecs := run(t, sc)
			share := make([]float64, len(vecs))
			for r, v := range vecs {
				share[r] = v[fBlocked] / v[fArrived]
			}
			agree(t, fmt.Sprintf("M/M/2/5 a=%.1f P(block)", a), estimate(share), pBlock)
			// Carried load: utilization = a(1 − P(block))/c.
			agree(t, fmt.Sprintf("M/M/2/5 a=%.1f utilization", a), v.Steps[0].Utilization, a*(1-pBlock)/c)
			if v.Cases.Arrived.Mean != v.Cases.Completed.Mean+v.Cases.Blocked.Mean {
				t.Errorf("arrived %v != completed %v + blocked %v", v.Cases.Arrived.Mean, v.Cases.Completed.Mean, v.Cases.Blocked.Mean)
			}
		})
	}
}

// TestJacksonTandem checks the end-to-end mean sojourn of a line of three
// M/M/c stations (Jackson: each behaves as an independent M/M/c).
func TestJacksonTandem(t *testing.T) {
	m := parseMap(t, `process: tandem
owners: [{id: a, capacity: 1}, {id: b, capacity: 2}, {id: c, capacity: 3}]
steps:
  - {id: s1, owner: a, duration: {dist: exponential, mean: 1s}, next: [s2]}
  - {id: s2, owner: b, duration: {dist: exponential, mean: 2.5s}, next: [s3]}
  - {id: s3, owner: c, duration: {dist: exponential, mean: 4s}}
`)
	const lambda = 0.7
	sc := &Scenario{Map: m, Arrivals: Arrivals{Rate: lambda}, Horizon: 200000, Warmup: 2000, Replications: 10, Seed: 15}
	v, _ := run(t, sc)
	want := 0.0
	for i, st := range []struct {
		c    int
		mean float64
	}{{1, 1}, {2, 2.5}, {3, 4}} {
		a := lambda * st.mean
		wq := erlangC(st.c, a) / (float64(st.c)/st.mean - lambda)
		agree(t, fmt.Sprintf("tandem station %d Wq", i+1), v.Steps[i].Wait.Mean, wq)
		want += wq + st.mean
	}
	agree(t, "tandem end-to-end W", v.CycleTime.Mean, want)
}

// TestReworkLoop checks a station with 10% rework: the effective arrival
// rate is λ/(1−p), each visit waits as in M/M/c at that rate, and a case
// visits 1/(1−p) times.
func TestReworkLoop(t *testing.T) {
	m := parseMap(t, `process: rework
owners: [{id: team, capacity: 2}, {id: sys}]
steps:
  - {id: work, owner: team, start: true, duration: {dist: exponential, mean: 1s}, next: [check]}
  - id: check
    owner: sys
    automated: true
    next: [{to: work, p: 0.1}, {to: done, p: 0.9}]
  - {id: done, owner: sys, automated: true}
`)
	const lambda, p, c = 1.5, 0.1, 2
	sc := &Scenario{Map: m, Arrivals: Arrivals{Rate: lambda}, Horizon: 200000, Warmup: 2000, Replications: 10, Seed: 16}
	v, vecs := run(t, sc)
	leff := lambda / (1 - p)
	wq := erlangC(c, leff) / (c - leff)
	agree(t, "rework: work Wq at λ/(1−p)", v.Steps[0].Wait.Mean, wq)
	agree(t, "rework: utilization λ/(1−p)/c", v.Steps[0].Utilization, leff/c)
	agree(t, "rework: cycle time (Wq+S)/(1−p)", v.CycleTime.Mean, (wq+1)/(1-p))
	visits := make([]float64, len(vecs))
	l := layoutOf(&model{sc: sc, steps: make([]stepModel, 3)})
	for r, vec := range vecs {
		visits[r] = vec[l.step(0, sCompleted)] / vec[fCompleted]
	}
	agree(t, "rework: visits per case 1/(1−p)", estimate(visits), 1/(1-p))
}

// TestPeakBacklog is a transient check: a 10x peak on a system it
// overloads grows the backlog by about (λ_peak − cμ)·T (fluid approximation),
// and thinning keeps the arrival count right at the peak's edges.
func TestPeakBacklog(t *testing.T) {
	const c, lambda, factor, T = 2, 1.0, 10.0, 1000.0 // μ = 1: cμ = 2, peak λ = 10
	sc := &Scenario{Map: station(t, c, "{dist: exponential, mean: 1s}", 0),
		Arrivals: Arrivals{Rate: lambda, Peaks: []Peak{{Start: 5000, Duration: T, Factor: factor}}},
		Horizon:  20000, Warmup: 1000, Replications: 10, Seed: 17}
	_, vecs := run(t, sc)
	l := layoutOf(&model{sc: sc, steps: make([]stepModel, 1), peaks: sc.Arrivals.Peaks})
	growth := make([]float64, len(vecs))
	for r, v := range vecs {
		growth[r] = v[l.peak(0, pWIPEnd)] - v[l.peak(0, pWIPStart)]
	}
	agree(t, "peak backlog growth (λp−cμ)T", estimate(growth), (lambda*factor-c)*T)
	arrived := estimate(column(vecs, fArrived))
	agree(t, "arrivals in window with peak", arrived, lambda*(20000-1000)+(factor-1)*lambda*T)
	clear := estimate(column(vecs, l.peak(0, pClear)))
	// The backlog drains at cμ − λ = 1 per second.
	if clear == nil || clear.N != len(vecs) {
		t.Fatalf("backlog did not clear in every replication: %+v", clear)
	}
	agree(t, "peak clear time backlog/(cμ−λ)", clear, (lambda*factor-c)*T/(c-lambda))
}

// TestDistributionMoments checks each sampler's mean and variance against
// the parameters, within 4 standard errors computed from the sample.
func TestDistributionMoments(t *testing.T) {
	for _, d := range []mapping.Dist{
		{Kind: mapping.DistExponential, Mean: 300},
		{Kind: mapping.DistLognormal, Mean: 360, SD: 180},
		{Kind: mapping.DistGamma, Mean: 100, SD: 50},
		{Kind: mapping.DistGamma, Mean: 100, SD: 400}, // shape < 1
		{Kind: mapping.DistNormal, Mean: 100, SD: 20},
		{Kind: mapping.DistNormal, Mean: 10, SD: 20}, // truncated at 0
		{Kind: mapping.DistTriangular, Min: 300, Mode: 720, Max: 2400},
		{Kind: mapping.DistUniform, Min: 3600, Max: 28800},
		{Kind: mapping.DistEmpirical, Values: []float64{1, 2, 10}},
		{Kind: mapping.DistConstant, Value: 42},
	} {
		t.Run(d.String(), func(t *testing.T) {
			s, err := newSampler(d, stream(1, 0, "moments"))
			if err != nil {
				t.Fatal(err)
			}
			const n = 200000
			xs := make([]float64, n)
			sum := 0.0
			for i := range xs {
				xs[i] = s.draw()
				if xs[i] < 0 {
					t.Fatalf("negative draw %v", xs[i])
				}
				sum += xs[i]
			}
			mean := sum / n
			m2, m4 := 0.0, 0.0
			for _, x := range xs {
				d2 := (x - mean) * (x - mean)
				m2 += d2
				m4 += d2 * d2
			}
			m2 /= n
			m4 /= n
			wantMean, wantVar := d.MeanSeconds(), variance(d)
			if se := math.Sqrt(m2 / n); math.Abs(mean-wantMean) > 4*se+1e-9 {
				t.Errorf("mean %.4f, want %.4f (se %.4f)", mean, wantMean, se)
			}
			if se := math.Sqrt((m4 - m2*m2) / n); math.Abs(m2-wantVar) > 4*se+1e-9 {
				t.Errorf("variance %.4f, want %.4f (se %.4f)", m2, wantVar, se)
			}
		})
	}
}

// variance of each distribution, from its textbook formula.
func variance(d mapping.Dist) float64 {
	switch d.Kind {
	case mapping.DistExponential:
		return d.Mean * d.Mean
	case mapping.DistLognormal, mapping.DistGamma:
		return d.SD * d.SD
	case mapping.DistNormal: // truncated at 0
		a := -d.Mean / d.SD
		phi := math.Exp(-a*a/2) / math.Sqrt(2*math.Pi)
		z := 1 - 0.5*math.Erfc(-a/math.Sqrt2)
		l := phi / z
		return d.SD * d.SD * (1 + a*l - l*l)
	case mapping.DistTriangular:
		a, b, c := d.Min, d.Max, d.Mode
		return (a*a + b*b + c*c - a*b - a*c - b*c) / 18
	case mapping.DistUniform:
		return (d.Max - d.Min) * (d.Max - d.Min) / 12
	case mapping.DistEmpirical:
		m := d.MeanSeconds()
		v := 0.0
		for _, x := range d.Values {
			v += (x - m) * (x - m)
		}
		return v / float64(len(d.Values))
	}
	return 0
}

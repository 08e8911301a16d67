package calibrate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/flowmap/flowmap/mapping"
)

// maxW1Points bounds the order statistics W1 is computed on.
const maxW1Points = 2000

// empiricalPoints is the number of quantiles an empirical distribution keeps.
const empiricalPoints = 50

// Fit is a fitted distribution with its evidence.
type Fit struct {
	Dist     mapping.Dist
	N        int     // observations
	Distance float64 // W1 between data and Dist, seconds
	Tried    []Candidate
}

// Candidate is one distribution tried and its W1 distance (seconds).
type Candidate struct {
	Kind     string
	Distance float64
}

// Evidence renders the fit for a comment: "lognormal, 797 obs, W1 2.3m;
// tried constant 8m, exponential 4.1m, ...".
func (f Fit) Evidence() string {
	if f.N == 0 {
		return "no observations"
	}
	var tried []string
	for _, c := range f.Tried {
		if c.Kind != f.Dist.Kind {
			tried = append(tried, c.Kind+" "+mapping.FormatSeconds(c.Distance))
		}
	}
	kind := f.Dist.Kind
	s := fmt.Sprintf("%s, %d obs, W1 %s", kind, f.N, mapping.FormatSeconds(f.Distance))
	if len(tried) > 0 {
		s += "; tried " + strings.Join(tried, ", ")
	}
	return s
}

// FitDist fits the durations xs (seconds, ≥ 0) and returns the chosen
// distribution (see the package doc for the rule).
func FitDist(xs []float64) Fit {
	x := append([]float64(nil), xs...)
	sort.Float64s(x)
	n := len(x)
	if n == 0 {
		return Fit{Dist: mapping.Constant(0)}
	}
	mean, sd := moments(x)
	xs = x
	if n > maxW1Points { // W1 on evenly spaced order statistics: the fit does not grow with the log
		xs = make([]float64, maxW1Points)
		for i := range xs {
			xs[i] = x[int((float64(i)+0.5)/maxW1Points*float64(n))]
		}
	}
	var cands []mapping.Dist
	cands = append(cands, mapping.Constant(round4(x[n/2])))
	if sd > 0 {
		cands = append(cands,
			mapping.Dist{Kind: mapping.DistUniform, Min: round4(x[0]), Max: round4(x[n-1])},
			mapping.Dist{Kind: mapping.DistExponential, Mean: round4(mean)},
			mapping.Dist{Kind: mapping.DistNormal, Mean: round4(mean), SD: round4(sd)},
			mapping.Dist{Kind: mapping.DistGamma, Mean: round4(mean), SD: round4(sd)},
			mapping.Dist{Kind: mapping.DistLognormal, Mean: round4(mean), SD: round4(sd)},
			empirical(x))
	}
	f := Fit{N: n}
	best := math.Inf(1)
	dists := make([]float64, len(cands))
	for i, c := range cands {
		if c.Kind == mapping.DistUniform && !(c.Min < c.Max) || c.Kind != mapping.DistConstant && c.Kind != mapping.DistEmpirical && c.Kind != mapping.DistUniform && !(c.Mean > 0) {
			dists[i] = math.Inf(1)
			continue
		}
		dists[i] = W1(xs, quantile(c))
		best = math.Min(best, dists[i])
		f.Tried = append(f.Tried, Candidate{c.Kind, dists[i]})
	}
	for i, c := range cands {
		if dists[i] <= best*1.1+1e-9 {
			f.Dist, f.Distance = c, dists[i]
			break
		}
	}
	return f
}

// W1 is the Wasserstein distance between the sorted sample x and the
// distribution with quantile function q.
func W1(x []float64, q func(u float64) float64) float64 {
	n := float64(len(x))
	s := 0.0
	for i, v := range x {
		s += math.Abs(v - q((float64(i)+0.5)/n))
	}
	return s / n
}

func moments(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	if len(x) > 1 {
		sd = math.Sqrt(sd / float64(len(x)-1))
	}
	return mean, sd
}

// empirical keeps empiricalPoints quantiles of the sorted sample x (all of
// x when it is smaller).
func empirical(x []float64) mapping.Dist {
	k := min(empiricalPoints, len(x))
	vs := make([]float64, k)
	for i := range vs {
		vs[i] = round4(x[int((float64(i)+0.5)/float64(k)*float64(len(x)))])
	}
	return mapping.Dist{Kind: mapping.DistEmpirical, Values: vs}
}

// round4 rounds seconds to 4 significant digits (at least to the
// millisecond), so the scenario reads well.
func round4(s float64) float64 {
	if !(s > 0) {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(s, 'g', 4, 64), 64)
	return math.Round(v*1000) / 1000
}

// quantile returns the quantile function of d as the simulator draws it
// (the normal is truncated at 0).
func quantile(d mapping.Dist) func(u float64) float64 {
	norm := distuv.UnitNormal
	switch d.Kind {
	case mapping.DistConstant, "":
		return func(float64) float64 { return d.Value }
	case mapping.DistUniform:
		return func(u float64) float64 { return d.Min + u*(d.Max-d.Min) }
	case mapping.DistExponential:
		return func(u float64) float64 { return -d.Mean * math.Log1p(-u) }
	case mapping.DistNormal:
		if d.SD == 0 {
			return func(float64) float64 { return d.Mean }
		}
		lo := norm.CDF(-d.Mean / d.SD)
		return func(u float64) float64 { return d.Mean + d.SD*norm.Quantile(lo+u*(1-lo)) }
	case mapping.DistLognormal:
		s2 := math.Log1p(d.SD * d.SD / (d.Mean * d.Mean))
		mu, sig := math.Log(d.Mean)-s2/2, math.Sqrt(s2)
		return func(u float64) float64 { return math.Exp(mu + sig*norm.Quantile(u)) }
	case mapping.DistGamma:
		g := distuv.Gamma{Alpha: d.Mean * d.Mean / (d.SD * d.SD), Beta: d.Mean / (d.SD * d.SD)}
		return g.Quantile
	case mapping.DistEmpirical:
		return func(u float64) float64 { return d.Values[min(int(u*float64(len(d.Values))), len(d.Values)-1)] }
	}
	return func(float64) float64 { return 0 }
}

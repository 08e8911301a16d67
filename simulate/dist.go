package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/flowmap/flowmap/mapping"
)

// Sampler kinds, a switch instead of an interface so that a draw is a
// direct call without boxing.
const (
	kConst uint8 = iota
	kExp
	kLognormal
	kGamma
	kNormal
	kTriangular
	kUniform
	kEmpirical
)

// sampler draws durations (seconds) of one mapping.Dist from one stream.
// Parameters are converted once from the moments a map file gives:
//
//   - lognormal: sigma² = ln(1 + sd²/mean²), mu = ln(mean) − sigma²/2, so the
//     draws have the given mean and sd (not those of their logarithm);
//   - gamma: shape k = mean²/sd², rate β = mean/sd² (distuv.Gamma.Beta is a
//     rate, not a scale);
//   - normal: N(mean, sd) truncated at 0 by rejection (redraw negatives);
//   - triangular and uniform: min, mode, max as given;
//   - empirical: each value with equal probability.
type sampler struct {
	kind    uint8
	a, b, c float64 // kind-specific parameters
	values  []float64
	gamma   distuv.Gamma
	r       *rand.Rand
}

// newSampler prepares d for draws from r. It returns an error for
// parameters no distribution has (a map read by mapping has been checked
// already; maps built in code may not be).
func newSampler(d mapping.Dist, r *rand.Rand) (sampler, error) {
	s := sampler{r: r}
	bad := func(format string, args ...any) (sampler, error) {
		return sampler{}, fmt.Errorf("%s duration: "+format, append([]any{d.Kind}, args...)...)
	}
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	switch d.Kind {
	case "", mapping.DistConstant:
		if !finite(d.Value) {
			return bad("value must be a non-negative duration")
		}
		s.kind, s.a = kConst, d.Value
	case mapping.DistExponential:
		if !finite(d.Mean) || d.Mean <= 0 {
			return bad("needs mean > 0")
		}
		s.kind, s.a = kExp, d.Mean
	case mapping.DistLognormal:
		if !finite(d.Mean, d.SD) || d.Mean <= 0 || d.SD <= 0 {
			return bad("needs mean > 0 and sd > 0")
		}
		sigma2 := math.Log1p(d.SD * d.SD / (d.Mean * d.Mean))
		s.kind, s.a, s.b = kLognormal, math.Log(d.Mean)-sigma2/2, math.Sqrt(sigma2)
	case mapping.DistGamma:
		if !finite(d.Mean, d.SD) || d.Mean <= 0 || d.SD <= 0 {
			return bad("needs mean > 0 and sd > 0")
		}
		s.kind = kGamma
		s.gamma = distuv.Gamma{Alpha: d.Mean * d.Mean / (d.SD * d.SD), Beta: d.Mean / (d.SD * d.SD), Src: r}
	case mapping.DistNormal:
		if !finite(d.Mean, d.SD) {
			return bad("needs mean >= 0 and sd >= 0")
		}
		if d.SD > 0 && d.Mean/d.SD < -5 {
			return bad("mean %s is too far below 0 for sd %s: almost every draw would be rejected", mapping.FormatSeconds(d.Mean), mapping.FormatSeconds(d.SD))
		}
		s.kind, s.a, s.b = kNormal, d.Mean, d.SD
	case mapping.DistTriangular:
		if !finite(d.Min, d.Mode, d.Max) || !(d.Min <= d.Mode && d.Mode <= d.Max && d.Min < d.Max) {
			return bad("needs 0 <= min <= mode <= max and min < max")
		}
		s.kind, s.a, s.b, s.c = kTriangular, d.Min, d.Mode, d.Max
	case mapping.DistUniform:
		if !finite(d.Min, d.Max) || !(d.Min < d.Max) {
			return bad("needs 0 <= min < max")
		}
		s.kind, s.a, s.b = kUniform, d.Min, d.Max
	case mapping.DistEmpirical:
		if len(d.Values) == 0 || !finite(d.Values...) {
			return bad("needs at least one non-negative value")
		}
		s.kind, s.values = kEmpirical, d.Values
	default:
		return sampler{}, fmt.Errorf("unknown distribution %q", d.Kind)
	}
	return s, nil
}

// draw returns one duration in seconds.
func (s *sampler) draw() float64 {
	switch s.kind {
	case kConst:
		return s.a
	case kExp:
		return s.r.ExpFloat64() * s.a
	case kLognormal:
		return math.Exp(s.a + s.b*s.r.NormFloat64())
	case kGamma:
		return s.gamma.Rand()
	case kNormal:
		for {
			if x := s.a + s.b*s.r.NormFloat64(); x >= 0 {
				return x
			}
		}
	case kTriangular:
		// Inverse CDF.
		u := s.r.Float64()
		lo, mode, hi := s.a, s.b, s.c
		f := (mode - lo) / (hi - lo)
		if u < f {
			return lo + math.Sqrt(u*(hi-lo)*(mode-lo))
		}
		return hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
	case kUniform:
		return s.a + (s.b-s.a)*s.r.Float64()
	case kEmpirical:
		return s.values[s.r.IntN(len(s.values))]
	}
	return 0
}

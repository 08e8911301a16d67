package mapping

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Dist is a duration estimate: a constant or a distribution. All parameters
// are in seconds and describe the duration itself (for lognormal, mean and sd
// are those of the duration, not of its logarithm).
type Dist struct {
	Kind   string    // "" or "constant", "exponential", "lognormal", "gamma", "normal", "triangular", "uniform", "empirical"
	Value  float64   // constant
	Mean   float64   // exponential, lognormal, gamma, normal
	SD     float64   // lognormal, gamma, normal
	Min    float64   // triangular, uniform
	Mode   float64   // triangular
	Max    float64   // triangular, uniform
	Values []float64 // empirical
}

// Dist kinds.
const (
	DistConstant    = "constant"
	DistExponential = "exponential"
	DistLognormal   = "lognormal"
	DistGamma       = "gamma"
	DistNormal      = "normal"
	DistTriangular  = "triangular"
	DistUniform     = "uniform"
	DistEmpirical   = "empirical"
)

// DistKinds lists the distribution names a map file accepts.
var DistKinds = []string{DistConstant, DistExponential, DistLognormal, DistGamma, DistNormal, DistTriangular, DistUniform, DistEmpirical}

// Constant returns a constant duration of s seconds.
func Constant(s float64) Dist { return Dist{Kind: DistConstant, Value: s} }

// MeanSeconds is the expected duration in seconds. For the normal
// distribution truncated at 0 it is the mean of the truncated distribution.
func (d Dist) MeanSeconds() float64 {
	switch d.Kind {
	case "", DistConstant:
		return d.Value
	case DistExponential, DistLognormal, DistGamma:
		return d.Mean
	case DistNormal:
		if d.SD == 0 {
			return math.Max(d.Mean, 0)
		}
		// Mean of N(mu, sd) truncated to [0, inf).
		a := -d.Mean / d.SD
		phi := math.Exp(-a*a/2) / math.Sqrt(2*math.Pi)
		z := 1 - 0.5*math.Erfc(-a/math.Sqrt2)
		if z <= 0 {
			return 0
		}
		return d.Mean + d.SD*phi/z
	case DistTriangular:
		return (d.Min + d.Mode + d.Max) / 3
	case DistUniform:
		return (d.Min + d.Max) / 2
	case DistEmpirical:
		if len(d.Values) == 0 {
			return 0
		}
		s := 0.0
		for _, v := range d.Values {
			s += v
		}
		return s / float64(len(d.Values))
	}
	return 0
}

// String renders the estimate compactly, e.g. "12m" or "tri(5m, 12m, 40m)".
func (d Dist) String() string {
	f := FormatSeconds
	switch d.Kind {
	case "", DistConstant:
		return f(d.Value)
	case DistExponential:
		return "exp(mean " + f(d.Mean) + ")"
	case DistLognormal, DistGamma, DistNormal:
		return d.Kind + "(mean " + f(d.Mean) + ", sd " + f(d.SD) + ")"
	case DistTriangular:
		return "tri(" + f(d.Min) + ", " + f(d.Mode) + ", " + f(d.Max) + ")"
	case DistUniform:
		return "uniform(" + f(d.Min) + ", " + f(d.Max) + ")"
	case DistEmpirical:
		return fmt.Sprintf("empirical(%d values, mean %s)", len(d.Values), f(d.MeanSeconds()))
	}
	return d.Kind
}

// check returns a problem with the parameters, or "".
func (d Dist) check() string {
	neg := func(name string, v float64) string {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprintf("%s duration %s: %s must be a non-negative duration", d.Kind, FormatSeconds(v), name)
		}
		return ""
	}
	switch d.Kind {
	case "", DistConstant:
		return neg("value", d.Value)
	case DistExponential:
		if d.Mean <= 0 {
			return "exponential duration needs mean > 0"
		}
	case DistLognormal, DistGamma:
		if d.Mean <= 0 {
			return d.Kind + " duration needs mean > 0"
		}
		if d.SD <= 0 {
			return d.Kind + " duration needs sd > 0 (use a constant for no variation)"
		}
	case DistNormal:
		if m := neg("mean", d.Mean); m != "" {
			return m
		}
		if d.SD < 0 {
			return "normal duration needs sd >= 0"
		}
	case DistTriangular:
		if m := neg("min", d.Min); m != "" {
			return m
		}
		if !(d.Min <= d.Mode && d.Mode <= d.Max) {
			return fmt.Sprintf("triangular duration needs min <= mode <= max (got %s, %s, %s)", FormatSeconds(d.Min), FormatSeconds(d.Mode), FormatSeconds(d.Max))
		}
		if d.Min == d.Max {
			return "triangular duration needs min < max (use a constant for no variation)"
		}
	case DistUniform:
		if m := neg("min", d.Min); m != "" {
			return m
		}
		if !(d.Min < d.Max) {
			return fmt.Sprintf("uniform duration needs min < max (got %s, %s)", FormatSeconds(d.Min), FormatSeconds(d.Max))
		}
	case DistEmpirical:
		if len(d.Values) == 0 {
			return "empirical duration needs at least one value"
		}
		for _, v := range d.Values {
			if m := neg("every value", v); m != "" {
				return m
			}
		}
	}
	return ""
}

// ParseDuration reads a duration with units: "90s", "10m", "1.5h", "2d",
// "1h30m". A bare number is an error: units are mandatory in map files.
func ParseDuration(s string) (time.Duration, error) {
	secs, err := ParseSeconds(s)
	if err != nil {
		return 0, err
	}
	return time.Duration(math.Round(secs * 1e9)), nil
}

// ParseSeconds is ParseDuration returning float seconds.
func ParseSeconds(s string) (float64, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration; write e.g. 90s, 10m, 1.5h or 2d")
	}
	if _, err := strconv.ParseFloat(in, 64); err == nil {
		return 0, fmt.Errorf("duration %q has no unit; write e.g. %ss, %sm or %sh", s, in, in, in)
	}
	if strings.Contains(in, ",") {
		if _, err := ParseSeconds(strings.ReplaceAll(in, ",", ".")); err == nil {
			return 0, fmt.Errorf("duration %q: use a decimal point: %s", s, strings.ReplaceAll(in, ",", "."))
		}
	}
	rest := in
	neg := false
	if strings.HasPrefix(rest, "-") {
		neg, rest = true, rest[1:]
	}
	total := 0.0
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] == '.' || rest[i] >= '0' && rest[i] <= '9') {
			i++
		}
		// An exponent: 1e-3s, 2.5E2m.
		if j := i + 1; i > 0 && j < len(rest) && (rest[i] == 'e' || rest[i] == 'E') {
			if rest[j] == '-' || rest[j] == '+' {
				j++
			}
			if j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				for i = j; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
				}
			}
		}
		if i == 0 {
			return 0, fmt.Errorf("bad duration %q; write e.g. 90s, 10m, 1.5h or 2d", s)
		}
		num, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("bad duration %q; write e.g. 90s, 10m, 1.5h or 2d", s)
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') && rest[j] != '.' {
			j++
		}
		unit := strings.TrimSpace(rest[:j])
		rest = strings.TrimSpace(rest[j:])
		var mult float64
		if unit == "M" || strings.HasPrefix(strings.ToLower(unit), "mo") {
			return 0, fmt.Errorf("duration %q: months are not a unit (they differ in length); write days (30d) or weeks; minutes are m or min", s)
		}
		switch strings.ToLower(unit) {
		case "ms":
			mult = 0.001
		case "s", "sec", "secs", "second", "seconds":
			mult = 1
		case "m", "min", "mins", "minute", "minutes":
			mult = 60
		case "h", "hr", "hrs", "hour", "hours":
			mult = 3600
		case "d", "day", "days":
			mult = 86400
		case "w", "wk", "week", "weeks":
			mult = 7 * 86400
		case "":
			return 0, fmt.Errorf("duration %q has a number without a unit (s, m, h or d)", s)
		default:
			return 0, fmt.Errorf("duration %q has unknown unit %q; use s, m, h or d", s, unit)
		}
		total += num * mult
	}
	if neg {
		total = -total
	}
	if math.IsInf(total, 0) || math.IsNaN(total) || math.Abs(total) > 1e12 {
		return 0, fmt.Errorf("duration %q is out of range", s)
	}
	return total, nil
}

// FormatSeconds renders seconds compactly with the largest fitting unit:
// 90 → "1.5m", 3600 → "1h", 0.5 → "0.5s".
func FormatSeconds(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return fmt.Sprint(s)
	}
	a := math.Abs(s)
	unit, div := "s", 1.0
	switch {
	case a >= 86400:
		unit, div = "d", 86400
	case a >= 3600:
		unit, div = "h", 3600
	case a >= 60:
		unit, div = "m", 60
	}
	return strconv.FormatFloat(math.Round(s/div*100)/100, 'f', -1, 64) + unit
}

// Package format renders numbers for people: durations, shares and counts.
// It is the only place flowmap decides how a figure reads, so the terminal,
// the workbook, the diagrams and the sentences of the analysis all agree.
//
// Where two outputs have always read a figure differently, the difference
// has a name here (DurationSymmetric beside Duration, PercentStrict beside
// Percent, CountHalfEven beside Count) rather than a private copy in the
// renderer that needs it.
package format

import (
	"math"
	"strconv"
	"strings"
)

// Duration renders seconds for people: "45 s", "12 min", "6.2 h", "3.5 d".
// Values under 10 of their unit keep one decimal; so do all negative values
// ("-15.3 h"), see DurationSymmetric.
func Duration(sec float64) string {
	unit, div := Unit(sec)
	v := sec / div
	if v >= 10 {
		return whole(v) + " " + unit
	}
	return tenths(v) + " " + unit
}

// DurationSymmetric is Duration rounded by magnitude, so that a negative
// value reads like its positive twin: -15.3 h is "-15 h" (Duration: "-15.3 h").
// The simulation summary uses it for differences between variants.
func DurationSymmetric(sec float64) string {
	unit, div := Unit(sec)
	return amount(sec/div) + " " + unit
}

// DurationWithMinus is Duration with a minus sign (U+2212) instead of a
// hyphen for negative values: "−3.1 h".
func DurationWithMinus(sec float64) string {
	if sec < 0 {
		return "−" + Duration(-sec)
	}
	return Duration(sec)
}

// DurationRange renders two durations in the unit of the larger magnitude,
// rounded like DurationSymmetric: "2.4 – 3.8 h" with sep " – ". With signed,
// each end carries its sign as Signed writes it: "−3.8 to −2.4 h".
func DurationRange(lo, hi float64, signed bool, sep string) string {
	unit, div := Unit(math.Max(math.Abs(lo), math.Abs(hi)))
	n := func(v float64) string {
		s := amount(v / div)
		if signed {
			return Signed(v, s)
		}
		return s
	}
	return n(lo) + sep + n(hi) + " " + unit
}

// Unit picks the unit a duration reads best in — "d", "h", "min" or "s" —
// and returns it with its length in seconds.
func Unit(sec float64) (unit string, seconds float64) {
	switch a := math.Abs(sec); {
	case a >= 86400:
		return "d", 86400
	case a >= 3600:
		return "h", 3600
	case a >= 60:
		return "min", 60
	}
	return "s", 1
}

// amount renders a value in its unit: whole from a magnitude of 10, else
// one decimal.
func amount(v float64) string {
	if math.Abs(v) >= 10 {
		return whole(v)
	}
	return tenths(v)
}

func whole(v float64) string  { return strconv.FormatFloat(math.Round(v), 'f', -1, 64) }
func tenths(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// Thousands renders a count with thousands separators: 12345 → "12,345".
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural writes a count with its noun: "1 case", "2,392 cases", "1 activity",
// "2 system switches".
func Plural(n int, noun string) string {
	if n != 1 {
		noun = PluralNoun(noun)
	}
	return Thousands(n) + " " + noun
}

// PluralNoun returns the English plural of a noun by the regular rules: s,
// x, z, ch and sh take "es"; a consonant before y makes "ies"; else "s".
func PluralNoun(noun string) string {
	lower := strings.ToLower(noun)
	switch {
	case strings.HasSuffix(lower, "s"), strings.HasSuffix(lower, "x"), strings.HasSuffix(lower, "z"),
		strings.HasSuffix(lower, "ch"), strings.HasSuffix(lower, "sh"):
		return noun + "es"
	case strings.HasSuffix(lower, "y") && len(lower) > 1 && !strings.ContainsRune("aeiou", rune(lower[len(lower)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}

// Percent renders a share as "41%" (or "0.4%" below 1%).
func Percent(share float64) string {
	p := share * 100
	if p > 0 && p < 1 {
		return tenths(p) + "%"
	}
	return whole(p) + "%"
}

// PercentStrict renders a share like Percent, except that between 0% and 1%
// and between 99% and 100% it keeps one decimal rounded down, so that a
// share just under 1 never reads "100%" ("99.9%", "0.4%").
func PercentStrict(share float64) string {
	if v := share * 100; v > 99 && v < 100 || v > 0 && v < 1 {
		return strconv.FormatFloat(math.Floor(v*10)/10, 'f', -1, 64) + "%"
	}
	return whole(share*100) + "%"
}

// Points renders a difference of two shares in percentage points, to one
// decimal: 0.123 → "12.3 pts".
func Points(diff float64) string {
	return strconv.FormatFloat(math.Round(diff*1000)/10, 'f', -1, 64) + " pts"
}

// Probability renders a branch probability as a share: "97%", "2.5%"
// (one decimal below 10% unless whole).
func Probability(p float64) string {
	v := p * 100
	if v >= 10 || v == float64(int(v)) {
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

// Number renders a measured quantity such as a mean: whole from 100, else
// one decimal ("78.7", "296").
func Number(v float64) string {
	if math.Abs(v) >= 100 {
		return whole(v)
	}
	return tenths(v)
}

// Count renders a mean count as a whole number, halves rounded away from
// zero ("37" for 36.5). No thousands separators.
func Count(v float64) string { return whole(v) }

// CountHalfEven renders a mean count as a whole number, halves rounded to
// even as fmt's %.0f does ("36" for 36.5). The workbook's sentences use it.
func CountHalfEven(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// OneDecimal renders v with at most one decimal and no trailing zero:
// "2", "2.5" (rounded as fmt's %.1f).
func OneDecimal(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v, 'f', 1, 64), "0"), ".")
}

// Rate renders an arrival rate given per second in the unit that reads
// best, to two decimals: "8 per minute", "1.4 per hour", "3 per day".
func Rate(perSec float64) string {
	hundredths := func(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
	switch h := perSec * 3600; {
	case h >= 600:
		return hundredths(perSec*60) + " per minute"
	case h >= 1:
		return hundredths(h) + " per hour"
	default:
		return hundredths(h*24) + " per day"
	}
}

// Factor renders a multiplier exactly as given: "x10", "x1.5".
func Factor(f float64) string { return "x" + strconv.FormatFloat(f, 'f', -1, 64) }

// Signed puts a sign on s, the formatted magnitude of v: "−" (a minus
// sign, U+2212), "+", or "±" when s reads as zero ("±0 h").
func Signed(v float64, s string) string {
	s = strings.TrimPrefix(s, "-")
	if f, err := strconv.ParseFloat(strings.Fields(s + " x")[0], 64); err == nil && f == 0 {
		return "±" + s
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

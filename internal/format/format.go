// Package format renders numbers for people: durations, shares and counts.
// It is the only place flowmap decides how a figure reads, so the terminal,
// the workbook, the diagrams and the sentences of the analysis all agree.
package format

import (
	"math"
	"strconv"
)

// Duration renders seconds for people: "45 s", "12 min", "6.2 h", "3.5 d".
// Values under 10 of their unit keep one decimal.
func Duration(sec float64) string {
	a := math.Abs(sec)
	f := func(v float64, unit string) string {
		if v >= 10 {
			return strconv.FormatFloat(math.Round(v), 'f', -1, 64) + " " + unit
		}
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + unit
	}
	switch {
	case a >= 86400:
		return f(sec/86400, "d")
	case a >= 3600:
		return f(sec/3600, "h")
	case a >= 60:
		return f(sec/60, "min")
	}
	return f(sec, "s")
}

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

// Percent renders a share as "41%" (or "0.4%" below 1%).
func Percent(share float64) string {
	p := share * 100
	if p > 0 && p < 1 {
		return strconv.FormatFloat(math.Round(p*10)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', -1, 64) + "%"
}

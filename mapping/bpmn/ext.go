package bpmn

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/mapping"
)

// Values BPMN has no element for are written as attributes of elements in
// the flowmap namespace, in the map file's own notation (durations with a
// unit, dates as 2026-12-25), so a reader of the BPMN file can read them:
//
//	<flowmap:map sla="48h" holidays="2026-12-25 2026-12-26"/>        (process)
//	<flowmap:owner id="warehouse" capacity="4" calendar="Mon-Fri 08:00-17:00" external="true"/> (lane)
//	<flowmap:system id="wms"/>                                        (dataStoreReference)
//	<flowmap:step id="pick" system="wms" capacity="2" queueLimit="50" sla="8h" automated="true">
//	  <flowmap:duration dist="triangular" min="5m" mode="12m" max="40m"/>
//	  <flowmap:logName>Picked</flowmap:logName>
//	</flowmap:step>                                                   (task or gateway)
//	<flowmap:branch p="0.97"/>                                        (sequenceFlow)
//	<flowmap:split step="pick"/>     (a gateway flowmap inserted after a step with several next)

// durationText writes seconds as the shortest text with a unit (s, m, h,
// d) that reads back as exactly the same number.
func durationText(sec float64) string {
	best := strconv.FormatFloat(sec, 'f', -1, 64) + "s"
	for _, u := range []struct {
		unit string
		div  float64
	}{{"m", 60}, {"h", 3600}, {"d", 86400}} {
		t := strconv.FormatFloat(sec/u.div, 'f', -1, 64) + u.unit
		if back, err := mapping.ParseSeconds(t); err == nil && back == sec && len(t) < len(best) {
			best = t
		}
	}
	return best
}

// distAttrs returns the attributes of a flowmap:duration element.
func distAttrs(d mapping.Dist) []string {
	f := durationText
	a := []string{"dist", d.Kind}
	switch d.Kind {
	case mapping.DistConstant:
		a = append(a, "value", f(d.Value))
	case mapping.DistExponential:
		a = append(a, "mean", f(d.Mean))
	case mapping.DistLognormal, mapping.DistGamma, mapping.DistNormal:
		a = append(a, "mean", f(d.Mean), "sd", f(d.SD))
	case mapping.DistTriangular:
		a = append(a, "min", f(d.Min), "mode", f(d.Mode), "max", f(d.Max))
	case mapping.DistUniform:
		a = append(a, "min", f(d.Min), "max", f(d.Max))
	case mapping.DistEmpirical:
		vs := make([]string, len(d.Values))
		for i, v := range d.Values {
			vs[i] = f(v)
		}
		a = append(a, "values", strings.Join(vs, " "))
	}
	return a
}

// parseDist reads a flowmap:duration element.
func parseDist(n *node) (mapping.Dist, error) {
	d := mapping.Dist{Kind: n.attr("dist")}
	sec := func(key string) (float64, error) {
		v, err := mapping.ParseSeconds(n.attr(key))
		if err != nil {
			return 0, fmt.Errorf("duration %s: %v", key, err)
		}
		return v, nil
	}
	var err error
	set := func(dst *float64, key string) {
		if err == nil {
			*dst, err = sec(key)
		}
	}
	switch d.Kind {
	case mapping.DistConstant:
		set(&d.Value, "value")
	case mapping.DistExponential:
		set(&d.Mean, "mean")
	case mapping.DistLognormal, mapping.DistGamma, mapping.DistNormal:
		set(&d.Mean, "mean")
		set(&d.SD, "sd")
	case mapping.DistTriangular:
		set(&d.Min, "min")
		set(&d.Mode, "mode")
		set(&d.Max, "max")
	case mapping.DistUniform:
		set(&d.Min, "min")
		set(&d.Max, "max")
	case mapping.DistEmpirical:
		for _, t := range strings.Fields(n.attr("values")) {
			v, e := mapping.ParseSeconds(t)
			if e != nil {
				return d, fmt.Errorf("duration values: %v", e)
			}
			d.Values = append(d.Values, v)
		}
	default:
		return d, fmt.Errorf("duration dist %q: expected one of %s", d.Kind, strings.Join(mapping.DistKinds, ", "))
	}
	return d, err
}

// datesText writes dates separated by spaces.
func datesText(ds []mapping.Date) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return strings.Join(parts, " ")
}

// parseDates reads dates separated by spaces.
func parseDates(s string) ([]mapping.Date, error) {
	var out []mapping.Date
	for _, f := range strings.Fields(s) {
		d, err := mapping.ParseDate(f)
		if err != nil {
			return nil, fmt.Errorf("holidays: %v", err)
		}
		out = append(out, d)
	}
	return out, nil
}

// itoaPos writes a positive number, "" for zero (attribute left out).
func itoaPos(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// boolAttr writes "true", "" for false (attribute left out).
func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// secondsAttr writes a duration, "" for zero (attribute left out).
func secondsAttr(sec float64) string {
	if sec <= 0 {
		return ""
	}
	return durationText(sec)
}

package table

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// A Duration cell is read the way a map file reads a duration: its text is
// handed to mapping's own decoder, so a table and a YAML map accept the
// same durations and refuse the rest with the same messages.

// distForms name the distributions a Duration cell may hold, with the
// parameters each takes in order.
var distForms = []struct {
	names []string
	kind  string
	keys  []string
}{
	{[]string{"tri", "triangular"}, mapping.DistTriangular, []string{"min", "mode", "max"}},
	{[]string{"uniform"}, mapping.DistUniform, []string{"min", "max"}},
	{[]string{"exp", "exponential"}, mapping.DistExponential, []string{"mean"}},
	{[]string{"lognormal"}, mapping.DistLognormal, []string{"mean", "sd"}},
	{[]string{"normal"}, mapping.DistNormal, []string{"mean", "sd"}},
	{[]string{"gamma"}, mapping.DistGamma, []string{"mean", "sd"}},
}

const durationHint = "write e.g. 12m, tri(5m, 12m, 40m), uniform(1h, 8h), exp(10m) or lognormal(6m, 3m)"

var callRe = regexp.MustCompile(`^([A-Za-z]+)\s*\((.*)\)$`)

// parseDist reads a Duration cell: "12m" or "tri(5m, 12m, 40m)". The
// message is "" when the cell is good.
func parseDist(s string) (mapping.Dist, string) {
	m := callRe.FindStringSubmatch(s)
	if m == nil {
		return decodeDist(yamlpos.Quote(s))
	}
	name := strings.ToLower(m[1])
	var names []string
	for _, f := range distForms {
		names = append(names, f.names...)
		for _, n := range f.names {
			if n != name {
				continue
			}
			args := strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == ';' })
			if len(args) != len(f.keys) {
				return mapping.Dist{}, fmt.Sprintf("%s takes %d durations: %s(%s), found %d", name, len(f.keys), name, strings.Join(f.keys, ", "), len(args))
			}
			kv := []string{"dist: " + f.kind}
			for i, a := range args {
				a = strings.TrimSpace(a)
				// "mean 6m" or "mean: 6m" name the parameter in its place.
				if k, v, ok := strings.Cut(a, " "); ok && strings.TrimSuffix(strings.ToLower(k), ":") == f.keys[i] {
					a = strings.TrimSpace(v)
				}
				kv = append(kv, f.keys[i]+": "+yamlpos.Quote(a))
			}
			return decodeDist("{" + strings.Join(kv, ", ") + "}")
		}
	}
	return mapping.Dist{}, fmt.Sprintf("unknown distribution %q%s; %s", m[1], mapping.Suggest(name, names), durationHint)
}

// decodeDist decodes YAML text built from a cell with mapping's decoder.
func decodeDist(src string) (mapping.Dist, string) {
	root, err := yamlpos.Parse("cell", []byte(src))
	if err != nil {
		return mapping.Dist{}, "bad duration; " + durationHint
	}
	d := &yamlpos.Decoder{}
	dist, ok := mapping.DecodeYAMLDist(d, root, "duration")
	if len(d.Errs) > 0 {
		return mapping.Dist{}, d.Errs[0].Msg
	}
	if !ok {
		return mapping.Dist{}, "bad duration; " + durationHint
	}
	return dist, ""
}

// parseSeconds reads a target time (SLA): a duration longer than 0.
func parseSeconds(s string) (float64, string) {
	root, err := yamlpos.Parse("cell", []byte(yamlpos.Quote(s)))
	if err != nil {
		return 0, "bad duration; write e.g. 4h or 2d"
	}
	d := &yamlpos.Decoder{}
	v, ok := mapping.DecodeYAMLSeconds(d, root, "sla")
	switch {
	case len(d.Errs) > 0:
		return 0, d.Errs[0].Msg
	case !ok:
		return 0, "bad duration; write e.g. 4h or 2d"
	case v == 0:
		return 0, "sla: must be longer than 0s"
	}
	return v, ""
}

// parseBool reads a yes/no cell; empty is no.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "n", "false", "0", "-":
		return false, true
	case "yes", "y", "true", "1", "x", "✓", "✔":
		return true, true
	}
	return false, false
}

// parseCapacity reads an owner's Capacity cell: empty (unlimited) or a
// whole number from 1 to mapping.MaxCapacity.
func parseCapacity(s string) (int, string) {
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".0"))
	if err != nil || n < 1 || n > mapping.MaxCapacity {
		return 0, fmt.Sprintf("capacity: expected a whole number from 1 to %d (people working in parallel; leave it empty for unlimited), found %q", mapping.MaxCapacity, s)
	}
	return n, ""
}

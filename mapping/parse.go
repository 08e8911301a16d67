package mapping

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/flowmap/flowmap/internal/yamlpos"
)

// MaxFileSize bounds the size of a map file. Workshop maps are a few
// kilobytes; the bound keeps hostile input from using unbounded memory.
const MaxFileSize = yamlpos.MaxFileSize

// Keys accepted in a map file, by context.
var (
	mapKeys    = []string{"process", "description", "unit", "sla", "holidays", "owners", "systems", "steps"}
	ownerKeys  = []string{"id", "name", "capacity", "calendar", "holidays", "external", "description"}
	systemKeys = []string{"id", "name", "description"}
	stepKeys   = []string{"id", "name", "owner", "system", "automated", "decision", "start", "duration",
		"delay", "capacity", "queue_limit", "log_names", "sla", "next", "parallel", "description"}
	edgeKeys = []string{"to", "p", "label"}
	distKeys = []string{"dist", "value", "mean", "sd", "min", "mode", "max", "values"}
)

// ReadFile reads, parses and validates a map file.
// A file whose extension has a registered reader (RegisterFormat) is read
// by it.
func ReadFile(path string) (*Map, error) {
	if read, ok := formatReader(path); ok {
		return read(path)
	}
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// ReadSource reads a map or scenario file, at most MaxFileSize+1 bytes:
// Parse refuses a longer file with a message, and an endless input
// (/dev/zero, a pipe) costs no more.
func ReadSource(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return src, nil
}

// Parse parses and validates a map. file names the source in messages. The
// returned error is an ErrorList with every problem found; the map is
// returned too when it could be built, so callers can still inspect it.
func Parse(file string, src []byte) (*Map, error) {
	root, err := yamlpos.Parse(file, src)
	if err != nil {
		return nil, err
	}
	d := &yamlpos.Decoder{File: file}
	m := DecodeYAMLMap(d, root, nil)
	errs := d.Errs
	if m != nil {
		errs = append(errs, m.validate()...)
	}
	if err := errs.Err(); err != nil {
		return m, err
	}
	return m, nil
}

// DecodeYAMLSeconds reads a duration with a unit, in seconds, from a YAML
// node. With DecodeYAMLMap and DecodeYAMLDist it lets flowmap's other YAML
// formats (scenarios, --set values) read map values the way map files do;
// its parameters are of an internal package, so only flowmap's packages can
// call it.
func DecodeYAMLSeconds(d *yamlpos.Decoder, n yamlpos.Node, what string) (float64, bool) {
	n = n.Untagged()
	if n.IsNumber() {
		d.Errorf(n, "%s: duration %s has no unit; write e.g. %sm or %sh", what, n.Text(), n.Text(), n.Text())
		return 0, false
	}
	s, ok := d.String(n, what)
	if !ok {
		return 0, false
	}
	v, err := ParseSeconds(s)
	if err != nil {
		d.Errorf(n, "%s: %v", what, err)
		return 0, false
	}
	if v < 0 {
		d.Errorf(n, "%s: duration %q is negative", what, s)
		return 0, false
	}
	if v > MaxDurationSeconds {
		d.Errorf(n, "%s: duration %q is longer than 100 years", what, s)
		return 0, false
	}
	return v, true
}

// DecodeYAMLCapacity reads a pool's servers: a whole number from 1 to
// MaxCapacity. what names the owner or step ("owner warehouse"); hint
// follows the message.
func DecodeYAMLCapacity(d *yamlpos.Decoder, n yamlpos.Node, what, hint string) (int, bool) {
	return d.IntIn(n, what+" capacity", capacityRule, hint, 1, MaxCapacity)
}

// DecodeYAMLQueueLimit reads a step's queue_limit: 0 (none) to MaxQueueLimit.
func DecodeYAMLQueueLimit(d *yamlpos.Decoder, n yamlpos.Node, what string) (int, bool) {
	return d.IntIn(n, what+" queue_limit", queueLimitRule, "", 0, MaxQueueLimit)
}

// DecodeYAMLProbability reads a branch probability p: a finite number from
// 0 to 1, or a percentage (70%). A number like 70 gets "write 0.7 or 70%".
// The value is returned even when out of range, with ok true, so that
// branch sums are not reported on top; the problem is in d.
func DecodeYAMLProbability(d *yamlpos.Decoder, n yamlpos.Node, what string) (float64, bool) {
	p, ok := d.Float(n, what+" p")
	if !ok {
		return 0, false
	}
	if p < 0 || p > 1 {
		hint := ""
		if p > 1 && p <= 100 {
			hint = fmt.Sprintf(": write %s or %s%%", trimFloat(p/100), trimFloat(p))
		}
		d.Errorf(n, "%s: p must be between 0 and 1, found %s%s", what, n.Text(), hint)
	}
	return p, true
}

// distParams are the parameters each distribution takes, all required.
var distParams = map[string][]string{
	DistConstant: {"value"}, DistExponential: {"mean"}, DistLognormal: {"mean", "sd"},
	DistGamma: {"mean", "sd"}, DistNormal: {"mean", "sd"}, DistTriangular: {"min", "mode", "max"},
	DistUniform: {"min", "max"}, DistEmpirical: {"values"},
}

// decodeDistParams reads the parameters of dist.Kind from fields into dist,
// reporting keys it does not take and ones it lacks; false when any is wrong.
func decodeDistParams(d *yamlpos.Decoder, n yamlpos.Node, what string, fields map[string]yamlpos.Field, dist *Dist) bool {
	kind := dist.Kind
	need := distParams[kind]
	good := true
	for key, f := range fields {
		if key != "dist" && !slices.Contains(need, key) {
			d.Errorf(f.KeyNode, "%s: %s distribution takes %s, not %q", what, kind, strings.Join(need, ", "), key)
			good = false
		}
	}
	for _, key := range need {
		f, has := fields[key]
		if !has {
			d.Errorf(n, "%s: %s distribution needs %s", what, kind, key)
			good = false
			continue
		}
		if key == "values" {
			items, ok := d.Sequence(f.Value, what+" values")
			good = good && ok
			for _, it := range items {
				v, ok := DecodeYAMLSeconds(d, it, what+" value")
				good = good && ok
				dist.Values = append(dist.Values, v)
			}
			continue
		}
		v, ok := DecodeYAMLSeconds(d, f.Value, what+" "+key)
		if !ok {
			good = false
			continue
		}
		*dist.param(key) = v
	}
	return good
}

// param returns the field of a numeric parameter named as in a map file.
func (dist *Dist) param(key string) *float64 {
	switch key {
	case "value":
		return &dist.Value
	case "mean":
		return &dist.Mean
	case "sd":
		return &dist.SD
	case "min":
		return &dist.Min
	case "mode":
		return &dist.Mode
	}
	return &dist.Max
}

// DecodeYAMLDist reads a duration estimate from a YAML node: a constant
// ("12m") or a mapping {dist: triangular, min: 5m, mode: 12m, max: 40m}.
func DecodeYAMLDist(d *yamlpos.Decoder, n yamlpos.Node, what string) (Dist, bool) {
	n = n.Untagged()
	if !n.IsMapping() {
		v, ok := DecodeYAMLSeconds(d, n, what)
		return Constant(v), ok
	}
	fields, ok := d.Fields(n, what, distKeys)
	if !ok {
		return Dist{}, false
	}
	var dist Dist
	kindF, has := fields["dist"]
	if !has {
		d.Errorf(n, "%s: missing dist (one of %s)", what, strings.Join(DistKinds, ", "))
		return Dist{}, false
	}
	kind, ok := d.String(kindF.Value, what+" dist")
	if !ok {
		return Dist{}, false
	}
	kind = strings.ToLower(kind)
	if !slices.Contains(DistKinds, kind) {
		d.Errorf(kindF.Value, "%s: unknown distribution %q%s; use one of %s", what, kind, Suggest(kind, DistKinds), strings.Join(DistKinds, ", "))
		return Dist{}, false
	}
	dist.Kind = kind
	good := decodeDistParams(d, n, what, fields, &dist)
	if !good {
		return Dist{}, false
	}
	if msg := dist.check(); msg != "" {
		d.Errorf(n, "%s: %s", what, msg)
		return Dist{}, false
	}
	return dist, true
}

// DecodeYAMLMap builds a map from the root mapping of a YAML map file.
// extra lists keys the caller handles itself (a scenario file embeds a map's
// keys next to its own); they are neither decoded nor reported as unknown.
// Problems are collected in d; the map is returned when it could be built.
func DecodeYAMLMap(d *yamlpos.Decoder, root yamlpos.Node, extra []string) *Map {
	known := append(append([]string(nil), mapKeys...), extra...)
	fields, ok := d.Fields(root, "process map", known)
	if !ok {
		return nil
	}
	m := &Map{File: d.File, Pos: root.Pos(), keyPos: map[string]Pos{}}
	for k, f := range fields {
		m.keyPos[k] = f.KeyNode.Pos()
	}
	if f, has := fields["process"]; has {
		m.Process, _ = d.String(f.Value, "process")
	} else {
		d.Errorf(root, "missing process: name the process, e.g. \"process: Order fulfillment\"")
	}
	if f, has := fields["unit"]; has {
		m.Unit = decodeUnit(d, f.Value)
	}
	if f, has := fields["sla"]; has {
		if v, ok := DecodeYAMLSeconds(d, f.Value, "sla"); ok {
			m.SLA = secondsToDuration(v)
		}
	}
	if f, has := fields["holidays"]; has {
		m.Holidays = decodeHolidays(d, f.Value, "holidays")
	}
	ownersOK := false
	if f, has := fields["owners"]; has {
		items, ok := d.Sequence(f.Value, "owners")
		ownersOK = ok && len(items) > 0
		for _, it := range items {
			if o, ok := decodeOwner(d, it); ok {
				m.Owners = append(m.Owners, o)
			}
		}
	}
	if _, has := fields["owners"]; !has || !ownersOK && len(m.Owners) == 0 && len(d.Errs) == 0 {
		d.Errorf(keyNode(fields, "owners", root), "no owners: list the lanes (teams or roles), e.g. owners: [{id: warehouse, name: Warehouse team}]")
	}
	if f, has := fields["systems"]; has {
		items, _ := d.Sequence(f.Value, "systems")
		for _, it := range items {
			if s, ok := decodeSystem(d, it); ok {
				m.Systems = append(m.Systems, s)
			}
		}
	}
	stepItems := 0
	if f, has := fields["steps"]; has {
		items, _ := d.Sequence(f.Value, "steps")
		stepItems = len(items)
		for _, it := range items {
			if s, ok := decodeStep(d, it); ok {
				m.Steps = append(m.Steps, s)
			}
		}
	}
	if stepItems == 0 {
		d.Errorf(keyNode(fields, "steps", root), "no steps: list the process steps under steps:")
	}
	m.ApplyHolidays()
	m.reindex()
	return m
}

func keyNode(fields map[string]yamlpos.Field, key string, fallback yamlpos.Node) yamlpos.Node {
	if f, ok := fields[key]; ok {
		return f.KeyNode
	}
	return fallback
}

func decodeOwner(d *yamlpos.Decoder, n yamlpos.Node) (Owner, bool) {
	fields, ok := d.Fields(n, "owner", ownerKeys)
	if !ok {
		return Owner{}, false
	}
	o := Owner{Pos: n.Pos(), fieldPos: map[string]Pos{}}
	for k, f := range fields {
		o.fieldPos[k] = f.Value.Pos()
	}
	o.ID, ok = decodeID(d, fields, n, "owner")
	if !ok {
		return Owner{}, false
	}
	o.Name = o.ID
	if f, has := fields["name"]; has {
		o.Name, _ = d.String(f.Value, "owner "+o.ID+" name")
	}
	if f, has := fields["capacity"]; has {
		if v, ok := DecodeYAMLCapacity(d, f.Value, "owner "+o.ID, " (leave it out for unlimited)"); ok {
			o.Capacity = v
		}
	}
	if f, has := fields["calendar"]; has {
		if s, ok := d.String(f.Value, "owner "+o.ID+" calendar"); ok {
			c, err := ParseCalendar(s)
			if err != nil {
				d.Errorf(f.Value, "owner %s: %v", o.ID, err)
			}
			o.Calendar = c
		}
	}
	if f, has := fields["holidays"]; has {
		o.Holidays = decodeHolidays(d, f.Value, "owner "+o.ID+" holidays")
	}
	if f, has := fields["external"]; has {
		o.External, _ = d.Bool(f.Value, "owner "+o.ID+" external")
	}
	return o, true
}

func decodeSystem(d *yamlpos.Decoder, n yamlpos.Node) (System, bool) {
	fields, ok := d.Fields(n, "system", systemKeys)
	if !ok {
		return System{}, false
	}
	s := System{Pos: n.Pos()}
	s.ID, ok = decodeID(d, fields, n, "system")
	if !ok {
		return System{}, false
	}
	s.Name = s.ID
	if f, has := fields["name"]; has {
		s.Name, _ = d.String(f.Value, "system "+s.ID+" name")
	}
	return s, true
}

func decodeStep(d *yamlpos.Decoder, n yamlpos.Node) (Step, bool) {
	fields, ok := d.Fields(n, "step", stepKeys)
	if !ok {
		return Step{}, false
	}
	s := Step{Pos: n.Pos(), fieldPos: map[string]Pos{}}
	for k, f := range fields {
		s.fieldPos[k] = f.Value.Pos()
	}
	s.ID, ok = decodeID(d, fields, n, "step")
	if !ok {
		return Step{}, false
	}
	what := "step " + s.ID
	s.Name = s.ID
	if f, has := fields["name"]; has {
		s.Name, _ = d.String(f.Value, what+" name")
	}
	if f, has := fields["owner"]; has {
		s.Owner, _ = d.String(f.Value, what+" owner")
	} else {
		d.Errorf(n, "%s: missing owner (who does this step?)", what)
	}
	if f, has := fields["system"]; has {
		s.System, _ = d.String(f.Value, what+" system")
	}
	for key, dst := range map[string]*bool{"automated": &s.Automated, "decision": &s.Decision, "start": &s.Start} {
		if f, has := fields[key]; has {
			*dst, _ = d.Bool(f.Value, what+" "+key)
		}
	}
	decodeStepFigures(d, fields, what, &s)
	if f, has := fields["log_names"]; has {
		s.LogNames = decodeLogNames(d, f.Value, what)
	}
	if f, has := fields["next"]; has {
		s.Next = decodeNext(d, s.ID, f.Value)
	}
	if f, has := fields["parallel"]; has {
		items, _ := d.Sequence(f.Value, what+" parallel")
		for _, it := range items {
			if id, ok := d.String(it, what+" parallel"); ok {
				s.Parallel = append(s.Parallel, id)
			}
		}
	}
	return s, true
}

// decodeStepFigures reads a step's times and limits: duration, delay,
// capacity, queue_limit and sla.
func decodeStepFigures(d *yamlpos.Decoder, fields map[string]yamlpos.Field, what string, s *Step) {
	if f, has := fields["duration"]; has {
		s.Duration, _ = DecodeYAMLDist(d, f.Value, what+" duration")
	}
	if f, has := fields["delay"]; has {
		s.Delay, _ = DecodeYAMLDist(d, f.Value, what+" delay")
	}
	if f, has := fields["capacity"]; has {
		if v, ok := DecodeYAMLCapacity(d, f.Value, what, " (leave it out to use the owner's)"); ok {
			s.Capacity = v
		}
	}
	if f, has := fields["queue_limit"]; has {
		if v, ok := DecodeYAMLQueueLimit(d, f.Value, what); ok {
			s.QueueLimit = v
		}
	}
	if f, has := fields["sla"]; has {
		if v, ok := DecodeYAMLSeconds(d, f.Value, what+" sla"); ok {
			if v == 0 {
				d.Errorf(f.Value, "%s sla: must be longer than 0s", what)
			}
			s.SLA = secondsToDuration(v)
		}
	}
}

// decodeLogNames reads log_names: one name or a list; an empty list ([])
// marks a silent step.
func decodeLogNames(d *yamlpos.Decoder, v yamlpos.Node, what string) []string {
	v = v.Untagged()
	if !v.IsSequence() {
		if name, ok := d.String(v, what+" log_names"); ok {
			return []string{name}
		}
		return nil
	}
	items, _ := d.Sequence(v, what+" log_names")
	names := []string{} // log_names: [] marks a silent step
	for _, it := range items {
		if name, ok := d.String(it, what+" log_names"); ok {
			names = append(names, name)
		}
	}
	return names
}

func decodeNext(d *yamlpos.Decoder, from string, n yamlpos.Node) []Edge {
	what := "step " + from + " next"
	n = n.Untagged()
	var items []yamlpos.Node
	switch {
	case n.IsSequence():
		items, _ = d.Sequence(n, what)
	case n.IsNull():
		return nil
	default:
		items = []yamlpos.Node{n}
	}
	var out []Edge
	for _, it := range items {
		it = it.Untagged()
		e := Edge{From: from, Pos: it.Pos()}
		switch {
		case it.IsMapping():
			fields, ok := d.Fields(it, what, edgeKeys)
			if !ok {
				continue
			}
			f, has := fields["to"]
			if !has {
				d.Errorf(it, "%s: missing to (the id of the next step)", what)
				continue
			}
			if e.To, ok = d.String(f.Value, what+" to"); !ok {
				continue
			}
			e.Pos = f.Value.Pos()
			if f, has := fields["p"]; has {
				if p, ok := DecodeYAMLProbability(d, f.Value, what); ok {
					e.P, e.PGiven = p, true
				}
			}
			if f, has := fields["label"]; has {
				e.Label, _ = d.String(f.Value, what+" label")
			}
		default:
			var ok bool
			if e.To, ok = d.String(it, what); !ok {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

func decodeID(d *yamlpos.Decoder, fields map[string]yamlpos.Field, n yamlpos.Node, what string) (string, bool) {
	f, has := fields["id"]
	if !has {
		d.Errorf(n, "%s: missing id", what)
		return "", false
	}
	id, ok := d.String(f.Value, what+" id")
	if !ok {
		return "", false
	}
	if msg := checkID(id); msg != "" {
		d.Errorf(f.Value, "%s id %q: %s", what, id, msg)
		return "", false
	}
	return id, true
}

// checkID keeps ids usable in --set paths (owner.capacity) and diagrams.
func checkID(id string) string {
	if id == "" {
		return "is empty"
	}
	for _, r := range id {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Sprintf("may contain only letters, digits, _ and - (found %q); put free text in name", r)
		}
	}
	return ""
}

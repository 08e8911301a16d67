package mapping

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxFileSize bounds the size of a map file. Workshop maps are a few
// kilobytes; the bound keeps hostile input from using unbounded memory.
const MaxFileSize = 4 << 20

// Keys accepted in a map file, by context.
var (
	mapKeys    = []string{"process", "description", "sla", "owners", "systems", "steps"}
	ownerKeys  = []string{"id", "name", "capacity", "calendar", "description"}
	systemKeys = []string{"id", "name", "description"}
	stepKeys   = []string{"id", "name", "owner", "system", "automated", "decision", "start", "duration",
		"capacity", "queue_limit", "log_names", "sla", "next", "description"}
	edgeKeys = []string{"to", "p", "label"}
	distKeys = []string{"dist", "value", "mean", "sd", "min", "mode", "max", "values"}
)

// ReadFile reads, parses and validates a map file.
func ReadFile(path string) (*Map, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, src)
}

// Parse parses and validates a map. file names the source in messages. The
// returned error is an ErrorList with every problem found; the map is
// returned too when it could be built, so callers can still inspect it.
func Parse(file string, src []byte) (*Map, error) {
	root, err := ParseYAML(file, src)
	if err != nil {
		return nil, err
	}
	d := &Decoder{File: file}
	m := d.DecodeMap(root, nil)
	errs := d.Errs
	if m != nil {
		errs = append(errs, m.validate()...)
	}
	if err := errs.Err(); err != nil {
		return m, err
	}
	return m, nil
}

// ParseYAML parses YAML source into its root node, refusing what a map file
// never needs and hostile input relies on: files over MaxFileSize, anchors
// and aliases (alias bombs), several documents.
func ParseYAML(file string, src []byte) (ast.Node, error) {
	if len(src) > MaxFileSize {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("file is larger than %d MiB; a process map is a few kilobytes", MaxFileSize>>20)}}
	}
	if len(strings.TrimSpace(string(src))) == 0 {
		return nil, ErrorList{{File: file, Pos: Pos{1, 1}, Msg: "empty file; expected a process map with process, owners and steps"}}
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, ErrorList{syntaxError(file, err)}
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, ErrorList{{File: file, Pos: Pos{1, 1}, Msg: "empty document; expected a process map with process, owners and steps"}}
	}
	if len(docs) > 1 {
		return nil, ErrorList{{File: file, Pos: nodePos(docs[1].Body), Msg: "more than one YAML document; a map file holds one"}}
	}
	// Report the first of each kind only: an alias bomb has thousands.
	var bad ErrorList
	seen := map[string]bool{}
	ast.Walk(visitor(func(n ast.Node) {
		var kind string
		switch n.(type) {
		case *ast.AnchorNode:
			kind = "anchors (&)"
		case *ast.AliasNode:
			kind = "aliases (*)"
		case *ast.MergeKeyNode:
			kind = "merge keys (<<)"
		default:
			return
		}
		if !seen[kind] {
			seen[kind] = true
			bad = append(bad, &Error{File: file, Pos: nodePos(n), Msg: "YAML " + kind + " are not supported in map files; write the value out"})
		}
	}), docs[0].Body)
	if len(bad) > 0 {
		return nil, bad
	}
	return docs[0].Body, nil
}

type visitor func(ast.Node)

func (v visitor) Visit(n ast.Node) ast.Visitor {
	v(n)
	return v
}

func syntaxError(file string, err error) *Error {
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
		return &Error{File: file, Pos: Pos{se.Token.Position.Line, se.Token.Position.Column}, Msg: "YAML syntax: " + se.Message}
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i > 0 {
		msg = msg[:i]
	}
	return &Error{File: file, Msg: "YAML syntax: " + msg}
}

func nodePos(n ast.Node) Pos {
	switch v := n.(type) {
	case nil:
		return Pos{}
	case *ast.MappingNode:
		if len(v.Values) > 0 && !v.IsFlowStyle {
			return nodePos(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return nodePos(v.Key)
	}
	t := n.GetToken()
	if t == nil || t.Position == nil {
		return Pos{}
	}
	return Pos{t.Position.Line, t.Position.Column}
}

// Decoder turns YAML nodes into map values, collecting every problem.
// It is exported so that other file formats that embed a map (scenarios)
// report problems the same way.
type Decoder struct {
	File string
	Errs ErrorList
}

// Errorf records a problem at a node.
func (d *Decoder) Errorf(n ast.Node, format string, args ...any) {
	d.Errs = append(d.Errs, &Error{File: d.File, Pos: nodePos(n), Msg: fmt.Sprintf(format, args...)})
}

// Field is one key: value of a YAML mapping.
type Field struct {
	Key   string
	KeyN  ast.Node
	Value ast.Node
}

// Fields returns the key/value pairs of a mapping node, reporting unknown
// keys (with a "did you mean" hint) and duplicate keys. what names the
// mapping in messages ("step", "owner"). ok is false when n is no mapping.
func (d *Decoder) Fields(n ast.Node, what string, known []string) (fields map[string]Field, ok bool) {
	n = unwrapTag(n)
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		d.Errorf(n, "%s: expected a mapping (key: value), found %s", what, describe(n))
		return nil, false
	}
	fields = make(map[string]Field, len(values))
	for _, mv := range values {
		key := scalarText(mv.Key)
		if prev, dup := fields[key]; dup {
			p := nodePos(prev.KeyN)
			d.Errorf(mv.Key, "duplicate key %q in %s (first at line %d)", key, what, p.Line)
			continue
		}
		if known != nil && !contains(known, key) {
			d.Errorf(mv.Key, "unknown key %q in %s%s", key, what, Suggest(key, known))
			continue
		}
		fields[key] = Field{Key: key, KeyN: mv.Key, Value: mv.Value}
	}
	return fields, true
}

// Sequence returns the items of a sequence node.
func (d *Decoder) Sequence(n ast.Node, what string) ([]ast.Node, bool) {
	n = unwrapTag(n)
	switch s := n.(type) {
	case *ast.SequenceNode:
		return s.Values, true
	case *ast.NullNode:
		return nil, true
	}
	d.Errorf(n, "%s: expected a list, found %s", what, describe(n))
	return nil, false
}

// String returns a scalar's text.
func (d *Decoder) String(n ast.Node, what string) (string, bool) {
	n = unwrapTag(n)
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode, *ast.InfinityNode, *ast.NanNode:
		return scalarText(n), true
	case *ast.NullNode:
		d.Errorf(n, "%s: missing value", what)
		return "", false
	}
	d.Errorf(n, "%s: expected text, found %s", what, describe(n))
	return "", false
}

// Bool returns a boolean scalar.
func (d *Decoder) Bool(n ast.Node, what string) (bool, bool) {
	n = unwrapTag(n)
	if b, ok := n.(*ast.BoolNode); ok {
		return b.Value, true
	}
	d.Errorf(n, "%s: expected true or false, found %s", what, describe(n))
	return false, false
}

// Int returns a non-negative integer scalar.
func (d *Decoder) Int(n ast.Node, what string) (int, bool) {
	n = unwrapTag(n)
	if _, ok := n.(*ast.IntegerNode); ok {
		v, err := strconv.Atoi(scalarText(n))
		if err == nil && v >= 0 {
			return v, true
		}
	}
	d.Errorf(n, "%s: expected a whole number >= 0, found %s", what, describe(n))
	return 0, false
}

// Float returns a number scalar.
func (d *Decoder) Float(n ast.Node, what string) (float64, bool) {
	n = unwrapTag(n)
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		v, err := strconv.ParseFloat(strings.ReplaceAll(scalarText(n), "_", ""), 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	case *ast.StringNode:
		s := strings.TrimSpace(scalarText(n))
		if strings.HasSuffix(s, "%") {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
			if err == nil {
				return v / 100, true
			}
		}
	}
	d.Errorf(n, "%s: expected a number, found %s", what, describe(n))
	return 0, false
}

// Seconds returns a duration with a unit, in seconds.
func (d *Decoder) Seconds(n ast.Node, what string) (float64, bool) {
	n = unwrapTag(n)
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		d.Errorf(n, "%s: duration %s has no unit; write e.g. %sm or %sh", what, scalarText(n), scalarText(n), scalarText(n))
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
	return v, true
}

// Dist reads a duration estimate: a constant ("12m") or a mapping
// {dist: triangular, min: 5m, mode: 12m, max: 40m}.
func (d *Decoder) Dist(n ast.Node, what string) (Dist, bool) {
	n = unwrapTag(n)
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
	default:
		v, ok := d.Seconds(n, what)
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
	if !contains(DistKinds, kind) {
		d.Errorf(kindF.Value, "%s: unknown distribution %q%s; use one of %s", what, kind, Suggest(kind, DistKinds), strings.Join(DistKinds, ", "))
		return Dist{}, false
	}
	dist.Kind = kind
	need := map[string][]string{
		DistConstant: {"value"}, DistExponential: {"mean"}, DistLognormal: {"mean", "sd"},
		DistGamma: {"mean", "sd"}, DistNormal: {"mean", "sd"}, DistTriangular: {"min", "mode", "max"},
		DistUniform: {"min", "max"}, DistEmpirical: {"values"},
	}[kind]
	good := true
	for key, f := range fields {
		if key == "dist" {
			continue
		}
		if !contains(need, key) {
			d.Errorf(f.KeyN, "%s: %s distribution takes %s, not %q", what, kind, strings.Join(need, ", "), key)
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
			if !ok {
				good = false
				continue
			}
			for _, it := range items {
				v, ok := d.Seconds(it, what+" value")
				good = good && ok
				dist.Values = append(dist.Values, v)
			}
			continue
		}
		v, ok := d.Seconds(f.Value, what+" "+key)
		if !ok {
			good = false
			continue
		}
		switch key {
		case "value":
			dist.Value = v
		case "mean":
			dist.Mean = v
		case "sd":
			dist.SD = v
		case "min":
			dist.Min = v
		case "mode":
			dist.Mode = v
		case "max":
			dist.Max = v
		}
	}
	if !good {
		return Dist{}, false
	}
	if msg := dist.check(); msg != "" {
		d.Errorf(n, "%s: %s", what, msg)
		return Dist{}, false
	}
	return dist, true
}

// DecodeMap builds a map from the root mapping of a map file. extra lists
// keys the caller handles itself (a scenario file embeds a map's keys next to
// its own); they are neither decoded nor reported as unknown.
func (d *Decoder) DecodeMap(root ast.Node, extra []string) *Map {
	known := append(append([]string(nil), mapKeys...), extra...)
	fields, ok := d.Fields(root, "process map", known)
	if !ok {
		return nil
	}
	m := &Map{File: d.File, Pos: nodePos(root), keyPos: map[string]Pos{}}
	for k, f := range fields {
		m.keyPos[k] = nodePos(f.KeyN)
	}
	if f, has := fields["process"]; has {
		m.Process, _ = d.String(f.Value, "process")
	} else {
		d.Errorf(root, "missing process: name the process, e.g. \"process: Order fulfillment\"")
	}
	if f, has := fields["sla"]; has {
		if v, ok := d.Seconds(f.Value, "sla"); ok {
			m.SLA = secondsToDuration(v)
		}
	}
	ownersOK := false
	if f, has := fields["owners"]; has {
		items, ok := d.Sequence(f.Value, "owners")
		ownersOK = ok && len(items) > 0
		for _, it := range items {
			if o, ok := d.decodeOwner(it); ok {
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
			if s, ok := d.decodeSystem(it); ok {
				m.Systems = append(m.Systems, s)
			}
		}
	}
	stepItems := 0
	if f, has := fields["steps"]; has {
		items, _ := d.Sequence(f.Value, "steps")
		stepItems = len(items)
		for _, it := range items {
			if s, ok := d.decodeStep(it); ok {
				m.Steps = append(m.Steps, s)
			}
		}
	}
	if stepItems == 0 {
		d.Errorf(keyNode(fields, "steps", root), "no steps: list the process steps under steps:")
	}
	m.reindex()
	return m
}

func keyNode(fields map[string]Field, key string, fallback ast.Node) ast.Node {
	if f, ok := fields[key]; ok {
		return f.KeyN
	}
	return fallback
}

func (d *Decoder) decodeOwner(n ast.Node) (Owner, bool) {
	fields, ok := d.Fields(n, "owner", ownerKeys)
	if !ok {
		return Owner{}, false
	}
	o := Owner{Pos: nodePos(n), fieldPos: map[string]Pos{}}
	for k, f := range fields {
		o.fieldPos[k] = nodePos(f.Value)
	}
	o.ID, ok = d.id(fields, n, "owner")
	if !ok {
		return Owner{}, false
	}
	o.Name = o.ID
	if f, has := fields["name"]; has {
		o.Name, _ = d.String(f.Value, "owner "+o.ID+" name")
	}
	if f, has := fields["capacity"]; has {
		if v, ok := d.Int(f.Value, "owner "+o.ID+" capacity"); ok {
			if v == 0 {
				d.Errorf(f.Value, "owner %s capacity: must be at least 1 (leave it out for unlimited)", o.ID)
			}
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
	return o, true
}

func (d *Decoder) decodeSystem(n ast.Node) (System, bool) {
	fields, ok := d.Fields(n, "system", systemKeys)
	if !ok {
		return System{}, false
	}
	s := System{Pos: nodePos(n)}
	s.ID, ok = d.id(fields, n, "system")
	if !ok {
		return System{}, false
	}
	s.Name = s.ID
	if f, has := fields["name"]; has {
		s.Name, _ = d.String(f.Value, "system "+s.ID+" name")
	}
	return s, true
}

func (d *Decoder) decodeStep(n ast.Node) (Step, bool) {
	fields, ok := d.Fields(n, "step", stepKeys)
	if !ok {
		return Step{}, false
	}
	s := Step{Pos: nodePos(n), fieldPos: map[string]Pos{}}
	for k, f := range fields {
		s.fieldPos[k] = nodePos(f.Value)
	}
	s.ID, ok = d.id(fields, n, "step")
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
	if f, has := fields["duration"]; has {
		s.Duration, _ = d.Dist(f.Value, what+" duration")
	}
	if f, has := fields["capacity"]; has {
		if v, ok := d.Int(f.Value, what+" capacity"); ok {
			if v == 0 {
				d.Errorf(f.Value, "%s capacity: must be at least 1 (leave it out to use the owner's)", what)
			}
			s.Capacity = v
		}
	}
	if f, has := fields["queue_limit"]; has {
		if v, ok := d.Int(f.Value, what+" queue_limit"); ok {
			s.QueueLimit = v
		}
	}
	if f, has := fields["sla"]; has {
		if v, ok := d.Seconds(f.Value, what+" sla"); ok {
			if v == 0 {
				d.Errorf(f.Value, "%s sla: must be longer than 0s", what)
			}
			s.SLA = secondsToDuration(v)
		}
	}
	if f, has := fields["log_names"]; has {
		v := unwrapTag(f.Value)
		if _, isSeq := v.(*ast.SequenceNode); isSeq {
			items, _ := d.Sequence(v, what+" log_names")
			for _, it := range items {
				if name, ok := d.String(it, what+" log_names"); ok {
					s.LogNames = append(s.LogNames, name)
				}
			}
		} else if name, ok := d.String(v, what+" log_names"); ok {
			s.LogNames = []string{name}
		}
	}
	if f, has := fields["next"]; has {
		s.Next = d.decodeNext(s.ID, f.Value)
	}
	return s, true
}

func (d *Decoder) decodeNext(from string, n ast.Node) []Edge {
	what := "step " + from + " next"
	n = unwrapTag(n)
	var items []ast.Node
	switch v := n.(type) {
	case *ast.SequenceNode:
		items = v.Values
	case *ast.NullNode:
		return nil
	default:
		items = []ast.Node{n}
	}
	var out []Edge
	for _, it := range items {
		it = unwrapTag(it)
		e := Edge{From: from, Pos: nodePos(it)}
		switch it.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
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
			e.Pos = nodePos(f.Value)
			if f, has := fields["p"]; has {
				if p, ok := d.Float(f.Value, what+" p"); ok {
					if p < 0 || p > 1 {
						d.Errorf(f.Value, "%s: probability %v is outside 0..1", what, p)
					}
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

func (d *Decoder) id(fields map[string]Field, n ast.Node, what string) (string, bool) {
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

func unwrapTag(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

func scalarText(n ast.Node) string {
	n = unwrapTag(n)
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		return v.Value.Value
	case nil:
		return ""
	}
	if t := n.GetToken(); t != nil {
		return t.Value
	}
	return n.String()
}

func describe(n ast.Node) string {
	switch unwrapTag(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "nothing"
	case *ast.BoolNode:
		return "true/false"
	}
	return strconv.Quote(scalarText(n))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package mapping

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/internal/yamlpos"
)

// EncodeOptions add comments to an encoded map. The zero value (or nil)
// writes none.
type EncodeOptions struct {
	// Header is written above the map, each line as a "# " comment.
	Header string
	// StepComment returns a comment for a step's first line, or "".
	StepComment func(s *Step) string
	// EdgeComment returns a comment for a branch, or "" (e.g. "seen 2392 times").
	EdgeComment func(e Edge) string
}

// encodeWidth is the longest line written in flow style ({...}); longer
// owners, branches and systems are written one key per line.
const encodeWidth = 100

// Encode writes m as a YAML map file in the format a workshop writes by
// hand (see examples/order-fulfillment.yaml): owners, systems and branches
// in flow style {...} where they fit on a line, durations with units ("90s",
// "12m", "1.5h"), branch probabilities when they were given, and text
// quoted wherever YAML would read it as something else (null, yes, 1e3,
// "a: b", "#x", leading spaces...). Parsing the output gives the same map,
// positions aside. Keys the model does not keep (description) are not
// written; a name left empty reads back as the id.
func Encode(w io.Writer, m *Map, opt *EncodeOptions) error {
	if opt == nil {
		opt = &EncodeOptions{}
	}
	e := &encoder{opt: opt}
	if opt.Header != "" {
		for _, line := range strings.Split(strings.TrimRight(opt.Header, "\n"), "\n") {
			e.comment("", line)
		}
	}
	e.line("process: " + text(m.Process, false))
	if m.Unit != "" {
		e.line("unit: " + text(m.Unit, false))
	}
	if m.SLA > 0 {
		e.line("sla: " + durationText(m.SLA.Seconds()))
	}
	if len(m.Holidays) > 0 {
		e.line("holidays: " + datesText(m.Holidays))
	}
	e.blank()
	e.section("owners", len(m.Owners))
	for _, o := range m.Owners {
		kv := []keyValue{{"id", text(o.ID, true)}}
		if o.Name != "" && o.Name != o.ID {
			kv = append(kv, keyValue{"name", text(o.Name, true)})
		}
		if o.Capacity > 0 {
			kv = append(kv, keyValue{"capacity", strconv.Itoa(o.Capacity)})
		}
		if o.Calendar != nil && !o.Calendar.implied {
			kv = append(kv, keyValue{"calendar", text(o.Calendar.Text, true)})
		}
		if len(o.Holidays) > 0 {
			kv = append(kv, keyValue{"holidays", datesText(o.Holidays)})
		}
		if o.External {
			kv = append(kv, keyValue{"external", "true"})
		}
		e.item("  ", kv, "")
	}
	if len(m.Systems) > 0 {
		e.blank()
		e.section("systems", len(m.Systems))
		for _, s := range m.Systems {
			kv := []keyValue{{"id", text(s.ID, true)}}
			if s.Name != "" && s.Name != s.ID {
				kv = append(kv, keyValue{"name", text(s.Name, true)})
			}
			e.item("  ", kv, "")
		}
	}
	e.blank()
	e.section("steps", len(m.Steps))
	for i := range m.Steps {
		if i > 0 {
			e.blank()
		}
		e.step(&m.Steps[i])
	}
	_, err := w.Write(e.buf.Bytes())
	return err
}

type encoder struct {
	buf bytes.Buffer
	opt *EncodeOptions
}

type keyValue struct{ key, value string }

func (e *encoder) line(s string) {
	e.buf.WriteString(s)
	e.buf.WriteByte('\n')
}

func (e *encoder) blank() { e.buf.WriteByte('\n') }

// comment writes a whole-line comment.
func (e *encoder) comment(indent, text string) {
	if text = oneLine(text); text == "" {
		e.line(indent + "#")
		return
	}
	e.line(indent + "# " + text)
}

// withComment appends a trailing comment to a line.
func withComment(line, comment string) string {
	if comment = oneLine(comment); comment != "" {
		return line + "   # " + comment
	}
	return line
}

func oneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
}

func (e *encoder) section(key string, n int) {
	if n == 0 {
		e.line(key + ": []")
		return
	}
	e.line(key + ":")
}

// item writes a list item holding a mapping: {k: v, ...} when it fits on a
// line, else one key per line.
func (e *encoder) item(indent string, kv []keyValue, comment string) {
	if line := withComment(indent+"- "+flow(kv), comment); len(line) <= encodeWidth {
		e.line(line)
		return
	}
	for i, x := range kv {
		prefix := indent + "  "
		if i == 0 {
			prefix = indent + "- "
		}
		l := prefix + x.key + ": " + x.value
		if i == 0 {
			l = withComment(l, comment)
		}
		e.line(l)
	}
}

func flow(kv []keyValue) string {
	parts := make([]string, len(kv))
	for i, x := range kv {
		parts[i] = x.key + ": " + x.value
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func (e *encoder) step(s *Step) {
	comment := ""
	if e.opt.StepComment != nil {
		comment = e.opt.StepComment(s)
	}
	e.line(withComment("  - id: "+text(s.ID, false), comment))
	field := func(key, value string) { e.line("    " + key + ": " + value) }
	if s.Name != "" && s.Name != s.ID {
		field("name", text(s.Name, false))
	}
	field("owner", text(s.Owner, false))
	if s.System != "" {
		field("system", text(s.System, false))
	}
	for _, b := range []struct {
		key string
		on  bool
	}{{"start", s.Start}, {"decision", s.Decision}, {"automated", s.Automated}} {
		if b.on {
			field(b.key, "true")
		}
	}
	if s.Duration.Kind != "" {
		field("duration", distText(s.Duration))
	}
	if s.Delay.Kind != "" {
		field("delay", distText(s.Delay))
	}
	if s.Capacity > 0 {
		field("capacity", strconv.Itoa(s.Capacity))
	}
	if s.QueueLimit > 0 {
		field("queue_limit", strconv.Itoa(s.QueueLimit))
	}
	if s.Silent() {
		field("log_names", "[]")
	}
	if len(s.LogNames) > 0 {
		names := make([]string, len(s.LogNames))
		for i, n := range s.LogNames {
			names[i] = yamlpos.Quote(n) // activity names verbatim: always quoted
		}
		field("log_names", "["+strings.Join(names, ", ")+"]")
	}
	if s.SLA > 0 {
		field("sla", durationText(s.SLA.Seconds()))
	}
	if len(s.Parallel) > 0 {
		ids := make([]string, len(s.Parallel))
		for i, id := range s.Parallel {
			ids[i] = text(id, true)
		}
		field("parallel", "["+strings.Join(ids, ", ")+"]")
	}
	if len(s.Next) > 0 {
		e.next(s)
	}
}

// next writes the branches: next: [a, b] when they are bare ids, else one
// {to, p, label} per line.
func (e *encoder) next(s *Step) {
	comments := make([]string, len(s.Next))
	bare := true
	for i, x := range s.Next {
		if e.opt.EdgeComment != nil {
			comments[i] = e.opt.EdgeComment(x)
		}
		bare = bare && !x.PGiven && x.Label == "" && comments[i] == ""
	}
	if bare {
		ids := make([]string, len(s.Next))
		for i, x := range s.Next {
			ids[i] = text(x.To, true)
		}
		if line := "    next: [" + strings.Join(ids, ", ") + "]"; len(line) <= encodeWidth {
			e.line(line)
			return
		}
	}
	e.line("    next:")
	for i, x := range s.Next {
		kv := []keyValue{{"to", text(x.To, true)}}
		if x.PGiven {
			kv = append(kv, keyValue{"p", strconv.FormatFloat(x.P, 'f', -1, 64)})
		}
		if x.Label != "" {
			kv = append(kv, keyValue{"label", text(x.Label, true)})
		}
		e.item("      ", kv, comments[i])
	}
}

// text writes a string scalar; flow says it sits inside {...} or [...].
func text(s string, flow bool) string { return yamlpos.Scalar(s, flow) }

// distText writes a duration estimate: "12m", or
// {dist: triangular, min: 5m, mode: 12m, max: 40m}.
func distText(d Dist) string {
	f := durationText
	kv := []keyValue{{"dist", d.Kind}}
	switch d.Kind {
	case DistConstant:
		return f(d.Value)
	case DistExponential:
		kv = append(kv, keyValue{"mean", f(d.Mean)})
	case DistLognormal, DistGamma, DistNormal:
		kv = append(kv, keyValue{"mean", f(d.Mean)}, keyValue{"sd", f(d.SD)})
	case DistTriangular:
		kv = append(kv, keyValue{"min", f(d.Min)}, keyValue{"mode", f(d.Mode)}, keyValue{"max", f(d.Max)})
	case DistUniform:
		kv = append(kv, keyValue{"min", f(d.Min)}, keyValue{"max", f(d.Max)})
	case DistEmpirical:
		vs := make([]string, len(d.Values))
		for i, v := range d.Values {
			vs[i] = f(v)
		}
		kv = append(kv, keyValue{"values", "[" + strings.Join(vs, ", ") + "]"})
	}
	return flow(kv)
}

// durationText writes seconds as the shortest duration text with a unit
// (s, m, h or d) that reads back as exactly the same number: 90 → "90s",
// 720 → "12m", 5400 → "90m", 172800 → "2d", 83510.755 → "83510.755s".
func durationText(sec float64) string {
	best := strconv.FormatFloat(sec, 'f', -1, 64) + "s" // always exact
	for _, u := range []struct {
		unit string
		div  float64
	}{{"m", 60}, {"h", 3600}, {"d", 86400}} {
		t := strconv.FormatFloat(sec/u.div, 'f', -1, 64) + u.unit
		if back, err := ParseSeconds(t); err == nil && back == sec && len(t) < len(best) {
			best = t
		}
	}
	return best
}

// datesText writes dates as a flow list: [2026-12-25, 2026-12-26].
func datesText(ds []Date) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// DistText writes a duration estimate as a map file does: "12m", or
// {dist: triangular, min: 5m, mode: 12m, max: 40m}.
func DistText(d Dist) string { return distText(d) }

// DurationText writes seconds as the shortest duration with a unit that
// reads back as exactly the same number ("90s", "12m", "2d").
func DurationText(sec float64) string { return durationText(sec) }

package simulate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// Paths lists the what-if settings a variant may change (PATH=VALUE):
var Paths = []string{
	"OWNER.capacity",   // servers of the owner's shared pool (a number >= 1, or unlimited)
	"OWNER.calendar",   // working time, e.g. "Mon-Sat 07:00-19:00" or 24/7
	"STEP.capacity",    // a dedicated pool for the step (a number >= 1, or unlimited)
	"STEP.duration",    // 30s, or a distribution {dist: exponential, mean: 5m}
	"STEP.automated",   // true: an unlimited, always-on delay
	"STEP.queue_limit", // cases that may wait (0 = no limit)
	"STEP.sla",         // target from ready to done
	"STEP.next.TO.p",   // branch probability (the step's branches must still sum to 1)
	"sla",              // the process's cycle-time target
	"arrivals.rate",    // e.g. 8/min
	"arrivals.peaks[I].factor",
	"arrivals.peaks[I].duration",
}

var (
	stepFields  = []string{"capacity", "duration", "delay", "automated", "queue_limit", "sla", "next"}
	ownerFields = []string{"capacity", "calendar"}
)

// ParseSetting reads a command-line setting "PATH=VALUE"; VALUE is YAML
// ("6", "true", "30s", "{dist: exponential, mean: 5m}"). Whether PATH
// exists is checked when the setting is applied.
func ParseSetting(arg string) (Setting, error) {
	path, value, ok := strings.Cut(arg, "=")
	path, value = strings.TrimSpace(path), strings.TrimSpace(value)
	if !ok || path == "" || value == "" {
		return Setting{}, fmt.Errorf("--set %q: write PATH=VALUE, e.g. --set warehouse.capacity=6", arg)
	}
	root, err := yamlpos.Parse("--set "+arg, []byte(value))
	if err != nil {
		return Setting{}, fmt.Errorf("--set %q: value is not valid YAML: %v", arg, err)
	}
	return Setting{Path: path, Value: value, node: root}, nil
}

// With returns a copy of the scenario with the settings applied and the
// map validated again. Problems come back as a mapping.ErrorList at the
// settings' positions (or naming the --set flag).
func (sc *Scenario) With(settings []Setting) (*Scenario, error) {
	out := *sc
	out.Variants = nil
	out.Arrivals.Peaks = slices.Clone(sc.Arrivals.Peaks)
	m := *sc.Map
	m.Steps = slices.Clone(sc.Map.Steps)
	for i := range m.Steps {
		m.Steps[i].Next = slices.Clone(m.Steps[i].Next)
	}
	m.Owners = slices.Clone(sc.Map.Owners)
	m.Warnings = nil
	out.Map = &m
	var errs mapping.ErrorList
	for _, s := range settings {
		errs = append(errs, out.apply(s)...)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	if err := m.Validate(); err != nil {
		for _, e := range err.(mapping.ErrorList) {
			s := blame(settings, e.Msg)
			errs = append(errs, s.errorf("%s (after %s)", e.Msg, s))
		}
		return nil, errs.Err()
	}
	return &out, nil
}

// blame picks the setting a validation message is most likely about.
func blame(settings []Setting, msg string) Setting {
	for _, s := range settings {
		id, _, _ := strings.Cut(s.Path, ".")
		if strings.Contains(msg, "step "+id+":") || strings.Contains(msg, "step "+id+" ") {
			return s
		}
	}
	return settings[0]
}

func (s Setting) errorf(format string, args ...any) *mapping.Error {
	msg := fmt.Sprintf(format, args...)
	if s.File == "" {
		return &mapping.Error{File: s.origin(), Msg: msg}
	}
	return &mapping.Error{File: s.File, Pos: s.Pos, Msg: msg}
}

// decoder returns a Decoder whose problems point at the setting.
func (s Setting) decoder() *yamlpos.Decoder { return &yamlpos.Decoder{File: s.File} }

// finish converts the decoder's problems into the setting's errors.
func (s Setting) finish(d *yamlpos.Decoder) mapping.ErrorList {
	var out mapping.ErrorList
	for _, e := range d.Errs {
		if s.File == "" {
			out = append(out, &mapping.Error{File: s.origin(), Msg: e.Msg})
			continue
		}
		out = append(out, e)
	}
	return out
}

func (sc *Scenario) apply(s Setting) mapping.ErrorList {
	m := sc.Map
	parts := strings.Split(s.Path, ".")
	kind := ""
	if len(parts) > 2 && (parts[0] == "step" || parts[0] == "owner") {
		kind, parts = parts[0], parts[1:]
	}
	if parts[0] == "arrivals" || strings.HasPrefix(parts[0], "arrivals[") {
		return sc.applyArrivals(s, parts)
	}
	if len(parts) == 1 && parts[0] == "sla" {
		d := s.decoder()
		if v, ok := mapping.DecodeYAMLSeconds(d, s.node, s.Path); ok {
			m.SLA = secondsDuration(v)
		}
		return s.finish(d)
	}
	if len(parts) < 2 {
		return mapping.ErrorList{s.errorf("unknown path %q; use one of %s", s.Path, strings.Join(Paths, ", "))}
	}
	id, field := parts[0], parts[1]
	si, oi := m.StepIndex(id), -1
	for i, o := range m.Owners {
		if o.ID == id {
			oi = i
		}
	}
	switch {
	case kind == "step" || kind == "" && si >= 0 && oi < 0:
		if si < 0 {
			return mapping.ErrorList{s.errorf("unknown step %q%s; steps: %s", id, didYouMean(id, stepIDs(m)), strings.Join(stepIDs(m), ", "))}
		}
		return sc.applyStep(s, &m.Steps[si], parts[1:])
	case kind == "owner" || kind == "" && oi >= 0 && si < 0:
		if oi < 0 {
			return mapping.ErrorList{s.errorf("unknown owner %q%s; owners: %s", id, didYouMean(id, ownerIDs(m)), strings.Join(ownerIDs(m), ", "))}
		}
		errs := applyOwner(s, &m.Owners[oi], field, len(parts))
		m.ApplyHolidays() // a new calendar keeps the holidays
		return errs
	case si >= 0 && oi >= 0:
		return mapping.ErrorList{s.errorf("%q is both a step and an owner; write step.%s or owner.%s", id, s.Path, s.Path)}
	}
	all := append(stepIDs(m), ownerIDs(m)...)
	return mapping.ErrorList{s.errorf("unknown step or owner %q in %q%s; steps: %s; owners: %s", id, s.Path, didYouMean(id, all),
		strings.Join(stepIDs(m), ", "), strings.Join(ownerIDs(m), ", "))}
}

func (sc *Scenario) applyStep(s Setting, st *mapping.Step, parts []string) mapping.ErrorList {
	d := s.decoder()
	field := parts[0]
	if field != "next" && len(parts) > 1 || !slices.Contains(stepFields, field) {
		return mapping.ErrorList{s.errorf("step %s has no setting %q%s; settable: capacity, duration, delay, automated, queue_limit, sla, next.STEP.p",
			st.ID, strings.Join(parts, "."), didYouMean(field, stepFields))}
	}
	switch field {
	case "capacity":
		if v, ok := unlimitedInt(d, s, "step "+st.ID, false); ok {
			st.Capacity = v
		}
	case "duration":
		if v, ok := mapping.DecodeYAMLDist(d, s.node, "step "+st.ID+" duration"); ok {
			st.Duration = v
		}
	case "delay":
		if v, ok := mapping.DecodeYAMLDist(d, s.node, "step "+st.ID+" delay"); ok {
			st.Delay = v
		}
	case "automated":
		if v, ok := d.Bool(s.node, "step "+st.ID+" automated"); ok {
			st.Automated = v
		}
	case "queue_limit":
		if v, ok := unlimitedInt(d, s, "step "+st.ID, true); ok {
			st.QueueLimit = v
		}
	case "sla":
		if v, ok := mapping.DecodeYAMLSeconds(d, s.node, "step "+st.ID+" sla"); ok {
			st.SLA = secondsDuration(v)
		}
	case "next":
		if len(parts) != 3 || parts[2] != "p" {
			return mapping.ErrorList{s.errorf("write step %s's branch probability as %s.next.TO.p", st.ID, st.ID)}
		}
		to := parts[1]
		k := slices.IndexFunc(st.Next, func(e mapping.Edge) bool { return e.To == to })
		if k < 0 {
			var targets []string
			for _, e := range st.Next {
				targets = append(targets, e.To)
			}
			return mapping.ErrorList{s.errorf("step %s has no branch to %q%s; its next steps: %s", st.ID, to, didYouMean(to, targets), strings.Join(targets, ", "))}
		}
		if p, ok := mapping.DecodeYAMLProbability(d, s.node, s.Path); ok {
			for i := range st.Next { // the others' shares were given or assumed: now they are fixed
				st.Next[i].PGiven = true
			}
			st.Next[k].P = p
		}
	}
	return s.finish(d)
}

func applyOwner(s Setting, o *mapping.Owner, field string, n int) mapping.ErrorList {
	d := s.decoder()
	if n != 2 || !slices.Contains(ownerFields, field) {
		return mapping.ErrorList{s.errorf("owner %s has no setting %q%s; settable: capacity, calendar", o.ID, field, didYouMean(field, ownerFields))}
	}
	switch field {
	case "capacity":
		if v, ok := unlimitedInt(d, s, "owner "+o.ID, false); ok {
			o.Capacity = v
		}
	case "calendar":
		if text, ok := d.String(s.node, "owner "+o.ID+" calendar"); ok {
			c, err := mapping.ParseCalendar(text)
			if err != nil {
				d.Errorf(s.node, "owner %s: %v", o.ID, err)
			} else {
				o.Calendar = c
			}
		}
	}
	return s.finish(d)
}

// unlimitedInt reads a capacity (1 to mapping.MaxCapacity) or, with
// queue set, a queue limit (0 to mapping.MaxQueueLimit), or "unlimited"
// (0), with the messages of map files. who names the step or owner.
func unlimitedInt(d *yamlpos.Decoder, s Setting, who string, queue bool) (int, bool) {
	if sv, ok := s.node.PlainString(); ok && strings.EqualFold(sv, "unlimited") {
		return 0, true
	}
	if queue {
		return mapping.DecodeYAMLQueueLimit(d, s.node, who)
	}
	return mapping.DecodeYAMLCapacity(d, s.node, who, "; write unlimited for no limit")
}

func (sc *Scenario) applyArrivals(s Setting, parts []string) mapping.ErrorList {
	d := s.decoder()
	a := &sc.Arrivals
	path := strings.Join(parts, ".")
	switch {
	case path == "arrivals.rate":
		if text, ok := d.String(s.node, s.Path); ok {
			r, err := ParseRate(text)
			if err != nil {
				d.Errorf(s.node, "%s: %v", s.Path, err)
			} else {
				a.Rate, a.Interarrival = r, nil
			}
		}
	case strings.HasPrefix(path, "arrivals.peaks[") && len(parts) == 3:
		idx := strings.TrimSuffix(strings.TrimPrefix(parts[1], "peaks["), "]")
		i, err := strconv.Atoi(idx)
		if err != nil || i < 0 || i >= len(a.Peaks) {
			return mapping.ErrorList{s.errorf("%s: no peak %q; the scenario has %d peaks, arrivals.peaks[0] to [%d]", s.Path, idx, len(a.Peaks), len(a.Peaks)-1)}
		}
		switch parts[2] {
		case "factor":
			if v, ok := d.Float(s.node, s.Path); ok {
				a.Peaks[i].Factor = v
			}
		case "duration":
			if v, ok := mapping.DecodeYAMLSeconds(d, s.node, s.Path); ok {
				a.Peaks[i].Duration = v
			}
		default:
			return mapping.ErrorList{s.errorf("%s: a peak's settable fields are factor and duration", s.Path)}
		}
	default:
		return mapping.ErrorList{s.errorf("unknown path %q%s; arrivals paths: arrivals.rate, arrivals.peaks[I].factor, arrivals.peaks[I].duration",
			s.Path, didYouMean(path, []string{"arrivals.rate", "arrivals.peaks[0].factor", "arrivals.peaks[0].duration"}))}
	}
	return s.finish(d)
}

// ParseRate reads an arrival rate such as "6/min", "120/h", "0.5/s",
// "2000/d" and returns it per second.
func ParseRate(text string) (float64, error) {
	num, unit, ok := strings.Cut(strings.TrimSpace(text), "/")
	if !ok {
		return 0, fmt.Errorf("rate %q needs a unit: write e.g. 6/min, 120/h or 2000/d", text)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("rate %q: %q is not a number", text, strings.TrimSpace(num))
	}
	if v <= 0 {
		return 0, fmt.Errorf("rate %q must be positive", text)
	}
	var per float64
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "s", "sec", "second":
		per = 1
	case "m", "min", "minute":
		per = 60
	case "h", "hr", "hour":
		per = 3600
	case "d", "day":
		per = 86400
	case "w", "wk", "week":
		per = 7 * 86400
	default:
		return 0, fmt.Errorf("rate %q has unknown unit %q; use /s, /min, /h or /d", text, unit)
	}
	if v/per > MaxRate {
		return 0, fmt.Errorf("rate %q is above 1,000,000 per second", text)
	}
	return v / per, nil
}

func stepIDs(m *mapping.Map) []string {
	out := make([]string, len(m.Steps))
	for i, s := range m.Steps {
		out[i] = s.ID
	}
	return out
}

func ownerIDs(m *mapping.Map) []string {
	out := make([]string, len(m.Owners))
	for i, o := range m.Owners {
		out[i] = o.ID
	}
	return out
}

// didYouMean is mapping.Suggest: the same hints as map files give.
func didYouMean(word string, candidates []string) string { return mapping.Suggest(word, candidates) }

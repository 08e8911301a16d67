package simulate

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/flowmap/flowmap/internal/yamlpos"
	"github.com/flowmap/flowmap/mapping"
)

// Keys accepted in a scenario file, by context. A scenario without map:
// holds the map's own keys (process, owners, systems, steps, sla) inline.
var (
	scenarioKeys = []string{"map", "name", "description", "start", "arrivals", "horizon", "cases", "warmup", "replications", "seed", "max_events", "variants"}
	arrivalKeys  = []string{"rate", "interarrival", "calendar", "profile", "peaks"}
	peakKeys     = []string{"start", "duration", "factor"}
	variantKeys  = []string{"name", "set"}
)

// ReadScenario reads, parses and checks a scenario file. A map: path is
// read relative to the scenario file.
func ReadScenario(path string) (*Scenario, error) {
	src, err := mapping.ReadSource(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	return ParseScenario(path, src, func(name string) (*mapping.Map, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return mapping.ReadFile(name)
	})
}

// ParseScenario parses and checks a scenario. readMap loads the file named
// by map: (nil: map: is refused, the map must be inline). Problems come
// back as a mapping.ErrorList, each at file:line:col.
func ParseScenario(file string, src []byte, readMap func(name string) (*mapping.Map, error)) (*Scenario, error) {
	root, err := yamlpos.Parse(file, src)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{File: file}
	d := &yamlpos.Decoder{File: file}
	peek, ok := (&yamlpos.Decoder{File: file}).Fields(root, "scenario", nil)
	if !ok {
		d.Fields(root, "scenario", scenarioKeys) // reports the problem
		return nil, d.Errs.Err()
	}
	var fields map[string]yamlpos.Field
	if mf, external := peek["map"]; external {
		fields, _ = d.Fields(root, "scenario", scenarioKeys)
		name, ok := d.String(mf.Value, "map")
		if ok {
			if readMap == nil {
				d.Errorf(mf.Value, "map: a file is not allowed here; put the map's keys inline")
			} else {
				m, err := readMap(name)
				if err != nil {
					if list, isList := err.(mapping.ErrorList); isList {
						return nil, list
					}
					d.Errorf(mf.Value, "map %s: %v", name, err)
				}
				sc.Map = m
			}
		}
	} else {
		_, hasSteps := peek["steps"]
		_, hasProcess := peek["process"]
		if !hasSteps && !hasProcess {
			d.Errorf(root, "scenario has no process map: add map: FILE (relative to this file) or the map's keys (process, owners, steps) inline")
			return nil, d.Errs.Err()
		}
		m := mapping.DecodeYAMLMap(d, root, scenarioKeys)
		fields = peek
		if m != nil && len(d.Errs) == 0 {
			if err := m.Validate(); err != nil {
				return nil, err
			}
		}
		sc.Map = m
	}
	decodeScenario(d, sc, fields)
	if len(d.Errs) > 0 {
		// Report the variants' settings problems too, so that one run of
		// map validate or simulate lists every problem of the file.
		if sc.Map != nil {
			for _, v := range sc.Variants {
				if _, err := sc.With(v.Set); err != nil {
					d.Errs = append(d.Errs, prefixErrors(err, fmt.Sprintf("variant %q: ", v.Name))...)
				}
			}
		}
		return nil, d.Errs.Err()
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return sc, nil
}

// Validate checks the scenario and every variant (their settings applied
// and the map validated again). Problems come back as a mapping.ErrorList.
func (sc *Scenario) Validate() error {
	_, _, _, err := prepare(sc)
	return err
}

func decodeScenario(d *yamlpos.Decoder, sc *Scenario, fields map[string]yamlpos.Field) {
	if f, has := fields["start"]; has {
		if s, ok := d.String(f.Value, "start"); ok {
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
			if err != nil {
				d.Errorf(f.Value, "start: %q is not an RFC 3339 time such as 2026-11-27T00:00:00Z", s)
			}
			sc.Start = t
		}
	}
	if f, has := fields["horizon"]; has {
		if v, ok := mapping.DecodeYAMLSeconds(d, f.Value, "horizon"); ok {
			if v == 0 {
				d.Errorf(f.Value, "horizon: must be longer than 0s")
			}
			sc.Horizon = v
		}
	}
	if f, has := fields["warmup"]; has {
		if v, ok := mapping.DecodeYAMLSeconds(d, f.Value, "warmup"); ok {
			sc.Warmup = v
			if sc.Horizon > 0 && v >= sc.Horizon {
				d.Errorf(f.Value, "warmup %s must be shorter than horizon %s", mapping.FormatSeconds(v), mapping.FormatSeconds(sc.Horizon))
			}
		}
	}
	if f, has := fields["cases"]; has {
		if v, ok := d.Int(f.Value, "cases"); ok {
			if v == 0 {
				d.Errorf(f.Value, "cases: must be at least 1")
			}
			sc.Cases = int64(v)
		}
	}
	if _, h := fields["horizon"]; !h {
		if _, c := fields["cases"]; !c {
			d.Errorf(yamlpos.Node{}, "give horizon (e.g. horizon: 30d) or cases (e.g. cases: 10000) so the run ends")
		}
	}
	if f, has := fields["replications"]; has {
		if v, ok := d.Int(f.Value, "replications"); ok {
			if v < 1 || v > 10000 {
				d.Errorf(f.Value, "replications: must be between 1 and 10000")
			}
			sc.Replications = v
		}
	}
	if f, has := fields["max_events"]; has {
		if v, ok := d.Int(f.Value, "max_events"); ok {
			if v == 0 {
				d.Errorf(f.Value, "max_events: must be at least 1 (leave it out for %d)", DefaultMaxEvents)
			}
			sc.MaxEvents = int64(v)
		}
	}
	if f, has := fields["seed"]; has {
		if v, ok := d.Int(f.Value, "seed"); ok {
			sc.Seed = uint64(v)
		}
	}
	if f, has := fields["arrivals"]; has {
		decodeArrivals(d, sc, f)
	} else {
		d.Errorf(yamlpos.Node{}, "missing arrivals: say how cases arrive, e.g. arrivals: {rate: 6/min}")
	}
	if f, has := fields["variants"]; has {
		decodeVariants(d, sc, f)
	}
}

func decodeArrivals(d *yamlpos.Decoder, sc *Scenario, f yamlpos.Field) {
	a := &sc.Arrivals
	a.Pos = f.KeyNode.Pos()
	fields, ok := d.Fields(f.Value, "arrivals", arrivalKeys)
	if !ok {
		return
	}
	decodeArrivalRate(d, a, f, fields)
	if cf, has := fields["calendar"]; has {
		if s, ok := d.String(cf.Value, "arrivals calendar"); ok {
			c, err := mapping.ParseCalendar(s)
			if err != nil {
				d.Errorf(cf.Value, "arrivals calendar: %v", err)
			}
			a.Calendar = c
		}
	}
	if pf, has := fields["profile"]; has {
		decodeProfile(d, a, pf)
	}
	if pf, has := fields["peaks"]; has {
		items, _ := d.Sequence(pf.Value, "arrivals peaks")
		for i, it := range items {
			if p, ok := decodePeak(d, sc, it, fmt.Sprintf("arrivals peaks[%d]", i)); ok {
				a.Peaks = append(a.Peaks, p)
			}
		}
	}
}

// decodeArrivalRate reads how often cases arrive, from the arrivals
// fields: a rate or an interarrival distribution, exactly one of them.
func decodeArrivalRate(d *yamlpos.Decoder, a *Arrivals, f yamlpos.Field, fields map[string]yamlpos.Field) {
	rf, hasRate := fields["rate"]
	inf, hasInter := fields["interarrival"]
	switch {
	case hasRate && hasInter:
		d.Errorf(inf.KeyNode, "arrivals: give rate or interarrival, not both")
	case hasRate:
		if s, ok := d.String(rf.Value, "arrivals rate"); ok {
			r, err := ParseRate(s)
			if err != nil {
				d.Errorf(rf.Value, "arrivals rate: %v", err)
			}
			a.Rate = r
		}
	case hasInter:
		if dist, ok := mapping.DecodeYAMLDist(d, inf.Value, "arrivals interarrival"); ok {
			if dist.MeanSeconds() <= 0 {
				d.Errorf(inf.Value, "arrivals interarrival: mean must be above 0s")
			}
			a.Interarrival = &dist
		}
	default:
		d.Errorf(f.KeyNode, "arrivals: give rate (e.g. 6/min) or interarrival (a duration distribution)")
	}
}

// decodeProfile reads the arrivals profile: factors on the rate by
// calendar spec, which must not overlap.
func decodeProfile(d *yamlpos.Decoder, a *Arrivals, pf yamlpos.Field) {
	pfields, ok := d.Fields(pf.Value, "arrivals profile", nil)
	if !ok {
		return
	}
	for _, e := range yamlpos.Ordered(pfields) {
		if f, ok := decodeProfileFactor(d, e); ok {
			a.Profile = append(a.Profile, f)
		}
	}
	if _, err := profileMinutes(a.Profile); err != nil {
		d.Errorf(pf.Value, "arrivals profile: %v", err)
	}
}

// decodeProfileFactor reads one profile entry, spec: factor; false when
// its spec is no calendar.
func decodeProfileFactor(d *yamlpos.Decoder, e yamlpos.Field) (ProfileFactor, bool) {
	// In flow style ({mon-fri 09:00-17:00: 1.5}) the YAML parser splits the
	// key at its first colon: key "mon-fri 09", value "00-17:00: 1.5". Join
	// them back.
	var joined *float64
	if sv, ok := e.Value.PlainString(); ok {
		if i := strings.LastIndex(sv, ": "); i > 0 {
			if v, err := strconv.ParseFloat(strings.TrimSpace(sv[i+2:]), 64); err == nil {
				e.Key += ":" + sv[:i]
				joined = &v
			}
		}
	}
	spec := strings.ToLower(strings.TrimSpace(e.Key))
	text := spec
	if !strings.ContainsAny(spec, "0123456789") { // "sat-sun": the whole day
		text += " 00:00-24:00"
	}
	c, err := mapping.ParseCalendar(text)
	if err != nil {
		d.Errorf(e.KeyNode, "arrivals profile: %v", err)
		return ProfileFactor{}, false
	}
	var v float64
	ok := true
	if joined != nil {
		v = *joined
	} else {
		v, ok = d.Float(e.Value, "arrivals profile "+e.Key)
	}
	if ok && (v < 0 || v > MaxFactor) {
		d.Errorf(e.Value, "arrivals profile %s: factor must be from 0 to 1,000", e.Key)
	}
	return ProfileFactor{Spec: e.Key, Calendar: c, Factor: v, Pos: e.KeyNode.Pos()}, true
}

// decodePeak reads the peak it (what names it in messages); false when it
// is no mapping.
func decodePeak(d *yamlpos.Decoder, sc *Scenario, it yamlpos.Node, what string) (Peak, bool) {
	pk, ok := d.Fields(it, what, peakKeys)
	if !ok {
		return Peak{}, false
	}
	p := Peak{Factor: 1, Pos: it.Pos()}
	for _, k := range peakKeys {
		if _, has := pk[k]; !has {
			d.Errorf(it, "%s: missing %s", what, k)
		}
	}
	if e, has := pk["start"]; has {
		if s, ok := d.String(e.Value, what+" start"); ok {
			p.Start = decodePeakStart(d, sc, e.Value, s, what)
		}
	}
	if e, has := pk["duration"]; has {
		if v, ok := mapping.DecodeYAMLSeconds(d, e.Value, what+" duration"); ok {
			if v == 0 {
				d.Errorf(e.Value, "%s duration: must be longer than 0s", what)
			}
			p.Duration = v
		}
	}
	if e, has := pk["factor"]; has {
		if v, ok := d.Float(e.Value, what+" factor"); ok {
			if v < 0 || v > MaxFactor {
				d.Errorf(e.Value, "%s factor: must be from 0 to 1,000", what)
			}
			p.Factor = v
		}
	}
	return p, true
}

// decodePeakStart reads a peak's start s (at node n): an offset from the
// scenario start or an RFC 3339 time, as seconds from the scenario start.
func decodePeakStart(d *yamlpos.Decoder, sc *Scenario, n yamlpos.Node, s, what string) float64 {
	if v, err := mapping.ParseSeconds(s); err == nil && v >= 0 {
		return v
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		d.Errorf(n, "%s start: write an offset from the scenario start (2h, 1d) or an RFC 3339 time (2026-11-27T09:00:00Z)", what)
		return 0
	}
	start := t.Sub(sc.start()).Seconds()
	if start < 0 {
		d.Errorf(n, "%s: %s is before the scenario start %s", what, s, sc.start().Format(time.RFC3339))
	}
	return start
}

func decodeVariants(d *yamlpos.Decoder, sc *Scenario, f yamlpos.Field) {
	items, _ := d.Sequence(f.Value, "variants")
	seen := map[string]bool{"base": true}
	for i, it := range items {
		what := fmt.Sprintf("variants[%d]", i)
		vf, ok := d.Fields(it, what, variantKeys)
		if !ok {
			continue
		}
		v := Variant{Name: fmt.Sprintf("variant %d", i+1), Pos: it.Pos()}
		if e, has := vf["name"]; has {
			if name, ok := d.String(e.Value, what+" name"); ok {
				if seen[name] {
					d.Errorf(e.Value, "%s: the name %q is taken (base is the scenario itself)", what, name)
				}
				seen[name] = true
				v.Name = name
			}
		}
		e, has := vf["set"]
		if !has {
			d.Errorf(it, "%s: missing set, e.g. set: {warehouse.capacity: 6}", what)
			continue
		}
		sf, ok := d.Fields(e.Value, what+" set", nil)
		if !ok {
			continue
		}
		for _, s := range yamlpos.Ordered(sf) {
			v.Set = append(v.Set, Setting{Path: s.Key, Value: s.Value.Source(), File: d.File, Pos: s.KeyNode.Pos(), node: s.Value})
		}
		sc.Variants = append(sc.Variants, v)
	}
}

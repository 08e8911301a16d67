package eventlog

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// readXESRef is the encoding/xml RawToken reader that ReadXES replaced,
// kept as the reference for the differential tests (with the structure
// checks of xmlCheck added: matching end tags, no nested events or traces,
// nothing after </log>). It reads an XES event log from r without
// building a document tree. name is used in errors and as Log.Source.
// Options.Case names the trace attribute holding the case id; Activity, Time,
// StartTime, Resource and Lifecycle name event attribute keys.
func readXESRef(r io.Reader, name string, opt Options) (*Log, error) {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 256<<10)
	}
	head, _ := br.Peek(512)
	if len(head) == 0 {
		return nil, emptyLog(name, "the file is empty; expected an XES event log")
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		head = head[3:]
	}
	if looksBinary(head) {
		return nil, notEventLog(name, "looks like binary data; expected an XES event log (<log><trace><event>...) or a CSV log")
	}
	key := func(o, def string) string {
		if o != "" {
			return o
		}
		return def
	}
	caseKey := key(opt.Case, "concept:name")
	actKey := key(opt.Activity, "concept:name")
	timeKey := key(opt.Time, "time:timestamp")
	startKey := opt.StartTime
	resKey := key(opt.Resource, "org:resource")
	lcKey := key(opt.Lifecycle, "lifecycle:transition")
	const instKey = "concept:instance"

	b := newBuilder(name, "xes", &opt)
	b.lifecycle, b.lcKeyName = true, lcKey
	lg := b.log
	q := &lg.Quality
	tc := newTimeCol(timeKey, &opt)
	var sc *timeCol
	if startKey != "" {
		sc = newTimeCol(startKey, &opt)
	}
	var seenRes, seenLC, seenStart bool

	d := xml.NewDecoder(br)
	d.CharsetReader = charsetReader
	chk := &xmlCheck{d: d}
	const (
		stTop = iota
		stLog
		stTrace
		stEvent
		stDone
	)
	state := stTop
	var (
		traceID    string
		hasID      bool
		traceAttrs map[string]string
		events     []xesEvent
		ev         xesEvent
		evTime     string
		evStart    string
		hasTime    bool
	)
	line := func() int { l, _ := d.InputPos(); return l }
	skip := func() error {
		for depth := 1; depth > 0; {
			tok, err := chk.token()
			if err != nil {
				return err
			}
			switch tok.(type) {
			case xml.StartElement:
				depth++
			case xml.EndElement:
				depth--
			}
		}
		return nil
	}
	syntax := func(err error) error {
		if state == stTop {
			return notEventLog(name, "not XML (%v); expected an XES event log", err)
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return &ParseError{File: name, Row: line(), Err: reason(ErrSyntax, "the XES file ends early (truncated?)")}
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return xmlSyntaxError(name, se)
		}
		return &ParseError{File: name, Row: line(), Err: err}
	}
	// flush adds the events of a finished trace.
	flush := func() error {
		if !hasID || traceID == "" {
			for _, e := range events {
				if err := b.bad(e.row, caseKey, "", reason(ErrMissingValue, "trace has no %q attribute (case id)", caseKey)); err != nil {
					return err
				}
			}
			return nil
		}
		if len(events) == 0 && len(traceAttrs) == 0 {
			return nil
		}
		c := b.caseOf(traceID)
		for k, v := range traceAttrs {
			b.setCaseAttr(c, k, v)
		}
		for _, e := range events {
			in := Instance{Activity: b.activity(e.act), Resource: b.resource(e.res), Enabled: NoTime, Start: e.start, End: e.end, Row: b.row32(e.row)}
			b.eventAttrs(e.attrs)
			b.endClock(in.Activity, e.midnight)
			if !seenRes {
				b.altResource(e.group)
			}
			lc := lcInfo{trans: -1, inst: -1}
			if e.lc != "" {
				lc.trans = b.transition(e.lc)
			}
			if e.inst != "" {
				lc.inst = b.instance(e.inst)
			}
			b.addLC(c, in, lc)
		}
		return nil
	}
	for state != stDone {
		tok, err := chk.token()
		if err == io.EOF {
			if state == stTop {
				return nil, notEventLog(name, "no <log> element; expected an XES event log")
			}
			return nil, syntax(err)
		}
		if err != nil {
			return nil, syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch state {
			case stTop:
				if t.Name.Local != "log" {
					return nil, notEventLog(name, "the root element is <%s>; expected an XES event log (<log><trace><event>...)", t.Name.Local)
				}
				state = stLog
			case stLog:
				if t.Name.Local == "trace" {
					state = stTrace
					traceID, hasID, traceAttrs, events = "", false, nil, events[:0]
					continue
				}
				if err := skip(); err != nil {
					return nil, syntax(err)
				}
			case stTrace:
				if t.Name.Local == "event" {
					state = stEvent
					ev = xesEvent{row: line(), start: NoTime}
					evTime, evStart, hasTime = "", "", false
					q.Rows++
					continue
				}
				k, v := keyValue(t.Attr)
				if k == caseKey {
					traceID, hasID = v, true
				} else if k != "" {
					if traceAttrs == nil {
						traceAttrs = make(map[string]string)
					}
					traceAttrs[k] = v
				}
				if err := skip(); err != nil {
					return nil, syntax(err)
				}
			case stEvent:
				k, v := keyValue(t.Attr)
				switch k {
				case actKey:
					ev.act = v
				case timeKey:
					evTime, hasTime = v, true
				case resKey:
					ev.res = v
				case lcKey:
					ev.lc = v
				case instKey:
					ev.inst = v
				case "":
				default:
					if opt.Resource == "" && k == "org:group" {
						ev.group = v
					}
					if k == startKey {
						evStart = v
					} else if opt.EventAttrs {
						if ev.attrs == nil {
							ev.attrs = make(map[string]string)
						}
						ev.attrs[k] = v
					}
				}
				if err := skip(); err != nil {
					return nil, syntax(err)
				}
			}
		case xml.EndElement:
			switch state {
			case stEvent:
				state = stTrace
				if ev.act == "" {
					if err := b.bad(ev.row, actKey, "", reason(ErrMissingValue, "event has no %q attribute (activity)", actKey)); err != nil {
						return nil, err
					}
					continue
				}
				if !hasTime {
					if err := b.bad(ev.row, timeKey, "", reason(ErrBadTimestamp, "event has no %q attribute (timestamp)", timeKey)); err != nil {
						return nil, err
					}
					continue
				}
				var ok bool
				if ev.end, ok = tc.parseAt(evTime, ev.row); !ok {
					if err := b.bad(ev.row, timeKey, evTime, tc.badValue(evTime)); err != nil {
						return nil, err
					}
					continue
				}
				ev.midnight = tc.midnight
				if sc != nil && evStart != "" {
					if ev.start, ok = sc.parseAt(evStart, ev.row); !ok {
						if err := b.bad(ev.row, startKey, evStart, sc.badValue(evStart)); err != nil {
							return nil, err
						}
						continue
					}
					seenStart = true
				}
				seenRes = seenRes || ev.res != ""
				seenLC = seenLC || ev.lc != ""
				events = append(events, ev)
			case stTrace:
				state = stLog
				if err := flush(); err != nil {
					return nil, err
				}
			case stLog:
				state = stDone
			}
		}
	}
	if err := chk.rest(); err != nil {
		return nil, syntax(err)
	}
	if sc != nil && seenStart {
		// A start-time attribute makes intervals; lifecycle stays data.
		b.lifecycle = false
	}
	if !seenRes && b.useAltResources() {
		resKey, seenRes = "org:group", true
		b.warn("no event has %q: %q stands in for the resource (use --resource to choose another key)", "org:resource", resKey)
	}
	lg.Columns = Columns{Case: caseKey, Activity: actKey, Time: timeKey, TimeZone: zoneName(opt.Location)}
	if seenRes {
		lg.Columns.Resource = resKey
	}
	if seenLC {
		lg.Columns.Lifecycle = lcKey
	}
	if seenStart {
		lg.Columns.StartTime = startKey
	}
	if q.Rows == 0 {
		return nil, emptyLog(name, "the XES log has no events")
	}
	return finishRead(b, []*timeCol{tc, sc})
}

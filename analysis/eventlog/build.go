package eventlog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowmap/flowmap/internal/format"
)

// builder accumulates events into a Log: interning, case grouping, quality
// counts. Readers feed it one event at a time; finish pairs lifecycle events
// and orders the traces.
type builder struct {
	log        *Log
	file       string
	strict     bool
	maxSamples int

	acts map[string]int32
	ress map[string]int32
	// cases: per case, in order of first appearance, until group makes
	// Log.Cases (exactly sized) from them (cases.go).
	cases     caseTable
	caseAttrs map[int32]map[string]string // setCaseAttr's attributes, by case

	// Events in file order, compact and pointer-free (the GC does not scan
	// them), in blocks that are never copied as the log grows: the full
	// blocks, then the current one. finish groups them by case.
	evBlocks [][]stagedEv
	evs      []stagedEv
	evMem    *evMem              // where the blocks are (evmem.go)
	evAttrs  []map[string]string // Log.EventAttrs: per event (by Seq); nil until one has attributes
	evStarts []int64             // Instance.Start per event (by Seq); nil until one has a start
	evLC     []lcInfo            // per event, for lifecycle logs
	caseLC   [][]lcInfo

	// Case attribute columns (CSV): values per column per case.
	attrKeys []string
	attrVals [][]string

	// Per activity: end times at 00:00:00 as written, and whether one had
	// another time of day (clock). Dates alone round the waits around an
	// activity to days.
	actMidnight []int32
	actClock    []bool

	// Stand-in resources (XES org:group when no event has org:resource):
	// per event (by Seq; nil until one has a value), interned apart until
	// useAltResources makes them the resources.
	altRes   []int32
	altIdx   map[string]int32
	altNames []string

	lastCase   int32
	lastCaseID string
	lastHash   uint64 // of lastCaseID
	touched    uint32 // longPipe.touch's reads end here, so that they are not optimised away
	// recent caches the cases seen last in front of cases' index (see
	// caseOf); nil until the log has recentFrom cases.
	recent *[recentSlots]recentCase
	seq    int
	// tooLarge counts the events dropped past MaxEvents (or rows past
	// line MaxEvents): finishRead makes it an ErrTooLarge error.
	tooLarge int
	mid      int // group: cases[:mid] and cases[mid:] have about as many events

	// lifecycle: raw events keep their transition until finish.
	lifecycle bool
	lcIdx     map[string]int32
	lcVals    []string
	lcCounts  []int
	instIdx   map[string]int32
	attrWarn  map[string]bool
	lcKeyName string
}

type lcInfo struct {
	trans int32 // index into builder.lcVals; -1 = no value (complete)
	inst  int32 // concept:instance index; -1 = none
}

func newBuilder(file, format string, opt *Options) *builder {
	ms := opt.MaxSamples
	if ms == 0 {
		ms = 20
	} else if ms < 0 {
		ms = 0
	}
	b := &builder{
		log:        &Log{Source: file, Format: format, Quality: Quality{Samples: []BadRow{}, Warnings: []string{}}},
		file:       file,
		strict:     opt.Strict,
		maxSamples: ms,
		acts:       make(map[string]int32),
		ress:       make(map[string]int32),
		cases:      newCaseTable(),
		lastCase:   -1,
		lcIdx:      make(map[string]int32),
		instIdx:    make(map[string]int32),
	}
	return b
}

// caseOf returns the index of case id, adding it on first sight. id may
// alias a reused buffer: it is copied when stored.
//
// In a log sorted by time, the rows of the cases in progress interleave:
// a row's case is seldom the previous row's, but nearly always one seen
// recently. A lookup in the index of a million ids misses the processor's
// caches two or three times; recent, a direct-mapped table of the last
// cases seen by hash, is small enough to stay in them, and the ids of
// recent cases are close together (they are stored in order).
func (b *builder) caseOf(id string) int32 {
	if b.lastCase >= 0 && id == b.lastCaseID {
		return b.lastCase
	}
	return b.caseOfHash(id, b.cases.hash(id))
}

// caseOfHash is caseOf for an id whose hash (caseTable.hash) is known: the
// CSV reader computes it on the producer's core.
func (b *builder) caseOfHash(id string, h uint64) int32 {
	if b.lastCase >= 0 && h == b.lastHash && id == b.lastCaseID {
		return b.lastCase
	}
	t := &b.cases
	var slot *recentCase
	tag := uint32(h >> 32)
	if b.recent != nil {
		slot = &b.recent[h%recentSlots]
		if slot.tag == tag && slot.ci1 > 0 {
			if ci := int32(slot.ci1 - 1); t.at(ci).id == id {
				b.lastCase, b.lastCaseID, b.lastHash = ci, t.at(ci).id, h
				return ci
			}
		}
	}
	ci := t.find(id, h)
	if ci < 0 {
		ci = t.add(id, h)
		if b.recent == nil && t.len() >= recentFrom {
			b.recent = new([recentSlots]recentCase)
		}
	}
	if slot != nil {
		slot.tag, slot.ci1 = tag, uint32(ci)+1
	}
	b.lastCase, b.lastCaseID, b.lastHash = ci, t.at(ci).id, h
	return ci
}

// recentCase is a slot of builder.recent: the upper half of the hash of a
// case id and the case's index + 1 (0: empty).
type recentCase struct {
	tag, ci1 uint32
}

// recent has recentSlots slots (2 MiB), from recentFrom cases on: a
// small log's index stays in the caches anyway.
const recentSlots, recentFrom = 1 << 18, 1 << 12

func (b *builder) activity(name string) int32 {
	return intern(b.acts, &b.log.Activities, name)
}

// intern returns name's index in list, adding a copy of it on first sight
// (name may alias a reused buffer).
func intern(index map[string]int32, list *[]string, name string) int32 {
	if i, ok := index[name]; ok {
		return i
	}
	name = strings.Clone(name)
	i := int32(len(*list))
	index[name] = i
	*list = append(*list, name)
	return i
}

// resource interns a resource; "" (absent or empty) is -1.
func (b *builder) resource(name string) int32 {
	if name == "" {
		return -1
	}
	return intern(b.ress, &b.log.Resources, name)
}

func (b *builder) transition(v string) int32 {
	if i, ok := b.lcIdx[v]; ok {
		b.lcCounts[i]++
		return i
	}
	v = strings.Clone(v)
	i := int32(len(b.lcVals))
	b.lcIdx[v] = i
	b.lcVals = append(b.lcVals, v)
	b.lcCounts = append(b.lcCounts, 1)
	return i
}

func (b *builder) instance(v string) int32 {
	if v == "" {
		return -1
	}
	if i, ok := b.instIdx[v]; ok {
		return i
	}
	v = strings.Clone(v)
	i := int32(len(b.instIdx))
	b.instIdx[v] = i
	return i
}

// stagedEv is an event as add stores it until group (24 bytes, no
// pointer): its Instance without Enabled (always NoTime when added), Seq
// (its position) and Start (in builder.evStarts), and its case.
type stagedEv struct {
	end      int64
	row      int32
	act, res int32
	ci       int32
}

// row32 is a row (line) number as an Instance keeps it. A line past
// MaxEvents is counted in tooLarge (finishRead fails) and kept as 0.
func (b *builder) row32(line int) int32 {
	if line > MaxEvents {
		b.tooLarge++
		return 0
	}
	return int32(line)
}

// eventAttrs sets the extra attributes of the event about to be added
// (Seq b.seq); nil or empty attrs are none. Call it before add or addLC.
func (b *builder) eventAttrs(attrs map[string]string) {
	if len(attrs) == 0 {
		return
	}
	if b.evAttrs == nil {
		b.evAttrs = make([]map[string]string, b.seq, b.seq+1024)
	}
	for len(b.evAttrs) < b.seq { // events added before, without any
		b.evAttrs = append(b.evAttrs, nil)
	}
	b.evAttrs = append(b.evAttrs, attrs)
}

// add appends an event to case ci. in.Start may be set (start-time column);
// in.Enabled must be NoTime (pair sets it); in.Seq is assigned here. Its
// attributes, if any, were given to eventAttrs just before.
func (b *builder) add(ci int32, in Instance) {
	if in.Enabled != NoTime {
		panic("eventlog: builder.add: an event with an enabled time")
	}
	if b.seq >= MaxEvents {
		b.tooLarge++
		return
	}
	b.seq++
	t := in.SortTime()
	cs := b.cases.at(ci)
	cs.n++
	if t < cs.last {
		b.log.Quality.OutOfOrder++
	} else {
		cs.last = t
	}
	if in.Start != NoTime || b.evStarts != nil {
		b.addStart(in.Start)
	}
	if len(b.evs) == cap(b.evs) {
		b.newBlock()
	}
	b.evs = append(b.evs, stagedEv{end: in.End, row: in.Row, act: in.Activity, res: in.Resource, ci: ci})
}

// addStart records the start of the event being added (Seq b.seq-1).
func (b *builder) addStart(start int64) {
	if start != NoTime {
		b.log.HasStartTimes = true
	}
	if b.evStarts == nil {
		b.evStarts = make([]int64, 0, b.seq+1024)
	}
	for len(b.evStarts) < b.seq-1 { // events added before, without a start
		b.evStarts = append(b.evStarts, NoTime)
	}
	b.evStarts = append(b.evStarts, start)
}

// Event blocks start small (small logs stay small) and double up to
// maxEvBlock events.
const minEvBlock, maxEvBlock = 256, 1 << 16

// newBlock retires the current event block and starts the next.
func (b *builder) newBlock() {
	if cap(b.evs) > 0 {
		b.evBlocks = append(b.evBlocks, b.evs)
	}
	n := min(max(2*cap(b.evs), minEvBlock), maxEvBlock)
	if b.evMem == nil {
		b.evMem = newEvMem(b)
	}
	b.evs = b.evMem.block(n)
}

// addLC appends a raw lifecycle event.
func (b *builder) addLC(ci int32, in Instance, lc lcInfo) {
	if b.seq >= MaxEvents {
		b.tooLarge++
		return
	}
	b.add(ci, in)
	b.evLC = append(b.evLC, lc)
}

// caseAttrColumn registers a case attribute column and returns its index
// for setCaseAttrAt.
func (b *builder) caseAttrColumn(key string) int {
	b.attrKeys = append(b.attrKeys, key)
	b.attrVals = append(b.attrVals, nil)
	return len(b.attrKeys) - 1
}

// setCaseAttrAt is setCaseAttr for a registered column, without hashing.
func (b *builder) setCaseAttrAt(col int, ci int32, val string) {
	if val == "" {
		return
	}
	vals := b.attrVals[col]
	if int(ci) >= len(vals) {
		vals = append(vals, make([]string, b.cases.len()-len(vals))...)
		b.attrVals[col] = vals
	}
	switch old := vals[ci]; {
	case old == "":
		vals[ci] = strings.Clone(val)
	case old != val:
		b.attrDiffers(b.attrKeys[col], b.cases.at(ci).id, old, val)
	}
}

func (b *builder) attrDiffers(key, id, old, val string) {
	if b.attrWarn[key] {
		return
	}
	if b.attrWarn == nil {
		b.attrWarn = make(map[string]bool)
	}
	b.attrWarn[strings.Clone(key)] = true // key may alias a reused buffer (XES scanner)
	b.warn("case attribute %q is not constant within case %q (%q, then %q); the first value is kept", key, id, old, val)
}

// group makes Log.Cases, moves the events into their cases (file order
// within a case) and the registered case attributes into Case.Attrs.
// It is one function on purpose: its two scatter passes share the staged
// blocks and release each as soon as both have read it, which is what keeps
// the peak memory of a 10M-event read under 1 GB (docs/BENCHMARKS.md).
func (b *builder) group() {
	l := b.log
	// pos[ci]: where the next event of case ci goes in all.
	n := b.cases.len()
	pos := make([]int32, n)
	if n > 0 {
		l.Cases = make([]Case, n)
		for ci := range int32(n) {
			cs := b.cases.at(ci)
			l.Cases[ci] = Case{ID: cs.id, Attrs: b.caseAttrs[ci]}
			pos[ci] = cs.n
		}
	}
	b.cases, b.caseAttrs, b.recent = caseTable{}, nil, nil // the case ids are in l.Cases now
	evBlocks := append(b.evBlocks, b.evs)
	b.evBlocks, b.evs = nil, nil
	all := make([]Instance, b.seq)
	var allLC []lcInfo
	if b.evLC != nil {
		allLC = make([]lcInfo, len(b.evLC))
		b.caseLC = make([][]lcInfo, len(l.Cases))
	}
	off := int32(0)
	b.mid = len(l.Cases)
	for ci := range l.Cases {
		n := pos[ci]
		l.Cases[ci].Instances = all[off : off+n : off+n]
		if allLC != nil {
			b.caseLC[ci] = allLC[off : off+n : off+n]
		}
		pos[ci] = off
		if int(off) < b.seq/2 {
			b.mid = ci + 1
		}
		off += n
	}
	// Scatter the events, cases[:mid] and cases[mid:] on two cores.
	if b.evMem != nil {
		b.evMem.scatterStart()
	}
	scatter := func(lo, hi int32) {
		i := 0
		for k, evs := range evBlocks {
			for j := range evs {
				e := &evs[j]
				if e.ci >= lo && e.ci < hi {
					p := pos[e.ci]
					pos[e.ci] = p + 1
					in := &all[p]
					in.Activity, in.Resource = e.act, e.res
					in.Enabled, in.Start, in.End = NoTime, NoTime, e.end
					if i < len(b.evStarts) {
						in.Start = b.evStarts[i]
					}
					in.Row, in.Seq = e.row, int32(i)
					if allLC != nil {
						allLC[p] = b.evLC[i]
					}
				}
				i++
			}
			if b.evMem != nil {
				b.evMem.passed(k)
			}
		}
	}
	b.twoCores(func(half int) {
		if half == 0 {
			scatter(0, int32(b.mid))
		} else {
			scatter(int32(b.mid), int32(len(l.Cases)))
		}
	})
	if b.evAttrs != nil {
		for len(b.evAttrs) < b.seq {
			b.evAttrs = append(b.evAttrs, nil)
		}
		l.EventAttrs = b.evAttrs
	}
	b.evAttrs, b.evLC, b.evStarts = nil, nil, nil
	for col, vals := range b.attrVals {
		for ci, v := range vals {
			if v == "" {
				continue
			}
			c := &l.Cases[ci]
			if c.Attrs == nil {
				c.Attrs = make(map[string]string, len(b.attrKeys))
			}
			c.Attrs[b.attrKeys[col]] = v
		}
	}
}

// parallelEvents is the number of events from which group and finish use
// two cores.
const parallelEvents = 1 << 15

// twoCores runs f(0) and f(1) on two goroutines for a large log, one after
// the other for a small one.
func (b *builder) twoCores(f func(half int)) {
	if b.seq < parallelEvents {
		f(0)
		f(1)
		return
	}
	var wg sync.WaitGroup
	wg.Go(func() { f(1) })
	f(0)
	wg.Wait()
}

// setCaseAttr records a case attribute; the first non-empty value wins and a
// differing later value is reported once per attribute.
func (b *builder) setCaseAttr(ci int32, key, val string) {
	if val == "" {
		return
	}
	attrs := b.caseAttrs[ci]
	if old, ok := attrs[key]; ok {
		if old != val {
			b.attrDiffers(key, b.cases.at(ci).id, old, val)
		}
		return
	}
	if attrs == nil {
		if b.caseAttrs == nil {
			b.caseAttrs = make(map[int32]map[string]string)
		}
		attrs = make(map[string]string)
		b.caseAttrs[ci] = attrs
	}
	attrs[strings.Clone(key)] = strings.Clone(val)
}

func (b *builder) warn(format string, args ...any) {
	b.log.Quality.Warnings = append(b.log.Quality.Warnings, fmt.Sprintf(format, args...))
}

// bad records a rejected row. With Strict it returns the error to stop on.
func (b *builder) bad(row int, column, value string, err error) error {
	q := &b.log.Quality
	q.BadRows++
	if len(q.Samples) < b.maxSamples {
		q.Samples = append(q.Samples, BadRow{Row: row, Column: column, Value: strings.Clone(value), Reason: err.Error()})
	}
	if b.strict {
		return &ParseError{File: b.file, Row: row, Column: column, Value: strings.Clone(value), Err: err}
	}
	return nil
}

// checkStarts counts, samples and reports the instances of a log with start
// times that have no start (of an activity that has starts elsewhere: one
// that never has one is instant), or a start after their end.
func (b *builder) checkStarts() {
	l := b.log
	q := &l.Quality
	col := l.Columns.StartTime
	if col == "" {
		col = l.Columns.Lifecycle
	}
	// An activity that never has a start is instant, not missing its start.
	started := make([]bool, len(l.Activities))
	for ci := range l.Cases {
		for _, in := range l.Cases[ci].Instances {
			if in.Start != NoTime {
				started[in.Activity] = true
			}
		}
	}
	// Lifecycle logs: a complete without a start event is read as instant
	// (0 s), as PM4Py does; a start-time column's empty cell is unknown.
	lifecycle := l.Columns.StartTime == ""
	noStart := "has no start time: its service time is unknown"
	if lifecycle {
		noStart = "has no start event: read as instant (0 s service), as PM4Py does"
	}
	var samples []BadRow
	missing := make([]int, len(l.Activities))
	var firstAfter BadRow
	for ci := range l.Cases {
		c := &l.Cases[ci]
		for i := range c.Instances {
			in := &c.Instances[i]
			var why string
			switch {
			case in.Start == NoTime && !started[in.Activity]:
				continue
			case in.Start == NoTime:
				q.MissingStart++
				missing[in.Activity]++
				why = fmt.Sprintf("%q in case %q %s", l.Activities[in.Activity], c.ID, noStart)
			case in.Start > in.End:
				q.StartAfterEnd++
				why = fmt.Sprintf("%q in case %q starts after it ends (%s > %s): its service time is unknown", l.Activities[in.Activity], c.ID,
					time.Unix(0, in.Start).UTC().Format(time.RFC3339Nano), time.Unix(0, in.End).UTC().Format(time.RFC3339Nano))
				if firstAfter.Row == 0 {
					firstAfter = BadRow{Row: int(in.Row), Reason: why}
				}
			default:
				continue
			}
			if len(samples) < 4*b.maxSamples {
				samples = append(samples, BadRow{Row: int(in.Row), Column: col, Reason: why})
			}
		}
	}
	if q.StartAfterEnd > 0 {
		b.warn("%d activity instances start after they end (e.g. row %d: %s); they are kept, without a service time", q.StartAfterEnd, firstAfter.Row, firstAfter.Reason)
	}
	if q.MissingStart > 0 {
		var acts []string
		for a, n := range missing {
			if n > 0 {
				acts = append(acts, fmt.Sprintf("%q %d", l.Activities[a], n))
			}
		}
		if len(acts) > 5 {
			acts = append(acts[:5], "...")
		}
		if lifecycle {
			b.warn("%s completes have no start event although their activity has start events elsewhere (%s); they are read as instant (0 s service), as PM4Py does", format.Thousands(q.MissingStart), strings.Join(acts, ", "))
		} else {
			b.warn("%d activity instances have no start time although their activity has start times elsewhere (%s); they are kept, without a service time (not 0 s)", q.MissingStart, strings.Join(acts, ", "))
		}
	}
	sort.SliceStable(samples, func(i, j int) bool { return samples[i].Row < samples[j].Row })
	b.timeSamples(samples)
}

// endClock records whether an end time of activity a was written at
// 00:00:00 (or as a date alone).
func (b *builder) endClock(a int32, midnight bool) {
	if int(a) < len(b.actClock) && b.actClock[a] && !midnight {
		return // the common case: an activity known to have times of day
	}
	b.countClock(a, midnight)
}

// countClock is endClock's slow path.
func (b *builder) countClock(a int32, midnight bool) {
	if int(a) >= len(b.actClock) {
		n := max(len(b.log.Activities), int(a)+1)
		b.actClock = append(b.actClock, make([]bool, n-len(b.actClock))...)
		b.actMidnight = append(b.actMidnight, make([]int32, n-len(b.actMidnight))...)
	}
	if midnight {
		b.actMidnight[a]++
	} else {
		b.actClock[a] = true
	}
}

// warnDateOnly warns about the activities whose end times are all dates
// without a time of day (at least two of them).
func (b *builder) warnDateOnly() {
	var acts []string
	n := 0
	for a, m := range b.actMidnight {
		if m >= 2 && !b.actClock[a] {
			n++
			if len(acts) < 5 {
				acts = append(acts, fmt.Sprintf("%q (%d events)", b.log.Activities[a], m))
			}
		}
	}
	if n == 0 {
		return
	}
	if n > len(acts) {
		acts = append(acts, fmt.Sprintf("and %d more", n-len(acts)))
	}
	b.warn("%d activities have dates without a time of day (every timestamp at 00:00:00): %s; waits and transitions around them are rounded to whole days", n, strings.Join(acts, ", "))
}

// warnSingleEvents warns when every case (of two or more) has one event.
func (b *builder) warnSingleEvents() {
	l := b.log
	if len(l.Cases) < 2 {
		return
	}
	for ci := range l.Cases {
		if len(l.Cases[ci].Instances) != 1 {
			return
		}
	}
	hint := ""
	if l.Format != "wide" {
		hint = " (a wide export, one row per case with a timestamp column per milestone, is read with --wide COL,COL,...)"
	}
	b.warn("every case has a single event (%d cases): there are no transitions, waits or variants to measure; is %q the case id?%s", len(l.Cases), l.Columns.Case, hint)
}

// altResource records the stand-in resource ("" = none) of the event
// about to be added (Seq b.seq).
func (b *builder) altResource(v string) {
	if v == "" && b.altRes == nil {
		return
	}
	if b.altRes == nil {
		b.altIdx = make(map[string]int32)
		b.altRes = make([]int32, 0, b.seq+1024)
	}
	for len(b.altRes) < b.seq { // events added before, without one
		b.altRes = append(b.altRes, -1)
	}
	a := int32(-1)
	if v != "" {
		a = intern(b.altIdx, &b.altNames, v)
	}
	b.altRes = append(b.altRes, a)
}

// dropAltResources forgets the stand-in resources (the real ones exist).
func (b *builder) dropAltResources() {
	b.altRes, b.altIdx, b.altNames = nil, nil, nil
}

// useAltResources makes the stand-in resources the events' resources; it
// reports whether there were any.
func (b *builder) useAltResources() bool {
	if b.altRes == nil {
		return false
	}
	i := 0
	for _, evs := range append(b.evBlocks, b.evs) {
		for j := range evs {
			if i < len(b.altRes) && b.altRes[i] >= 0 {
				evs[j].res = b.resource(b.altNames[b.altRes[i]])
			}
			i++
		}
	}
	b.dropAltResources()
	return true
}

// timeSamples adds samples of questionable times to Quality.TimeSamples,
// keeping the first rows (at most maxSamples).
func (b *builder) timeSamples(rows []BadRow) {
	q := &b.log.Quality
	if len(rows) == 0 || b.maxSamples == 0 {
		return
	}
	q.TimeSamples = append(q.TimeSamples, rows...)
	sort.SliceStable(q.TimeSamples, func(i, j int) bool { return q.TimeSamples[i].Row < q.TimeSamples[j].Row })
	if len(q.TimeSamples) > b.maxSamples {
		q.TimeSamples = q.TimeSamples[:b.maxSamples]
	}
}

// standardTransitions are the XES lifecycle model's transitions.
var standardTransitions = map[string]bool{
	"schedule": true, "assign": true, "start": true, "complete": true,
	"suspend": true, "resume": true, "ate_abort": true, "pi_abort": true,
	"withdraw": true, "reassign": true, "autoskip": true, "manualskip": true,
	"unknown": true,
}

// finish resolves lifecycle events, sorts the traces and counts duplicates.
func (b *builder) finish() *Log {
	l := b.log
	b.warnDateOnly()
	b.group()
	if b.lifecycle && len(b.lcVals) > 0 {
		l.Quality.Transitions = make(map[string]int, len(b.lcVals))
		standard, hasStart, onlyComplete := true, false, true
		var odd []string
		for i, v := range b.lcVals {
			l.Quality.Transitions[v] += b.lcCounts[i]
			lv := strings.ToLower(v)
			if !standardTransitions[lv] {
				standard = false
				if len(odd) < 5 {
					odd = append(odd, v)
				}
			}
			if lv == "start" {
				hasStart = true
			}
			if lv != "complete" {
				onlyComplete = false
			}
		}
		switch {
		case standard && hasStart:
			b.pair()
		case onlyComplete:
			// single-timestamp log
		case !standard:
			b.keepLifecycleAsData()
			b.warn("lifecycle %q holds values that are not XES lifecycle transitions (%s); every event is read as a complete event and the value is kept as event attribute %q", b.lcKeyName, quoteList(odd), b.lcKeyName)
		default:
			b.keepLifecycleAsData()
			b.warn("lifecycle %q has no start events; every event is read as a complete event and the value is kept as event attribute %q", b.lcKeyName, b.lcKeyName)
		}
	}
	b.caseLC = nil
	// Order the traces and count duplicates, cases[:mid] and cases[mid:] on
	// two cores.
	var dups [2]int
	b.twoCores(func(half int) {
		cases := l.Cases[:b.mid]
		if half == 1 {
			cases = l.Cases[b.mid:]
		}
		n := 0
		for ci := range cases {
			ins := cases[ci].Instances
			if !slices.IsSortedFunc(ins, traceOrder) {
				slices.SortFunc(ins, traceOrder)
			}
			n += duplicates(ins, l.HasStartTimes)
		}
		dups[half] = n
	})
	l.Quality.Duplicates += dups[0] + dups[1]
	if l.HasStartTimes {
		b.checkStarts()
	}
	b.warnSingleEvents()
	if l.Activities == nil {
		l.Activities = []string{}
	}
	if l.Resources == nil {
		l.Resources = []string{}
	}
	if l.Cases == nil {
		l.Cases = []Case{}
	}
	return l
}

// traceOrder orders the instances of a trace: by start when known, else
// end; equal starts by end; then file order of the completing event.
func traceOrder(a, c Instance) int {
	ta, tc := a.SortTime(), c.SortTime()
	if ta != tc {
		if ta < tc {
			return -1
		}
		return 1
	}
	if a.End != c.End { // equal starts: the one that ended first
		if a.End < c.End {
			return -1
		}
		return 1
	}
	return int(a.Seq) - int(c.Seq)
}

// duplicates counts instances with the same activity and End as an earlier
// one in the same case (the extra copies).
func duplicates(ins []Instance, starts bool) int {
	n := 0
	if !starts {
		// Sorted by End already: equal ends are adjacent.
		for i := 1; i < len(ins); i++ {
			if ins[i].End != ins[i-1].End {
				continue
			}
			for j := i - 1; j >= 0 && ins[j].End == ins[i].End; j-- {
				if ins[j].Activity == ins[i].Activity {
					n++
					break
				}
			}
		}
		return n
	}
	type key struct {
		end int64
		act int32
	}
	seen := make(map[key]struct{}, len(ins))
	for i := range ins {
		k := key{ins[i].End, ins[i].Activity}
		if _, ok := seen[k]; ok {
			n++
		} else {
			seen[k] = struct{}{}
		}
	}
	return n
}

func (b *builder) keepLifecycleAsData() {
	l := b.log
	for ci := range l.Cases {
		ins := l.Cases[ci].Instances
		lc := b.caseLC[ci]
		for i := range ins {
			if lc[i].trans < 0 {
				continue
			}
			if l.EventAttrs == nil {
				l.EventAttrs = make([]map[string]string, b.seq)
			}
			at := &l.EventAttrs[ins[i].Seq]
			if *at == nil {
				*at = make(map[string]string, 1)
			}
			(*at)[b.lcKeyName] = b.lcVals[lc[i].trans]
		}
	}
}

// open is a work item seen (scheduled or started) but not yet completed.
type open struct {
	enabled, start int64
	res            int32
	row, seq       int32
}

// Kinds of lifecycle transitions, for pair.
const (
	kComplete = iota
	kSchedule
	kAssign
	kStart
	kAbort
	kIgnore
)

// transitionKinds returns the kind of each lifecycle value (by index).
func (b *builder) transitionKinds() []uint8 {
	kind := make([]uint8, len(b.lcVals))
	for i, v := range b.lcVals {
		switch strings.ToLower(v) {
		case "complete":
			kind[i] = kComplete
		case "schedule":
			kind[i] = kSchedule
		case "assign", "reassign":
			kind[i] = kAssign
		case "start":
			kind[i] = kStart
		case "ate_abort", "pi_abort", "withdraw":
			kind[i] = kAbort
		default:
			kind[i] = kIgnore
		}
	}
	return kind
}

// pair turns raw lifecycle events into activity instances: start and
// complete of the same activity (and concept:instance when present) pair
// FIFO within a case; schedule/assign set Enabled; other transitions are
// counted and ignored.
func (b *builder) pair() {
	l := b.log
	q := &l.Quality
	p := pairing{b: b, kind: b.transitionKinds(), pending: make(map[int64][]open)}
	for ci := range l.Cases {
		p.pairCase(ci)
	}
	sort.Slice(p.unmatched, func(i, j int) bool { return p.unmatched[i].Row < p.unmatched[j].Row })
	q.UnmatchedSamples = p.unmatched
	// Out-of-order and start flags were counted on raw events; recount the
	// flags on instances.
	l.HasStartTimes = false
	for ci := range l.Cases {
		for _, in := range l.Cases[ci].Instances {
			if in.Start != NoTime {
				l.HasStartTimes = true
				break
			}
		}
	}
}

// pairing is the state of pair: the open work items of the case being
// paired, by activity and concept:instance.
type pairing struct {
	b         *builder
	kind      []uint8
	pending   map[int64][]open
	unmatched []BadRow
}

// pairCase pairs the raw events of case ci into its instances, in place.
func (p *pairing) pairCase(ci int) {
	l := p.b.log
	raw := l.Cases[ci].Instances
	lc := p.b.caseLC[ci]
	out := raw[:0] // in place: at most one instance per raw event, written behind the reader
	clear(p.pending)
	for i := range raw {
		ev := raw[i]
		k := uint8(kComplete)
		if lc[i].trans >= 0 {
			k = p.kind[lc[i].trans]
		}
		key := int64(ev.Activity)<<32 | int64(uint32(lc[i].inst))
		if k == kComplete {
			out = append(out, p.complete(key, ev))
		} else {
			p.open(key, k, &ev)
		}
	}
	p.unpaired(ci)
	l.Cases[ci].Instances = out
}

// open handles a raw event other than complete.
func (p *pairing) open(key int64, k uint8, ev *Instance) {
	q2 := p.pending[key]
	switch k {
	case kSchedule:
		p.pending[key] = append(q2, open{enabled: ev.End, start: NoTime, res: ev.Resource, row: ev.Row, seq: ev.Seq})
	case kAssign:
		if n := len(q2); n > 0 && q2[n-1].start == NoTime {
			if q2[n-1].enabled == NoTime {
				q2[n-1].enabled = ev.End
			}
			if ev.Resource >= 0 {
				q2[n-1].res = ev.Resource
			}
		} else {
			p.pending[key] = append(q2, open{enabled: ev.End, start: NoTime, res: ev.Resource, row: ev.Row, seq: ev.Seq})
		}
	case kStart:
		j := slices.IndexFunc(q2, func(o open) bool { return o.start == NoTime })
		if j >= 0 {
			q2[j].start, q2[j].row = ev.End, ev.Row
			if ev.Resource >= 0 {
				q2[j].res = ev.Resource
			}
		} else {
			p.pending[key] = append(q2, open{enabled: NoTime, start: ev.End, res: ev.Resource, row: ev.Row, seq: ev.Seq})
		}
	case kAbort:
		if len(q2) > 0 {
			p.pending[key] = q2[1:]
		}
		p.b.log.Quality.Ignored++
	default:
		p.b.log.Quality.Ignored++
	}
}

// complete makes the instance of a complete event, with the start and
// enabled times of the open item it completes.
func (p *pairing) complete(key int64, ev Instance) Instance {
	l := p.b.log
	in := ev
	in.Enabled, in.Start = NoTime, NoTime
	if q2 := p.pending[key]; len(q2) > 0 {
		// Prefer the oldest started item, else the oldest scheduled one.
		j := slices.IndexFunc(q2, func(o open) bool { return o.start != NoTime })
		if j < 0 {
			j = 0
		}
		o := q2[j]
		p.pending[key] = slices.Delete(q2, j, j+1)
		// Seq stays the complete event's position: instances are ordered
		// by (start, end, completion order), as PM4Py's interval
		// conversion does.
		in.Enabled, in.Start = o.enabled, o.start
		if in.Resource < 0 {
			in.Resource = o.res
		}
	}
	if in.Start != NoTime {
		l.HasStartTimes = true
	}
	if in.Enabled != NoTime {
		l.HasEnabledTimes = true
	}
	return in
}

// unpaired counts the items of case ci left open: scheduled ones never
// started are ignored, started ones never completed are unmatched.
func (p *pairing) unpaired(ci int) {
	l := p.b.log
	q := &l.Quality
	for key, os := range p.pending {
		for _, o := range os {
			if o.start == NoTime {
				q.Ignored++ // scheduled, never started or completed
				continue
			}
			q.Unmatched++
			if len(p.unmatched) < p.b.maxSamples {
				p.unmatched = append(p.unmatched, BadRow{Row: int(o.row), Column: p.b.lcKeyName, Value: "start",
					Reason: fmt.Sprintf("start of %q in case %q has no complete", l.Activities[int32(key>>32)], l.Cases[ci].ID)})
			}
		}
	}
}

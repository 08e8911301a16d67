package text

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// AnalysisOptions says how much of an analysis the summary shows.
type AnalysisOptions struct {
	// Top is the number of rows per section (bottlenecks, transitions,
	// handoff pairs, rework, variants, conformance); below 1 means 5.
	Top int
	// Width, when positive, wraps the sentences of "What to fix first" and
	// "Bottlenecks" at that many columns with a hanging indent (a
	// terminal's width); 0 keeps one line each (files, pipes).
	Width int
}

// Analysis writes the summary of `flowmap analyze`: the log, cycle time,
// bottlenecks, busiest transitions, handoffs, rework, variants, the
// comparison with the map and SLA when the analysis had one, and data
// quality.
func Analysis(w io.Writer, r *analysis.Result, opts AnalysisOptions) error {
	top := opts.Top
	if top < 1 {
		top = 5
	}
	var b bytes.Buffer
	writeAnalysis(&b, r, top, opts.Width)
	_, err := w.Write(safe(b.Bytes()))
	return err
}

// writeAnalysis writes the summary section by section, top rows each.
func writeAnalysis(w io.Writer, r *analysis.Result, top, width int) {
	s := analysisSummary{w: w, r: r, top: top, width: width}
	s.logCounts()
	if r.Log.Cases == 0 {
		s.p("\nThe log holds no events.\n")
		writeQuality(w, r)
		return
	}
	s.logData()
	s.poorFit()
	writeFixFirst(w, r, width)
	s.cycleTime()
	s.bottlenecks()
	writeWaitCauses(w, r, top)
	writeDiscoveredCalendars(w, r.Calendars)
	s.transitions()
	s.handoffs()
	s.waitByHandoffs()
	s.rework()
	s.variants()
	s.conformance()
	s.sla()
	writeQuality(w, r)
}

// analysisSummary is the terminal summary of an analysis being written,
// top rows per section.
type analysisSummary struct {
	w     io.Writer
	r     *analysis.Result
	top   int
	width int // see AnalysisOptions.Width
}

func (s *analysisSummary) p(format string, args ...any) { fmt.Fprintf(s.w, format, args...) }

func (s *analysisSummary) table() *tabwriter.Writer { return tabwriter.NewWriter(s.w, 0, 0, 2, ' ', 0) }

// logCounts writes the header: the log's source and its cases, events,
// activities and variants, and the activity instances when pairing
// lifecycle events changed the count.
func (s *analysisSummary) logCounts() {
	lg := s.r.Log
	s.p("%s — %s, %s, %s, %s\n", lg.Source, format.Plural(lg.Cases, "case"), format.Plural(lg.Events, "event"), format.Plural(lg.Activities, "activity"), format.Plural(lg.Variants, "variant"))
	if lg.Instances != lg.Events {
		s.p("  %s activity instances after pairing lifecycle start/complete events\n", format.Thousands(lg.Instances))
	}
}

// logData writes the log's time span, the columns read and how waiting
// and service times are measured.
func (s *analysisSummary) logData() {
	lg := s.r.Log
	s.p("  %s → %s\n", shortTime(lg.FirstEvent), shortTime(lg.LastEvent))
	s.p("  columns: %s\n", columnsText(lg.Columns))
	basis := "waiting time = start of a step − end of the previous one (or its schedule event); service = end − start"
	if lg.TimeBasis == "sojourn" {
		basis = "the log has no start times, so times are sojourn times: end of the previous step → end of this one (waiting and working together)"
	}
	s.p("  %s\n", basis)
}

// poorFit warns when the map fits the log poorly, with the causes.
func (s *analysisSummary) poorFit() {
	pf := analysis.PoorFit(s.r)
	if pf == nil {
		return
	}
	s.p("  WARNING: the map fits this log poorly: %s of events map to a step and %s of cases follow a path the map allows, because\n", format.Percent(pf.MappedShare), format.Percent(pf.FittingShare))
	for _, cause := range pf.Causes {
		s.p("    - %s\n", cause)
	}
	s.p("  check that --map is the right map and that its steps' log_names match the log's activity names.\n")
}

// cycleTime writes the cycle-time figures, with the working-time median
// when a process calendar is known.
func (s *analysisSummary) cycleTime() {
	ct := s.r.CycleTime
	working := ""
	if ct.WorkingStats != nil {
		day := workingDay(s.r.Calendars)
		working = " (" + workingSpan(ct.WorkingMedian, day) + ")"
		s.p("\nCycle time (first to last event of a case): median %s%s, mean %s, p90 %s (%s), max %s\n",
			format.Duration(ct.Median), working, format.Duration(ct.Mean), format.Duration(ct.P90), workingSpan(ct.WorkingP90, day), format.Duration(ct.Max))
		return
	}
	s.p("\nCycle time (first to last event of a case): median %s%s, mean %s, p90 %s, max %s\n",
		format.Duration(ct.Median), working, format.Duration(ct.Mean), format.Duration(ct.P90), format.Duration(ct.Max))
}

// bottlenecks writes the top bottlenecks, each with its map step when it
// has one.
func (s *analysisSummary) bottlenecks() {
	s.p("\nBottlenecks (where cases spend the most %s time):\n", map[string]string{"wait": "waiting", "sojourn": "elapsed"}[s.r.Log.TimeBasis])
	for i, b := range s.r.Bottlenecks {
		if i >= s.top {
			break
		}
		step := ""
		if b.Step != "" {
			step = " (map step " + b.Step + ")"
		}
		s.p("%s\n", hanging(fmt.Sprintf("  %d. ", i+1), BottleneckReason(s.r, b)+step, s.width))
	}
}

// BottleneckReason is a bottleneck's sentence with the map's step name
// first ("Pick and pack (Picked) holds 53% …"), as "What to fix first" has
// it; without a map, the sentence as analysed.
func BottleneckReason(r *analysis.Result, b analysis.Bottleneck) string {
	reason := b.Reason
	if b.Step != "" {
		if l := stepLabel(r, b.Activity, b.Step); l != b.Activity && strings.HasPrefix(reason, b.Activity+" ") {
			reason = l + reason[len(b.Activity):]
		}
	}
	return reason
}

// transitions writes the busiest transitions as a table, with the
// handoff share when the log names resources.
func (s *analysisSummary) transitions() {
	r := s.r
	s.p("\nBusiest transitions:\n")
	tw := s.table()
	withHandoffs := r.Handoffs.Resource.KnownPairs > 0
	if withHandoffs {
		fmt.Fprintf(tw, "  from\tto\tcount\tmedian\tp90\thandoff share\n")
	} else {
		fmt.Fprintf(tw, "  from\tto\tcount\tmedian\tp90\n")
	}
	for i, t := range r.Transitions {
		if i >= s.top {
			break
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s", t.From, t.To, format.Thousands(t.Count), format.Duration(t.Duration.Median), format.Duration(t.Duration.P90))
		if withHandoffs {
			fmt.Fprintf(tw, "\t%s", format.Percent(float64(t.Handoffs)/float64(t.Count)))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(r.Transitions) > s.top {
		s.p("  … %d more transitions (--top, or --json for all)\n", len(r.Transitions)-s.top)
	}
}

// handoffs writes the handoffs between people, between teams when the
// map names owners, and the system switches.
func (s *analysisSummary) handoffs() {
	r := s.r
	if c := r.Log.Columns.Resource; c == "" {
		s.p("\nHandoffs between people: the log has no resource column (name one with --resource)\n")
	} else {
		who := "people (resources)"
		if c != "org:resource" && c != "resource" {
			who = "resources (" + c + ")"
		}
		writeHandoffs(s.w, who, &r.Handoffs.Resource, s.top)
	}
	if r.Handoffs.Owner != nil {
		writeHandoffs(s.w, "teams (owners, from the map)", r.Handoffs.Owner, s.top)
	}
	if ss := r.Handoffs.SystemSwitches; ss != nil && ss.KnownPairs > 0 {
		s.p("\nSystem switches: %s (%s of consecutive steps), %.1f per case\n", format.Thousands(ss.Total), format.Percent(ss.Share), ss.PerCase.Mean)
	}
}

// waitByHandoffs writes whether waiting grows with handoffs: cases
// grouped by their number of people handoffs.
func (s *analysisSummary) waitByHandoffs() {
	if len(s.r.WaitByHandoffs) <= 1 {
		return
	}
	wait := s.r.Log.TimeBasis == "wait"
	s.p("\nDoes waiting grow with handoffs? (cases by number of people handoffs)\n")
	tw := s.table()
	if wait {
		fmt.Fprintf(tw, "  handoffs\tcases\tmedian wait per case\tmedian cycle time\n")
	} else {
		fmt.Fprintf(tw, "  handoffs\tcases\tmedian cycle time\n")
	}
	for _, hb := range s.r.WaitByHandoffs {
		if wait {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", hb.Handoffs, format.Thousands(hb.Cases), format.Duration(hb.MedianWait), format.Duration(hb.MedianCycle))
		} else {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", hb.Handoffs, format.Thousands(hb.Cases), format.Duration(hb.MedianCycle))
		}
	}
	tw.Flush()
}

// rework writes the activities repeated within a case, most cases first.
func (s *analysisSummary) rework() {
	var rework []analysis.Activity
	for _, a := range s.r.Activities {
		if a.ReworkCases > 0 {
			rework = append(rework, a)
		}
	}
	sort.SliceStable(rework, func(i, j int) bool { return rework[i].ReworkCases > rework[j].ReworkCases })
	if len(rework) == 0 {
		s.p("\nRework: no activity repeats within a case.\n")
		return
	}
	s.p("\nRework (activity repeated within a case):\n")
	for i, a := range rework {
		if i >= s.top {
			break
		}
		s.p("  %s: %s (%s of the cases that do it)\n", a.Name, format.Plural(a.ReworkCases, "case"), format.Percent(float64(a.ReworkCases)/float64(a.Cases)))
	}
}

// variants writes the number of variants and the most common ones.
func (s *analysisSummary) variants() {
	s.p("\nVariants: %s; the most common:\n", format.Thousands(s.r.Log.Variants))
	for i, v := range s.r.Variants {
		if i >= s.top {
			break
		}
		s.p("  %5s  %-12s %s\n", format.Percent(v.Share), format.Plural(v.Cases, "case"), variantText(v.Activities, 8))
	}
}

// conformance writes how the log compares with the map, when the
// analysis had one: fitting cases, why the others do not fit, activities
// no step claims, transitions the map lacks, and map edges and steps the
// log never shows.
func (s *analysisSummary) conformance() {
	c := s.r.Conformance
	if c == nil {
		return
	}
	s.p("\nAgainst the map: %s of cases (%s of %s) follow a path the map allows\n", format.Percent(c.FittingShare), format.Thousands(c.FittingCases), format.Thousands(c.Cases))
	for _, n := range sortedCounts(c.NotFitting) {
		s.p("  %s cases: %s\n", format.Thousands(n.Count), n.Name)
	}
	if len(c.UnmappedActivities) > 0 {
		s.p("  activities no step claims (add them to log_names): %s\n", s.unmappedText(c))
	}
	for i, e := range c.UnexpectedTransitions {
		if i >= s.top {
			break
		}
		s.p("  not in the map: %s → %s (%s times)\n", e.From, e.To, format.Thousands(e.Count))
	}
	if es := unseenEdges(c); len(es) > 0 {
		s.p("  map edges never seen: %s\n", strings.Join(es, ", "))
	}
	if len(c.SilentSteps) > 0 {
		s.p("  steps the log never records (replay passes through them): %s\n", strings.Join(c.SilentSteps, ", "))
	}
	if unseen := unseenSteps(c); len(unseen) > 0 {
		s.p("  map steps never seen: %s\n", strings.Join(unseen, ", "))
	}
}

// unmappedText lists the top activities no map step claims, with their
// counts.
func (s *analysisSummary) unmappedText(c *analysis.Conformance) string {
	names := []string{}
	for i, u := range c.UnmappedActivities {
		if i >= s.top {
			names = append(names, fmt.Sprintf("… %d more", len(c.UnmappedActivities)-s.top))
			break
		}
		names = append(names, fmt.Sprintf("%q (%s)", u.Name, format.Thousands(u.Count)))
	}
	return strings.Join(names, ", ")
}

// unseenEdges is the map edges never seen in the log, as "from → to".
// An edge to or from a step the log never records cannot be seen: only
// those between recorded steps are news.
func unseenEdges(c *analysis.Conformance) []string {
	var es []string
	for _, e := range c.UnobservedEdges {
		if !slices.Contains(c.SilentSteps, e.From) && !slices.Contains(c.SilentSteps, e.To) {
			es = append(es, e.From+" → "+e.To)
		}
	}
	return es
}

// unseenSteps is the map steps never seen in the log, other than those
// the log never records.
func unseenSteps(c *analysis.Conformance) []string {
	var unseen []string
	for _, id := range c.UnobservedSteps {
		if !slices.Contains(c.SilentSteps, id) {
			unseen = append(unseen, id)
		}
	}
	return unseen
}

// sla writes the share of cases within the cycle-time target and, per
// step, within the step's target, when the map sets targets.
func (s *analysisSummary) sla() {
	if s.r.SLA == nil {
		return
	}
	if pr := s.r.SLA.Process; pr != nil && pr.Measured > 0 {
		s.p("\nSLA: %s of cases within the %s cycle-time target (%s breaches)\n", format.Percent(pr.Share), format.Duration(pr.TargetSeconds), format.Thousands(pr.Breaches))
	}
	for _, f := range s.r.SLA.Steps {
		if f.Measured > 0 {
			s.p("  step %s: %s within %s (%s breaches)\n", f.Step, format.Percent(f.Share), format.Duration(f.TargetSeconds), format.Thousands(f.Breaches))
		}
	}
}

func writeHandoffs(w io.Writer, who string, h *analysis.HandoffSet, top int) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	if h.KnownPairs == 0 {
		if h.UnknownPairs > 0 {
			p("\nHandoffs between %s: unknown (no resource on %s consecutive pairs)\n", who, format.Thousands(h.UnknownPairs))
		}
		return
	}
	p("\nHandoffs between %s: %s (%s of consecutive steps), per case median %s, mean %.1f, max %s\n",
		who, format.Thousands(h.Total), format.Percent(h.Share), format.OneDecimal(h.PerCase.Median), h.PerCase.Mean, format.OneDecimal(h.PerCase.Max))
	if h.UnknownPairs > 0 {
		p("  %s consecutive pairs have a missing resource and are not counted\n", format.Thousands(h.UnknownPairs))
	}
	if at, no := h.DurationAtHandoff, h.DurationNoHandoff; at.Count > 0 && no.Count > 0 {
		if m := format.Duration(at.Median); m != format.Duration(no.Median) {
			p("  median transition time at a handoff %s vs %s without\n", m, format.Duration(no.Median))
		} else { // equal medians ("0 s vs 0 s" says nothing): the means tell them apart
			p("  transition time at a handoff: mean %s vs %s without (median %s both)\n", format.Duration(at.Mean), format.Duration(no.Mean), m)
		}
	}
	for i, pr := range h.Pairs {
		if i >= top {
			break
		}
		p("  %s → %s: %s\n", pr.From, pr.To, format.Thousands(pr.Count))
	}
}

func writeQuality(w io.Writer, r *analysis.Result) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	dq := r.DataQuality
	d := dq.Details
	p("\nData quality: %s skipped", format.Plural(dq.BadRows, "bad row"))
	var extra []string
	if d.Duplicates > 0 {
		extra = append(extra, fmt.Sprintf("%s duplicate events kept", format.Thousands(d.Duplicates)))
	}
	if d.OutOfOrder > 0 {
		extra = append(extra, fmt.Sprintf("%s events out of time order in the file", format.Thousands(d.OutOfOrder)))
	}
	if d.Unmatched > 0 {
		extra = append(extra, fmt.Sprintf("%s lifecycle starts without a complete", format.Thousands(d.Unmatched)))
	}
	if d.Ignored > 0 {
		extra = append(extra, fmt.Sprintf("%s other lifecycle events not used as steps", format.Thousands(d.Ignored)))
	}
	if len(extra) > 0 {
		p("; %s", strings.Join(extra, "; "))
	}
	p("\n")
	for _, s := range dq.Samples {
		where := ""
		if s.Column != "" {
			where = fmt.Sprintf(", column %q", s.Column)
		}
		if s.Value != "" || s.Column != "" { // a row's own fault (too few fields, a stray quote) has no value to quote
			where += fmt.Sprintf(", value %q", s.Value)
		}
		p("  %s:%d%s: %s\n", r.Log.Source, s.Row, where, s.Reason)
	}
	if dq.BadRows > len(dq.Samples) && len(dq.Samples) > 0 {
		p("  … %s more bad rows (see --json data_quality)\n", format.Thousands(dq.BadRows-len(dq.Samples)))
	}
	for _, warn := range dq.Warnings {
		p("  note: %s\n", warn)
	}
}

type namedCount struct {
	Name  string
	Count int
}

func sortedCounts(m map[string]int) []namedCount {
	out := make([]namedCount, 0, len(m))
	for k, v := range m {
		out = append(out, namedCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func columnsText(c eventlog.Columns) string {
	var parts []string
	add := func(role, col string) {
		if col != "" {
			parts = append(parts, role+"="+col)
		}
	}
	add("case", c.Case)
	add("activity", c.Activity)
	add("time", c.Time)
	add("start", c.StartTime)
	add("resource", c.Resource)
	add("lifecycle", c.Lifecycle)
	if len(c.Wide) > 0 {
		parts = append(parts, "wide="+strings.Join(c.Wide, ","))
	}
	return strings.Join(parts, ", ")
}

func variantText(acts []string, max int) string {
	if len(acts) <= max {
		return strings.Join(acts, " → ")
	}
	return strings.Join(acts[:max-2], " → ") + fmt.Sprintf(" → … (%d more) → ", len(acts)-max+1) + acts[len(acts)-1]
}

func shortTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.Format("2006-01-02 15:04 UTC")
}

// workingDay is the hours of a working day of the process calendar (the
// one every resource shares when the cycle time has working-time twins):
// its weekly hours over its working days; 0 when unknown or around the
// clock.
func workingDay(cals map[string]analysis.CalendarInfo) float64 {
	for _, c := range cals {
		cal, err := mapping.ParseCalendar(c.Calendar)
		if err != nil {
			return 0
		}
		days := 0
		for _, d := range cal.Week {
			if len(d) > 0 {
				days++
			}
		}
		if h := cal.HoursPerWeek(); days > 0 && h < 7*24 {
			return h / float64(days)
		}
		return 0
	}
	return 0
}

// workingSpan renders working seconds as people count them: hours below a
// working day, else working days with the day's length stated — "4 working
// days of 8 h", never "1.33 days" for 32 working hours.
func workingSpan(sec, dayHours float64) string {
	if dayHours <= 0 || sec < dayHours*3600 {
		return workingHours(sec)
	}
	d := sec / 3600 / dayHours
	n := format.OneDecimal(d)
	if d >= 10 {
		n = format.Count(d)
	}
	unit := " working days"
	if n == "1" {
		unit = " working day"
	}
	return n + unit + " of " + format.OneDecimal(dayHours) + " h"
}

// workingHours renders working seconds in hours: "9.5 working hours",
// "1 working hour", "38 working hours" (whole from 10).
func workingHours(sec float64) string {
	h := sec / 3600
	n := format.OneDecimal(h)
	if h >= 10 {
		n = format.Count(h)
	}
	if n == "1" {
		return "1 working hour"
	}
	return n + " working hours"
}

// fixFirstItems is how many recommendations the summary shows.
const fixFirstItems = 5

// writeFixFirst writes "What to fix first": the top recommendations, one
// sentence each.
func writeFixFirst(w io.Writer, r *analysis.Result, width int) {
	if len(r.Recommendations) == 0 {
		return
	}
	fmt.Fprintf(w, "\nWhat to fix first:\n")
	for i, rec := range r.Recommendations {
		if i >= fixFirstItems {
			fmt.Fprintf(w, "  … %d more (--json for all)\n", len(r.Recommendations)-fixFirstItems)
			break
		}
		fmt.Fprintf(w, "%s\n", hanging(fmt.Sprintf("  %d. ", rec.Rank), rec.Sentence, width))
	}
}

// hanging is prefix and text, wrapped at width columns (runes) at spaces
// with the continuation lines indented under the text; width 0, or a word
// longer than the room, leaves a line long.
func hanging(prefix, text string, width int) string {
	room := width - utf8.RuneCountInString(prefix)
	if width <= 0 || room < 20 || utf8.RuneCountInString(text) <= room {
		return prefix + text
	}
	var b strings.Builder
	b.WriteString(prefix)
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	n := 0
	for i, word := range strings.Split(text, " ") {
		wl := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case n+1+wl > room && !unitWords[strings.TrimRight(word, ",;:.)")]: // "8.9 h" stays on one line
			b.WriteString("\n" + indent)
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += wl
	}
	return b.String()
}

// unitWords are the units format writes after a number and a space.
var unitWords = map[string]bool{"ms": true, "s": true, "min": true, "h": true, "d": true, "pts": true}

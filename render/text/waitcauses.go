package text

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// causeNames are the five causes in the order of analysis.Causes.Parts.
var causeNames = [5]string{"batching", "contention", "prioritization", "unavailability", "extraneous"}

// writeWaitCauses writes the "Waiting causes" section: for the whole log
// and each of the top bottleneck steps, the split of waiting into its
// causes in percent and hours (without start times: the working and
// non-working part of the elapsed time), the calendars it rests on and the
// analysis' notes.
func writeWaitCauses(w io.Writer, r *analysis.Result, top int) {
	wc := r.WaitCauses
	if wc == nil {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("\nWaiting causes (%s):\n", calendarSummary(r.Calendars))
	for _, n := range wc.Notes {
		p("  %s\n", n)
	}
	// The bottleneck steps, in the ranking's order.
	var steps []string
	label := map[string]string{}
	for i, b := range r.Bottlenecks {
		if i >= top {
			break
		}
		steps = append(steps, b.Activity)
		label[b.Activity] = stepLabel(r, b.Activity, b.Step)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if wc.Basis == analysis.CausesSojournOnly {
		by := map[string]analysis.SojournSplit{}
		for _, s := range wc.SojournByStep {
			by[s.Activity] = s.SojournSplit
		}
		fmt.Fprintf(tw, "  step\telapsed\tworking time\tnon-working time\n")
		row := func(name string, s analysis.SojournSplit) {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", name, hours(s.SojournSeconds),
				share(s.WorkingSeconds, s.SojournSeconds), share(s.NonWorkingSeconds, s.SojournSeconds))
		}
		row("whole log", wc.SojournTotal)
		for _, a := range steps {
			if s, ok := by[a]; ok {
				row(label[a], s)
			}
		}
		tw.Flush()
		return
	}
	if wc.Total.Count == 0 {
		p("  no activity instance has a start time\n")
		return
	}
	by := map[string]analysis.Causes{}
	byStep := map[string]analysis.StepCauses{}
	for _, s := range wc.ByStep {
		by[s.Activity] = s.Causes
		byStep[s.Activity] = s
	}
	fmt.Fprintf(tw, "  step\twaited\t%s\n", strings.Join(causeNames[:], "\t"))
	row := func(name string, c analysis.Causes) {
		fmt.Fprintf(tw, "  %s\t%s", name, hours(c.WaitSeconds))
		for _, v := range c.Parts() {
			fmt.Fprintf(tw, "\t%s", share(v, c.WaitSeconds))
		}
		fmt.Fprintln(tw)
	}
	row("whole log", wc.Total)
	for _, a := range steps {
		if c, ok := by[a]; ok {
			row(label[a], c)
		}
	}
	tw.Flush()
	writeUnsplit(w, r, steps, label, byStep)
	if c := wc.Total; c.WaitSeconds > 0 {
		parts := c.Parts()
		best := 0
		for i, v := range parts {
			if v > parts[best] {
				best = i
			}
		}
		p("  %s is the largest cause (%s of all waiting); without it, cycle-time efficiency (work / (work + waiting)) would rise from %s to %s.\n",
			causeNames[best], format.Percent(parts[best]/c.WaitSeconds), format.Percent(c.CTE), format.Percent(cteWithout(c, best)))
	}
}

// writeUnsplit says why the waiting split here is less than the
// bottlenecks' figure: waits of instances without a start time hold work
// too and are not split into causes (and waits differ slightly where
// steps of a case overlap; docs/ANALYSIS.md).
func writeUnsplit(w io.Writer, r *analysis.Result, steps []string, label map[string]string, by map[string]analysis.StepCauses) {
	wc := r.WaitCauses
	all := 0.0
	for _, b := range r.Bottlenecks {
		all += b.TotalWait
	}
	if all-wc.Total.WaitSeconds > 0.005*all && len(r.Bottlenecks) > 0 && r.Bottlenecks[0].Basis == "wait" {
		fmt.Fprintf(w, "  split: %s of the %s of waiting the bottlenecks count; the rest is time before instances without a start time, which holds work too and cannot be split into causes\n",
			hours(wc.Total.WaitSeconds), hours(all))
	}
	for _, a := range steps {
		s, ok := by[a]
		if !ok || s.NoStartCount == 0 {
			continue
		}
		total := 0.0
		for _, b := range r.Bottlenecks {
			if b.Activity == a {
				total = b.TotalWait
			}
		}
		if s.NoStartSeconds < 0.005*total {
			continue
		}
		verb := "hold"
		if s.NoStartCount == 1 {
			verb = "holds"
		}
		fmt.Fprintf(w, "  %s: %s split of %s among the bottlenecks; %s without a start time %s the other %s (from the previous step's end to their end, work included)\n",
			label[a], hours(s.WaitSeconds), hours(total), format.Plural(s.NoStartCount, "instance"), verb, hours(s.NoStartSeconds))
	}
}

// stepLabel names an activity the way "What to fix first" does: its map
// step's name with the log's name in brackets when they differ ("Pick and
// pack (Picked)"), else the activity.
func stepLabel(r *analysis.Result, activity, step string) string {
	if step == "" {
		return activity
	}
	for _, sf := range r.Steps {
		if sf.Step == step && sf.Name != "" && sf.Name != activity {
			return sf.Name + " (" + activity + ")"
		}
	}
	return activity
}

func cteWithout(c analysis.Causes, i int) float64 {
	x := c.CTEWithout
	return [5]float64{x.Batching, x.Contention, x.Prioritization, x.Unavailability, x.Extraneous}[i]
}

// share is "40% 12 h": the part's share of the whole and its hours.
func share(part, whole float64) string {
	pc := "0%"
	if whole > 0 {
		pc = format.Percent(part / whole)
	}
	return pc + " " + hours(part)
}

// hours writes seconds as hours: "0 h", "0.5 h", "12 h", "1,204 h".
func hours(sec float64) string {
	h := sec / 3600
	switch {
	case h == 0:
		return "0 h"
	case h < 10:
		return fmt.Sprintf("%.1f h", h)
	}
	return format.Thousands(int(math.Round(h))) + " h"
}

// calendarSummary says where the resources' calendars come from:
// "calendars: 3 resources from the map, 2 around the clock".
func calendarSummary(cals map[string]analysis.CalendarInfo) string {
	if len(cals) == 0 {
		return "no resources: everyone around the clock"
	}
	count := map[string]int{}
	for _, c := range cals {
		count[c.Source]++
	}
	var parts []string
	for _, src := range []struct{ source, words string }{
		{analysis.CalendarFromMap, "from the map"}, {analysis.CalendarFromFile, "from --calendar"},
		{analysis.CalendarDiscovered, "discovered"}, {analysis.CalendarDefault, "around the clock"},
	} {
		if n := count[src.source]; n > 0 {
			parts = append(parts, format.Plural(n, "resource")+" "+src.words)
		}
	}
	return "working calendars: " + strings.Join(parts, ", ")
}

// writeDiscoveredCalendars lists the working calendars discovered from the
// log, in flowmap's calendar syntax so they can be copied into a map's
// owners or a --calendar file: the five shared by most resources.
func writeDiscoveredCalendars(w io.Writer, cals map[string]analysis.CalendarInfo) {
	who := map[string][]string{}
	for name, c := range cals {
		if c.Source == analysis.CalendarDiscovered {
			who[c.Calendar] = append(who[c.Calendar], name)
		}
	}
	if len(who) == 0 {
		return
	}
	texts := make([]string, 0, len(who))
	for t, names := range who {
		slices.Sort(names)
		texts = append(texts, t)
	}
	slices.SortFunc(texts, func(a, b string) int {
		if c := cmp.Compare(len(who[b]), len(who[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	fmt.Fprintf(w, "\nWorking calendars discovered from the log (copy one into a map owner's calendar: or a --calendar file):\n")
	for i, t := range texts {
		if i == 5 {
			fmt.Fprintf(w, "  … %s more (--json calendars)\n", format.Plural(len(texts)-5, "calendar"))
			break
		}
		names := who[t]
		list := strings.Join(names[:min(3, len(names))], ", ")
		if len(names) > 3 {
			list += fmt.Sprintf(" and %d more", len(names)-3)
		}
		shown := strconv.Quote(t)
		if c, err := mapping.ParseCalendar(t); err == nil && c.Fragmented() {
			// A list of dozens of short periods is no schedule to copy.
			shown = fmt.Sprintf("irregular hours (%s; --json calendars has them)", format.Plural(periods(c), "working period")+" a week")
		}
		fmt.Fprintf(w, "  %s  %s\n", shown, list)
	}
}

// periods is the number of working periods in c's week.
func periods(c *mapping.Calendar) int {
	n := 0
	for _, d := range c.Week {
		n += len(d)
	}
	return n
}

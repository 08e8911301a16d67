package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/workbook"
)

type analyzeOptions struct {
	Log      string
	Map      string
	LogFlags logFlags
	Columns  eventlog.Options // resolved from LogFlags
	Top      int
	JSON     bool
	Quiet    bool
	Diagram  string
	Lanes    string
	Output   string
	Discover string
}

func newAnalyzeCmd(s Streams) *cobra.Command {
	opts := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze LOG",
		Short: "Measure a real event log: flows, waits, handoffs, rework, variants, bottlenecks",
		Long: `Reads an event log (CSV, CSV.gz, XES or XES.gz; or a wide order export with one
timestamp column per milestone) and computes what really happens: transitions
between activities with their durations, waiting versus service time (or the
sojourn time when the log has no start timestamps), handoffs between people
(and teams, with --map), rework, variants, cycle times, queue length over time
and the bottlenecks ranked by the waiting they cause.

Columns are detected from common names (case_id, case:concept:name, order_id;
activity, concept:name; timestamp, time:timestamp; start_timestamp; resource,
org:resource; lifecycle:transition) and can be named with the flags; the same
flags name XES attribute keys. Bad rows are never dropped silently: they are
counted and sampled in the data-quality section (--strict makes them errors).`,
		Example: `  flowmap analyze ../shared/data/logs/receipt.xes.gz
  flowmap analyze orders.csv --case order_id --activity status --time updated_at --tz Europe/Berlin
  flowmap analyze orders.csv --wide purchased_at,approved_at,shipped_at,delivered_at --case order_id
  flowmap analyze events.csv --map examples/order-fulfillment.yaml --json > analysis.json`,
		Args: exactArgs(1, "one event log file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Log = args[0]
			if opts.Top < 1 {
				return usageError{fmt.Errorf("--top must be at least 1")}
			}
			var err error
			if opts.Columns, err = opts.LogFlags.options(); err != nil {
				return err
			}
			if opts.Diagram != "" {
				if _, err := diagram.FormatFromPath(opts.Diagram); err != nil {
					return usageError{err}
				}
			}
			if _, err := diagram.ParseLanes(opts.Lanes); err != nil {
				return usageError{err}
			}
			if opts.Output != "" && !strings.HasSuffix(strings.ToLower(opts.Output), ".xlsx") {
				return usageError{fmt.Errorf("-o %s: the workbook must end in .xlsx", opts.Output)}
			}
			opts.Quiet, _ = cmd.Flags().GetBool("quiet")
			return runAnalyze(opts, s)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Map, "map", "", "process map (YAML) to compare with: steps, owner handoffs, system switches, SLA, conformance")
	opts.LogFlags.register(f)
	f.IntVar(&opts.Top, "top", 5, "rows per section in the terminal summary (--json always lists everything)")
	f.BoolVar(&opts.JSON, "json", false, "print the full analysis as JSON (stable field names)")
	f.StringVar(&opts.Diagram, "diagram", "", "also draw the measured process: OUT.svg, OUT.png or OUT.dot (steps coloured by median wait)")
	f.StringVar(&opts.Discover, "discover", "", "write a process map (YAML) discovered from the log, to edit and use with --map")
	f.StringVarP(&opts.Output, "output", "o", "", "also write an Excel workbook (report.xlsx) for managers")
	f.StringVar(&opts.Lanes, "lanes", "owner", "with --map and --diagram: lanes by owner or system")
	return cmd
}

func runAnalyze(opts *analyzeOptions, s Streams) error {
	var m *mapping.Map
	if opts.Map != "" {
		var err error
		if m, err = readMap(opts.Map, s); err != nil {
			return err
		}
	}
	report, done := progressLine(s.Err, opts.Quiet, "reading "+opts.Log)
	opts.Columns.Progress = report
	l, err := eventlog.ReadFile(opts.Log, opts.Columns)
	done()
	if err != nil {
		return logError(err)
	}
	r := analysis.Analyze(l, analysis.Options{Map: m})
	if opts.Discover != "" {
		src, err := analysis.Discover(r, analysis.DiscoverOptions{})
		if err != nil {
			return err
		}
		if err := os.WriteFile(opts.Discover, src, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "wrote %s (set owners and systems, then: flowmap map render %s -o map.svg)\n", opts.Discover, opts.Discover)
	}
	if opts.Diagram != "" || opts.Output != "" {
		lanes, _ := diagram.ParseLanes(opts.Lanes)
		dot := diagram.AnalysisDOT(r, m, diagram.AnalysisOptions{Lanes: lanes})
		if opts.Diagram != "" {
			if err := writeDiagram(opts.Diagram, dot); err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "wrote %s\n", opts.Diagram)
		}
		if opts.Output != "" {
			in := workbook.Input{Analysis: r, Map: m, MapFile: opts.Map, Command: "flowmap analyze " + opts.Log}
			if m != nil {
				in.MapStats, _ = mapping.ComputeStats(m)
			}
			if err := writeWorkbook(opts.Output, in, dot); err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "wrote %s\n", opts.Output)
		}
	}
	if opts.JSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	var b bytes.Buffer
	writeAnalysisText(&b, r, opts.Top)
	_, err = s.Out.Write(b.Bytes())
	return err
}

// writeDiagram renders DOT to a file in the format its extension names.
func writeDiagram(path string, dot []byte) error {
	format, err := diagram.FormatFromPath(path)
	if err != nil {
		return usageError{err}
	}
	var buf bytes.Buffer
	if err := diagram.Render(context.Background(), dot, format, &buf); err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// writeWorkbook renders the diagram as PNG for the Summary and writes the
// workbook to path.
func writeWorkbook(path string, in workbook.Input, dot []byte) error {
	if dot != nil {
		var png bytes.Buffer
		if err := diagram.Render(context.Background(), dot, diagram.FormatPNG, &png); err != nil {
			return fmt.Errorf("rendering the diagram for %s: %w", path, err)
		}
		in.DiagramPNG = png.Bytes()
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, in); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// logError marks reader errors about the file's content as invalid input.
func logError(err error) error {
	var pe *eventlog.ParseError
	for _, kind := range []error{eventlog.ErrNotEventLog, eventlog.ErrEmpty, eventlog.ErrMissingColumn, eventlog.ErrBadTimestamp,
		eventlog.ErrMissingValue, eventlog.ErrFieldCount, eventlog.ErrSyntax} {
		if errors.Is(err, kind) {
			return invalidInput{err}
		}
	}
	if errors.As(err, &pe) {
		return invalidInput{err}
	}
	return err
}

func writeAnalysisText(w io.Writer, r *analysis.Result, top int) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	lg := r.Log
	p("%s — %s, %s, %s, %s\n", lg.Source, plural(lg.Cases, "case"), plural(lg.Events, "event"), plural(lg.Activities, "activity"), plural(lg.Variants, "variant"))
	if lg.Instances != lg.Events {
		p("  %s activity instances after pairing lifecycle start/complete events\n", format.Thousands(lg.Instances))
	}
	if lg.Cases == 0 {
		p("\nThe log holds no events.\n")
		writeQuality(w, r)
		return
	}
	p("  %s → %s\n", shortTime(lg.FirstEvent), shortTime(lg.LastEvent))
	p("  columns: %s\n", columnsText(lg.Columns))
	basis := "waiting time = start of a step − end of the previous one (or its schedule event); service = end − start"
	if lg.TimeBasis == "sojourn" {
		basis = "the log has no start times, so times are sojourn times: end of the previous step → end of this one (waiting and working together)"
	}
	p("  %s\n", basis)
	if c := r.Conformance; c != nil {
		mapped := 0
		for _, a := range r.Activities {
			if a.Step != "" {
				mapped += a.Events
			}
		}
		if share := float64(mapped) / float64(max(lg.Instances, 1)); share < 0.5 || c.FittingShare < 0.2 {
			p("  WARNING: the map fits this log poorly: %s of events map to a step and %s of cases follow a path the map allows;\n", format.Percent(share), format.Percent(c.FittingShare))
			p("  check that --map is the right map and that its steps' log_names match the log's activity names.\n")
		}
	}

	ct := r.CycleTime
	p("\nCycle time (first to last event of a case): median %s, mean %s, p90 %s, max %s\n",
		format.Duration(ct.Median), format.Duration(ct.Mean), format.Duration(ct.P90), format.Duration(ct.Max))

	p("\nBottlenecks (where cases spend the most %s time):\n", map[string]string{"wait": "waiting", "sojourn": "elapsed"}[lg.TimeBasis])
	for i, b := range r.Bottlenecks {
		if i >= top {
			break
		}
		step := ""
		if b.Step != "" {
			step = " (map step " + b.Step + ")"
		}
		p("  %d. %s%s\n", i+1, b.Reason, step)
	}

	p("\nBusiest transitions:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	withHandoffs := r.Handoffs.Resource.KnownPairs > 0
	if withHandoffs {
		fmt.Fprintf(tw, "  from\tto\tcount\tmedian\tp90\thandoff share\n")
	} else {
		fmt.Fprintf(tw, "  from\tto\tcount\tmedian\tp90\n")
	}
	for i, t := range r.Transitions {
		if i >= top {
			break
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s", t.From, t.To, format.Thousands(t.Count), format.Duration(t.Duration.Median), format.Duration(t.Duration.P90))
		if withHandoffs {
			fmt.Fprintf(tw, "\t%s", format.Percent(float64(t.Handoffs)/float64(t.Count)))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(r.Transitions) > top {
		p("  … %d more transitions (--top, or --json for all)\n", len(r.Transitions)-top)
	}

	if lg.Columns.Resource == "" {
		p("\nHandoffs between people: the log has no resource column (name one with --resource)\n")
	} else {
		who := "people (resources)"
		if c := lg.Columns.Resource; c != "" && c != "org:resource" && c != "resource" {
			who = "resources (" + c + ")"
		}
		writeHandoffs(w, who, &r.Handoffs.Resource, top)
	}
	if r.Handoffs.Owner != nil {
		writeHandoffs(w, "teams (owners, from the map)", r.Handoffs.Owner, top)
	}
	if r.Handoffs.SystemSwitches != nil && r.Handoffs.SystemSwitches.KnownPairs > 0 {
		ss := r.Handoffs.SystemSwitches
		p("\nSystem switches: %s (%s of consecutive steps), %.1f per case\n", format.Thousands(ss.Total), format.Percent(ss.Share), ss.PerCase.Mean)
	}
	if len(r.WaitByHandoffs) > 1 {
		p("\nDoes waiting grow with handoffs? (cases by number of people handoffs)\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if lg.TimeBasis == "wait" {
			fmt.Fprintf(tw, "  handoffs\tcases\tmedian wait per case\tmedian cycle time\n")
		} else {
			fmt.Fprintf(tw, "  handoffs\tcases\tmedian cycle time\n")
		}
		for _, hb := range r.WaitByHandoffs {
			if lg.TimeBasis == "wait" {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", hb.Handoffs, format.Thousands(hb.Cases), format.Duration(hb.MedianWait), format.Duration(hb.MedianCycle))
			} else {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", hb.Handoffs, format.Thousands(hb.Cases), format.Duration(hb.MedianCycle))
			}
		}
		tw.Flush()
	}

	var rework []analysis.Activity
	for _, a := range r.Activities {
		if a.ReworkCases > 0 {
			rework = append(rework, a)
		}
	}
	sort.SliceStable(rework, func(i, j int) bool { return rework[i].ReworkCases > rework[j].ReworkCases })
	if len(rework) > 0 {
		p("\nRework (activity repeated within a case):\n")
		for i, a := range rework {
			if i >= top {
				break
			}
			p("  %s: %s cases (%s of the cases that do it)\n", a.Name, format.Thousands(a.ReworkCases), format.Percent(float64(a.ReworkCases)/float64(a.Cases)))
		}
	} else {
		p("\nRework: no activity repeats within a case.\n")
	}

	p("\nVariants: %s; the most common:\n", format.Thousands(lg.Variants))
	for i, v := range r.Variants {
		if i >= top {
			break
		}
		p("  %5s  %-12s %s\n", format.Percent(v.Share), plural(v.Cases, "case"), variantText(v.Activities, 8))
	}

	if c := r.Conformance; c != nil {
		p("\nAgainst the map: %s of cases (%s of %s) follow a path the map allows\n", format.Percent(c.FittingShare), format.Thousands(c.FittingCases), format.Thousands(c.Cases))
		for _, n := range sortedCounts(c.NotFitting) {
			p("  %s cases: %s\n", format.Thousands(n.Count), n.Name)
		}
		if len(c.UnmappedActivities) > 0 {
			names := []string{}
			for i, u := range c.UnmappedActivities {
				if i >= top {
					names = append(names, fmt.Sprintf("… %d more", len(c.UnmappedActivities)-top))
					break
				}
				names = append(names, fmt.Sprintf("%q (%d)", u.Name, u.Count))
			}
			p("  activities no step claims (add them to log_names): %s\n", strings.Join(names, ", "))
		}
		for i, e := range c.UnexpectedTransitions {
			if i >= top {
				break
			}
			p("  not in the map: %s → %s (%s times)\n", e.From, e.To, format.Thousands(e.Count))
		}
		if len(c.UnobservedEdges) > 0 {
			var es []string
			for _, e := range c.UnobservedEdges {
				es = append(es, e.From+" → "+e.To)
			}
			p("  map edges never seen: %s\n", strings.Join(es, ", "))
		}
		if len(c.UnobservedSteps) > 0 {
			p("  map steps never seen: %s\n", strings.Join(c.UnobservedSteps, ", "))
		}
	}
	if r.SLA != nil {
		if pr := r.SLA.Process; pr != nil && pr.Measured > 0 {
			p("\nSLA: %s of cases within the %s cycle-time target (%s breaches)\n", format.Percent(pr.Share), format.Duration(pr.TargetSeconds), format.Thousands(pr.Breaches))
		}
		for _, f := range r.SLA.Steps {
			if f.Measured > 0 {
				p("  step %s: %s within %s (%s breaches)\n", f.Step, format.Percent(f.Share), format.Duration(f.TargetSeconds), format.Thousands(f.Breaches))
			}
		}
	}
	writeQuality(w, r)
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
		who, format.Thousands(h.Total), format.Percent(h.Share), trimNum(h.PerCase.Median), h.PerCase.Mean, trimNum(h.PerCase.Max))
	if h.UnknownPairs > 0 {
		p("  %s consecutive pairs have a missing resource and are not counted\n", format.Thousands(h.UnknownPairs))
	}
	if h.DurationAtHandoff.Count > 0 && h.DurationNoHandoff.Count > 0 {
		p("  median transition time at a handoff %s vs %s without\n", format.Duration(h.DurationAtHandoff.Median), format.Duration(h.DurationNoHandoff.Median))
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
	p("\nData quality: %s skipped", plural(dq.BadRows, "bad row"))
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
		col := ""
		if s.Column != "" {
			col = fmt.Sprintf(", column %q", s.Column)
		}
		p("  %s:%d%s, value %q: %s\n", r.Log.Source, s.Row, col, s.Value, s.Reason)
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

func trimNum(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f), "0"), ".")
}

// plural writes a count with its noun: "1 case", "2,392 cases", "1 activity".
func plural(n int, noun string) string {
	if n != 1 {
		switch {
		case strings.HasSuffix(noun, "y"):
			noun = noun[:len(noun)-1] + "ies"
		default:
			noun += "s"
		}
	}
	return format.Thousands(n) + " " + noun
}

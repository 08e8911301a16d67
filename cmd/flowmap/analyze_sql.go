package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/render/diagram"
)

// tableResult is the JSON of an analysis of a database table: the same
// keys as a file's, plus "pushdown" (what ran where, what is not computed).
type tableResult struct {
	*analysis.Result
	Pushdown *pushdown.Info `json:"pushdown"`
}

// runAnalyzeTable analyses a database table in its engine (the log
// argument is a postgres:// or clickhouse:// URL).
func runAnalyzeTable(ctx context.Context, opts *analyzeOptions, s Streams) error {
	if err := tableFlags(opts); err != nil {
		return err
	}
	src, err := pushdown.ParseSource(opts.Log)
	if err != nil {
		return usageError{err: err}
	}
	notef(s, opts.Quiet, "analysing %s in %s\n", src, src.Engine)
	began := time.Now()
	r, info, err := pushdown.Analyze(ctx, src, pushdown.Options{Columns: opts.Columns, Seq: opts.LogFlags.Seq, Where: opts.LogFlags.Where})
	if err != nil {
		if errors.Is(err, eventlog.ErrMissingColumn) || errors.Is(err, eventlog.ErrNotEventLog) || errors.Is(err, eventlog.ErrEmpty) {
			return invalidInput{err}
		}
		return err
	}
	notef(s, opts.Quiet, "%s: %d queries in %s (%s); equal timestamps ordered by %s\nnot computed in the engine: %s\n",
		info.Engine, info.Queries, time.Since(began).Round(time.Millisecond), info.Dialect, info.TieOrder, strings.Join(info.NotComputed, ", "))
	lanes, _ := diagram.ParseLanes(opts.Lanes)
	dir, _ := opts.Draw.check()
	rep, err := report.Build(report.Options{Analysis: r, Lanes: lanes, Direction: dir, TopEdges: opts.Draw.TopEdges, Command: "flowmap analyze " + src.String()})
	if err != nil {
		return err
	}
	if opts.Discover != "" {
		out, err := analysis.Discover(r, analysis.DiscoverOptions{})
		if err != nil {
			return err
		}
		if err := writeOutput(opts.Discover, writeBytes(out)); err != nil {
			return err
		}
		notef(s, opts.Quiet, "wrote %s\n", opts.Discover)
	}
	return emitAnalysis(ctx, opts, rep, r, tableResult{Result: r, Pushdown: info}, s)
}

// tableFlags refuses the flags that are about reading a file, or that need
// what a table source does not compute yet.
func tableFlags(opts *analyzeOptions) error {
	lf := &opts.LogFlags
	for _, f := range []struct{ flag, value string }{
		{"--map", opts.Map}, {"--scenario", opts.Scenario}, {"--calendar", lf.Calendar},
		{"--wide", lf.Wide}, {"--lifecycle", lf.Lifecycle}, {"--time-format", lf.TimeFormat},
		{"--tz", lf.TZ}, {"--encoding", lf.Encoding},
	} {
		if f.value != "" {
			return usageError{err: fmt.Errorf("%s does not apply to a database table yet (its rows are one activity instance each, times in UTC)", f.flag)}
		}
	}
	if lf.Strict {
		return usageError{err: fmt.Errorf("--strict does not apply to a database table: rows without a case, activity or time are counted in data_quality.bad_rows")}
	}
	return nil
}

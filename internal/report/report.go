package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/swimlane"
	"github.com/flowmap/flowmap/render/workbook"
	"github.com/flowmap/flowmap/simulate/calibrate"
)

// Options are the inputs of a report; every one is optional but one of Map
// and Log.
type Options struct {
	// Map is the process map; with a log, the log is analysed against it.
	Map *mapping.Map
	// MapFile names the map in the workbook.
	MapFile string
	// Log is the event log to analyse.
	Log *eventlog.Log
	// Analysis, when set, is an analysis already made (of a database table,
	// by analysis/pushdown): the report uses it instead of analysing Log.
	Analysis *analysis.Result
	// Lanes are the diagram's swimlanes (owner or system) when it has a map.
	Lanes diagram.Lanes
	// Direction of the swimlanes: right (default) or down.
	Direction swimlane.Direction
	// TopEdges, when positive, draws only the most travelled edges of the
	// measured process (see diagram.AnalysisOptions).
	TopEdges int
	// Simulation adds the Simulation sheet and the peak-load projection
	// (see workbook.NewSimulation).
	Simulation *workbook.Simulation
	// Command is the command line, for the workbook's Method sheet.
	Command string
	// Calendars is a --calendar file for the waiting causes (optional).
	Calendars *analysis.CalendarFile
	// Location is the log's zone (--tz), the zone calendars are read in.
	Location *time.Location
}

// Report holds what Build computed.
type Report struct {
	// Analysis is the analysis of the log (nil without a log).
	Analysis *analysis.Result
	// MapStats are the map's figures (nil without a map).
	MapStats *mapping.Stats
	// Simulation is Options.Simulation; a caller that simulates after
	// analysing may set it before writing the workbook.
	Simulation *workbook.Simulation

	opts Options
	pic  *diagram.Picture
}

// Build analyses the log against the map and computes the map's figures.
// The only error is a map whose figures cannot be computed (a map that
// mapping.ReadFile accepted always has them).
func Build(o Options) (*Report, error) {
	if o.Map == nil && o.Log == nil && o.Analysis == nil {
		return nil, fmt.Errorf("report: a report needs a map or a log")
	}
	r := &Report{opts: o, Simulation: o.Simulation}
	if o.Map != nil {
		st, err := mapping.ComputeStats(o.Map)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.MapFile, err)
		}
		r.MapStats = st
	}
	if o.Analysis != nil {
		r.Analysis = o.Analysis
	} else if o.Log != nil {
		r.Analysis = analysis.Analyze(o.Log, analysis.Options{Map: o.Map, Calendars: o.Calendars, Location: o.Location})
	}
	return r, nil
}

// Picture is the report's diagram: the measured process when there is a
// log (on the map's swimlanes when there is a map), else the map.
func (r *Report) Picture() *diagram.Picture {
	if r.pic == nil {
		if r.Analysis != nil {
			ao := diagram.AnalysisOptions{Lanes: r.opts.Lanes, Direction: r.opts.Direction, TopEdges: r.opts.TopEdges}
			if r.opts.Map == nil {
				ao.Discovered = r.discovered()
			}
			r.pic = diagram.AnalysisPicture(r.Analysis, r.opts.Map, ao)
		} else {
			r.pic = diagram.MapPicture(r.opts.Map, diagram.MapOptions{Lanes: r.opts.Lanes, Direction: r.opts.Direction})
		}
	}
	return r.pic
}

// maxPoolCells bounds the resource × activity profiles pooling compares
// (8 bytes a cell) for a picture: a log with thousands of both is drawn in
// one lane rather than spending gigabytes on its lanes.
const maxPoolCells = 8 << 20

// discovered is the process discovered from the analysis, its activities
// in lanes by the pools of resources that do them when the log names who
// did what (a table analysed in a database has no events here: one lane).
func (r *Report) discovered() *analysis.Discovered {
	var owners []mapping.Owner
	var ownerOf map[string]string
	if l := r.opts.Log; l != nil && len(l.Resources) > 0 && len(l.Activities)*len(l.Resources) <= maxPoolCells {
		owners, ownerOf, _ = calibrate.FindPools(l) // an error leaves one lane
	}
	return analysis.DiscoverLanes(r.Analysis, owners, func(a string) string { return ownerOf[a] })
}

// DOT is the report's diagram in Graphviz DOT (see Picture).
func (r *Report) DOT() []byte { return r.Picture().DOT() }

// Workbook is the workbook's input, without the diagram picture.
func (r *Report) Workbook() workbook.Input {
	o := r.opts
	return workbook.Input{
		Map: o.Map, MapFile: o.MapFile, MapStats: r.MapStats,
		Analysis: r.Analysis, Simulation: r.Simulation, Command: o.Command,
		LanesBySystem: o.Map != nil && o.Lanes == diagram.LanesSystem,
	}
}

// WriteWorkbook writes the Excel workbook, with the diagram rendered as
// PNG on its Summary sheet.
func (r *Report) WriteWorkbook(ctx context.Context, w io.Writer) error {
	in := r.Workbook()
	var png bytes.Buffer
	if err := r.Picture().Render(ctx, diagram.FormatPNG, &png); err != nil {
		return fmt.Errorf("rendering the diagram: %w", err)
	}
	in.DiagramPNG = png.Bytes()
	return workbook.Write(w, in)
}

package main

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/flowmap/flowmap/internal/report"
	"github.com/flowmap/flowmap/render/workbook"
	"github.com/flowmap/flowmap/simulate"
)

// loadScenario reads a scenario and adds the --set changes as one variant.
func loadScenario(path string, sets []string, s Streams) (*simulate.Scenario, error) {
	var parsed []simulate.Setting
	for _, arg := range sets {
		st, err := simulate.ParseSetting(arg)
		if err != nil {
			return nil, usageError{err: err}
		}
		parsed = append(parsed, st)
	}
	sc, err := simulate.ReadScenario(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err // I/O, not invalid input
	}
	if err != nil {
		return nil, reportInvalid(err, s)
	}
	if len(parsed) > 0 {
		names := make([]string, len(parsed))
		for i, st := range parsed {
			names[i] = st.String()
		}
		sc.Variants = append(sc.Variants, simulate.Variant{Name: "--set " + strings.Join(names, " "), Set: parsed})
		if err := sc.Validate(); err != nil {
			return nil, reportInvalid(err, s)
		}
	}
	return sc, nil
}

// simulationForReport runs a scenario for the workbook's Simulation sheet;
// it returns the scenario too, for the recommendations' what-ifs.
func simulationForReport(ctx context.Context, path string, sets []string, outs []output, s Streams) (*workbook.Simulation, *simulate.Scenario, error) {
	sc, err := loadScenario(path, sets, s)
	if err != nil {
		return nil, nil, err
	}
	if err := guardOutputs([]string{sc.Map.File}, outs...); err != nil {
		return nil, nil, err // the scenario's own map file, known once it is read
	}
	res, err := simulate.Run(ctx, sc, simulate.Options{})
	if err != nil {
		return nil, nil, reportInvalid(err, s)
	}
	return workbook.NewSimulation(path, res), sc, nil
}

// measureGains runs the what-ifs of the report's recommendations as
// variants of the scenario (report.MeasureGains); what-ifs the scenario
// cannot take are noted on stderr.
func measureGains(ctx context.Context, rep *report.Report, sc *simulate.Scenario, quiet bool, s Streams) error {
	notes, err := rep.MeasureGains(ctx, sc, simulate.Options{})
	if err != nil {
		return reportInvalid(err, s)
	}
	for _, n := range notes {
		notef(s, quiet, "%s\n", n)
	}
	return nil
}

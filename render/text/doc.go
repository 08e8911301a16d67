// Package text renders flowmap's terminal summaries: the figures of a
// process map (MapStats), the analysis of an event log (Analysis) and a
// simulation with its what-if variants (Simulation) and the distances
// between a real log and simulated ones (SimCompare).
//
// Each function writes the whole summary to w in one Write and returns its
// error, so a full disk or a closed pipe is reported, not ignored. Numbers
// read as internal/format renders them, like the workbook and the diagrams.
// The output is deterministic for a given input, which the golden files in
// testdata check (go test ./render/text -update rewrites them).
package text

// Package report is the pipeline behind flowmap's reports: a process map
// and an event log become an analysis, a diagram of the measured process
// and the manager's workbook. `flowmap analyze`, `flowmap report` and
// `flowmap demo` all go through Build, so the three cannot drift apart.
//
// Like every library here it reads no files and prints nothing: the caller
// reads the map and the log (with its own progress and error reporting) and
// decides where the outputs go.
package report

// Package analysis computes what really happens in an event log: flows
// between activities (directly-follows transitions) with their durations,
// waiting versus service (or sojourn) times, resource and owner handoffs,
// rework, variants, cycle times, queue length over time and a ranking of the
// bottlenecks; with a process map it also maps activities to steps, counts
// owner handoffs and system switches and checks conformance.
//
// Definitions follow DESIGN.md ("Metric definitions") and match PM4Py where
// the definitions agree; docs/ANALYSIS.md lists where and why they differ.
//
// Each metric is an accumulator of its own type in its own file (handoffs.go
// counts resource and owner handoffs and system switches, waits.go the
// activity waits, and so on), behind the small metric interface of
// analyze.go: the analyzer loops over the cases, builds one caseView per
// case (caseview.go) and hands it to every metric; parallel workers merge
// their metrics in case order (parallel.go). With a working calendar, the
// case view also carries the working seconds of each wait, service and
// transition, and the statistics their working-time twins (stats.go).
//
// Some figures need the whole log rather than one case at a time, and are
// computed beside the per-case loop: the working calendar of each resource
// (calendars.go: from a --calendar file, the map's owners, or discovered by
// package analysis/calendars), the waiting causes (waitcauses.go, on the
// engine of package analysis/waitcause) and, from the finished Result, the
// bottlenecks (bottleneck.go), the step figures (steps.go) and the ranked
// recommendations of what to fix first (recommend*.go).
package analysis

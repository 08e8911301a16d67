// Package analysis computes what really happens in an event log: flows
// between activities (directly-follows transitions) with their durations,
// waiting versus service (or sojourn) times, resource and owner handoffs,
// rework, variants, cycle times, queue length over time and a ranking of the
// bottlenecks; with a process map it also maps activities to steps, counts
// owner handoffs and system switches and checks conformance.
//
// Definitions follow DESIGN.md ("Metric definitions") and match PM4Py where
// the definitions agree; docs/ANALYSIS.md lists where and why they differ.
package analysis

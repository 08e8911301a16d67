// Package eventlog holds flowmap's event log model (Log, Case, Instance) and
// the streaming readers that build it from CSV (any delimiter, optional BOM,
// quoted fields, gzip), "wide" one-row-per-case order exports and XES(.gz):
// it detects the case, activity, timestamp, start, resource and lifecycle
// columns from common names unless Options names them, detects each time
// column's timestamp layout once and parses the rest on a fast path, pairs
// XES lifecycle start/complete events into activity instances, and never
// drops a row silently — every rejected row is counted and sampled in the
// Quality report, and Options.Strict turns the first one into a *ParseError.
// The package imports only the standard library.
package eventlog

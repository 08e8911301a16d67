// Package logdistance measures how far a simulated event log is from a real
// one, with the distances of the log-distance-measures Python package
// (AutomatedProcessImprovement/log-distance-measures v2.1.0, the package
// Simod and AgentSimulator evaluate with), reproducing its figures.
//
// Every function takes the real (original) log first and the simulated log
// second; activities are matched across the two logs by name. Timestamps are
// UTC: hours of the day and weekdays (Monday first) are UTC values. Each
// temporal distance is the 1-D Wasserstein distance (scipy's
// wasserstein_distance) between two histograms of whole hours, each
// normalised to unit mass, so only the shapes are compared. An instance
// without a start time counts as instant (it starts at its end).
//
// A log without events is an error (ErrEmpty), as the reference package
// raises one for an empty sample.
package logdistance

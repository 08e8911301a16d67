// Package simulate is flowmap's discrete-event simulator: it runs a
// Scenario — a process map with durations, staffing, calendars and branch
// probabilities, plus arrivals with a weekly profile and dated peaks — for
// several replications and what-if variants, and reports each figure with a
// 95% confidence interval (Run, Result). It can write the simulated event
// log of a run as CSV, which the analysis package reads like a real log.
//
// Model. Cases (entities) arrive at the map's start step and move from step
// to step along the branch probabilities, loops included. A step with
// capacity has a dedicated pool of servers; otherwise its owner's capacity
// is a pool shared by all the owner's steps; a step without either, or an
// automated step, is an unlimited pure delay. Each pool serves one FIFO
// queue. A step's queue_limit bounds the cases waiting for it: an arrival
// that finds it full leaves the process (blocked). Pools of owners with a
// calendar work only inside their shifts: no service starts while closed,
// and work in progress pauses at the end of a shift and resumes at the next
// opening (a duration is working time). Automated steps ignore calendars;
// unlimited manual steps of an owner with a calendar wait for it to open.
//
// Arrivals are a Poisson process with a rate times the weekly profile times
// the factors of active peaks, generated exactly by thinning against the
// maximum rate; or a renewal process with an interarrival distribution.
// They stop at the horizon or after the given number of cases, whichever
// comes first; the run then drains until every admitted case has finished.
//
// Statistics follow DESIGN.md: time averages (wip, queue length,
// utilization) and throughput cover the window [warmup, horizon] (or
// [warmup, last arrival]); per-case figures (cycle time, waits, SLA) cover
// the cases that arrived in the window, followed to their end. Utilization
// is busy working time over capacity × the pool's working time in the
// window. Percentiles (p50, p90) come from a log-spaced histogram with 128
// bins per doubling (relative error below 0.8%), so memory does not grow
// with simulated time; means and shares are exact.
//
// Engine. The event list is a binary heap of value structs ordered by
// (time, sequence number), so runs are deterministic and no event
// allocates. Case slots are reused through a free list. Randomness comes
// from math/rand/v2 PCG streams, one per purpose — arrivals, and each
// step's durations and branching — seeded from (seed, replication, a hash
// of the purpose and step id), so changing one step does not reshuffle the
// others and what-if variants share their random numbers (common random
// numbers): their differences from the base are paired per replication and
// get intervals of their own. Replications run in parallel and are stored
// by index, so results are identical for any number of workers.
//
// Distribution parameters are the moments of the duration itself: lognormal
// sigma² = ln(1 + sd²/mean²), mu = ln(mean) − sigma²/2; gamma shape
// mean²/sd² and rate mean/sd² (gonum's distuv.Gamma.Beta is a rate); normal
// truncated at 0 by rejection.
//
// The package never prints, exits, reads the clock or uses a global random
// source.
package simulate

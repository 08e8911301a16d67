// Package calibrate builds a simulation scenario from an event log: the
// control flow with observed branch shares and parallel activities, a
// fitted duration distribution per step, resource pools with their capacity
// and working calendar, the arrival process, and the extraneous delays
// before steps (waits that neither busy resources nor closed hours
// explain). Each fitted value is written with its evidence in a YAML
// comment, so a person can read, check and edit the scenario before running
// what-ifs on it (design/calibration.md; docs/CALIBRATION.md has the rules
// and the LoanApp proof).
//
// # Choices
//
//   - Control flow: a chain of states, a state being an activity with the
//     set of activities the case did before it (the activity alone when
//     that gives more than ten states per activity). Groups of concurrent
//     activities (both orders seen, overlapping in time) become a split
//     step with parallel branches.
//   - Durations are processing times (end − start) measured in the working
//     time of the step owner's calendar, because the simulator pauses work
//     outside it; a log without start times gets the sojourn (end − end of
//     the previous instance of the case) instead, and the scenario says so.
//   - A distribution is chosen by the 1-D Wasserstein distance W1 between
//     the data and the fitted distribution's quantile function,
//     W1 = (1/n) Σ |x_(i) − Q((i − ½)/n)|, on at most 2,000 order
//     statistics. Parameters come from the data's moments (normal,
//     lognormal, gamma, exponential), its median (constant), its range
//     (uniform) or 50 of its quantiles (empirical). The simplest candidate
//     within 10% of the smallest distance wins, in the order constant,
//     uniform, exponential, normal, gamma, lognormal, empirical.
//   - Pools group resources with similar activity profiles (cosine ≥ 0.9).
//     A step belongs to the pool that does most of its instances. Capacity
//     is the median, over the hours in which the pool worked, of its
//     distinct resources at work in that hour, raised when the observed
//     work would fill more than 90% of the capacity's working time.
//   - Calendars are discovered per pool with analysis/calendars (the rule
//     of why-waiting.md); a scattered or low-confidence one is replaced by
//     the log's calendar, or by none.
//   - Arrivals: a calendar discovered from the case starts (its periods
//     extended to make the interarrival times most regular) and the
//     interarrival times in its working time; the weekly profile (arrivals
//     per weekday and hour) is written as a comment.
//   - Extraneous delays: the extraneous part of each wait
//     (analysis/waitcause, with the pools' calendars) becomes a delay
//     before the step when it averages a minute or more.
package calibrate

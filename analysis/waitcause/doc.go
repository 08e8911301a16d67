// Package waitcause splits the waiting time of activity instances into its
// causes, as Kronos does (Lashkevich, Milani, Chapela-Campa, Suvorau, Dumas:
// "Why am I waiting? Data-driven analysis of waiting times in business
// processes", CAiSE 2023), following the contract in why-waiting.md
// ("Causes of a wait").
//
// For an instance e with a start time, WT(e) = start(e) − enabled(e). The
// enabled time is the schedule time when known, else the end of the latest
// earlier instance of the case that ended at or before start(e) — the source
// of the transition. Without either (a case's first instance) e is enabled
// when it starts and has no wait. The wait is split into five parts that sum
// to WT to the nanosecond:
//
//   - Batching: e waits for its batch to form. Batches are found per
//     (resource, activity) in start order (pix-framework discover_batches,
//     minimum size 2, no idle gap): an instance joins the current batch when
//     it was enabled at or before the batch's start and starts no later than
//     the batch's current end. Such a candidate is kept only when it was
//     released as a batch (a deviation from Kronos, which would call any
//     queue served back to back a batch): its members started together
//     (within a tenth of their median processing time), or the resource
//     took a member before an older one, or it stood idle in working time
//     while the first member waited for the others. A backlog served in
//     arrival order from the moment the resource could work (its opening
//     time, or the end of other work) is a queue; of a rejected candidate,
//     only runs of members started together stay batches. A batch is
//     enabled when its last member is; the batching interval is
//     [enabled(e), batch enabled], less the time the resource is off work
//     and idle in it (that is unavailability: no batch forms while nobody
//     works).
//   - Contention: the resource works on other instances enabled at or before
//     e (older work).
//   - Prioritization: the resource works on instances enabled after e.
//     For a batch member, work of its own batch is judged against enabled(e);
//     other work against t = min(batch enabled, start(e)), counted from t on.
//   - Unavailability: non-working time of the resource's calendar.
//   - Extraneous: the rest.
//
// Overlaps are resolved in the order batching, contention, prioritization,
// unavailability: each cause keeps only the time no earlier cause claimed.
//
// # How it is computed
//
// Because every cause is clipped to the wait and later causes lose the time
// of earlier ones, a wait splits into the batching interval B = [enabled,
// t] and the rest R = [t, start]. Within R the resource's other work is
// either contention or prioritization, so prioritization = busy(R) −
// contention, unavailability = non-working time of R outside busy periods,
// and extraneous = working time of R outside busy periods. Busy time and its
// non-working part come from prefix sums over the resource's merged work
// periods; contention (the union of the older work only) comes from a
// coverage segment tree per resource, filled in order of enabled time while
// the waits are visited in order of their threshold t (batch members: own
// batch re-added in order of enabled time). The whole analysis is
// O(n log n).
package waitcause

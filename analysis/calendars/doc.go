// Package calendars discovers a weekly working calendar per resource from
// when it is seen working in an event log, and prints it in flowmap's
// calendar syntax ("Mon-Fri 08:00-12:00 13:00-17:00") so a user can copy it
// into a map.
//
// # The rule
//
// It follows the crisp CalendarFactory of Kronos/Prosimos (pix-framework,
// discovery/resource_calendar_and_performance/crisp):
//
//   - The week is cut into granules of 15 minutes (Options.Granule); days
//     and clock times are those of the log's time zone (the loc argument).
//   - For each resource, a cell is a (date, granule) in which the resource
//     is seen working. The confidence of a granule (weekday w, granule g)
//     is the number of dates of weekday w on which the resource worked in
//     g, divided by the number of dates of weekday w on which it worked at
//     all — "in how many of the weeks it was active on that weekday".
//   - A granule whose confidence is at least Options.MinConfidence (0.1) is
//     working time.
//   - The support of the calendar is the share of the resource's cells that
//     fall in working granules. When it is below Options.DesiredSupport
//     (0.7), the discarded granules are added, most frequent first, until
//     it is reached.
//   - The confidence of the calendar is, as in the reference, the sum of the
//     numerators of the accepted granules' confidences over the sum of their
//     denominators.
//
// # Deviations from the reference
//
//   - Work is observed from the start to the end of each instance: every
//     granule the interval [Start, End) touches counts, where the reference
//     registers only the granules of the start and complete timestamps. An
//     instance longer than Options.MaxSpan (default 12 hours) is not work in
//     one stretch (it was suspended, or waited on something) and contributes
//     only the granules of its start and its end, as in the reference.
//   - Confidence is not conditioned on the activity (the reference takes
//     the best task's confidence): a resource's calendar is its own, what
//     it works on does not change when it works. There is no participation
//     filter; instead a resource with too little data is reported as not
//     Enough (fewer than Options.MinWeeks distinct weeks with work, no
//     instance with a start time, or an empty calendar), so the caller
//     falls back to the owner's or the log's calendar.
//   - With the minimum confidence of 0.1, a granule seen once in eight
//     weeks would be working time; a granule must also be seen on at least
//     Options.MinDays dates (default 2) in the confidence step: a one-off
//     is not a pattern. Such granules may still be added by the support
//     step.
//   - Ties in the support step (equal frequency) are broken by weekday,
//     Monday first, then by time of day, so the result is deterministic.
//   - After the support step, a gap of at most Options.MaxGap (one
//     granule) between two working granules of a day is closed: on the
//     example log the reference rule leaves calendars full of 15-minute
//     holes, which the waiting causes would count as closed hours. A
//     calendar working Options.AroundTheClock (85%) of the week or more is
//     "24/7": a payment system or the customers act at any hour, and their
//     few quiet quarter hours are chance, not a schedule. Support and
//     confidence are those of the calendar before this smoothing.
//
// The log's calendar (LogCalendar) is discovered by the same rule from the
// work of all resources together, as if they were one.
package calendars

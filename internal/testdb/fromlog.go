package testdb

import (
	"slices"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// FromLog turns a log read by analysis/eventlog into event rows, one per
// activity instance, in file order: Seq is the instance's position in the
// file (eventlog.Instance.Seq, the completing event's for lifecycle
// pairs), so a database ordering ties by seq sees the file's order.
// Times are UTC; an unknown start gives a zero Start (NULL) and a missing
// resource an empty Resource (NULL). Enabled times and attributes are not
// carried.
func FromLog(l *eventlog.Log) []Event {
	events := make([]Event, 0, l.Events())
	for ci := range l.Cases {
		c := &l.Cases[ci]
		for ii := range c.Instances {
			in := &c.Instances[ii]
			e := Event{
				Case:     c.ID,
				Activity: l.Activities[in.Activity],
				End:      time.Unix(0, in.End).UTC(),
				Seq:      int64(in.Seq),
			}
			if in.Resource >= 0 {
				e.Resource = l.Resources[in.Resource]
			}
			if in.Start != eventlog.NoTime {
				e.Start = time.Unix(0, in.Start).UTC()
			}
			events = append(events, e)
		}
	}
	slices.SortStableFunc(events, func(a, b Event) int {
		switch {
		case a.Seq < b.Seq:
			return -1
		case a.Seq > b.Seq:
			return 1
		}
		return 0
	})
	return events
}

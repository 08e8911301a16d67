package calibrate

import (
	"bufio"
	"encoding/csv"
	"io"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// WriteCases writes cases of l as a CSV event log with the header of the
// simulated event log (case_id, activity, start_timestamp, timestamp,
// resource; times RFC 3339 in UTC, to the millisecond), so that the
// held-out part of a split can be compared with simulations (flowmap
// simcompare). An unknown start or resource is left empty.
func WriteCases(w io.Writer, l *eventlog.Log, cases []*eventlog.Case) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	stamp := func(t int64) string {
		if t == eventlog.NoTime {
			return ""
		}
		return time.Unix(0, t).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	if err := cw.Write([]string{"case_id", "activity", "start_timestamp", "timestamp", "resource"}); err != nil {
		return err
	}
	for _, c := range cases {
		for i := range c.Instances {
			in := &c.Instances[i]
			res := ""
			if in.Resource >= 0 {
				res = l.Resources[in.Resource]
			}
			if err := cw.Write([]string{c.ID, l.Activities[in.Activity], stamp(in.Start), stamp(in.End), res}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

package simulate

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// EventLogHeader is the header row of the simulated event log (CSV), in the
// column names flowmap analyze detects.
const EventLogHeader = "case_id,activity,start_timestamp,timestamp,resource"

// eventLog writes the simulated event log as CSV, one row per completed
// step visit: case_id, activity (the step's first log name, else its name),
// start_timestamp, timestamp (RFC 3339 UTC, millisecond precision, from
// the scenario start) and resource (pool id and server number such as
// "warehouse-3"; the owner id for unlimited steps).
type eventLog struct {
	w     *bufio.Writer
	start time.Time
	buf   []byte
	act   map[*stepModel]string
	err   error
}

func newEventLog(w io.Writer, start time.Time) *eventLog {
	l := &eventLog{w: bufio.NewWriterSize(w, 1<<16), start: start.UTC(), act: map[*stepModel]string{}}
	_, l.err = l.w.WriteString(EventLogHeader + "\n")
	return l
}

func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") && strings.TrimSpace(s) == s {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func (l *eventLog) stamp(b []byte, sec float64) []byte {
	t := l.start.Add(time.Duration(math.Round(sec*1000)) * time.Millisecond)
	return t.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
}

func (l *eventLog) write(id int64, sm *stepModel, pm *poolModel, server int32, start, end float64) {
	if l.err != nil {
		return
	}
	act, ok := l.act[sm]
	if !ok {
		act = csvField(sm.activity)
		l.act[sm] = act
	}
	b := strconv.AppendInt(l.buf[:0], id, 10)
	b = append(b, ',')
	b = append(b, act...)
	b = append(b, ',')
	b = l.stamp(b, start)
	b = append(b, ',')
	b = l.stamp(b, end)
	b = append(b, ',')
	if server > 0 {
		b = append(b, csvField(pm.id)...)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(server), 10)
	} else {
		b = append(b, csvField(sm.resource)...)
	}
	b = append(b, '\n')
	l.buf = b
	_, l.err = l.w.Write(b)
}

func (l *eventLog) flush() error {
	if l.err != nil {
		return l.err
	}
	return l.w.Flush()
}

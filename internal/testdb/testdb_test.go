package testdb

import (
	"os"
	"testing"
	"time"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// ms builds a UTC time with milliseconds.
func ms(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.000", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// smallLog has the cases the loaders must carry exactly: a NULL start, a
// NULL resource, equal timestamps told apart by seq, milliseconds, a
// non-ASCII name and a quote.
var smallLog = []Event{
	{Case: "c1", Activity: "Register", Resource: "Ann", Start: ms("2024-03-01 08:00:00.125"), End: ms("2024-03-01 08:05:00.250"), Seq: 1},
	{Case: "c1", Activity: "Check", Resource: "", End: ms("2024-03-01 09:00:00.999"), Seq: 2},
	{Case: "c2", Activity: "Register", Resource: "Bob", End: ms("2024-03-01 09:00:00.999"), Seq: 3},
	{Case: "c2", Activity: "Prüfen \"Zoë\"", Resource: "Bob", Start: ms("2024-03-02 10:00:00.000"), End: ms("2024-03-02 10:00:00.000"), Seq: 4},
	{Case: "c1", Activity: "Pay", Resource: "Ann", End: ms("2024-03-03 23:59:59.001"), Seq: 5},
}

// row is what the tests read back: NULLs as empty strings and zero times.
type row struct {
	Case, Activity, Resource string
	Start, End               time.Time
	Seq                      int64
	NullResource, NullStart  bool
}

// want turns events into the rows they must read back as; trunc is the
// precision the table keeps (time.Second for ClickHouse DateTime).
func want(events []Event, trunc time.Duration) []row {
	rows := make([]row, len(events))
	for i, e := range events {
		rows[i] = row{Case: e.Case, Activity: e.Activity, Resource: e.Resource,
			End: e.End.Truncate(trunc), Seq: e.Seq, NullResource: e.Resource == "", NullStart: e.Start.IsZero()}
		if !e.Start.IsZero() {
			rows[i].Start = e.Start.Truncate(trunc)
		}
	}
	return rows
}

// compareRows reports the first rows that differ (at most five).
func compareRows(t *testing.T, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("read back %d rows, want %d", len(got), len(want))
	}
	bad := 0
	for i := range min(len(got), len(want)) {
		if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) ||
			got[i].Case != want[i].Case || got[i].Activity != want[i].Activity ||
			got[i].Resource != want[i].Resource || got[i].Seq != want[i].Seq ||
			got[i].NullResource != want[i].NullResource || got[i].NullStart != want[i].NullStart {
			t.Errorf("row %d (seq order):\n got %+v\nwant %+v", i, got[i], want[i])
			if bad++; bad == 5 {
				t.Fatal("stopping after 5 different rows")
			}
		}
	}
}

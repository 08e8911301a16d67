package eventlog_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

func ExampleReadCSV() {
	in := `order_id;status;changed_at;user
A1;received;2024-03-01 09:00:00+01:00;ann
A1;shipped;2024-03-02 14:30:00+01:00;bob
A2;received;2024-03-01 10:15:00+01:00;ann
A2;shipped;not yet;bob
`
	l, err := eventlog.ReadCSV(strings.NewReader(in), "orders.csv", eventlog.Options{Time: "changed_at"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("columns: case=%s activity=%s time=%s resource=%s delimiter=%q\n",
		l.Columns.Case, l.Columns.Activity, l.Columns.Time, l.Columns.Resource, l.Columns.Delimiter)
	for _, c := range l.Cases {
		for _, in := range c.Instances {
			fmt.Println(c.ID, l.Activities[in.Activity], l.Resources[in.Resource], time.Unix(0, in.End).UTC().Format(time.RFC3339))
		}
	}
	for _, b := range l.Quality.Samples {
		fmt.Printf("bad row %d, column %s: %s\n", b.Row, b.Column, b.Reason)
	}
	// Output:
	// columns: case=order_id activity=status time=changed_at resource=user delimiter=";"
	// A1 received ann 2024-03-01T08:00:00Z
	// A1 shipped bob 2024-03-02T13:30:00Z
	// A2 received ann 2024-03-01T09:15:00Z
	// bad row 5, column changed_at: cannot parse "not yet" as a timestamp (expected e.g. YYYY-MM-DD hh:mm:ss±hh:mm)
}

package waitcause_test

import (
	"fmt"
	"time"

	"github.com/flowmap/flowmap/analysis/waitcause"
	"github.com/flowmap/flowmap/mapping"
)

func Example() {
	at := func(s string) int64 {
		t, _ := time.Parse("2006-01-02 15:04", s)
		return t.UnixNano()
	}
	const register, approve = 0, 1 // activities
	const clerk, manager = 0, 1    // resources
	cases := [][]waitcause.Instance{{
		{Activity: register, Resource: clerk, Enabled: waitcause.NoTime, Start: at("2024-03-04 15:00"), End: at("2024-03-04 16:00")},
		{Activity: approve, Resource: manager, Enabled: waitcause.NoTime, Start: at("2024-03-05 10:00"), End: at("2024-03-05 11:00")},
	}}
	office, _ := mapping.ParseCalendar("Mon-Fri 08:00-17:00")
	cal := waitcause.NewCalendar(office, time.UTC)
	res := waitcause.Analyze(cases, func(int32) *waitcause.Calendar { return cal })
	p := res[0][1].Parts
	fmt.Println("wait", time.Duration(p.Wait))
	fmt.Println("unavailability", time.Duration(p.Unavailability))
	fmt.Println("extraneous", time.Duration(p.Extraneous))
	// Output:
	// wait 18h0m0s
	// unavailability 15h0m0s
	// extraneous 3h0m0s
}

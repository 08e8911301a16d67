package text

import (
	"fmt"
	"strings"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/simulate"
)

// sweep writes the sweep's table: per value, the p90 cycle time, the mean
// wait at the most loaded step, the swept pool's utilization, the SLA
// attainment and the throughput, each with its interval; then the target.
func (s *simSummary) sweep(sw *simulate.SweepResult) {
	s.p("\nSWEEP %s (%s, each run on the base's random numbers)\n", sw.Path, format.Plural(len(sw.Values), "value"))
	sla := s.res.Scenario.SLA != nil
	waitName := sw.WaitStep
	for _, st := range s.base.Steps {
		if st.ID == sw.WaitStep {
			waitName = st.Name
		}
	}
	tp, unit := throughput(s.base.Throughput)
	perDay := unit == "per day" && tp != nil
	head := []string{"setting", "p90 cycle time"}
	if waitName != "" {
		head = append(head, "mean wait at "+waitName)
	}
	if sw.Pool != "" {
		head = append(head, sw.Pool+" utilization")
	}
	if sla {
		head = append(head, "on time (SLA "+format.DurationSymmetric(*s.res.Scenario.SLA)+")")
	}
	head = append(head, "throughput "+unit)
	tw := s.table()
	fmt.Fprintf(tw, "  %s\n", strings.Join(head, "\t"))
	for _, r := range sw.Results {
		cells := []string{r.Value, withCI(r.CycleTimeP90, dur)}
		if waitName != "" {
			cells = append(cells, withCI(r.WaitMean, dur))
		}
		if sw.Pool != "" {
			cells = append(cells, withCI(r.Utilization, pct))
		}
		if sla {
			cells = append(cells, withCI(r.SLAAttainment, pct))
		}
		t := r.Throughput
		if perDay {
			t = scaled(t, 24)
		}
		cells = append(cells, withCI(t, num))
		fmt.Fprintf(tw, "  %s\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
	s.target(sw)
}

// target writes which value meets the sweep's target, if one was given.
func (s *simSummary) target(sw *simulate.SweepResult) {
	t := sw.Target
	if t == nil {
		return
	}
	if sw.MetBy == nil {
		s.p("\n  Target %s: no value meets it with its whole 95%% interval.\n", t.Text)
		return
	}
	for _, r := range sw.Results {
		if r.Value != *sw.MetBy {
			continue
		}
		what, e, f := "p90 cycle time", r.CycleTimeP90, dur
		switch t.Metric {
		case "sla_attainment":
			what, e, f = "on time", r.SLAAttainment, pct
		case "wait_mean":
			what, e = "mean wait", r.WaitMean
		}
		s.p("\n  Target %s: met first by %s=%s (%s %s); met means the whole 95%% interval meets the target.\n",
			t.Text, sw.Path, r.Value, what, withCI(e, f))
		return
	}
}

// withCI is an estimate in f's format followed by its interval.
func withCI(e *simulate.Est, f func(*simulate.Est) string) string {
	if c := ci(e, f); c != "" {
		return f(e) + " " + c
	}
	return f(e)
}

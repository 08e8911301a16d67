package text

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/flowmap/flowmap/analysis/logdistance"
)

// simCompareColumns is the most simulated logs shown one column each;
// with more, only the mean and sd are shown.
const simCompareColumns = 4

// SimCompare writes the summary of `flowmap simcompare`: for each distance
// measure its value against each simulated log (when there are at most
// four), the mean and the sample standard deviation, then one line per
// measure saying what it compares. real and sims name the logs.
func SimCompare(w io.Writer, real string, sims []string, res []logdistance.Result) error {
	var b bytes.Buffer
	logs := "logs"
	if len(sims) == 1 {
		logs = "log"
	}
	fmt.Fprintf(&b, "%s against %d simulated %s (0 = same distribution; lower is closer)\n", real, len(sims), logs)
	perLog := len(sims) <= simCompareColumns
	if perLog && len(sims) > 1 {
		for i, s := range sims {
			fmt.Fprintf(&b, "  sim %d = %s\n", i+1, s)
		}
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "measure\tunit\t")
	if perLog && len(sims) > 1 {
		for i := range sims {
			fmt.Fprintf(tw, "sim %d\t", i+1)
		}
	}
	fmt.Fprint(tw, "mean\tsd\t\n")
	for _, r := range res {
		fmt.Fprintf(tw, "%s\t%s\t", r.Key, unitLabel(r.Unit))
		if perLog && len(sims) > 1 {
			for _, v := range r.Values {
				fmt.Fprintf(tw, "%s\t", distance(v))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", distance(r.Mean), distance(r.SD))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	for _, r := range res {
		fmt.Fprintf(&b, "  %-8s %s: %s\n", r.Key, r.Name, r.Desc)
	}
	b.WriteString("  h = hours of shift needed to turn one histogram into the other (Wasserstein); ratios are in [0, 1]\n")
	_, err := w.Write(safe(b.Bytes()))
	return err
}

func unitLabel(u string) string {
	if u == "" {
		return "ratio"
	}
	return u
}

// distance is a distance with four decimals, "-" when undefined (the sd of
// one value).
func distance(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

package text

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/flowmap/flowmap/internal/format"
	"github.com/flowmap/flowmap/mapping"
)

// MapStats writes the summary of `flowmap map stats`: the map's counts, its
// happy path, the figures expected per case and the steps per owner.
func MapStats(w io.Writer, m *mapping.Map, st *mapping.Stats) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n", m.Process)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "steps\t%d\t(%d manual, %d automated, %s)\n", st.Steps, st.Manual, st.Automated, format.Plural(st.Decisions, "decision"))
	fmt.Fprintf(tw, "owners\t%d\t\n", st.Owners)
	fmt.Fprintf(tw, "systems\t%d\t\n", st.Systems)
	fmt.Fprintf(tw, "edges\t%d\t(%d handoffs between owners, %d system switches)\n", st.Edges, st.Handoffs, st.SystemSwitches)
	tw.Flush()

	hp := st.HappyPath
	names := make([]string, len(hp.Steps))
	for i, id := range hp.Steps {
		step, _ := m.Step(id)
		names[i] = step.Name
	}
	fmt.Fprintf(&b, "\nHappy path (%.0f%% of cases): %d steps, %d handoffs, %d system switches, touch time %s\n  %s\n",
		hp.Probability*100, len(hp.Steps), hp.Handoffs, hp.SystemSwitches, mapping.FormatSeconds(hp.TouchTimeSeconds), strings.Join(names, " → "))

	ex := st.Expected
	fmt.Fprintf(&b, "\nExpected per case (all paths, loops included):\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  handoffs\t%.2f\n", ex.Handoffs)
	fmt.Fprintf(tw, "  system switches\t%.2f\n", ex.SystemSwitches)
	fmt.Fprintf(tw, "  step visits\t%.2f\n", ex.Steps)
	fmt.Fprintf(tw, "  staffed work\t%s\t(hands-on time of staffed teams)\n", mapping.FormatSeconds(ex.StaffedTouchTimeSeconds))
	fmt.Fprintf(tw, "  all step time\t%s\t%s\n", mapping.FormatSeconds(ex.TouchTimeSeconds), beyondStaff(m))
	tw.Flush()

	fmt.Fprintf(&b, "\nSteps per owner:\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	owners := make([]string, 0, len(st.StepsPerOwner))
	for id := range st.StepsPerOwner {
		owners = append(owners, id)
	}
	sort.Slice(owners, func(i, j int) bool {
		a, b := st.StepsPerOwner[owners[i]], st.StepsPerOwner[owners[j]]
		if a != b {
			return a > b
		}
		return owners[i] < owners[j]
	})
	for _, id := range owners {
		name := id
		if o, ok := m.Owner(id); ok {
			name = o.Name
		}
		fmt.Fprintf(tw, "  %s\t%d\n", name, st.StepsPerOwner[id])
	}
	tw.Flush()
	_, err := w.Write(safe(b.Bytes()))
	return err
}

// beyondStaff says what "all step time" adds to staffed work for this map:
// the manual steps of owners without a capacity (the customer, a carrier,
// a payment provider: parties outside the staffed teams) and automated
// steps, named from the map rather than guessed.
func beyondStaff(m *mapping.Map) string {
	var parties []string
	seen := map[string]bool{}
	automated := false
	for _, s := range m.Steps {
		if s.Automated {
			automated = true
			continue
		}
		o, ok := m.Owner(s.Owner)
		if s.Capacity > 0 || !ok || o.Capacity > 0 || seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		name := o.Name
		if name == "" {
			name = o.ID
		}
		parties = append(parties, name)
	}
	switch {
	case len(parties) > 0 && automated:
		return "(steps of " + strings.Join(parties, ", ") + " and automated steps included)"
	case len(parties) > 0:
		return "(steps of " + strings.Join(parties, ", ") + " included)"
	case automated:
		return "(automated steps included)"
	}
	return "(every step)"
}

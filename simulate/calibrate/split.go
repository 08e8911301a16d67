package calibrate

import (
	"fmt"
	"sort"
	"time"

	"github.com/flowmap/flowmap/analysis/eventlog"
)

// caseStart is the first start (else end) of a case's instances.
func caseStart(c *eventlog.Case) int64 {
	t := int64(0)
	for i := range c.Instances {
		if s := c.Instances[i].SortTime(); i == 0 || s < t {
			t = s
		}
	}
	return t
}

// split returns the training cases: whole cases in order of their start,
// the first share of them or those starting before until (neither: all).
// It also returns how many cases were held out.
func split(l *eventlog.Log, share float64, until time.Time) ([]*eventlog.Case, int, error) {
	train, held, err := splitCases(l, share, until)
	return train, len(held), err
}

// splitCases is split returning the held-out cases themselves.
func splitCases(l *eventlog.Log, share float64, until time.Time) ([]*eventlog.Case, []*eventlog.Case, error) {
	var cs []*eventlog.Case
	for i := range l.Cases {
		if len(l.Cases[i].Instances) > 0 {
			cs = append(cs, &l.Cases[i])
		}
	}
	if len(cs) == 0 {
		return nil, nil, fmt.Errorf("%s: the log has no cases", l.Source)
	}
	starts := make(map[*eventlog.Case]int64, len(cs))
	for _, c := range cs {
		starts[c] = caseStart(c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return starts[cs[i]] < starts[cs[j]] })
	n := len(cs)
	switch {
	case !until.IsZero():
		n = sort.Search(len(cs), func(i int) bool { return starts[cs[i]] >= until.UnixNano() })
	case share > 0:
		n = int(float64(len(cs))*share + 0.5)
	}
	if n == 0 {
		return nil, nil, fmt.Errorf("%s: no case starts before the split (%d cases from %s)", l.Source, len(cs),
			time.Unix(0, starts[cs[0]]).UTC().Format(time.RFC3339))
	}
	return cs[:n], cs[n:], nil
}

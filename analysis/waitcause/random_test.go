package waitcause

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// randomCalendars are the calendars a random log's resources get (nil: 24/7).
var randomCalendars = []string{
	"", "24/7", "Mon-Fri 08:00-17:00", "Mon-Fri 10:00-12:00 12:30-20:00",
	"Tue-Sat 22:00-06:00", "Sat-Sun 00:00-24:00", "Mon 09:00-09:30",
}

// randomLog generates a log with overlapping work, queues, batches (parallel
// and sequential), schedule times, unknown resources and instances without a
// start. Times have odd seconds and nanoseconds.
func randomLog(seed uint64, nCases int) ([][]Instance, func(int32) *Calendar) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	const nRes, nAct = 8, 5
	base := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC).UnixNano() // a Monday
	dur := func(maxMin int) int64 {
		return int64(rng.IntN(maxMin*60))*int64(time.Second) + int64(rng.IntN(1000))
	}
	cases := make([][]Instance, nCases)
	for ci := range cases {
		t := base + int64(rng.IntN(30*24*60))*int64(time.Minute)
		n := 1 + rng.IntN(6)
		for range n {
			in := Instance{
				Activity: int32(rng.IntN(nAct)),
				Resource: int32(rng.IntN(nRes+1)) - 1,
				Enabled:  NoTime,
			}
			enabled := t
			if rng.IntN(4) > 0 {
				in.Start = enabled + dur(rng.IntN(3)*600+1)
			} else {
				in.Start = enabled // no wait
			}
			if rng.IntN(10) == 0 {
				in.Enabled = enabled - dur(60) // a schedule time
			}
			in.End = in.Start + dur(90)
			if rng.IntN(15) == 0 {
				in.Start = NoTime // end only
			}
			cases[ci] = append(cases[ci], in)
			switch rng.IntN(4) {
			case 0: // next one in parallel
			case 1: // overlapping
				t = (in.End + enabled) / 2
			default:
				t = in.End
			}
		}
	}
	// Batches: one resource takes several waiting instances of one activity
	// at once (parallel) or back to back (sequential).
	for range nCases / 10 {
		r, act := int32(rng.IntN(nRes)), int32(rng.IntN(nAct))
		at := base + int64(rng.IntN(30*24*60))*int64(time.Minute)
		size := 2 + rng.IntN(5)
		parallel := rng.IntN(2) == 0
		cur := at
		for range size {
			ci := rng.IntN(nCases)
			c := cases[ci]
			d := dur(30) + 1
			in := Instance{Activity: act, Resource: r, Enabled: NoTime, Start: cur, End: cur + d}
			if !parallel {
				cur += d
			}
			cases[ci] = append(c, in)
		}
	}
	for _, c := range cases {
		slices.SortStableFunc(c, func(a, b Instance) int {
			ta, tb := a.Start, b.Start
			if ta == NoTime {
				ta = a.End
			}
			if tb == NoTime {
				tb = b.End
			}
			if ta != tb {
				return cmpInt(ta, tb)
			}
			return cmpInt(a.End, b.End)
		})
	}
	cals := make([]*Calendar, nRes+1)
	for i := range cals {
		text := randomCalendars[rng.IntN(len(randomCalendars))]
		if text != "" {
			cals[i] = mustCalendar(nil, text)
		}
	}
	return cases, func(r int32) *Calendar { return cals[r+1] }
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestRandomAgainstReference checks Analyze against the literal quadratic
// implementation of the rules, and the invariant, on seeded random logs.
func TestRandomAgainstReference(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		cases, cal := randomLog(seed, 300)
		got := Analyze(cases, cal)
		checkInvariant(t, cases, got)
		want := referenceAnalyze(cases, cal)
		diff := 0
		for ci := range cases {
			for i := range cases[ci] {
				g, w := got[ci][i], want[ci][i]
				if g.Source != w.Source || g.Enabled != w.Enabled || g.Parts != w.Parts || (g.Batch < 0) != (w.Batch < 0) {
					if diff++; diff <= 3 {
						t.Errorf("seed %d case %d instance %d %+v:\n got %+v\nwant %+v", seed, ci, i, cases[ci][i], g, w)
					}
				}
			}
		}
		if diff > 0 {
			t.Fatalf("seed %d: %d instances differ", seed, diff)
		}
	}
}

// TestInvariantRandomLarge checks the invariant on a log of thousands of
// instances, and that all causes occur in it.
func TestInvariantRandomLarge(t *testing.T) {
	cases, cal := randomLog(42, 5000)
	res := Analyze(cases, cal)
	checkInvariant(t, cases, res)
	s := Summarize(cases, res)
	batched, batchedWaits := 0, 0
	for ci := range res {
		for _, r := range res[ci] {
			if r.Batch >= 0 {
				batched++
				if r.Wait > r.Batching && r.Batching > 0 {
					batchedWaits++
				}
			}
		}
	}
	t.Logf("%d instances, %d in batches (%d wait for the batch and for more); total %+v",
		s.Total.Count, batched, batchedWaits, s.Total.Parts)
	if batchedWaits == 0 {
		t.Error("no batch member waits for both its batch and something else")
	}
	for _, c := range Causes {
		if s.Total.Of(c) <= 0 {
			t.Errorf("no %s in the random log", c)
		}
	}
}

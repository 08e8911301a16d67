package eventlog

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// Tests of the compact in-memory log (docs/BENCHMARKS.md, "In memory").

// TestInstanceSize pins the size of an Instance: the memory target of a
// big log depends on it.
func TestInstanceSize(t *testing.T) {
	if got := unsafe.Sizeof(Instance{}); got != 40 {
		t.Errorf("Instance is %d bytes, want 40", got)
	}
	if got := unsafe.Sizeof(stagedEv{}); got != 24 {
		t.Errorf("stagedEv is %d bytes, want 24", got)
	}
}

// TestManyInterleavedCases reads logs with more cases than builder.recent
// has slots, in patterns that hit it (a few cases in progress), miss it
// (every row a random case) and make its slots collide, and checks that
// every row lands in its own case.
func TestManyInterleavedCases(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cases int
		pick  func(r *rand.Rand, row int, cases int) int
	}{
		{"in progress", 20_000, func(r *rand.Rand, row, cases int) int { return min(row/4+r.IntN(8), cases-1) }},
		{"random", 30_000, func(r *rand.Rand, row, cases int) int { return r.IntN(cases) }},
		{"more cases than slots", recentSlots + 5000, func(r *rand.Rand, row, cases int) int { return (row * 7919) % cases }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var sb strings.Builder
			sb.WriteString("case,activity,timestamp\n")
			rows := 3 * tc.cases
			want := make([]string, rows+2) // by line
			perCase := map[string]int{}
			for i := range rows {
				id := fmt.Sprintf("c%d", tc.pick(r, i, tc.cases))
				want[i+2] = id
				perCase[id]++
				fmt.Fprintf(&sb, "%s,a%d,2024-01-01T00:00:%02dZ\n", id, i%3, i%60)
			}
			l, err := ReadCSV(strings.NewReader(sb.String()), "many.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Cases) != len(perCase) || l.Events() != rows {
				t.Fatalf("%d cases, %d events; want %d, %d", len(l.Cases), l.Events(), len(perCase), rows)
			}
			for _, c := range l.Cases {
				if len(c.Instances) != perCase[c.ID] {
					t.Fatalf("case %s has %d events, want %d", c.ID, len(c.Instances), perCase[c.ID])
				}
				for _, in := range c.Instances {
					if want[in.Row] != c.ID {
						t.Fatalf("row %d in case %s, want %s", in.Row, c.ID, want[in.Row])
					}
				}
			}
		})
	}
}

func TestArena(t *testing.T) {
	var a arena
	long := strings.Repeat("x", arenaBlock)
	var got []string
	want := []string{"", "a", "bc", long, "d", strings.Repeat("y", arenaBlock/8), "e"}
	for _, s := range want {
		buf := []byte(s)
		got = append(got, a.clone(string(buf)))
		clear(buf) // the copy must not alias the caller's buffer
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("clone %d: %d bytes %.10q, want %d bytes %.10q", i, len(got[i]), got[i], len(want[i]), want[i])
		}
	}
}

// TestTooManyRows: a line number past MaxEvents is an ErrTooLarge error,
// not a row number wrapped around.
func TestTooManyRows(t *testing.T) {
	b := newBuilder("huge.csv", "csv", &Options{})
	b.log.Columns = Columns{Case: "case", Activity: "activity", Time: "time"}
	ci := b.caseOf("1")
	b.add(ci, Instance{Activity: b.activity("a"), Resource: -1, Enabled: NoTime, Start: NoTime, End: 1, Row: b.row32(2)})
	b.add(ci, Instance{Activity: b.activity("a"), Resource: -1, Enabled: NoTime, Start: NoTime, End: 2, Row: b.row32(MaxEvents + 1)})
	b.log.Quality.Rows = 2
	_, err := finishRead(b, nil)
	var pe *ParseError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &pe) || pe.File != "huge.csv" || !strings.Contains(err.Error(), "2147483647") {
		t.Errorf("err = %v", err)
	}
}

// TestEventAttrsBySeq: attributes given for some events only are found by
// the instance's Seq, after the traces are sorted.
func TestEventAttrsBySeq(t *testing.T) {
	const in = "case,activity,timestamp,note\n1,b,2024-01-02,second\n2,a,2024-01-01,\n1,a,2024-01-01,first\n"
	l, err := ReadCSV(strings.NewReader(in), "notes.csv", Options{EventAttrs: true})
	if err != nil {
		t.Fatal(err)
	}
	c1 := l.Cases[0].Instances
	if len(c1) != 2 || l.Attrs(&c1[0])["note"] != "first" || l.Attrs(&c1[1])["note"] != "second" || l.Attrs(&l.Cases[1].Instances[0]) != nil {
		t.Errorf("attrs %v, instances %+v", l.EventAttrs, c1)
	}
	if l2, _ := ReadCSV(strings.NewReader(in), "notes.csv", Options{}); l2.EventAttrs != nil {
		t.Errorf("attributes read without Options.EventAttrs: %v", l2.EventAttrs)
	}
}

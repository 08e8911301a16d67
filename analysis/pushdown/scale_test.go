package pushdown_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/testdb"
)

// TestScaleFigure is the scale figure of design/scale.md, not a check
// that runs by default: FLOWMAP_SCALE_EVENTS=N generates N events (10 a
// case, 11 activities, 2 variants, 50 resources, millisecond times) in the 2-shard
// ClickHouse cluster and analyses them there, logging the wall time and
// this process's peak RSS before and after (the engine's memory is its
// own).
func TestScaleFigure(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FLOWMAP_SCALE_EVENTS"))
	if n <= 0 {
		t.Skip("set FLOWMAP_SCALE_EVENTS=N to measure the analysis of N generated events in PostgreSQL and a 2-shard ClickHouse")
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	seed := []testdb.Event{{Case: "seed", Activity: "Receive", End: at, Seq: -1}}
	// Case i/10, step i%10 of a 10-step process, a minute apart (plus up
	// to 5 s), with "Rework" instead of the third step in 1 case of 7.
	acts := "'Receive', 'Check', 'Approve', 'Pick', 'Pack', 'Ship', 'Invoice', 'Pay', 'Close', 'Archive'"
	t.Run("postgres", func(t *testing.T) {
		p := testdb.Postgres(t)
		p.Load(t, "scale", seed)
		p.Exec(t, fmt.Sprintf(`INSERT INTO scale (case_id, activity, resource, start_time, end_time, seq)
SELECT (i / 10)::text, CASE WHEN i %% 10 = 2 AND hashint8(i / 10) %% 7 = 0 THEN 'Rework' ELSE (ARRAY[%s])[i %% 10 + 1] END,
 'r' || abs(hashint8(i) %% 50), NULL, timestamptz '%s' + make_interval(secs => i * 60 + abs(hashint8(i + 1) %% 5000) / 1000.0), i
FROM generate_series(0, %d) AS i`, acts, at.Format(time.RFC3339), n-1))
		scaleRun(t, p.URL("scale"), n)
	})
	t.Run("clickhouse-2", func(t *testing.T) {
		c := testdb.ClickHouse(t, 2)
		c.Load(t, "scale", seed, testdb.EpochMillis)
		c.Exec(t, fmt.Sprintf(`INSERT INTO scale (case_id, activity, resource, start_time, end_time, seq)
SELECT toString(intDiv(number, 10)), if(number %% 10 = 2 AND cityHash64(intDiv(number, 10)) %% 7 = 0, 'Rework', arrayElement([%s], (number %% 10) + 1)),
 concat('r', toString(cityHash64(number, 1) %% 50)), NULL, toInt64(%d + number * 60000 + cityHash64(number, 2) %% 5000), toInt64(number)
FROM numbers(%d)`, acts, at.UnixMilli(), n))
		scaleRun(t, c.URL("scale"), n)
	})
}

// scaleRun analyses a generated table of n events (and the seed row),
// logging each statement's time, the total and this process's peak RSS.
func scaleRun(t *testing.T, url string, n int) {
	before := peakRSS(t)
	src, err := pushdown.ParseSource(url)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	last, lastSQL := start, ""
	log := func(sql string) { // the time between two statements is the first one's
		if lastSQL != "" {
			t.Logf("%v  %.70s", time.Since(last).Round(time.Millisecond), strings.Join(strings.Fields(lastSQL), " "))
		}
		last, lastSQL = time.Now(), sql
	}
	r, info, err := pushdown.Analyze(context.Background(), src, pushdown.Options{Seq: "seq", Log: log})
	log("")
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("analysed %d events, %d cases, %d variants in %v (%d queries, %.0f events/s); peak RSS of this process %d MiB before, %d MiB after",
		r.Log.Instances, r.Log.Cases, r.Log.Variants, took.Round(time.Millisecond), info.Queries, float64(r.Log.Instances)/took.Seconds(), before>>10, peakRSS(t)>>10)
	if r.Log.Instances != n+1 || r.Log.Variants != 3 {
		t.Errorf("analysed %d events in %d variants, want %d in 3 (the seed's, and with and without rework)", r.Log.Instances, r.Log.Variants, n+1)
	}
}

// peakRSS is this process's peak resident set (VmHWM) in KiB.
func peakRSS(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status: ", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb
		}
	}
	return 0
}

package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/flowmap/flowmap/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// TestAnalyzeTable runs analyze on a PostgreSQL table: the JSON contract
// plus "pushdown", the password never printed, --where and --seq, and the
// errors of a bad column, a bad condition and flags that do not apply.
func TestAnalyzeTable(t *testing.T) {
	pg := testdb.Postgres(t)
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	pg.Load(t, "cli_events", []testdb.Event{
		{Case: "o1", Activity: "Pick", Resource: "ann", End: at(9), Seq: 1},
		{Case: "o1", Activity: "Pack", Resource: "bob", Start: at(10), End: at(11), Seq: 2},
		{Case: "o2", Activity: "Pick", Resource: "ann", End: at(9), Seq: 3},
		{Case: "o2", Activity: "Ship", End: at(9), Seq: 4}, // same time as Pick: seq keeps it second
	})
	url := strings.Replace(pg.URL("cli_events"), "://flowmap@", "://flowmap:topsecret@", 1)
	if !strings.Contains(url, "topsecret") {
		t.Fatalf("testdb's URL %q has changed shape: the password test needs flowmap@", url)
	}

	code, stdout, stderr := run(t, "analyze", url, "--json", "--seq", "seq")
	checkRun(t, code, stdout, stderr, 0, []string{`"pushdown"`, `"not_computed"`, `"engine": "postgres"`, `"tie_order": "column seq"`},
		[]string{"not computed in the engine: wait_causes"})
	if strings.Contains(stdout+stderr, "topsecret") {
		t.Errorf("the password is printed:\n%s\n%s", stdout, stderr)
	}
	var r struct {
		Log struct {
			Cases, Instances int
			Source           string
		}
		Variants []struct {
			Activities []string
			Cases      int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Log.Cases != 2 || r.Log.Instances != 4 || len(r.Variants) != 2 || strings.Join(r.Variants[1].Activities, ",") != "Pick,Ship" {
		t.Errorf("got %+v", r)
	}

	code, stdout, stderr = run(t, "analyze", url, "--json", "--where", "activity <> 'Ship'")
	checkRun(t, code, stdout, stderr, 0, []string{`"instances": 3`, `"where": "activity \u003c\u003e 'Ship'"`, `"tie_order": "activity name (no --seq column)"`}, nil)

	tests := []struct {
		args      []string
		code      int
		stderrHas string
	}{
		{[]string{"--seq", "nosuch"}, 3, `no column "nosuch" (--seq nosuch)`},
		{[]string{"--case", "nosuch"}, 3, `no column "nosuch" (--case nosuch)`},
		{[]string{"--where", "no_such_column = 1"}, 1, "query failed"},
		{[]string{"--map", example}, 2, "--map does not apply to a database table"},
		{[]string{"--strict"}, 2, "--strict does not apply"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, append([]string{"analyze", url}, tt.args...)...)
		checkRun(t, code, stdout, stderr, tt.code, nil, []string{tt.stderrHas})
		if strings.Contains(stderr, "topsecret") {
			t.Errorf("%v: the password is printed: %s", tt.args, stderr)
		}
	}
	code, stdout, stderr = run(t, "analyze", "../../examples/orders.csv.gz", "--where", "x = 1")
	checkRun(t, code, stdout, stderr, 2, nil, []string{"--where and --seq apply to a database table"})
}

// TestAnalyzeClickHouse runs analyze on a Distributed table over two
// ClickHouse shards, to a workbook and a diagram too: the renderers take a
// pushed-down analysis as they take a file's.
func TestAnalyzeClickHouse(t *testing.T) {
	c := testdb.ClickHouse(t, 2)
	at := func(m int) time.Time { return time.Date(2026, 3, 2, 9, m, 0, 0, time.UTC) }
	var events []testdb.Event
	for i := range 40 {
		id := string(rune('a'+i%20)) + string(rune('a'+i/20))
		events = append(events,
			testdb.Event{Case: id, Activity: "Pick", Resource: "ann", End: at(i), Seq: int64(3 * i)},
			testdb.Event{Case: id, Activity: "Pack", Resource: "bob", Start: at(i + 5), End: at(i + 9), Seq: int64(3*i + 1)},
			testdb.Event{Case: id, Activity: "Ship", Resource: "bob", End: at(i + 30), Seq: int64(3*i + 2)})
	}
	c.Load(t, "cli_events", events, testdb.DateTime)
	dir := t.TempDir()
	code, stdout, stderr := run(t, "analyze", c.URL("cli_events"), "--seq", "seq", "-o", dir+"/r.xlsx", "--diagram", dir+"/d.svg", "--discover", dir+"/m.yaml")
	checkRun(t, code, stdout, stderr, 0, []string{"40 cases, 120 events", "Pick", "Pack"},
		[]string{"clickhouse: 12 queries", "ClickHouse (per-case arrays)", "wrote " + dir + "/r.xlsx", "wrote " + dir + "/d.svg", "wrote " + dir + "/m.yaml"})
	code, stdout, stderr = run(t, "map", "validate", dir+"/m.yaml")
	checkRun(t, code, stdout, stderr, 0, nil, nil)
	for _, f := range []string{"r.xlsx", "d.svg"} {
		if fi, err := os.Stat(dir + "/" + f); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

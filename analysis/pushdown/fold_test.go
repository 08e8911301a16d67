package pushdown_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/flowmap/flowmap/analysis/pushdown"
	"github.com/flowmap/flowmap/internal/testdb"
)

// TestFoldOnInitiator: a Distributed table sharded otherwise than by case
// (rand(): a case's rows spread over both shards) is folded on the
// initiator, and gives the result of the table sharded by case.
func TestFoldOnInitiator(t *testing.T) {
	c := testdb.ClickHouse(t, 2)
	at := func(m int) time.Time { return time.Date(2026, 3, 2, 9, m, 0, 0, time.UTC) }
	var events []testdb.Event
	for i := range 200 {
		id := fmt.Sprintf("c%03d", i)
		for k, act := range []string{"Pick", "Pack", "Ship", "Bill"} {
			events = append(events, testdb.Event{Case: id, Activity: act, Resource: fmt.Sprintf("r%d", (i+k)%3), End: at(i + 7*k*(1+i%3)), Seq: int64(4*i + k)})
		}
	}
	c.Load(t, "fold", events, testdb.DateTime)
	c.ExecEach(t, "DROP TABLE IF EXISTS fold_rand")
	c.ExecEach(t, "DROP TABLE IF EXISTS fold_rand_local")
	c.ExecEach(t, "CREATE TABLE fold_rand_local AS fold_local")
	c.ExecEach(t, "CREATE TABLE fold_rand AS fold ENGINE = Distributed(flowmap, flowmap, fold_rand_local, rand())")
	c.Exec(t, "INSERT INTO fold_rand SELECT * FROM fold")
	// The Distributed table sends the rows to the shards in the background.
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, _ := analyzeFull(t, c.URL("fold_rand"))
		if r != nil && r.instances == len(events) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fold_rand: the rows did not reach the shards within 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	byCase, _ := analyzeFull(t, c.URL("fold"))
	byRand, _ := analyzeFull(t, c.URL("fold_rand"))
	if byCase.fold[:6] != "shards" || byRand.fold[:9] != "initiator" {
		t.Errorf("folded on %q and %q, want shards and initiator", byCase.fold, byRand.fold)
	}
	if diffs := compare(byCase.json, byRand.json, []string{"log.source"}); len(diffs) > 0 {
		t.Errorf("sharded by rand() differs from sharded by case: %v", diffs[:min(len(diffs), 10)])
	}
}

type fullResult struct {
	instances int
	fold      string
	json      any
}

func analyzeFull(t *testing.T, url string) (*fullResult, error) {
	src, err := pushdown.ParseSource(url)
	if err != nil {
		t.Fatal(err)
	}
	r, info, err := pushdown.Analyze(context.Background(), src, pushdown.Options{Seq: "seq"})
	if err != nil {
		return nil, err
	}
	return &fullResult{r.Log.Instances, info.Fold, toJSON(t, r)}, nil
}

package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/internal/shareddata"
)

// TestWideExportOfRealOrders turns the real order log in shared/data
// (interval_event_log.csv: place order, send invoice, pay, ...) into a "wide"
// order export — one row per order, one timestamp column per milestone, as
// shops export them — and analyses it with --wide.
func TestWideExportOfRealOrders(t *testing.T) {
	src := filepath.Join(shareddata.Dir(t), "logs", "interval_event_log.csv")
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	milestones := []string{"place order", "send invoice", "pay", "prepare delivery", "make delivery", "confirm payment"}
	header := []string{"order_id", "placed_at", "invoiced_at", "paid_at", "", "delivery_prepared_at", "delivered_at", "payment_confirmed_at", "channel"}
	// Each milestone's first completion; the export writes some columns
	// without offset (as many shop exports do) to exercise per-column layouts.
	type order struct{ times map[string]string }
	orders := map[string]*order{}
	var ids []string
	for _, r := range rows[1:] {
		id := r[col["case:concept:name"]]
		o, ok := orders[id]
		if !ok {
			o = &order{times: map[string]string{}}
			orders[id] = o
			ids = append(ids, id)
		}
		act := r[col["concept:name"]]
		if _, seen := o.times[act]; !seen {
			o.times[act] = r[col["time:timestamp"]]
		}
	}
	out := filepath.Join(t.TempDir(), "orders-wide.csv")
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	for i, id := range ids {
		rec := []string{"o-" + id}
		for j, m := range milestones {
			v := orders[id].times[m]
			if j%2 == 1 && v != "" { // "2015-01-05 09:02:50+00:00" -> "2015-01-05T09:02:50"
				v = strings.Replace(strings.TrimSuffix(v, "+00:00"), " ", "T", 1)
			}
			rec = append(rec, v)
			if j == 2 {
				rec = append(rec, "") // a column with an empty header
			}
		}
		rec = append(rec, []string{"web", "app"}[i%2])
		cw.Write(rec)
	}
	cw.Flush()
	w.Close()

	code, stdout, stderr := run(t, "analyze", out, "--json", "--case", "order_id",
		"--wide", "placed_at,invoiced_at,paid_at,delivery_prepared_at,delivered_at,payment_confirmed_at")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r analysis.Result
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	wantEvents := 0
	for _, id := range ids {
		wantEvents += len(orders[id].times) - boolInt(orders[id].times["send reminder"] != "") - boolInt(orders[id].times["cancel order"] != "")
	}
	if r.Log.Cases != 1266 || r.Log.Instances != wantEvents || r.Log.SkippedRows != 0 {
		t.Errorf("cases %d instances %d skipped %d; want 1266, %d, 0", r.Log.Cases, r.Log.Instances, r.Log.SkippedRows, wantEvents)
	}
	if r.StartActivities["placed_at"] != 1265 {
		t.Errorf("start activities %v (one order is invoiced before it is placed)", r.StartActivities)
	}
	found := false
	for _, tr := range r.Transitions {
		if tr.From == "placed_at" && tr.To == "invoiced_at" && tr.Count > 1000 && tr.Duration.Median > 3600 {
			found = true
		}
	}
	if !found {
		t.Errorf("no placed_at -> invoiced_at flow in %+v", r.Transitions[:3])
	}
	warned := strings.Join(r.DataQuality.Warnings, "\n")
	for _, c := range []string{"invoiced_at", "delivery_prepared_at", "payment_confirmed_at"} {
		if !strings.Contains(warned, c) {
			t.Errorf("no warning about naive timestamps in %s: %s", c, warned)
		}
	}
	if strings.Contains(warned, `"placed_at"`) {
		t.Errorf("warned about placed_at, which has offsets: %s", warned)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

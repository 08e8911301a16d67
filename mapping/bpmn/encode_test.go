package bpmn_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/bpmn"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Every export validates against the OMG BPMN 2.0 schemas.
func TestExportValidatesAgainstSchema(t *testing.T) {
	xmllint := needTool(t, "xmllint", "apt-get install -y libxml2-utils")
	xsd := filepath.Join(shareddata.Dir(t), "bpmn", "xsd", "BPMN20.xsd")
	for name, p := range exportAll(t) {
		out, err := exec.Command(xmllint, "--noout", "--schema", xsd, p).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "validates") {
			t.Errorf("%s: xmllint: %v\n%s", name, err, out)
		}
	}
}

// Every export loads in bpmn.io's parser without a warning, with a diagram
// element for each shape and edge.
func TestExportLoadsInBpmnModdle(t *testing.T) {
	node, dir := needModdle(t)
	exports := exportAll(t)
	args := []string{filepath.Join(dir, "check.mjs")}
	for _, p := range exports {
		args = append(args, p)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("check.mjs: %v", err)
	}
	n := 0
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var r struct {
			File     string
			Root     string
			Warnings []string
			Error    string
			Elements int
			DI       int
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("check.mjs printed %q: %v", line, err)
		}
		n++
		if r.Error != "" || len(r.Warnings) > 0 || r.Root != "bpmn:Definitions" || r.DI < 10 {
			t.Errorf("%s: root %s, %d diagram elements, error %q, warnings %q", r.File, r.Root, r.DI, r.Error, r.Warnings)
		}
	}
	if n != len(exports) {
		t.Errorf("check.mjs reported %d files, want %d", n, len(exports))
	}
}

// YAML → BPMN → map gives the same map, field by field.
func TestRoundTripIsLossless(t *testing.T) {
	for name, m := range bpmn.ExampleMaps(t) {
		b, err := bpmn.Encode(m, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, warns, err := bpmn.Decode(name+".bpmn", b, bpmn.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if a, b := messages(m.Warnings), messages(warns); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: warnings before the round trip %q, after %q", name, a, b)
		}
		compareMaps(t, name, m, back)
		again, err := bpmn.Encode(back, nil)
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("%s: exporting the imported map gives other bytes (err %v)", name, err)
		}
	}
}

func compareMaps(t *testing.T, name string, a, b *mapping.Map) {
	t.Helper()
	eq := func(what string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: %s: YAML %#v, from BPMN %#v", name, what, x, y)
		}
	}
	eq("process", a.Process, b.Process)
	eq("unit", a.Unit, b.Unit)
	eq("sla", a.SLA, b.SLA)
	eq("holidays", a.Holidays, b.Holidays)
	eq("owner count", len(a.Owners), len(b.Owners))
	for i := range min(len(a.Owners), len(b.Owners)) {
		x, y := a.Owners[i], b.Owners[i]
		w := "owner " + x.ID
		eq(w+" id", x.ID, y.ID)
		eq(w+" name", x.Name, y.Name)
		eq(w+" capacity", x.Capacity, y.Capacity)
		eq(w+" calendar", x.Calendar, y.Calendar)
		eq(w+" holidays", x.Holidays, y.Holidays)
		eq(w+" external", x.External, y.External)
	}
	eq("system count", len(a.Systems), len(b.Systems))
	for i := range min(len(a.Systems), len(b.Systems)) {
		eq("system", [2]string{a.Systems[i].ID, a.Systems[i].Name}, [2]string{b.Systems[i].ID, b.Systems[i].Name})
	}
	eq("step count", len(a.Steps), len(b.Steps))
	for i := range min(len(a.Steps), len(b.Steps)) {
		x, y := a.Steps[i], b.Steps[i]
		w := "step " + x.ID
		eq(w+" id", x.ID, y.ID)
		eq(w+" name", x.Name, y.Name)
		eq(w+" owner", x.Owner, y.Owner)
		eq(w+" system", x.System, y.System)
		eq(w+" flags", [3]bool{x.Automated, x.Decision, x.Start}, [3]bool{y.Automated, y.Decision, y.Start})
		eq(w+" duration", x.Duration, y.Duration)
		eq(w+" delay", x.Delay, y.Delay)
		eq(w+" capacity", x.Capacity, y.Capacity)
		eq(w+" queue_limit", x.QueueLimit, y.QueueLimit)
		eq(w+" log_names", x.LogNames, y.LogNames)
		eq(w+" sla", x.SLA, y.SLA)
		eq(w+" next count", len(x.Next), len(y.Next))
		for j := range min(len(x.Next), len(y.Next)) {
			e, f := x.Next[j], y.Next[j]
			eq(w+" next", []any{e.From, e.To, e.P, e.PGiven, e.Label}, []any{f.From, f.To, f.P, f.PGiven, f.Label})
		}
	}
}

// The same map gives the same bytes, and ids come from flowmap ids.
func TestExportIsDeterministic(t *testing.T) {
	m, err := mapping.ReadFile("../../examples/order-fulfillment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := bpmn.Encode(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := bpmn.Encode(m, nil)
	if !bytes.Equal(a, b) {
		t.Fatal("two exports of one map differ")
	}
	for _, opt := range []swimlane.Options{{Lanes: swimlane.BySystem}, {Direction: swimlane.Down}} {
		c, err := bpmn.Encode(m, swimlane.Layout(m, opt))
		if err != nil || !bytes.Equal(a, c) {
			t.Errorf("a layout %+v (not by owner, left to right) is not laid out again by owner (err %v)", opt, err)
		}
	}
	for _, want := range []string{
		`<userTask id="Task_pick_pack" name="Pick and pack">`,
		`<serviceTask id="Task_receive" name="Order received in Shopify">`,
		`<exclusiveGateway id="Gateway_value_check" name="High-value order?">`,
		`<exclusiveGateway id="Split_pick_pack">`,
		`<sequenceFlow id="Flow_pick_pack_2" name="item missing" sourceRef="Split_pick_pack" targetRef="Task_stock_out">`,
		`<flowmap:branch p="0.03"/>`,
		`<lane id="Lane_warehouse" name="Warehouse team">`,
		`<flowmap:owner id="warehouse" capacity="4" calendar="Mon-Fri 08:00-17:00"/>`,
		`<flowmap:duration dist="triangular" min="5m" mode="12m" max="40m"/>`,
		`<flowmap:logName>Picked</flowmap:logName>`,
		`<dataStoreReference id="Store_wms" name="Warehouse management system" dataStoreRef="DataStore_wms">`,
		`<dataStoreReference id="Store_wms.2" name="Warehouse management system" dataStoreRef="DataStore_wms"/>`,
		`<targetRef>Store_wms.2</targetRef>`,
		`<bpmndi:BPMNShape id="DI_Lane_carrier" bpmnElement="Lane_carrier" isHorizontal="true">`,
		`xmlns:flowmap="urn:flowmap:bpmn:1"`,
	} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	if n := bytes.Count(a, []byte(`xmlns:flowmap=`)); n != 1 {
		t.Errorf("flowmap prefix declared %d times, want once on definitions", n)
	}
}

// messages returns the texts of problems without their positions, sorted.
func messages(l []*mapping.Error) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.Msg)
	}
	sort.Strings(out)
	return out
}

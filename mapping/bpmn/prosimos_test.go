package bpmn_test

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping/bpmn"
)

// The Prosimos parameters refer to the ids of the BPMN file: a profile and
// a duration for every task, probabilities summing to 1 over each
// gateway's outgoing flows, and the owners' calendars.
func TestProsimosMatchesTheExport(t *testing.T) {
	for name, m := range bpmn.ExampleMaps(t) {
		x, err := bpmn.Encode(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, notes, err := bpmn.Prosimos(m, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || !strings.Contains(notes[0], "a map has no arrival rate") {
			t.Errorf("%s: notes %q lack the arrival rate", name, notes)
		}
		var p struct {
			Profiles []struct {
				ID        string
				Resources []struct {
					ID, Calendar string
					Amount       int
					Tasks        []string `json:"assigned_tasks"`
				} `json:"resource_list"`
			} `json:"resource_profiles"`
			Gateways []struct {
				Gateway string `json:"gateway_id"`
				Paths   []struct {
					Path  string `json:"path_id"`
					Value float64
				} `json:"probabilities"`
			} `json:"gateway_branching_probabilities"`
			Tasks []struct {
				Task      string `json:"task_id"`
				Resources []struct {
					Resource string `json:"resource_id"`
					Name     string `json:"distribution_name"`
				}
			} `json:"task_resource_distribution"`
			Calendars []struct {
				ID      string
				Periods []struct{ From, To, BeginTime, EndTime string } `json:"time_periods"`
			} `json:"resource_calendars"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tasks := regexp.MustCompile(`<(?:user|service)Task id="([^"]+)"`).FindAllSubmatch(x, -1)
		if len(p.Profiles) != len(tasks) || len(p.Tasks) != len(tasks) {
			t.Errorf("%s: %d tasks, %d profiles, %d task distributions", name, len(tasks), len(p.Profiles), len(p.Tasks))
		}
		for i, tk := range tasks {
			if i < len(p.Tasks) && (p.Tasks[i].Task != string(tk[1]) || p.Profiles[i].ID != string(tk[1])) {
				t.Errorf("%s: task %s has profile %s and distribution %s", name, tk[1], p.Profiles[i].ID, p.Tasks[i].Task)
			}
		}
		gateways := regexp.MustCompile(`<exclusiveGateway id="([^"]+)"`).FindAllSubmatch(x, -1)
		if len(p.Gateways) != len(gateways) {
			t.Errorf("%s: %d gateways, %d with probabilities", name, len(gateways), len(p.Gateways))
		}
		for _, g := range p.Gateways {
			sum := 0.0
			for _, path := range g.Paths {
				sum += path.Value
				re := `<sequenceFlow id="` + regexp.QuoteMeta(path.Path) + `"[^>]* sourceRef="` + regexp.QuoteMeta(g.Gateway) + `"`
				if !regexp.MustCompile(re).Match(x) {
					t.Errorf("%s: path %s is no outgoing flow of gateway %s", name, path.Path, g.Gateway)
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("%s: gateway %s: probabilities sum to %v", name, g.Gateway, sum)
			}
		}
		if name == "order-fulfillment" {
			var wh []string
			for _, c := range p.Calendars {
				if c.ID == "Calendar_warehouse" {
					for _, pd := range c.Periods {
						wh = append(wh, pd.From+" "+pd.BeginTime+"-"+pd.EndTime)
					}
				}
			}
			want := "MONDAY 08:00:00-17:00:00,TUESDAY 08:00:00-17:00:00,WEDNESDAY 08:00:00-17:00:00,THURSDAY 08:00:00-17:00:00,FRIDAY 08:00:00-17:00:00"
			if strings.Join(wh, ",") != want {
				t.Errorf("warehouse calendar %q, want %q", wh, want)
			}
			if got := p.Profiles[3].Resources[0]; got.ID != "Resource_store" || got.Amount != 2 || got.Calendar != "Calendar_store" {
				t.Errorf("manual review's pool %+v, want Resource_store of 2 on Calendar_store", got)
			}
		}
	}
}

// Branch probabilities come from a Prosimos file when the BPMN file has no
// flowmap extension (a file from Simod or another tool).
func TestDecodeProbabilitiesFromProsimos(t *testing.T) {
	src := []byte(doc("bpmn", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="a" name="A"/>
<bpmn:exclusiveGateway id="g" name="OK?"/><bpmn:task id="b" name="B"/><bpmn:task id="c" name="C"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="g"/>
<bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="b"/><bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="c"/></bpmn:process>`))
	params := []byte(`{"gateway_branching_probabilities": [{"gateway_id": "g", "probabilities": [
		{"path_id": "f2", "value": 0.8}, {"path_id": "f3", "value": 0.2}]}]}`)
	m, warns, err := bpmn.Decode("x.bpmn", src, bpmn.Options{Prosimos: params, ProsimosFile: "x.json"})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := m.Step("ok")
	if len(s.Next) != 2 || s.Next[0].P != 0.8 || !s.Next[0].PGiven || s.Next[1].P != 0.2 || len(warns) != 0 {
		t.Errorf("OK? next %+v, warnings %v", s.Next, warns)
	}
	for _, c := range []struct{ params, want string }{
		{`{"gateway_branching_probabilities": [{"gateway_id": "g", "probabilities": [{"path_id": "f1", "value": 1}]}]}`,
			"x.json: gateway g: path f1 is no sequence flow leaving it in x.bpmn"},
		{`{"gateway_branching_probabilities": [{"gateway_id": "g", "probabilities": [{"path_id": "f2", "value": 1.5}]}]}`,
			"x.json: gateway g: path f2: probability 1.5 is not between 0 and 1"},
		{`[1, 2]`, "x.json: not Prosimos parameters"},
	} {
		_, _, err := bpmn.Decode("x.bpmn", src, bpmn.Options{Prosimos: []byte(c.params), ProsimosFile: "x.json"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.params, err, c.want)
		}
	}
}

package bpmn_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/bpmn"
)

// Every BPMN file of the shared data imports, or is refused with messages
// naming the elements a map cannot mean. The same model exported by ARIS,
// Signavio and bpmn.io imports with the same meaning (C.1.0: 16 steps, 4
// owners, 15 edges, 3 decisions, 2 starts) although ids, prefixes and
// namespaces differ.
func TestSharedFiles(t *testing.T) {
	dir := filepath.Join(shareddata.Dir(t), "bpmn")
	type imported struct{ steps, owners, edges, decisions, starts int }
	const (
		parallel = "parallel gateway"
		implicit = `task "Task 3" has 2 outgoing flows`
		boundary = "boundary event"
	)
	c1 := &imported{16, 4, 15, 3, 2}
	for _, c := range []struct {
		file    string
		ok      *imported
		refused []string // element ids, in order
		msg     string   // in the first refusal
	}{
		{"bpmn-io/pizza-collaboration.bpmn", nil, []string{"_6-652"}, parallel},
		{"bpmn-io/starter.bpmn", &imported{3, 1, 3, 1, 1}, nil, ""},
		{"miwg/ARIS-A.4.0-export.bpmn", nil, []string{"ID-bea68b22-70c3-11e9-69f8-f48e38b53512"}, implicit},
		{"miwg/ARIS-C.1.0-export.bpmn", c1, nil, ""},
		{"miwg/ARIS-C.5.0-export.bpmn", nil, []string{"ID-7c7ee3eb-72f7-11e9-69f8-f48e38b53512", "ID-7c7ee3fc-72f7-11e9-69f8-f48e38b53512"}, parallel},
		{"miwg/Reference-A.1.0.bpmn", &imported{3, 1, 2, 0, 1}, nil, ""},
		{"miwg/Reference-A.2.0.bpmn", &imported{5, 1, 4, 1, 1}, nil, ""},
		{"miwg/Reference-A.3.0.bpmn", nil, []string{"_428dcbf5-8e5e-48e0-9c0c-d93003fa8c82", "_178e16eb-4c9e-4ea0-9644-7c5fb2b71825"}, boundary},
		{"miwg/Reference-A.4.0.bpmn", nil, []string{"_6fed62c8-8241-4a1d-ae67-266fda7dcead"}, implicit},
		{"miwg/Reference-B.1.0.bpmn", nil, []string{"_be29f267-9d56-46ef-8bbc-e13513b25fce"}, `parallel gateway "Parallel Gateway Divergence"`},
		{"miwg/Reference-C.1.0.bpmn", c1, nil, ""},
		{"miwg/Reference-C.2.0.bpmn", nil, []string{"__cec149db-adae-4b69-8ea4-b866f2eef248"}, boundary},
		{"miwg/Reference-C.3.0.bpmn", nil, []string{"Bpmn_BoundaryEvent_sS9gABqGEeWDuOtG0oS24A", "Bpmn_BoundaryEvent_LwKtwhqHEeWDuOtG0oS24A"}, `boundary event Bpmn_BoundaryEvent_sS9gABqGEeWDuOtG0oS24A "2 hours" on userTask _6a34496f-8cf7-42e5-88a9-d1af98cc3cba "Perform repair (premium level)": a map cannot`},
		{"miwg/Reference-C.5.0.bpmn", nil, []string{"_2b156883-2852-4665-aba0-d9bc57c7c225", "_3355cffe-aab4-4a05-8388-becf8ad599ae"}, parallel},
		{"miwg/Signavio-A.4.0-export.bpmn", nil, []string{"sid-F26A0957-B4C8-434E-8EAD-239862F79226"}, implicit},
		{"miwg/Signavio-C.1.0-export.bpmn", c1, nil, ""},
		{"miwg/Signavio-C.5.0-export.bpmn", nil, []string{"sid-91A7BFEE-3D81-48A0-A2AF-93F606BB5E3A", "sid-C7C2D835-1DA2-45F0-802C-B8F83D1B2E4B"}, parallel},
		{"miwg/bpmnio-A.4.0-export.bpmn", nil, []string{"Task3Task"}, implicit},
		{"miwg/bpmnio-C.1.0-export.bpmn", c1, nil, ""},
		{"miwg/bpmnio-C.5.0-export.bpmn", nil, []string{"Gateway_0olrjos", "Gateway_0x30xhl"}, parallel},
	} {
		path := filepath.Join(dir, c.file)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := bpmn.Decode(path, src, bpmn.Options{})
		if c.ok != nil {
			if err != nil {
				t.Errorf("%s: %v", c.file, err)
				continue
			}
			got := imported{len(m.Steps), len(m.Owners), len(m.Edges()), 0, len(m.Starts())}
			for _, s := range m.Steps {
				if s.Decision {
					got.decisions++
				}
			}
			if got != *c.ok {
				t.Errorf("%s: steps, owners, edges, decisions, starts = %v, want %v", c.file, got, *c.ok)
			}
			continue
		}
		var list mapping.ErrorList
		if !errors.As(err, &list) || m != nil {
			t.Errorf("%s: want a refusal, got map %v, error %v", c.file, m != nil, err)
			continue
		}
		var ids []string
		for _, e := range list {
			id, ok := strings.CutPrefix(e.File, path+":")
			if !ok || !strings.Contains(string(src), `id="`+id+`"`) {
				t.Errorf("%s: refusal %q does not name an element of the file", c.file, e)
			}
			ids = append(ids, id)
		}
		if strings.Join(ids, " ") != strings.Join(c.refused, " ") {
			t.Errorf("%s: refused %q, want %q", c.file, ids, c.refused)
		}
		if !strings.HasPrefix(list[0].Error(), path+":"+c.refused[0]+": "+c.msg) {
			t.Errorf("%s: first refusal %q, want it to start %q", c.file, list[0], path+":"+c.refused[0]+": "+c.msg)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.bpmn"))
	if len(files) != 20 {
		t.Errorf("the shared data holds %d BPMN files; the table lists 20", len(files))
	}
}

// The imported C.1.0 reads lanes, pools, task kinds and events as a
// consultant would: the pool without lanes is an owner, the service task
// automated, the timer and message events steps of their lane.
func TestSharedC1Meaning(t *testing.T) {
	path := filepath.Join(shareddata.Dir(t), "bpmn", "miwg", "bpmnio-C.1.0-export.bpmn")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, warns, err := bpmn.Decode(path, src, bpmn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var owners []string
	for _, o := range m.Owners {
		owners = append(owners, o.ID+"="+o.Name)
	}
	want := "team-assistant=Team-Assistant approver=Approver accountant=Accountant team_assistant=Team Assistant"
	if got := strings.Join(owners, " "); got != want {
		t.Errorf("owners %q, want %q", got, want)
	}
	s, ok := m.Step("archive_invoice")
	if !ok || !s.Automated || s.Owner != "accountant" {
		t.Errorf("archive_invoice (a service task of the Accountant lane): %+v", s)
	}
	s, ok = m.Step("7_days")
	if !ok || !s.Automated || s.Owner != "team-assistant" || len(s.Next) != 0 {
		t.Errorf("7 days (a timer event, then the end): %+v", s)
	}
	joined := ""
	for _, w := range warns {
		joined += w.Error() + "\n"
	}
	for _, re := range []string{
		`(?m)^` + regexp.QuoteMeta(path) + `:Gateway_073nxen: warning: event-based gateway: read as a decision with equal shares`,
		`(?m)^` + regexp.QuoteMeta(path) + `:Flow_0rh87ss: warning: message flow from Activity_1io9fhc "Scan Invoice" to Event_00b93oy "Invoice Received": the sender goes on in its own pool`,
		`(?m)^` + regexp.QuoteMeta(path) + `:Gateway_1dcehzu: warning: step Gateway_1dcehzu "Invoice approved\?": no branch probabilities given; assuming equal shares`,
	} {
		if !regexp.MustCompile(re).MatchString(joined) {
			t.Errorf("warnings lack %s:\n%s", re, joined)
		}
	}
}

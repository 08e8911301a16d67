package bpmn_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flowmap/flowmap/mapping/bpmn"
)

// Decode never panics, whatever the input; a map it returns without error
// exports again.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.bpmn")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(doc("bpmn", simple)))
	f.Add([]byte(doc("", `<process id="P"><startEvent id="s"/><task id="a"/><sequenceFlow id="f" sourceRef="s" targetRef="a"/></process>`)))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, _, err := bpmn.Decode("fuzz.bpmn", src, bpmn.Options{})
		if err == nil {
			if _, err := bpmn.Encode(m, nil); err != nil {
				t.Fatalf("a decoded map does not export: %v", err)
			}
		}
	})
}

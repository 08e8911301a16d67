package bpmn_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/bpmn"
	"github.com/flowmap/flowmap/simulate"
)

// needTool returns the path of an external program. Without it the test is
// skipped loudly, or fails when CI is set (.ci/run installs it).
func needTool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := name + " is not installed (" + install + "): the BPMN export is NOT checked by it"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip("SKIPPED: " + msg)
	return ""
}

// needModdle returns the directory of tools/bpmn with node_modules.
func needModdle(t *testing.T) (node, dir string) {
	t.Helper()
	node = needTool(t, "node", "apt-get install -y nodejs")
	dir, _ = filepath.Abs("../../tools/bpmn")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "bpmn-moddle")); err != nil {
		msg := "bpmn-moddle is not installed (run npm ci in tools/bpmn): the BPMN export is NOT checked by bpmn.io's parser"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPED: " + msg)
	}
	return node, dir
}

// exampleMaps reads every map of examples/: map files, and the maps
// scenario files embed (a scenario that names a map file is skipped: that
// map is read on its own); and testdata/every-feature.yaml.
func exampleMaps(t *testing.T) map[string]*mapping.Map {
	t.Helper()
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	files = append(files, "testdata/every-feature.yaml")
	out := map[string]*mapping.Map{}
	for _, f := range files {
		m, err := mapping.ReadFile(f)
		if err != nil {
			sc, serr := simulate.ReadScenario(f)
			if serr != nil {
				t.Fatalf("%s: neither a map (%v) nor a scenario (%v)", f, err, serr)
			}
			if src, _ := os.ReadFile(f); strings.Contains(string(src), "\nmap:") {
				continue
			}
			m = sc.Map
		}
		out[strings.TrimSuffix(filepath.Base(f), ".yaml")] = m
	}
	if len(out) < 5 {
		t.Fatalf("only %d example maps: %v", len(out), reflect.ValueOf(out).MapKeys())
	}
	return out
}

// exportAll writes every example's export into a temporary directory.
func exportAll(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	for name, m := range exampleMaps(t) {
		b, err := bpmn.Encode(m, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := filepath.Join(dir, name+".bpmn")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	return out
}

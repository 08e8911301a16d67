package bpmn_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/flowmap/flowmap/mapping/bpmn"
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

// exportAll writes every example's export into a temporary directory.
func exportAll(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	for name, m := range bpmn.ExampleMaps(t) {
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

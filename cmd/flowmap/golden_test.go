package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/")

// TestJSONGolden pins the --json outputs DESIGN.md calls stable, byte for
// byte, through Main: the JSON contract is the command's (flags, encoding,
// indentation, only JSON on stdout), so it is tested where the command is.
// The terminal summaries have their golden files in render/text. Paths are
// relative, so the files hold no machine's directories; the simulation is
// seeded by its scenario. Run `go test ./cmd/flowmap -run JSONGolden
// -update` after an intended change and review the diff.
func TestJSONGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"map-stats-order-fulfillment.json", []string{"map", "stats", "--json", "../../examples/order-fulfillment.yaml"}},
		{"map-stats-returns-refund.json", []string{"map", "stats", "--json", "../../examples/returns-refund.yaml"}},
		{"map-stats-support-escalation.json", []string{"map", "stats", "--json", "../../examples/support-escalation.yaml"}},
		{"analyze-small-map.json", []string{"analyze", "--json", "-q", "testdata/small.csv", "--map", example}},
		{"analyze-orders-map.json", []string{"analyze", "--json", "-q", "../../examples/orders.csv.gz", "--map", example}},
		{"simulate-flash-sale.json", []string{"simulate", "--json", "-q", flashSale}},
		{"simulate-flash-sale-sweep.json", []string{"simulate", "--json", "-q", flashSale, "--sweep", "warehouse.capacity=3..6", "--target", "sla>=0.7"}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.golden, ".json"), func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden := filepath.Join("testdata", "golden", tt.golden)
			if *update {
				if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if stdout != string(want) {
				t.Errorf("flowmap %s differs from %s (run go test -update and review the diff)", strings.Join(tt.args, " "), golden)
			}
		})
	}
}

// fullWriter fails every write, like stdout redirected to /dev/full.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteError checks that a summary or JSON that cannot be written
// fails the command (exit 1) with the write error, as `> /dev/full` does.
func TestStdoutWriteError(t *testing.T) {
	for _, args := range [][]string{
		{"map", "stats", example},
		{"map", "stats", "--json", example},
		{"analyze", "-q", "testdata/small.csv"},
		{"analyze", "-q", "--json", "testdata/small.csv"},
		{"simulate", "-q", "--replications", "1", flashSale},
	} {
		var errb bytes.Buffer
		code := Main(args, Streams{In: strings.NewReader(""), Out: fullWriter{}, Err: &errb})
		if code != exitFailure || !strings.Contains(errb.String(), "no space left on device") {
			t.Errorf("flowmap %s: exit %d, stderr %q; want exit 1 with the write error", strings.Join(args, " "), code, errb.String())
		}
	}
}

package yamlpos

import (
	"bytes"
	"fmt"
	"testing"
)

// benchMap returns a process map of about size bytes: owners and systems in
// flow style, then steps in block style with quoted names, comments, flow
// lists and block scalars, so every branch of depthScan is exercised.
func benchMap(size int) []byte {
	var b bytes.Buffer
	b.WriteString("# generated for the benchmark\nprocess: Bench\nsla: 48h  # target\n\nowners:\n")
	b.WriteString("  - {id: store, name: Store operations, capacity: 2, calendar: \"Mon-Sat 08:00-20:00\"}\n")
	b.WriteString("systems:\n  - {id: wms, name: 'Warehouse [main] system'}\n\nsteps:\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  - id: step_%d\n", i)
		fmt.Fprintf(&b, "    name: \"Step %d: check {order} \\\"now\\\"\"\n", i)
		b.WriteString("    owner: store   # who does it\n")
		b.WriteString("    duration: {dist: lognormal, mean: 6m, sd: 3m}\n")
		fmt.Fprintf(&b, "    log_names: ['Step %d', 'It''s step %d']\n", i, i)
		b.WriteString("    notes: |\n      free text with [brackets] and {braces}: and colons\n      - not a list\n")
		b.WriteString("    tags: &t !!seq\n      - a\n      - b: [c, {d: e}]\n")
		fmt.Fprintf(&b, "    next: [step_%d, step_%d]\n\n", i+1, i+2)
	}
	return b.Bytes()
}

func BenchmarkDepthScan(b *testing.B) {
	src := benchMap(4 << 20)
	if _, _, ok := depthScan(src, MaxDepth); !ok {
		b.Fatal("benchmark map refused")
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		depthScan(src, MaxDepth)
	}
}

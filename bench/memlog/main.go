// Command memlog reports how much memory an event log takes once read: the
// Go heap in use after a collection, per activity instance, and the peak
// resident set of the read and of the analysis (docs/BENCHMARKS.md, "In
// memory").
//
//	go run ./bench/memlog bench/out/orders-10m.csv
//
// It reads and analyses the log as `flowmap analyze` does, with the
// garbage collector at the same setting for a big file (GOGC=10 unless
// GOGC is set; see cmd/flowmap/gcpolicy.go), and prints one line per phase.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/flowmap/flowmap/analysis"
	"github.com/flowmap/flowmap/analysis/eventlog"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: memlog LOG")
		os.Exit(2)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(10)
	}
	t0 := time.Now()
	l, err := eventlog.ReadFile(os.Args[1], eventlog.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	read := time.Since(t0)
	n := l.Events()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("read     %6.2f s  %d instances, %d cases  heap in use after GC %d MB = %.1f B/instance  peak RSS so far %d MB\n",
		read.Seconds(), n, len(l.Cases), m.HeapAlloc>>20, float64(m.HeapAlloc)/float64(n), peakRSS()>>10)
	r := analysis.Analyze(l, analysis.Options{})
	runtime.KeepAlive(l)
	fmt.Printf("analyze  %6.2f s  %d variants  peak RSS %d MB = %.1f B/instance\n",
		time.Since(t0).Seconds(), r.Log.Variants, peakRSS()>>10, float64(peakRSS()<<10)/float64(n))
}

// peakRSS is VmHWM in KiB (0 where /proc is missing).
func peakRSS() int64 {
	st, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(st), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			var kb int64
			fmt.Sscan(f[1], &kb)
			return kb
		}
	}
	return 0
}

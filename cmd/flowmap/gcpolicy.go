package main

import (
	"os"
	"runtime/debug"
	"strings"

	"github.com/flowmap/flowmap/internal/sysmem"
)

// A big event log is read and analysed with the garbage collector at
// GOGC=bigLogGCPercent instead of Go's default of 100, which lets the heap
// grow to twice the memory in use before collecting: twice a 10M-event log.
// The instances of a log hold no pointers, so a collection costs little
// (it marks the case table, not the events); at 10% the 10M-event CSV of
// bench/gen peaks under 1 GB for about 5% more CPU (docs/BENCHMARKS.md).
// A GOGC (or GOMEMLIMIT) set in the environment is left alone.
const (
	bigLogBytes     = 64 << 20 // as a CSV; a .gz file counts 8 times its size, a .parquet file 6 times
	bigLogGCPercent = 10
)

// tuneGCForLog applies the big-log setting when path is a big file.
func tuneGCForLog(path string) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	size, lower := st.Size(), strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		size *= 8
	case strings.HasSuffix(lower, ".parquet"):
		size *= 6 // bench/gen's 1M events: 58 MB of CSV, 9.3 MB of Parquet
	}
	if size >= bigLogBytes {
		debug.SetGCPercent(bigLogGCPercent)
	}
}

// limitMemoryToMachine sets Go's soft memory limit to memoryShare of what
// the process may use (its control group's limit, else the machine's
// memory), unless GOMEMLIMIT is set: near that limit the garbage collector
// works harder and returns freed memory to the system, where without it
// the heap would grow to GOGC's goal and the kernel would kill the process.
// A log whose live data fits runs, slower, instead of failing (100M events
// in an 8 GiB container: docs/BENCHMARKS.md).
func limitMemoryToMachine() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if limit, ok := sysmem.Limit(os.DirFS("/")); ok {
		debug.SetMemoryLimit(int64(float64(limit) * memoryShare))
	}
}

// memoryShare leaves room for what the Go limit does not count: the
// program's code, memory mapped outside the heap (the CSV reader's staged
// events) and the file cache a container's limit charges.
const memoryShare = 0.9

// Package atomicfile writes output files so that a reader never sees half of
// one: the content goes to a temporary file in the target's folder, is synced
// to disk and then renamed over the target. When writing fails, or the
// process is interrupted, the temporary file is removed and the previous
// target stays as it was.
//
// The package keeps a process-wide registry of the temporary files in flight
// so that an interrupt handler can remove them with CleanupAll before the
// process exits. After CleanupAll no Write replaces its target any more.
package atomicfile

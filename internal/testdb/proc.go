package testdb

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// proc is a server process started by this package: its output goes to a
// log file, and it is told to stop when the test binary dies (see
// childAttr) so a crashed or timed-out test run leaves no server behind.
type proc struct {
	name string // "postgres", "clickhouse-server 1", ...
	log  string // log file of the server's stdout and stderr
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // cmd.Wait's result, valid after done
}

// runAs names the system user a server runs as (PostgreSQL refuses to run
// as root); nil means the test process's own user.
type runAs struct{ uid, gid uint32 }

// startProc starts cmd with its output appended to logPath. deathSig is
// sent to the server if the test process dies first (Linux only).
func startProc(name, logPath string, cmd *exec.Cmd, deathSig syscall.Signal, as *runAs) (*proc, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = childAttr(deathSig, as)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s (%s): %w", name, cmd.Path, err)
	}
	p := &proc{name: name, log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has already ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitReady calls ready until it succeeds, the process exits or
// startTimeout passes; the error then carries the log's tail.
func (p *proc) waitReady(ready func() error) error {
	deadline := time.Now().Add(startTimeout)
	for {
		err := ready()
		if err == nil {
			return nil
		}
		if p.exited() {
			return fmt.Errorf("%s exited while starting (%v); %s", p.name, p.err, tail(p.log, 30))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer within %v (last error: %v); %s", p.name, startTimeout, err, tail(p.log, 30))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends sig (a clean shutdown), waits up to stopTimeout, then kills
// the process. It reports a server that had to be killed.
func (p *proc) stop(sig os.Signal) error {
	if p.exited() {
		return nil
	}
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stopping %s: %w", p.name, err)
	}
	if waitExit(p.done, stopTimeout) {
		return nil
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("%s did not stop within %v of %v and was killed; %s", p.name, stopTimeout, sig, tail(p.log, 10))
}

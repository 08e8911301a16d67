//go:build linux

package testdb

import "syscall"

// childAttr makes the kernel send deathSig to a server when the test
// process dies (a panic or -timeout exits without running Run's cleanup),
// and runs it as the given user when as is not nil.
func childAttr(deathSig syscall.Signal, as *runAs) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Pdeathsig: deathSig}
	if as != nil {
		a.Credential = &syscall.Credential{Uid: as.uid, Gid: as.gid}
	}
	return a
}

//go:build !linux

package testdb

import "syscall"

// childAttr outside Linux: no parent-death signal (a crashed test run may
// leave its servers running) and no change of user (run the tests as an
// ordinary user there).
func childAttr(_ syscall.Signal, _ *runAs) *syscall.SysProcAttr {
	return nil
}

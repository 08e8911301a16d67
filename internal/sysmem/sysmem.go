// Package sysmem tells how much memory this process may use: the memory
// limit of its control group (cgroup v2 memory.max, or v1
// memory.limit_in_bytes) when one is set, else the machine's memory
// (MemTotal in /proc/meminfo). Go's runtime does not look: without a
// limit it lets the heap grow past what a container allows, and the kernel
// kills the process instead of the garbage collector working harder.
package sysmem

import (
	"bufio"
	"bytes"
	"io/fs"
	"strconv"
	"strings"
)

// Limit returns the bytes the process may use, read from fsys (the root
// file system: os.DirFS("/") in use, a fstest.MapFS in tests); ok is false
// on a system that tells neither (not Linux).
func Limit(fsys fs.FS) (limit int64, ok bool) {
	total, haveTotal := memTotal(fsys)
	if cg, ok := cgroupLimit(fsys); ok && (!haveTotal || cg < total) {
		return cg, true
	}
	return total, haveTotal
}

// memTotal is MemTotal of /proc/meminfo, in bytes.
func memTotal(fsys fs.FS) (int64, bool) {
	b, err := fs.ReadFile(fsys, "proc/meminfo")
	if err != nil {
		return 0, false
	}
	s := bufio.NewScanner(bytes.NewReader(b))
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb <= 0 {
				return 0, false
			}
			return kb << 10, true
		}
	}
	return 0, false
}

// cgroupLimit is the memory limit of the process's control group, from the
// lines of /proc/self/cgroup ("0::/path" for v2, "N:memory:/path" for v1),
// looked up under sys/fs/cgroup, and up the hierarchy to the mount's root
// (inside a container the group's path is often not visible, its limit is
// the root's). "max" or a huge v1 value is no limit.
func cgroupLimit(fsys fs.FS) (int64, bool) {
	b, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir, file string
		switch {
		case parts[0] == "0" && parts[1] == "":
			dir, file = "sys/fs/cgroup", "memory.max"
			if _, err := fs.Stat(fsys, dir+"/cgroup.controllers"); err != nil {
				dir = "sys/fs/cgroup/unified" // hybrid: v2 beside v1
			}
		case hasController(parts[1], "memory"):
			dir, file = "sys/fs/cgroup/memory", "memory.limit_in_bytes"
		default:
			continue
		}
		if v, ok := limitUp(fsys, dir, strings.Trim(parts[2], "/"), file); ok {
			return v, true
		}
	}
	return 0, false
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// limitUp reads file in dir/path, then in each parent of path up to dir,
// and returns the smallest limit set.
func limitUp(fsys fs.FS, dir, path, file string) (int64, bool) {
	best, found := int64(0), false
	for {
		p := dir
		if path != "" {
			p += "/" + path
		}
		if v, ok := readLimit(fsys, p+"/"+file); ok && (!found || v < best) {
			best, found = v, true
		}
		if path == "" {
			return best, found
		}
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			path = path[:i]
		} else {
			path = ""
		}
	}
}

// noLimit: cgroup v1 writes "no limit" as the largest multiple of the page
// size below 2^63; anything from 2^62 on is taken as none.
const noLimit = int64(1) << 62

func readLimit(fsys fs.FS, name string) (int64, bool) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 || v >= noLimit {
		return 0, false
	}
	return v, true
}

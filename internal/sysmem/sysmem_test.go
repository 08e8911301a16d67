package sysmem

import (
	"testing"
	"testing/fstest"
)

func TestLimit(t *testing.T) {
	const meminfo = "MemTotal:       24576000 kB\nMemFree:         1000 kB\n"
	const total = 24576000 << 10
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for _, tc := range []struct {
		name   string
		fs     fstest.MapFS
		want   int64
		wantOK bool
	}{
		{"machine only", fstest.MapFS{"proc/meminfo": file(meminfo)}, total, true},
		{"nothing to read", fstest.MapFS{}, 0, false},
		{"cgroup v2 limit", fstest.MapFS{
			"proc/meminfo":                            file(meminfo),
			"proc/self/cgroup":                        file("0::/user.slice/job\n"),
			"sys/fs/cgroup/cgroup.controllers":        file("cpu memory\n"),
			"sys/fs/cgroup/user.slice/job/memory.max": file("8589934592\n"),
		}, 8 << 30, true},
		{"cgroup v2 max is no limit", fstest.MapFS{
			"proc/meminfo":                     file(meminfo),
			"proc/self/cgroup":                 file("0::/\n"),
			"sys/fs/cgroup/cgroup.controllers": file("memory\n"),
			"sys/fs/cgroup/memory.max":         file("max\n"),
		}, total, true},
		{"cgroup v2 parent's limit", fstest.MapFS{
			"proc/meminfo":                     file(meminfo),
			"proc/self/cgroup":                 file("0::/a/b\n"),
			"sys/fs/cgroup/cgroup.controllers": file("memory\n"),
			"sys/fs/cgroup/a/memory.max":       file("4294967296\n"),
			"sys/fs/cgroup/a/b/memory.max":     file("max\n"),
		}, 4 << 30, true},
		{"cgroup v1 limit", fstest.MapFS{
			"proc/meminfo":     file(meminfo),
			"proc/self/cgroup": file("9:pids:/\n4:memory:/fm8g\n0::/\n"),
			"sys/fs/cgroup/memory/memory.limit_in_bytes":      file("9223372036854771712\n"),
			"sys/fs/cgroup/memory/fm8g/memory.limit_in_bytes": file("8589934592\n"),
		}, 8 << 30, true},
		{"cgroup v1 path not visible: the root's", fstest.MapFS{
			"proc/meminfo":     file(meminfo),
			"proc/self/cgroup": file("4:memory:/process_api/abc\n"),
			"sys/fs/cgroup/memory/memory.limit_in_bytes": file("2147483648\n"),
		}, 2 << 30, true},
		{"cgroup v1 unlimited", fstest.MapFS{
			"proc/meminfo":     file(meminfo),
			"proc/self/cgroup": file("4:memory:/\n"),
			"sys/fs/cgroup/memory/memory.limit_in_bytes": file("9223372036854771712\n"),
		}, total, true},
		{"cgroup above the machine: the machine", fstest.MapFS{
			"proc/meminfo":     file(meminfo),
			"proc/self/cgroup": file("4:memory:/big\n"),
			"sys/fs/cgroup/memory/big/memory.limit_in_bytes": file("68719476736\n"),
		}, total, true},
		{"garbage", fstest.MapFS{
			"proc/meminfo":     file("MemTotal: lots\n"),
			"proc/self/cgroup": file("4:memory:/x\n"),
			"sys/fs/cgroup/memory/x/memory.limit_in_bytes": file("-1\n"),
		}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Limit(tc.fs)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Limit = %d, %v; want %d, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

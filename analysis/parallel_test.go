package analysis

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/flowmap/flowmap/analysis/eventlog"
	"github.com/flowmap/flowmap/internal/shareddata"
	"github.com/flowmap/flowmap/mapping"
)

// TestParallelEqualsSerial: splitting the cases between workers gives the
// same result as one worker, with and without a map.
func TestParallelEqualsSerial(t *testing.T) {
	path := filepath.Join(shareddata.Dir(t), "logs", "bpic2012.xes.gz")
	if testing.Short() {
		t.Skip("large log")
	}
	l, err := eventlog.ReadFile(path, eventlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	disc, err := Discover(analyzeParallel(l, Options{}, 1, 0), DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Parse("bpic2012.yaml", disc)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []Options{{}, {Map: m}} {
		serial := analyzeParallel(l, opt, 1, 0)
		for _, w := range []int{2, 3} {
			if par := analyzeParallel(l, opt, w, 0); !reflect.DeepEqual(serial, par) {
				t.Errorf("%d workers (map %v) differ from one", w, opt.Map != nil)
			}
		}
	}
}

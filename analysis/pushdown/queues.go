package pushdown

import (
	"context"

	"github.com/flowmap/flowmap/analysis"
)

// queues is not pushed down yet.
func (j *job) queues(context.Context) error {
	j.r.Queues = []analysis.QueueSeries{}
	j.info.NotComputed = append(j.info.NotComputed, "queues", "bottlenecks[].peak_queue")
	return nil
}

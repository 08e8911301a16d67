package analysis

// FillDerived sets the figures of r derived from its other fields (the
// bottleneck ranking, from the activities and queues), for a Result filled
// outside this package (analysis/pushdown fills one from a database).
func FillDerived(r *Result) { r.Bottlenecks = bottlenecks(r) }

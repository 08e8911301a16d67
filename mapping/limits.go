package mapping

// Limits on the values of a map, generous for real processes; they keep a
// typo or hostile input from overflowing counters or exhausting memory
// (a pool of 10⁹ servers, a duration past what time.Duration holds).
const (
	// MaxCapacity bounds the servers of an owner's or a step's pool.
	MaxCapacity = 10_000
	// MaxQueueLimit bounds a step's queue_limit.
	MaxQueueLimit = 10_000_000
	// MaxDurationSeconds bounds every duration: 100 years.
	MaxDurationSeconds = 100 * 365.25 * 86400
)

// Rules as messages state them.
const (
	capacityRule   = "expected a whole number from 1 to 10,000"
	queueLimitRule = "expected a whole number from 0 to 10,000,000 (0 = no limit)"
)

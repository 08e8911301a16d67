package logdistance

import "testing"

// BenchmarkCompareLoanApp is the ten comparisons of the acceptance test
// (every measure, test log against simulated_log_0..9), logs already read.
func BenchmarkCompareLoanApp(b *testing.B) {
	_, real, sims := loanApp(b)
	for b.Loop() {
		if _, err := Compare(real, sims); err != nil {
			b.Fatal(err)
		}
	}
}

package format

import "testing"

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"Duration 0", Duration(0), "0 s"},
		{"Duration 45 s", Duration(45), "45 s"},
		{"Duration rounds up to 10", Duration(9.96), "10 s"},
		{"Duration 1.5 min", Duration(90), "1.5 min"},
		{"Duration 12 min", Duration(720), "12 min"},
		{"Duration 6.2 h", Duration(6.24 * 3600), "6.2 h"},
		{"Duration 3.5 d", Duration(3.5 * 86400), "3.5 d"},
		{"Duration negative keeps a decimal", Duration(-15.3 * 3600), "-15.3 h"},

		{"DurationSymmetric 12 min", DurationSymmetric(720), "12 min"},
		{"DurationSymmetric 1.5 min", DurationSymmetric(90), "1.5 min"},
		{"DurationSymmetric negative rounds by magnitude", DurationSymmetric(-15.3 * 3600), "-15 h"},
		{"DurationSymmetric small negative", DurationSymmetric(-2.46 * 3600), "-2.5 h"},
		{"DurationSymmetric 0", DurationSymmetric(0), "0 s"},

		{"DurationWithMinus positive", DurationWithMinus(7200), "2 h"},
		{"DurationWithMinus negative", DurationWithMinus(-3.1 * 3600), "−3.1 h"},

		{"DurationRange one unit", DurationRange(2.4*3600, 3.8*86400, false, " – "), "0.1 – 3.8 d"},
		{"DurationRange hours", DurationRange(7*3600, 7.8*3600, false, " – "), "7 – 7.8 h"},
		{"DurationRange signed", DurationRange(-3.8*3600, -2.4*3600, true, " to "), "−3.8 to −2.4 h"},
		{"DurationRange signed across zero", DurationRange(-600, 1200, true, " to "), "−10 to +20 min"},
		{"DurationRange signed zero", DurationRange(-0.01, 30, true, " to "), "±0 to +30 s"},

		{"Thousands 0", Thousands(0), "0"},
		{"Thousands 999", Thousands(999), "999"},
		{"Thousands 12,345", Thousands(12345), "12,345"},
		{"Thousands negative", Thousands(-1234567), "-1,234,567"},

		{"Plural one", Plural(1, "case"), "1 case"},
		{"Plural many", Plural(2392, "case"), "2,392 cases"},
		{"Plural y", Plural(3, "activity"), "3 activities"},
		{"Plural zero", Plural(0, "bad row"), "0 bad rows"},
		{"Plural ch", Plural(2, "system switch"), "2 system switches"},
		{"Plural vowel y", Plural(2, "day"), "2 days"},
		{"Plural s", Plural(2, "bus"), "2 buses"},

		{"Percent 41%", Percent(0.41), "41%"},
		{"Percent below 1%", Percent(0.004), "0.4%"},
		{"Percent 0", Percent(0), "0%"},
		{"Percent 1", Percent(1), "100%"},
		{"Percent rounds to 100", Percent(0.9996), "100%"},

		{"PercentStrict 41%", PercentStrict(0.41), "41%"},
		{"PercentStrict never 100", PercentStrict(0.9996), "99.9%"},
		{"PercentStrict rounds down tiny shares", PercentStrict(0.00049), "0%"},
		{"PercentStrict floors below 1", PercentStrict(0.0049), "0.4%"},
		{"PercentStrict 1", PercentStrict(1), "100%"},
		{"PercentStrict 0", PercentStrict(0), "0%"},

		{"Points", Points(0.123), "12.3 pts"},
		{"Points negative", Points(-0.05), "-5 pts"},

		{"Probability whole", Probability(0.97), "97%"},
		{"Probability small", Probability(0.025), "2.5%"},
		{"Probability small whole", Probability(0.03), "3%"},

		{"Number small", Number(78.74), "78.7"},
		{"Number large", Number(296.4), "296"},
		{"Number negative large", Number(-150.5), "-151"},

		{"Count rounds half away", Count(36.5), "37"},
		{"CountHalfEven rounds half to even", CountHalfEven(36.5), "36"},
		{"CountHalfEven", CountHalfEven(98.2), "98"},

		{"OneDecimal whole", OneDecimal(2), "2"},
		{"OneDecimal", OneDecimal(2.54), "2.5"},
		{"OneDecimal 100", OneDecimal(100), "100"},
		{"OneDecimal 0", OneDecimal(0), "0"},

		{"Rate per minute", Rate(12.0 / 60), "12 per minute"},
		{"Rate 480 per hour", Rate(8.0 / 60), "480 per hour"},
		{"Rate per hour", Rate(1.4 / 3600), "1.4 per hour"},
		{"Rate per day", Rate(3.0 / 86400), "3 per day"},

		{"Factor whole", Factor(10), "x10"},
		{"Factor", Factor(0.8), "x0.8"},

		{"Signed plus", Signed(3, "3 h"), "+3 h"},
		{"Signed minus", Signed(-3, "-3 h"), "−3 h"},
		{"Signed zero", Signed(-0.01, "0 h"), "±0 h"},
		{"Signed pts", Signed(0.2, "20 pts"), "+20 pts"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

package metricinfo

import "testing"

// TestTimeLabelIsPeriodsRule: the declared time_label wins, else the first
// label named like time, in any case; the same rule as backfill's.
func TestTimeLabelIsPeriodsRule(t *testing.T) {
	set := parse(t, `
metrics:
  - name: budget_yuan
    help: Budget by fiscal year.
    labels: [year, fiscal]
    time_label: fiscal
    figures: [{year: "2011", fiscal: FY2012, value: 1}]
  - name: gdp_yuan
    help: GDP by quarter.
    labels: [region, TIME_PERIOD]
    figures: [{region: east, TIME_PERIOD: 2011-Q1, value: 1}]
  - name: schools_built
    help: Schools built.
    labels: [kind]
    figures: [{kind: primary, value: 1}]
`)
	for name, want := range map[string]string{"budget_yuan": "fiscal", "gdp_yuan": "TIME_PERIOD", "schools_built": ""} {
		if got := Of(metric(t, set, name)).TimeLabel; got != want {
			t.Errorf("%s: time label %q, want %q", name, got, want)
		}
	}
}

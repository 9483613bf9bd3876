package config

import (
	"strings"
	"testing"
)

// TestFigureKeysFollowEachMetric: the keys a figure may have are made once
// per metric; a metric with other labels than the one before it must be
// checked against its own.
func TestFigureKeysFollowEachMetric(t *testing.T) {
	const doc = `metrics:
  - name: by_year
    help: One label.
    labels: [year]
    figures:
      - {year: "2011", value: 1}
  - name: by_form
    help: Another label.
    labels: [form]
    figures:
      - {form: cash, value: 2}
      - {form: cash2, year: "2011", value: 3}
  - name: by_year_again
    help: The first label again.
    labels: [year]
    figures:
      - {year: "2011", form: cash, value: 4}
`
	_, err := Parse("keys.yml", []byte(doc))
	want := []string{
		`keys.yml:12: metrics[1].figures[1].year: unknown key "year": expected form, value and source`,
		`keys.yml:17: metrics[2].figures[0].form: unknown key "form": expected year, value and source`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("error:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

package dashboard

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// historyFigures holds years, quarters, months and dates, two figures
// that are not on the time axis, a declared time label and a metric
// without one; backfill's tests use it too.
const historyFigures = "../backfill/testdata/history/figures.yml"

// isHistory says whether a panel draws a metric's backfilled history.
func (p jsonPanel) isHistory() bool { return p.Type == "timeseries" }

// dashboardTime is the dashboard's time range as its JSON says it.
func dashboardTime(t *testing.T, raw []byte) (from, to string) {
	t.Helper()
	var d struct {
		Time struct{ From, To string } `json:"time"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d.Time.From, d.Time.To
}

func loadHistory(t *testing.T) *config.Set {
	t.Helper()
	set, err := config.Load(historyFigures, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestHistoryPanelsForEveryMetricWithATimeLabel(t *testing.T) {
	set := loadHistory(t)
	d, raw := decode(t, set)
	if from, to := dashboardTime(t, raw); from != "2009-01-01T00:00:00.000Z" || to != "now" {
		t.Errorf("time range %s to %s, want from the earliest figure (2009, not the skipped 1950) to now", from, to)
	}
	rows := d.rowOf()
	latest := map[string]jsonPanel{}
	var history []jsonPanel
	for _, p := range d.Panels {
		switch {
		case p.isHistory():
			history = append(history, p)
		case p.Type != "row":
			latest[p.Description] = p
		}
	}
	type want struct{ title, expr, legend string }
	wants := []want{
		{"Aid over time", `max(last_over_time(aid_yuan{year=""}[$__interval]))`, "Aid"},
		{"Budget over time", `max by (programme) (last_over_time(budget_yuan{fiscal=""}[$__interval]))`, "{{programme}}"},
		{"Cases over time", `max(last_over_time(cases{date=""}[$__interval]))`, "Cases"},
		{"Employed over time", `max(last_over_time(employed_people{month=""}[$__interval]))`, "Employed"},
		{"GDP over time", `max by (region) (last_over_time(gdp_yuan{Quarter=""}[$__interval]))`, "{{region}}"},
	}
	if len(history) != len(wants) {
		t.Fatalf("%d history panels, want %d (none for schools_built, which has no time label)", len(history), len(wants))
	}
	for i, p := range history {
		w := wants[i]
		m := metricOf(t, set, p)
		if p.Title != metricinfo.Of(m).Title+" over time" {
			t.Errorf("panel %q: want the title of %s's panel and \"over time\"", p.Title, m.Name)
		}
		if p.Title != w.title || len(p.Targets) != 1 {
			t.Fatalf("panel %d is %q with %d queries, want %q with one", i, p.Title, len(p.Targets), w.title)
		}
		q := p.Targets[0]
		if q.Expr != w.expr || !q.Range || q.Instant || q.Format != "time_series" || q.LegendFormat != w.legend {
			t.Errorf("%s: query %+v, want the range query %s named %q", p.Title, q, w.expr, w.legend)
		}
		if rows[p.ID] != historyRow {
			t.Errorf("%s is in row %q, want %q", p.Title, rows[p.ID], historyRow)
		}
		// The same unit as the panel of its latest figures, which stays.
		l, ok := latest[m.Help]
		if !ok {
			t.Errorf("%s: no panel of the latest figures beside it", p.Title)
		} else if p.FieldConfig.Defaults.Unit != l.FieldConfig.Defaults.Unit || !slices.Equal(decimals(p), decimals(l)) {
			t.Errorf("%s: unit %q decimals %v; the latest-figures panel has %q %v", p.Title, p.FieldConfig.Defaults.Unit, decimals(p), l.FieldConfig.Defaults.Unit, decimals(l))
		}
	}
	// Points and lines: a point per figure, lines across the empty steps.
	var panels struct {
		Panels []struct {
			Type        string `json:"type"`
			FieldConfig struct {
				Defaults struct {
					Custom map[string]any `json:"custom"`
				} `json:"defaults"`
			} `json:"fieldConfig"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &panels); err != nil {
		t.Fatal(err)
	}
	for _, p := range panels.Panels {
		if p.Type != "timeseries" {
			continue
		}
		c := p.FieldConfig.Defaults.Custom
		if c["drawStyle"] != "line" || c["showPoints"] != "always" || c["spanNulls"] != true {
			t.Errorf("custom field config %v, want lines, points always and nulls spanned", c)
		}
	}
}

func decimals(p jsonPanel) []float64 {
	if p.FieldConfig.Defaults.Decimals == nil {
		return nil
	}
	return []float64{*p.FieldConfig.Defaults.Decimals}
}

func TestNoHistoryWithoutPeriods(t *testing.T) {
	set := mustParse(t, `
metrics:
  - name: shifts_worked
    help: Shifts worked, by time of day.
    labels: [time]
    figures:
      - {time: morning, value: 3}
      - {time: evening, value: 4}
  - name: old_figures
    help: Figures before 1970.
    labels: [year]
    figures:
      - {year: "1950", value: 1}
  - name: schools_built
    help: Schools built.
    labels: [kind]
    figures:
      - {kind: primary, value: 3}
`)
	d, raw := decode(t, set)
	for _, p := range d.Panels {
		if p.isHistory() || p.Title == historyRow {
			t.Errorf("panel %q: no metric has a figure on the time axis", p.Title)
		}
	}
	if from, to := dashboardTime(t, raw); from != "now-1h" || to != "now" {
		t.Errorf("time range %s to %s, want the latest figures' now-1h to now", from, to)
	}
}

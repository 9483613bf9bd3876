package dashboard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/backfill"
	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/period"
)

// promSeries is one series of a range query's data.result, as render.cjs
// reads it.
type promSeries struct {
	Metric map[string]string `json:"metric"`
	Values [][2]any          `json:"values"`
}

// historyStep is the step the test runs the history queries at, standing
// for Grafana's $__interval: a day, so that a figure stamped at the last
// second of its period shows at the next midnight.
const historyStep = 24 * time.Hour

// TestHistoryPanelsAgainstARealPrometheus writes the history figures as
// TSDB blocks with backfill, starts the real Prometheus on them while it
// also scrapes the real exporter serving the same figures (whose series
// have the time label, at now), and runs every history panel's query as
// Grafana would: over the dashboard's time range, $__interval a day. Each
// must return the backfilled series alone, each figure once at the first
// step after the end of its period; Grafana's own @grafana/data then makes
// frames of them and formats them in the panel's unit.
func TestHistoryPanelsAgainstARealPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	set := loadHistory(t)
	data := backfilled(t, set, backfill.BlockOptions{MaxSeries: 2})
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+historyFigures)
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{{Job: "history", Target: strings.TrimPrefix(exp.URL, "http://")}}, historyArgs(data)...)
	prom.WaitFor(t, `count(gdp_yuan{Quarter!=""}) == 6`, 30*time.Second)

	d, raw := decode(t, set)
	start, end := historyRange(t, raw)
	if counts := checkHistoryWith(t, prom, d, raw, set, nil, start, end); len(counts) != 5 {
		t.Errorf("%d history panels returned data, want 5", len(counts))
	}
}

// backfilled writes the history of set into TSDB blocks, as
// `figures_exporter backfill` does, and returns their directory.
func backfilled(t *testing.T, set *config.Set, opts backfill.BlockOptions) string {
	t.Helper()
	plan, err := backfill.NewPlan(set, backfill.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if _, err := plan.WriteBlocks(context.Background(), data, opts); err != nil {
		t.Fatal(err)
	}
	return data
}

// historyArgs start Prometheus on the blocks in data, which reach
// decades back.
func historyArgs(data string) []string {
	return []string{"--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y"}
}

// historyRange is the range Grafana queries the history panels over: the
// dashboard's, from its earliest figure to now.
func historyRange(t *testing.T, raw []byte) (start, end time.Time) {
	t.Helper()
	from, _ := dashboardTime(t, raw)
	start, err := time.Parse("2006-01-02T15:04:05.000Z", from)
	if err != nil {
		t.Fatalf("dashboard time from %q: %v", from, err)
	}
	return start, time.Now().UTC()
}

// historyKey names a backfilled series by its labels but the time label.
func historyKey(m *config.Metric, timeLabel string, value func(label string) string) string {
	var parts []string
	for _, l := range historyLabels(m, timeLabel) {
		parts = append(parts, fmt.Sprintf("%s=%q", l, value(l)))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// wantPoint is a figure where a history panel must show it: at the first
// step after the end of its period.
type wantPoint struct {
	at    time.Time
	value float64
}

// historyPoints are the figures of a metric on the time axis, by series,
// each at the first step after its stamp.
func historyPoints(t *testing.T, m *config.Metric) (string, map[string][]wantPoint) {
	t.Helper()
	label, ok := period.TimeLabel(m.Labels, m.TimeLabel)
	if !ok {
		t.Fatalf("%s has no time label", m.Name)
	}
	idx := slices.Index(m.Labels, label)
	want := map[string][]wantPoint{}
	for _, f := range m.Figures {
		p, err := period.Parse(f.LabelValues[idx])
		if err != nil || p.Year < 1970 {
			continue
		}
		key := historyKey(m, label, func(l string) string { return f.LabelValues[slices.Index(m.Labels, l)] })
		at := p.End().Truncate(historyStep).Add(historyStep)
		want[key] = append(want[key], wantPoint{at, f.Value})
	}
	for _, ps := range want {
		slices.SortFunc(ps, func(a, b wantPoint) int { return a.at.Compare(b.at) })
	}
	return label, want
}

// checkHistory: the series are the metric's backfilled series, labelled by
// its labels but the time label (no job, no instance: the scraped series
// are left out), and each has a point per figure, at the first step
// after the end of its period, and no other.
func checkHistory(t *testing.T, m *config.Metric, series []e2e.Series) {
	t.Helper()
	label, want := historyPoints(t, m)
	got := map[string][]wantPoint{}
	for _, s := range series {
		for l := range s.Metric {
			if l == label || !slices.Contains(m.Labels, l) {
				t.Errorf("series %v has the label %s: want only %v", s.Metric, l, historyLabels(m, label))
			}
		}
		key := historyKey(m, label, func(l string) string { return s.Metric[l] })
		for _, p := range s.Points {
			got[key] = append(got[key], wantPoint{p.Time, p.Value})
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d series, want %d: %v", len(got), len(want), got)
	}
	for key, w := range want {
		if !slices.Equal(got[key], w) {
			t.Errorf("series %s has points\n%v\nwant a point per figure at the midnight after its period\n%v", key, got[key], w)
		}
	}
}

func promMatrix(series []e2e.Series) []promSeries {
	out := make([]promSeries, len(series))
	for i, s := range series {
		out[i].Metric = s.Metric
		for _, p := range s.Points {
			out[i].Values = append(out[i].Values, [2]any{float64(p.Time.Unix()), fmt.Sprint(p.Value)})
		}
	}
	return out
}

// checkRenderedHistory: Grafana draws a frame per series, named by the
// legend, holding the figures at their times, formatted in the unit.
func checkRenderedHistory(t *testing.T, p jsonPanel, m *config.Metric, r rendered) {
	t.Helper()
	if len(r.Problems) > 0 {
		t.Fatalf("Grafana would not draw it: %s", strings.Join(r.Problems, "; "))
	}
	label, want := historyPoints(t, m)
	if len(r.Frames) != len(want) {
		t.Fatalf("%d frames, want one per series (%d)", len(r.Frames), len(want))
	}
	for _, fr := range r.Frames {
		if len(fr.Fields) != 2 || fr.Fields[0].Type != "time" || fr.Fields[1].Type != "number" {
			t.Fatalf("fields %+v, want time and number", fr.Fields)
		}
		name := fr.Fields[1].Display
		key := ""
		for k := range want {
			if legendOf(m, label, k, strings.TrimSuffix(p.Title, " over time")) == name {
				key = k
			}
		}
		if key == "" {
			t.Errorf("a series named %q, which no legend of %v gives", name, want)
			continue
		}
		var got []wantPoint
		for i, v := range fr.Fields[1].Values {
			got = append(got, wantPoint{time.UnixMilli(int64(fr.Fields[0].Values[i].(float64))).UTC(), v.(float64)})
		}
		if !slices.Equal(got, want[key]) {
			t.Errorf("%s: Grafana has %v, want %v", name, got, want[key])
		}
		for _, text := range fr.Fields[1].Text {
			if !formattedIn(p.FieldConfig.Defaults.Unit, text) {
				t.Errorf("%s: %q is not formatted in %s", name, text, p.FieldConfig.Defaults.Unit)
			}
		}
	}
}

// legendOf is the name a history panel's legend gives the series key:
// the values of its labels, or the metric's title when it has none.
func legendOf(m *config.Metric, timeLabel, key, title string) string {
	if len(historyLabels(m, timeLabel)) == 0 {
		return title
	}
	values := strings.Split(strings.Trim(key, "{}"), ",")
	for i, v := range values {
		_, q, _ := strings.Cut(v, "=")
		values[i] = strings.Trim(q, `"`)
	}
	return strings.Join(values, seriesSeparator)
}

// formattedIn says whether Grafana's text of a value shows its unit.
func formattedIn(unit, text string) bool {
	switch unit {
	case "currency:CN¥":
		return strings.HasPrefix(text, "CN¥")
	case "locale":
		return strings.Trim(text, "0123456789,.") == ""
	}
	return text != ""
}

package dashboard

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/backfill"
	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// escapingFigures has entity names with the characters Grafana escapes in
// a variable's values (parentheses, dots, a quote, a backslash), as Our
// World in Data spells them, beside the names an unescaped value would
// also match ("Micronesia country" for "Micronesia (country)", "StX Lucia"
// for "St. Lucia"): more than maxLines entities, so the label has a
// variable.
const escapingFigures = `
metrics:
  - name: refugees
    help: Refugees by country of origin.
    labels: [entity, year]
    figures:
      - {entity: "Micronesia (country)", year: "2020", value: 10}
      - {entity: "Micronesia country", year: "2020", value: 11}
      - {entity: "St. Lucia", year: "2020", value: 12}
      - {entity: "StX Lucia", year: "2020", value: 13}
      - {entity: "Cote d'Ivoire", year: "2020", value: 14}
      - {entity: 'Back\slash', year: "2020", value: 15}
      - {entity: "Backslash", year: "2020", value: 16}
      - {entity: "Low & middle income", year: "2020", value: 17}
      - {entity: "Guinea-Bissau", year: "2020", value: 18}
      - {entity: "World", year: "2020", value: 19}
      - {entity: "World", year: "2021", value: 20}
      - {entity: "St. Lucia", year: "2021", value: 21}
  - name: wells_dug
    help: Wells dug by entity.
    labels: [entity]
    figures:
      - {entity: "Micronesia (country)", value: 1}
      - {entity: "Micronesia country", value: 2}
      - {entity: "St. Lucia", value: 3}
      - {entity: "StX Lucia", value: 4}
      - {entity: "Cote d'Ivoire", value: 5}
      - {entity: 'Back\slash', value: 6}
      - {entity: "Backslash", value: 7}
      - {entity: "Low & middle income", value: 8}
      - {entity: "Guinea-Bissau", value: 9}
      - {entity: "World", value: 10}
`

// TestLabelVariablesAgainstARealPrometheus writes the real-shaped set's
// history into TSDB blocks with backfill and serves them and the set to a
// real Prometheus (2, and 3 when FIGURES_EXPORTER_PROMETHEUS3 names one),
// then reads the dashboard as Grafana would with its label variables:
//
//   - each variable's label_values query, through Prometheus' label
//     values API as Grafana calls it, gives every value of its label;
//   - with each variable's default selection, interpolated as Grafana
//     does, no history panel draws more than maxLines series, and those
//     are exactly the selected figures; with All, every series and every
//     figure; Grafana's @grafana/data makes a frame of each;
//   - values with regex metacharacters select exactly themselves under
//     both of Grafana's escapes.
func TestLabelVariablesAgainstARealPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	set := mustParse(t, scaleFigures())
	esc := mustParse(t, escapingFigures)
	dir := t.TempDir()
	scalePath := e2e.WriteFile(t, dir, "scale.yml", scaleFigures())
	escPath := e2e.WriteFile(t, dir, "escaping.yml", escapingFigures)
	bin := e2e.BuildExporter(t)
	for _, srv := range e2e.Servers {
		t.Run(srv.Name, func(t *testing.T) {
			srv.Bin(t)
			data := backfilled(t, set, backfill.BlockOptions{})
			scale := e2e.StartExporter(t, bin, "--config.file="+scalePath)
			escaping := e2e.StartExporter(t, bin, "--config.file="+escPath)
			prom := srv.Start(t, []e2e.ScrapeConfig{
				{Job: "scale", Target: strings.TrimPrefix(scale.URL, "http://")},
				{Job: "escaping", Target: strings.TrimPrefix(escaping.URL, "http://")},
			}, historyArgs(data)...)
			prom.WaitFor(t, `count(up == 1) == 2`, 30*time.Second)

			d, raw := decode(t, set)
			start, end := historyRange(t, raw)
			t.Run("label_values", func(t *testing.T) { checkLabelValues(t, prom, d, set, start, end) })
			t.Run("default", func(t *testing.T) {
				counts := checkHistoryWith(t, prom, d, raw, set, defaultSelection(t, d), start, end)
				if len(counts) != 5 {
					t.Errorf("%d history panels, want 5", len(counts))
				}
				for title, n := range counts {
					if n == 0 {
						t.Errorf("%s draws nothing with the default selection", title)
					}
					if n > maxLines {
						t.Errorf("%s draws %d series with the default selection, past the %d a reader tells apart", title, n, maxLines)
					}
				}
			})
			t.Run("all", func(t *testing.T) {
				counts := checkHistoryWith(t, prom, d, raw, set, selection{}, start, end)
				if counts["Disaster deaths over time"] != 118 || counts["GDP (current US$) over time"] != 62 {
					t.Errorf("series with All %v, want every entity (118) and country (62)", counts)
				}
			})
			t.Run("escaping", func(t *testing.T) { checkEscaping(t, prom, esc) })
		})
	}
}

// checkLabelValues: each variable's query, as Grafana runs a
// label_values(selector, label) query (the label values API, matched by
// the selector, over the dashboard's range), returns every value of its
// label across the metrics that have it.
func checkLabelValues(t *testing.T, prom *e2e.Prometheus, d jsonDashboard, set *config.Set, start, end time.Time) {
	for label, v := range labelVariables(t, d) {
		m := labelValuesQuery.FindStringSubmatch(v.Query)
		got := prom.LabelValues(t, m[2], m[1], start, end)
		want := map[string]bool{}
		for _, metric := range set.Metrics {
			if i := slices.Index(metric.Labels, label); i >= 0 {
				for _, f := range metric.Figures {
					want[f.LabelValues[i]] = true
				}
			}
		}
		if !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
			t.Errorf("%s: %s gives %d values %q, want the %d of the figures", label, v.Query, len(got), got, len(want))
		}
		for _, value := range v.values(t) {
			if !slices.Contains(got, value) {
				t.Errorf("%s: the default %q is not a value Grafana would offer", label, value)
			}
		}
	}
}

// checkHistoryWith runs every history panel's query with sel, as Grafana
// would over the dashboard's range, checks it returns the selected
// figures, each once at its time, renders them with @grafana/data, and
// returns the number of series of each panel.
func checkHistoryWith(t *testing.T, prom *e2e.Prometheus, d jsonDashboard, raw []byte, set *config.Set, sel selection, start, end time.Time) map[string]int {
	t.Helper()
	shown := selected(t, d, set, sel)
	panels := rawPanels(t, raw)
	counts := map[string]int{}
	var items []renderItem
	var ps []jsonPanel
	for i, p := range d.Panels {
		if !p.isHistory() {
			continue
		}
		expr := strings.ReplaceAll(interpolate(t, d, p.Targets[0].Expr, sel, escapings[0]), "$__interval", "1d")
		series := queryRangeInChunks(t, prom, expr, start, end)
		counts[p.Title] = len(series)
		t.Logf("%s: %d series", p.Title, len(series))
		t.Run(p.Title, func(t *testing.T) { checkHistory(t, metricOf(t, shown, p), series) })
		items = append(items, renderItem{Panel: panels[i], Matrix: promMatrix(series)})
		ps = append(ps, p)
	}
	t.Run("grafana", func(t *testing.T) {
		node := e2e.RequireNodeModules(t, grafanaJS)
		for i, r := range renderInGrafana(t, node, items) {
			p := ps[i]
			t.Run(p.Title, func(t *testing.T) { checkRenderedHistory(t, p, metricOf(t, shown, p), r) })
		}
	})
	return counts
}

// maxSteps keeps a range query under Prometheus' 11,000 points a series.
const maxSteps = 10_000

// queryRangeInChunks runs a range query a day a step over a range longer
// than Prometheus answers at once (1990 to now is 13,000 days), in
// consecutive pieces on the same grid of steps, and joins each series'
// points.
func queryRangeInChunks(t *testing.T, prom *e2e.Prometheus, expr string, start, end time.Time) []e2e.Series {
	t.Helper()
	bySeries := map[string]*e2e.Series{}
	var order []string
	for from := start; !from.After(end); from = from.Add(maxSteps * historyStep) {
		to := from.Add((maxSteps - 1) * historyStep)
		if to.After(end) {
			to = end
		}
		for _, s := range prom.QueryRange(t, expr, from, to, historyStep) {
			key := fmt.Sprint(s.Metric)
			if bySeries[key] == nil {
				bySeries[key] = &e2e.Series{Metric: s.Metric}
				order = append(order, key)
			}
			bySeries[key].Points = append(bySeries[key].Points, s.Points...)
		}
	}
	out := make([]e2e.Series, len(order))
	for i, key := range order {
		out[i] = *bySeries[key]
	}
	return out
}

// checkEscaping: selections of values with regex metacharacters, joined
// and alone, give exactly their figures, and not the names an unescaped
// value would match too, under both escapes of the Prometheus data
// source.
func checkEscaping(t *testing.T, prom *e2e.Prometheus, set *config.Set) {
	d, _ := decode(t, set)
	v, ok := labelVariables(t, d)["entity"]
	if !ok {
		t.Fatalf("no variable for entity: %+v", d.Templating.List)
	}
	var panel jsonPanel
	for _, p := range d.Panels {
		if p.Title == "Refugees" {
			panel = p
		}
	}
	for _, values := range [][]string{
		{"Micronesia (country)", "St. Lucia", "Cote d'Ivoire", `Back\slash`, "Low & middle income"},
		{"St. Lucia"},
		{"Micronesia (country)"},
		{`Back\slash`},
	} {
		sel := selection{v.Name: values}
		for _, e := range escapings {
			t.Run(fmt.Sprintf("%s/%q", e.name, values), func(t *testing.T) {
				expr := interpolate(t, d, panel.Targets[0].Expr, sel, e)
				checkFigures(t, metricOf(t, selected(t, d, set, sel), panel), prom.Query(t, expr, time.Time{}))
			})
		}
	}
	// Every panel, bar charts by year and by entity among them, as
	// Grafana draws them: the default selection, a few names, All.
	for name, sel := range map[string]selection{
		"default": defaultSelection(t, d),
		"names":   {v.Name: {"St. Lucia", "World", `Back\slash`}},
		"all":     {},
	} {
		t.Run("panels/"+name, func(t *testing.T) { checkDashboard(t, prom, "", set, sel) })
	}
}

// TestOWIDTableAgainstARealPrometheus takes a cut of a real Our World in
// Data table (263 entities, 3 measures) through init, backfills it and
// serves it: with the entity variable's default selection each history
// panel draws 8 series, not one per entity, and every panel shows exactly
// the selected figures; with All, every figure.
func TestOWIDTableAgainstARealPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	set, path := loadOWID(t)
	data := backfilled(t, set, backfill.BlockOptions{})
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{{Job: "owid", Target: strings.TrimPrefix(exp.URL, "http://")}}, historyArgs(data)...)
	prom.WaitFor(t, `count(up == 1) == 1`, 30*time.Second)
	d, raw := decode(t, set)
	start, end := historyRange(t, raw)
	entities := owidEntities(set)
	t.Run("label_values", func(t *testing.T) { checkLabelValues(t, prom, d, set, start, end) })
	for name, sel := range map[string]selection{"default": defaultSelection(t, d), "all": {}} {
		t.Run(name, func(t *testing.T) {
			checkDashboard(t, prom, "", set, sel)
			counts := checkHistoryWith(t, prom, d, raw, set, sel, start, end)
			if len(counts) != len(set.Metrics) {
				t.Errorf("%d history panels, want one per measure (%d)", len(counts), len(set.Metrics))
			}
			for _, m := range set.Metrics {
				title := metricinfoTitle(&m) + " over time"
				want := min(maxLines, entities[m.Name])
				if name == "all" {
					want = entities[m.Name]
				}
				if counts[title] != want {
					t.Errorf("%s: %d series, want %d", title, counts[title], want)
				}
			}
		})
	}
}

package dashboard

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestEveryPanelQueryReturnsTheFiguresFromARealPrometheus runs the query of
// every panel of the default and a custom dashboard against a real
// Prometheus scraping the real exporter, with the datasource variable
// resolved to that Prometheus, and checks that each returns exactly the
// figures of its metric, once, with the labels its transformations and
// legend name. The default report is served by two exporters in two jobs,
// as replicas would be, so a query that doubled figures would fail.
func TestEveryPanelQueryReturnsTheFiguresFromARealPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	bin := e2e.BuildExporter(t)
	customPath := e2e.WriteFile(t, t.TempDir(), "custom.yml", customFigures)
	replicaA := e2e.StartExporter(t, bin)
	replicaB := e2e.StartExporter(t, bin)
	custom := e2e.StartExporter(t, bin, "--config.file="+customPath)
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{
		{Job: "figures-a", Target: strings.TrimPrefix(replicaA.URL, "http://")},
		{Job: "figures-b", Target: strings.TrimPrefix(replicaB.URL, "http://")},
		{Job: "custom", Target: strings.TrimPrefix(custom.URL, "http://")},
	})
	// up is written with the scrape's samples, so once every target is up
	// every figure is in.
	prom.WaitFor(t, `count(up == 1) == 3`, 30*time.Second)

	for name, set := range testSets(t) {
		t.Run(name, func(t *testing.T) { checkDashboard(t, prom, name, set, nil) })
	}
}

// TestRealShapedDashboardAgainstARealPrometheus does the same for the
// real-shaped set of 3,005 figures (118 entities by Year, 62 countries a
// year, a share per state), served alone so that its sources are the only
// ones: its many-valued metrics are tables, filtered by the label
// variables, which must show exactly the selected figures with the
// default selection and every figure with All.
func TestRealShapedDashboardAgainstARealPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	bin := e2e.BuildExporter(t)
	path := e2e.WriteFile(t, t.TempDir(), "scale.yml", scaleFigures())
	scale := e2e.StartExporter(t, bin, "--config.file="+path)
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{{Job: "scale", Target: strings.TrimPrefix(scale.URL, "http://")}})
	prom.WaitFor(t, `count(up == 1) == 1`, 30*time.Second)
	set := mustParse(t, scaleFigures())
	d, _ := decode(t, set)
	t.Run("default", func(t *testing.T) { checkDashboard(t, prom, "", set, defaultSelection(t, d)) })
	t.Run("all", func(t *testing.T) { checkDashboard(t, prom, "scale", set, selection{}) })
}

// checkDashboard runs every panel's query of the dashboard of set against
// prom, its label variables interpolated as Grafana does for sel, checks
// that each returns the figures sel selects, and what Grafana makes of
// them. name picks the texts wantTexts expects, none for "".
func checkDashboard(t *testing.T, prom *e2e.Prometheus, name string, set *config.Set, sel selection) {
	t.Helper()
	d, raw := decode(t, set)
	shownSet := selected(t, d, set, sel)
	panels := rawPanels(t, raw)
	var items []renderItem
	var shown []jsonPanel
	for i, p := range d.Panels {
		// History panels read backfilled blocks: history_e2e_test.go.
		if p.Type == "row" || p.isHistory() {
			continue
		}
		t.Run(p.Title, func(t *testing.T) {
			if p.Datasource == nil || p.Datasource.UID != "${"+DatasourceVariable+"}" {
				t.Fatalf("datasource %+v is not the variable, which this test resolves to its Prometheus", p.Datasource)
			}
			if len(p.Targets) != 1 {
				t.Fatalf("%d queries, want 1", len(p.Targets))
			}
			expr := interpolate(t, d, p.Targets[0].Expr, sel, escapings[0])
			samples := prom.Query(t, expr, time.Time{})
			if len(samples) == 0 {
				t.Fatalf("%s returned no data", expr)
			}
			items = append(items, renderItem{Panel: panels[i], Result: promResults(samples)})
			shown = append(shown, p)
			checkFieldsExist(t, p, samples)
			if p.Title == "Sources" {
				checkSources(t, set, samples)
				return
			}
			checkFigures(t, metricOf(t, shownSet, p), samples)
		})
	}

	// What Grafana makes of these results: its Prometheus table
	// frames, its transformations and its unit formats.
	t.Run("grafana", func(t *testing.T) {
		node := e2e.RequireNodeModules(t, grafanaJS)
		for i, r := range renderInGrafana(t, node, items) {
			p := shown[i]
			t.Run(p.Title, func(t *testing.T) {
				if p.Title == "Sources" {
					checkRenderedSources(t, set, r)
					return
				}
				checkRendered(t, p, metricOf(t, shownSet, p), r)
				for _, want := range wantTexts()[name][p.Title] {
					if !slices.Contains(r.texts(), want) {
						t.Errorf("Grafana would show %q, not %q", r.texts(), want)
					}
				}
			})
		}
	})
}

// wantTexts are values as Grafana formats them with the panels' units, as
// a reader of the dashboard sees them.
func wantTexts() map[string]map[string][]string {
	return map[string]map[string][]string{
		"default": {
			"Aid":                    {"CN¥840M"},
			"Cooperation investment": {"CN¥120B"},
			"Social donations":       {"2011", "CN¥60.0M", "CN¥45.6M"},
			"Labor export":           {"188,733"},
			"Training":               {"2011", "4,686", "1,035", "436,615"},
			"Roads built":            {"1.01 Mm"},
			"Farmland built":         {"52500 mu"},
			"Ratio to base year":     {"2011", "121.8%", "390.0%"},
		},
		"custom": {
			"Exports":          {"2010", "2011", "CN¥1.50M", "CN¥2M", "CN¥3M"},
			"Villages reached": {"2010", "2011", "40", "55"},
			"Wells over 2010":  {"121.8%"},
		},
		"scale": {
			"State engineers":           {"Alabama", "District of Columbia"},
			"US employment (thousands)": {"1994", "2023"},
			"GDP (current US$)":         {"Argentina", "Vietnam", "1994", "2023"},
			"Disaster deaths":           {"World", "Africa", "2018"},
		},
	}
}

// checkRenderedSources: the sources table shows Title and Publisher
// columns with the sources, and neither Time nor Value.
func checkRenderedSources(t *testing.T, set *config.Set, r rendered) {
	t.Helper()
	if len(r.Frames) != 1 {
		t.Fatalf("%d frames, want one table", len(r.Frames))
	}
	var columns []string
	for _, f := range r.Frames[0].Fields {
		columns = append(columns, f.Display)
	}
	// The exporter leaves empty labels out, so a column no source fills
	// (init writes sources with a title alone) is not there.
	want := []string{"Metric", "Title"}
	if slices.ContainsFunc(set.Sources, func(s config.Source) bool { return s.Publisher != "" }) {
		want = append(want, "Publisher")
	}
	if slices.ContainsFunc(set.Sources, func(s config.Source) bool { return s.URL != "" }) {
		want = append(want, "URL")
	}
	if !slices.Equal(columns, want) {
		t.Errorf("columns %q, want %q", columns, want)
	}
	for _, src := range set.Sources {
		if !slices.Contains(r.texts(), src.Title) || (src.Publisher != "" && !slices.Contains(r.texts(), src.Publisher)) {
			t.Errorf("source %+v not shown: %q", src, r.texts())
		}
	}
}

// metricOf finds the metric a panel shows by its description, the help.
func metricOf(t *testing.T, set *config.Set, p jsonPanel) *config.Metric {
	t.Helper()
	for i := range set.Metrics {
		if set.Metrics[i].Help == p.Description {
			return &set.Metrics[i]
		}
	}
	t.Fatalf("no metric has the help %q", p.Description)
	return nil
}

// checkFigures: the samples are the metric's figures, each once, labeled
// by the metric's labels and at most the label that joins its series
// labels.
func checkFigures(t *testing.T, m *config.Metric, samples []e2e.Sample) {
	t.Helper()
	want := map[string]float64{}
	for _, f := range m.Figures {
		want[labelKey(m.Labels, f.LabelValues)] = f.Value
	}
	got := map[string]float64{}
	for _, s := range samples {
		values := make([]string, len(m.Labels))
		for i, l := range m.Labels {
			values[i] = s.Metric[l]
		}
		key := labelKey(m.Labels, values)
		if _, dup := got[key]; dup {
			t.Errorf("figure %s returned twice", key)
		}
		got[key] = s.Value
		for l, v := range s.Metric {
			if slices.Contains(m.Labels, l) {
				continue
			}
			sh := shapeOf(m)
			if l != sh.seriesLabel() || len(sh.Series) < 2 {
				t.Errorf("%s: unexpected label %s=%q (job, instance or name must be aggregated away)", key, l, v)
				continue
			}
			var parts []string
			for _, sl := range sh.Series {
				parts = append(parts, s.Metric[sl])
			}
			if v != strings.Join(parts, seriesSeparator) {
				t.Errorf("%s: joined label %s=%q, want the series labels' values joined", key, l, v)
			}
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("returned %v, want the figures %v", got, want)
	}
}

func labelKey(labels, values []string) string {
	var b strings.Builder
	for i, l := range labels {
		fmt.Fprintf(&b, "%s=%q,", l, values[i])
	}
	return "{" + strings.TrimSuffix(b.String(), ",") + "}"
}

// checkSources: one row per metric and source of its figures, with the
// metric, the source's title and its publisher.
func checkSources(t *testing.T, set *config.Set, samples []e2e.Sample) {
	t.Helper()
	want := map[string]bool{}
	for _, m := range set.Metrics {
		for _, f := range m.Figures {
			if src, ok := set.SourceOf(&f); ok {
				want[m.Name+"\x00"+src.Title+"\x00"+src.Publisher] = true
			}
		}
	}
	got := map[string]bool{}
	for _, s := range samples {
		got[s.Metric["metric"]+"\x00"+s.Metric["title"]+"\x00"+s.Metric["publisher"]] = true
	}
	if len(samples) != len(want) || !maps.Equal(got, want) {
		t.Errorf("%d sources returned: %v, want one per metric and source: %v", len(samples), got, want)
	}
}

// legendLabel matches the labels a legend format names.
var legendLabel = regexp.MustCompile(`\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}`)

// checkFieldsExist: every label the panel's legend, x axis and
// transformations name is a column the query really returns, since a
// misnamed field leaves a Grafana panel empty or warning, not failing.
func checkFieldsExist(t *testing.T, p jsonPanel, samples []e2e.Sample) {
	t.Helper()
	has := func(label string) bool {
		for _, s := range samples {
			if _, ok := s.Metric[label]; !ok {
				return false
			}
		}
		return true
	}
	for _, m := range legendLabel.FindAllStringSubmatch(p.Targets[0].LegendFormat, -1) {
		if !has(m[1]) {
			t.Errorf("legend names %s, which the query does not return", m[1])
		}
	}
	if p.Type != "barchart" {
		return
	}
	x, _ := p.Options["xField"].(string)
	if !has(x) {
		t.Errorf("x field %q is not a label the query returns", x)
	}
	if p.Targets[0].Format != "table" {
		t.Errorf("bar chart query format %q: a bar chart needs the table format's label columns", p.Targets[0].Format)
	}
	sort, _ := p.transformation("sortBy")["sort"].([]any)
	if len(sort) != 1 || sort[0].(map[string]any)["field"] != x {
		t.Errorf("bars sorted by %v, want by the x field %q", sort, x)
	}
	if m := p.transformation("groupingToMatrix"); m != nil {
		row, col := m["rowField"].(string), m["columnField"].(string)
		if row != x || !has(col) {
			t.Errorf("grouping to matrix by %q×%q: want rows by the x field %q and a returned column label", row, col, x)
		}
		rename, _ := p.transformation("organize")["renameByName"].(map[string]any)
		if rename[row+`\`+col] != x {
			t.Errorf("the matrix corner %q is not renamed to the x field %q: %v", row+`\`+col, x, rename)
		}
	}
}

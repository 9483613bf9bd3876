package dashboard

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/infer"
	"github.com/figures-exporter/figures_exporter/metricinfo"
	"github.com/figures-exporter/figures_exporter/period"
)

// labelValuesQuery is Grafana's syntax of a label_values variable query:
// the series selector and the label (labelValuesRegex of its
// metric_find_query.ts).
var labelValuesQuery = regexp.MustCompile(`^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)\s*$`)

// labelVariables are the dashboard's query variables, by the label each
// reads with label_values.
func labelVariables(t *testing.T, d jsonDashboard) map[string]jsonVariable {
	t.Helper()
	out := map[string]jsonVariable{}
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		m := labelValuesQuery.FindStringSubmatch(v.Query)
		if m == nil {
			t.Fatalf("variable %s: query %q is not label_values(selector, label)", v.Name, v.Query)
		}
		out[m[2]] = v
	}
	return out
}

// values is a variable's default selection, from its current value.
func (v jsonVariable) values(t *testing.T) []string {
	t.Helper()
	list, ok := v.Current.Value.([]any)
	if !ok {
		t.Fatalf("variable %s: current value %v is not a list", v.Name, v.Current.Value)
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = x.(string)
	}
	return out
}

// defaultSelection is every label variable's default selection.
func defaultSelection(t *testing.T, d jsonDashboard) selection {
	t.Helper()
	sel := selection{}
	for _, v := range labelVariables(t, d) {
		sel[v.Name] = v.values(t)
	}
	return sel
}

// selected is the set as the dashboard shows it with sel: each metric's
// figures whose values of the variables' labels (other than its time
// label) are selected. Which metrics a variable filters is the set's
// business here, not the queries', so that a query that forgot a filter
// fails.
func selected(t *testing.T, d jsonDashboard, set *config.Set, sel selection) *config.Set {
	t.Helper()
	out := *set
	out.Metrics = slices.Clone(set.Metrics)
	for label, v := range labelVariables(t, d) {
		values, picked := sel[v.Name]
		if !picked || values == nil {
			continue
		}
		for i := range out.Metrics {
			m := &out.Metrics[i]
			tl, _ := period.TimeLabel(m.Labels, m.TimeLabel)
			idx := slices.Index(m.Labels, label)
			if idx < 0 || label == tl {
				continue
			}
			m.Figures = slices.DeleteFunc(slices.Clone(m.Figures), func(f config.Figure) bool {
				return !slices.Contains(values, f.LabelValues[idx])
			})
		}
	}
	return &out
}

// TestSmallSetsHaveNoLabelVariables: the report, the custom set and the
// history set have no label of more than a handful of values, so their
// dashboards keep the data source as their one variable and their
// queries as they were (the tests of their panels say which).
func TestSmallSetsHaveNoLabelVariables(t *testing.T) {
	sets := testSets(t)
	sets["history"] = loadHistory(t)
	for name, set := range sets {
		t.Run(name, func(t *testing.T) {
			d, raw := decode(t, set)
			if len(d.Templating.List) != 1 {
				t.Errorf("variables %+v, want the data source's alone", d.Templating.List)
			}
			if strings.Contains(string(raw), `=~\"$`) {
				t.Error("a query filters on a variable")
			}
		})
	}
}

// TestRealShapedSetHasLabelVariables: the real-shaped set's labels of
// many values (118 entities, 62 countries, 51 states) each get a
// multi-select variable with All over the metrics that have it, selecting
// by default the 8 values of the largest latest figure; every panel of
// those metrics filters on it, history panels too; the year labels get
// none.
func TestRealShapedSetHasLabelVariables(t *testing.T) {
	set := mustParse(t, scaleFigures())
	d, _ := decode(t, set)
	vars := labelVariables(t, d)
	want := map[string]string{
		"Entity":  "label_values(disaster_deaths, Entity)",
		"country": `label_values({__name__=~"gdp_usd|life_expectancy_years"}, country)`,
		"state":   "label_values(state_engineers_ratio, state)",
	}
	if len(vars) != len(want) || len(d.Templating.List) != len(want)+1 || d.Templating.List[0].Name != DatasourceVariable {
		t.Fatalf("variables %+v, want the data source's then one for each of %v", d.Templating.List, want)
	}
	for label, q := range want {
		v := vars[label]
		if v.Name != label || v.Label != label || v.Query != q || v.Definition != q {
			t.Errorf("%s: variable %q labelled %q queries %q (definition %q), want %q", label, v.Name, v.Label, v.Query, v.Definition, q)
		}
		if !v.Multi || !v.IncludeAll || v.AllValue != allValue || v.Refresh != 1 {
			t.Errorf("%s: multi %v, all %v (%q), refresh %d: want a multi-select with All as %q, read on load", label, v.Multi, v.IncludeAll, v.AllValue, v.Refresh, allValue)
		}
		if v.Datasource == nil || *v.Datasource != (jsonDatasource{Type: "prometheus", UID: "${datasource}"}) {
			t.Errorf("%s: data source %+v, want the variable's", label, v.Datasource)
		}
	}
	// The default selection: the largest latest figures of the first
	// metric with the label, worked out here from the set.
	for label, metric := range map[string]string{"Entity": "disaster_deaths", "country": "gdp_usd", "state": "state_engineers_ratio"} {
		top := largestLatest(t, set, metric, label, maxLines)
		if got := vars[label].values(t); !slices.Equal(got, top) {
			t.Errorf("%s: default selection %q, want the %d largest latest figures of %s, %q", label, got, maxLines, metric, top)
		}
	}
	for _, p := range d.Panels {
		if p.Type == "row" || p.Title == "Sources" {
			continue
		}
		m := metricOf(t, set, p)
		tl, _ := period.TimeLabel(m.Labels, m.TimeLabel)
		for _, l := range m.Labels {
			matcher := fmt.Sprintf(`%s=~"$%s"`, l, l)
			if has := strings.Contains(p.Targets[0].Expr, matcher); has != (l != tl) {
				t.Errorf("%s (%s): query %s; want the matcher %s for every label but the time label", p.Title, p.Type, p.Targets[0].Expr, matcher)
			}
		}
	}
}

// largestLatest are the n values of label with the largest figure of
// metric in their latest year, by sorting every figure.
func largestLatest(t *testing.T, set *config.Set, metric, label string, n int) []string {
	t.Helper()
	var m *config.Metric
	for i := range set.Metrics {
		if set.Metrics[i].Name == metric {
			m = &set.Metrics[i]
		}
	}
	li := slices.Index(m.Labels, label)
	yi := slices.IndexFunc(m.Labels, func(l string) bool { return strings.EqualFold(l, "year") })
	figures := slices.Clone(m.Figures)
	// Latest year first, then largest; the first figure of each value
	// is its latest.
	slices.SortStableFunc(figures, func(a, b config.Figure) int {
		if yi >= 0 && a.LabelValues[yi] != b.LabelValues[yi] {
			return strings.Compare(b.LabelValues[yi], a.LabelValues[yi])
		}
		return 0
	})
	type v struct {
		name  string
		value float64
	}
	var latest []v
	for _, f := range figures {
		if !slices.ContainsFunc(latest, func(x v) bool { return x.name == f.LabelValues[li] }) {
			latest = append(latest, v{f.LabelValues[li], f.Value})
		}
	}
	slices.SortStableFunc(latest, func(a, b v) int {
		if a.value != b.value {
			if a.value > b.value {
				return -1
			}
			return 1
		}
		return slices.IndexFunc(m.Figures, func(f config.Figure) bool { return f.LabelValues[li] == a.name }) -
			slices.IndexFunc(m.Figures, func(f config.Figure) bool { return f.LabelValues[li] == b.name })
	})
	var out []string
	for _, x := range latest[:n] {
		out = append(out, x.name)
	}
	return out
}

// historyLines counts the series a history panel of m draws with sel:
// its distinct values of the labels other than the time label, among the
// selected figures on the time axis.
func historyLines(t *testing.T, d jsonDashboard, set *config.Set, m *config.Metric, sel selection) int {
	t.Helper()
	_, points := historyPoints(t, metricOf(t, selected(t, d, set, sel), jsonPanel{Description: m.Help}))
	return len(points)
}

// TestDefaultSelectionsShrinkToTheLineLimit: when a metric's labels
// together would draw more than maxLines series with every variable's
// default, the defaults shrink, the largest first, and a label of few
// values gets a variable when the others are down to one value.
func TestDefaultSelectionsShrinkToTheLineLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("metrics:\n")
	// 20 countries by 3 sexes: 60 lines.
	b.WriteString("  - name: population\n    help: Population by country and sex.\n    labels: [country, sex, year]\n    figures:\n")
	for c := range 20 {
		for s, sex := range []string{"female", "male", "all"} {
			for y := 2000; y < 2003; y++ {
				fmt.Fprintf(&b, "      - {country: c%02d, sex: %s, year: \"%d\", value: %d}\n", c, sex, y, 1000*c+10*s+y-2000)
			}
		}
	}
	// 5 age groups by 3 sexes: 15 lines of labels of few values.
	b.WriteString("  - name: deaths\n    help: Deaths by age group and sex.\n    labels: [age, sex, year]\n    figures:\n")
	for a := range 5 {
		for s, sex := range []string{"female", "male", "all"} {
			fmt.Fprintf(&b, "      - {age: a%d, sex: %s, year: \"2001\", value: %d}\n", a, sex, 10*a+s)
		}
	}
	// 12 indicators by 20 countries: two variables on one metric.
	b.WriteString("  - name: indicator_values\n    help: Indicators by country.\n    labels: [indicator, country, year]\n    figures:\n")
	for i := range 12 {
		for c := range 20 {
			fmt.Fprintf(&b, "      - {indicator: i%02d, country: c%02d, year: \"2001\", value: %d}\n", i, c, 100*i+c)
		}
	}
	set := mustParse(t, b.String())
	d, _ := decode(t, set)
	vars := labelVariables(t, d)
	var names []string
	for _, v := range d.Templating.List[1:] {
		names = append(names, v.Name)
	}
	// age joins country and indicator (more than 8 values); sex, the
	// label of fewest values, never needs one. They come in the order
	// their labels first appear in the set's metrics (in name order).
	if !slices.Equal(names, []string{"age", "indicator", "country"}) {
		t.Fatalf("variables %q, want age, indicator and country", names)
	}
	sel := defaultSelection(t, d)
	for i := range set.Metrics {
		m := &set.Metrics[i]
		if n := historyLines(t, d, set, m, sel); n > maxLines || n < 2 {
			t.Errorf("%s: %d lines by default (%v), want 2 to %d", m.Name, n, sel, maxLines)
		}
	}
	// country × sex: 2 countries, the largest (c19, c18); ranked by
	// indicator_values, the first metric with the label.
	if got := vars["country"].values(t); !slices.Equal(got, []string{"c19", "c18"}) {
		t.Errorf("country: default %q, want the 2 largest, c19 and c18", got)
	}
}

// TestVariableNamedLikeTheDataSource: a label called datasource gets a
// variable of another name, since $datasource is the data source's.
func TestVariableNamedLikeTheDataSource(t *testing.T) {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: rows_read\n    help: Rows read by data source.\n    labels: [datasource]\n    figures:\n")
	for i := range 10 {
		fmt.Fprintf(&b, "      - {datasource: d%d, value: %d}\n", i, i)
	}
	d, _ := decode(t, mustParse(t, b.String()))
	v, ok := labelVariables(t, d)["datasource"]
	if !ok || v.Name != "datasource_label" {
		t.Fatalf("variables %+v, want datasource_label for the label datasource", d.Templating.List)
	}
	for _, p := range d.Panels {
		if p.Type == "barchart" || p.Type == "table" {
			if want := `datasource=~"$datasource_label"`; !strings.Contains(p.Targets[0].Expr, want) {
				t.Errorf("%s: %s, want the matcher %s", p.Title, p.Targets[0].Expr, want)
			}
		}
	}
}

// owidTable is a cut of a real Our World in Data table: 263 entities by
// year, 3 measures (testdata/tables/README.md).
const owidTable = "testdata/tables/owid_armed_forces.csv"

// loadOWID takes the OWID table through init, as a user would, and loads
// the figures file it writes; it returns the set and the file's path.
func loadOWID(t *testing.T) (*config.Set, string) {
	t.Helper()
	data, err := os.ReadFile(owidTable)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Base(owidTable)
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := infer.Infer([]infer.Input{{Path: name, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(path, res.File, 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatalf("init's file for %s: %v\n%s", owidTable, err, res.File)
	}
	return set, path
}

// owidEntities is the number of entities of each metric of the OWID set.
func owidEntities(set *config.Set) map[string]int {
	out := map[string]int{}
	for _, m := range set.Metrics {
		i := slices.Index(m.Labels, "entity")
		seen := map[string]bool{}
		for _, f := range m.Figures {
			seen[f.LabelValues[i]] = true
		}
		out[m.Name] = len(seen)
	}
	return out
}

func metricinfoTitle(m *config.Metric) string { return metricinfo.Of(m).Title }

// TestOWIDTableHasAnEntityVariable: the real table's 263 entities, which
// drew 263 lines in a history panel, get one variable over its three
// measures, whose default selection is the 8 entities of the largest
// latest figure of the first measure, so each history panel draws 8
// lines; All still has every entity.
func TestOWIDTableHasAnEntityVariable(t *testing.T) {
	set, _ := loadOWID(t)
	d, _ := decode(t, set)
	vars := labelVariables(t, d)
	v, ok := vars["entity"]
	if len(vars) != 1 || !ok {
		t.Fatalf("variables %+v, want one for entity", d.Templating.List)
	}
	var names []string
	for _, m := range set.Metrics {
		names = append(names, m.Name)
	}
	if want := fmt.Sprintf(`label_values({__name__=~"%s"}, entity)`, strings.Join(names, "|")); v.Query != want {
		t.Errorf("query %s, want %s", v.Query, want)
	}
	if got, want := v.values(t), largestLatest(t, set, set.Metrics[0].Name, "entity", maxLines); !slices.Equal(got, want) {
		t.Errorf("default %q, want %q", got, want)
	}
	entities := owidEntities(set)
	for i := range set.Metrics {
		m := &set.Metrics[i]
		if n := historyLines(t, d, set, m, defaultSelection(t, d)); n != maxLines {
			t.Errorf("%s: %d lines with the default selection, want %d", m.Name, n, maxLines)
		}
		if n := historyLines(t, d, set, m, selection{}); n != entities[m.Name] || n < 200 {
			t.Errorf("%s: %d lines with All, want every entity (%d)", m.Name, n, entities[m.Name])
		}
	}
}

// TestNestedLabelsKeepTheirFiguresTogether: counties in provinces, the
// provinces ranked by another metric (GDP), the counties by their jobs,
// largest in the provinces of least GDP. Ranked apart, the 8 counties of
// most jobs would lie outside the 8 provinces of most GDP, and the jobs'
// history panel would be empty by default; ranked after the provinces,
// the counties of the first provinces come first.
func TestNestedLabelsKeepTheirFiguresTogether(t *testing.T) {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: a_province_gdp_yuan\n    help: GDP by province.\n    labels: [province, year]\n    figures:\n")
	for p := range 12 {
		fmt.Fprintf(&b, "      - {province: p%02d, year: \"2020\", value: %d}\n", p, 1000*(p+1))
	}
	b.WriteString("  - name: b_county_jobs\n    help: Jobs by county.\n    labels: [county, province, year]\n    figures:\n")
	for c := range 40 {
		fmt.Fprintf(&b, "      - {county: c%02d, province: p%02d, year: \"2020\", value: %d}\n", c, c%12, 100*(12-c%12)+c)
	}
	set := mustParse(t, b.String())
	d, _ := decode(t, set)
	sel := defaultSelection(t, d)
	for i := range set.Metrics {
		m := &set.Metrics[i]
		if n := historyLines(t, d, set, m, sel); n != maxLines {
			t.Errorf("%s: %d lines by default (%v), want %d", m.Name, n, sel, maxLines)
		}
	}
	vars := labelVariables(t, d)
	// p11 has the most GDP; its counties c11, c23, c35, most jobs first.
	if got := vars["county"].values(t)[:3]; !slices.Equal(got, []string{"c35", "c23", "c11"}) {
		t.Errorf("counties %q first, want those of p11, c35, c23, c11", got)
	}
}

// TestEveryHistoryPanelDrawsByDefault: Our World in Data puts regions and
// countries under one Entity label, some measures for regions alone (a
// real case: Lee & Lee's schooling by region beside its countries). The
// default selection, the 8 countries of most GDP, would leave the
// regional panel empty: the region of most GDP takes the last place.
func TestEveryHistoryPanelDrawsByDefault(t *testing.T) {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: a_country_gdp_yuan\n    help: GDP by country.\n    labels: [entity, year]\n    figures:\n")
	for c := range 20 {
		fmt.Fprintf(&b, "      - {entity: c%02d, year: \"2020\", value: %d}\n", c, 100+c)
	}
	b.WriteString("  - name: b_region_gdp_yuan\n    help: GDP by region.\n    labels: [entity, year]\n    figures:\n")
	for r := range 4 {
		fmt.Fprintf(&b, "      - {entity: r%d, year: \"2020\", value: %d}\n", r, 1000*r)
	}
	set := mustParse(t, b.String())
	d, _ := decode(t, set)
	want := []string{"c19", "c18", "c17", "c16", "c15", "c14", "c13", "r3"}
	if got := labelVariables(t, d)["entity"].values(t); !slices.Equal(got, want) {
		t.Errorf("default %q, want %q", got, want)
	}
	sel := defaultSelection(t, d)
	for i, want := range []int{7, 1} {
		if n := historyLines(t, d, set, &set.Metrics[i], sel); n != want {
			t.Errorf("%s: %d lines by default, want %d", set.Metrics[i].Name, n, want)
		}
	}
}

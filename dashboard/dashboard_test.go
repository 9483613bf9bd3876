package dashboard

import (
	"maps"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// wantPanel is what one panel of a generated dashboard should be.
type wantPanel struct {
	row, typ, title, unit, expr string
}

// checkPanels holds the dashboard's non-row panels of the latest figures,
// in order, to want; history panels are history_test.go's.
func checkPanels(t *testing.T, d jsonDashboard, want []wantPanel) {
	t.Helper()
	rows := d.rowOf()
	var got []jsonPanel
	for _, p := range d.Panels {
		if p.Type != "row" && !p.isHistory() {
			got = append(got, p)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d panels, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		p, w := got[i], want[i]
		if rows[p.ID] != w.row || p.Type != w.typ || p.Title != w.title || p.FieldConfig.Defaults.Unit != w.unit {
			t.Errorf("panel %d is %q %s %q in %s, want %q %s %q in %s",
				i, p.Title, p.Type, p.FieldConfig.Defaults.Unit, rows[p.ID], w.title, w.typ, w.unit, w.row)
		}
		if len(p.Targets) != 1 || p.Targets[0].Expr != w.expr {
			t.Errorf("panel %q queries %+v, want the one query %s", p.Title, p.Targets, w.expr)
		}
	}
}

func TestDefaultDashboardHasAPanelPerMetric(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := decode(t, set)
	if d.UID != UID || d.Title != "East-West pairing-off cooperation for poverty reduction in 2011" {
		t.Errorf("uid %q, title %q", d.UID, d.Title)
	}
	const money, counts, personTimes = "Money (yuan)", "Counts", "Person-times"
	stat := func(row, title, unit, metric string) wantPanel {
		return wantPanel{row, "stat", title, unit, "max by (year) (" + metric + ")"}
	}
	checkPanels(t, d, []wantPanel{
		stat(money, "Aid", "currency:CN¥", "aid_yuan"),
		stat(money, "Cooperation investment", "currency:CN¥", "cooperation_investment_yuan"),
		{money, "barchart", "Social donations", "currency:CN¥", "max by (year, form) (social_donations_yuan)"},
		stat(counts, "Cadres sent", "locale", "cadres_sent"),
		stat(counts, "Cooperation agreements", "locale", "cooperation_agreements"),
		stat(counts, "Cooperative enterprises", "locale", "cooperative_enterprises"),
		stat(counts, "Drinking water livestock served", "locale", "drinking_water_livestock_served"),
		stat(counts, "Drinking water people served", "locale", "drinking_water_people_served"),
		stat(counts, "Eastern provinces participating", "locale", "eastern_provinces_participating"),
		stat(counts, "Hospitals built", "locale", "hospitals_built"),
		stat(counts, "Schools built", "locale", "schools_built"),
		stat(counts, "Technologies transferred", "locale", "technologies_transferred"),
		stat(counts, "Volunteers sent", "locale", "volunteers_sent"),
		{counts, "barchart", "Trainings held", "locale", "max by (year, program) (trainings_held)"},
		stat(personTimes, "Labor export", "locale", "labor_export_person_times"),
		{personTimes, "barchart", "Training", "locale", "max by (year, program) (training_person_times)"},
		stat("Lengths (meters)", "Roads built", "lengthm", "roads_built_meters"),
		stat("Areas (mu)", "Farmland built", "suffix:mu", "farmland_built_mu"),
		{"Growth", "barchart", "Ratio to base year", "percentunit",
			`label_join(max by (year, figure, base_year) (ratio_to_base_year), "figure_base_year", ", ", "figure", "base_year")`},
		{"Sources", "table", "Sources", "", "max by (metric, title, publisher, page, url) (figures_source_info)"},
	})

	// Every metric panel is described by its metric's help.
	helps := map[string]bool{}
	for _, m := range set.Metrics {
		helps[m.Help] = true
	}
	for _, p := range d.Panels {
		if p.Type == "stat" || p.Type == "barchart" {
			if !helps[p.Description] {
				t.Errorf("panel %q: description %q is no metric's help", p.Title, p.Description)
			}
		}
	}
}

// TestEveryPanelUsesTheDatasourceVariable: a dashboard that names a data
// source uid only works in the Grafana it was made for.
func TestEveryPanelUsesTheDatasourceVariable(t *testing.T) {
	for name, set := range testSets(t) {
		t.Run(name, func(t *testing.T) {
			d, _ := decode(t, set)
			if len(d.Templating.List) != 1 || d.Templating.List[0].Type != "datasource" ||
				d.Templating.List[0].Name != "datasource" || d.Templating.List[0].Query != "prometheus" {
				t.Fatalf("variables %+v, want one datasource variable of type prometheus", d.Templating.List)
			}
			want := jsonDatasource{Type: "prometheus", UID: "${datasource}"}
			for _, p := range d.Panels {
				if p.Type == "row" {
					continue
				}
				if p.Datasource == nil || *p.Datasource != want {
					t.Errorf("panel %q: datasource %+v, want %+v", p.Title, p.Datasource, want)
				}
				for _, q := range p.Targets {
					if q.Datasource == nil || *q.Datasource != want {
						t.Errorf("panel %q: query datasource %+v, want %+v", p.Title, q.Datasource, want)
					}
					if (!q.Instant || q.Range) && !p.isHistory() {
						t.Errorf("panel %q: query %s is not an instant query", p.Title, q.Expr)
					}
				}
			}
		})
	}
}

// customFigures has a metric with two label dimensions besides the year
// (and the year not first), one with a single other label over two years,
// a yearly count over two years, a one-year figure and one without labels.
const customFigures = `
metrics:
  - name: exports_yuan
    help: Exports by region and product.
    labels: [region, year, product]
    figures:
      - {region: north, year: "2010", product: tea, value: 1.5e6}
      - {region: north, year: "2011", product: tea, value: 2e6}
      - {region: south, year: "2011", product: silk, value: 3e6}
  - name: wells_dug
    help: Wells dug, by province.
    labels: [year, province]
    figures:
      - {year: "2010", province: gansu, value: 12}
      - {year: "2011", province: gansu, value: 15}
      - {year: "2011", province: ningxia, value: 7}
  - name: villages_reached
    help: Villages reached.
    labels: [year]
    figures:
      - {year: "2010", value: 40}
      - {year: "2011", value: 55}
  - name: canal_meters
    help: Canal dug.
    labels: [year]
    figures:
      - {year: "2011", value: 1200}
  - name: teachers_trained
    help: Teachers trained since the program began.
    figures:
      - {value: 310}
  - name: wells_over_2010
    help: Wells dug in a year over those dug in 2010.
    base: "2010"
    labels: [year]
    figures:
      - {year: "2011", value: 1.218}
`

func testSets(t *testing.T) map[string]*config.Set {
	t.Helper()
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*config.Set{"default": def, "custom": mustParse(t, customFigures)}
}

func TestCustomSetWithTwoLabelDimensions(t *testing.T) {
	set := mustParse(t, customFigures)
	d, _ := decode(t, set)
	if d.Title != defaultTitle {
		t.Errorf("title %q for figures without a source, want %q", d.Title, defaultTitle)
	}
	checkPanels(t, d, []wantPanel{
		{"Money (yuan)", "barchart", "Exports", "currency:CN¥",
			`label_join(max by (region, year, product) (exports_yuan), "region_product", ", ", "region", "product")`},
		// Stats first: the one-year and the unlabeled figure.
		{"Counts", "stat", "Teachers trained", "locale", "max(teachers_trained)"},
		{"Counts", "barchart", "Villages reached", "locale", "max by (year) (villages_reached)"},
		{"Counts", "barchart", "Wells dug", "locale", "max by (year, province) (wells_dug)"},
		{"Lengths (meters)", "stat", "Canal", "lengthm", "max by (year) (canal_meters)"},
		{"Growth", "stat", "Wells over 2010", "percentunit", "max by (year) (wells_over_2010)"},
	})
	for _, p := range d.Panels {
		if p.Type == "table" || p.Title == "Sources" {
			t.Errorf("a sources panel (%q) for figures without sources", p.Title)
		}
	}

	panels := map[string]jsonPanel{}
	for _, p := range d.Panels {
		panels[p.Title] = p
	}
	// Bars by year, one per region and product.
	exports := panels["Exports"]
	if x := exports.Options["xField"]; x != "year" {
		t.Errorf("exports: xField %v, want year", x)
	}
	m := exports.transformation("groupingToMatrix")
	if m["rowField"] != "year" || m["columnField"] != "region_product" || m["valueField"] != "Value" {
		t.Errorf("exports: grouping to matrix %v, want rows by year, columns by region_product", m)
	}
	if r := exports.transformation("organize"); r == nil || r["renameByName"].(map[string]any)[`year\region_product`] != "year" {
		t.Errorf("exports: organize %v, want the matrix corner renamed to year", r)
	}
	// Years read as numbers; Grafana would format them with the unit.
	for _, title := range []string{"Exports", "Villages reached", "Wells dug"} {
		o := panels[title].FieldConfig.Overrides
		if len(o) != 1 || o[0].Matcher.ID != "byName" || o[0].Matcher.Options != "year" ||
			len(o[0].Properties) != 1 || o[0].Properties[0].ID != "unit" || o[0].Properties[0].Value != "string" {
			t.Errorf("%s: overrides %+v, want the year shown as a string", title, o)
		}
	}
	// Decimals only where automatic rounding would lose the figure:
	// growth's 121.8% would be 122%.
	if dec := panels["Wells over 2010"].FieldConfig.Defaults.Decimals; dec == nil || *dec != 1 {
		t.Errorf("growth: decimals %v, want 1 (121.8%%, not 122%%)", dec)
	}
	if dec := exports.FieldConfig.Defaults.Decimals; dec != nil {
		t.Errorf("exports: decimals %v, want Grafana's automatic choice", *dec)
	}
	// One series over years: no matrix, the value column named.
	villages := panels["Villages reached"]
	if villages.transformation("groupingToMatrix") != nil {
		t.Error("villages: a single series needs no grouping to matrix")
	}
	if r := villages.transformation("organize"); r == nil || r["excludeByName"].(map[string]any)["Time"] != true {
		t.Errorf("villages: organize %v, want the Time column hidden", r)
	}
	if legend := villages.Options["legend"].(map[string]any); legend["showLegend"] != false {
		t.Errorf("villages: legend %v, want none for a single series", legend)
	}
	// A year label shown by the stat of a one-year figure; none without.
	if q := panels["Canal"].Targets[0]; q.LegendFormat != "{{year}}" || q.Format != "time_series" {
		t.Errorf("canal: legend %q format %q, want {{year}}, time_series", q.LegendFormat, q.Format)
	}
	if mode := panels["Teachers trained"].Options["textMode"]; mode != "value" {
		t.Errorf("teachers: text mode %v, want value: there is no year to name", mode)
	}
}

// TestPanelsReadMetricsAsMetricinfoDoes: every metric's panel has the
// title, unit and row metricinfo gives it, so that the dashboard and the
// figures page cannot disagree.
func TestPanelsReadMetricsAsMetricinfoDoes(t *testing.T) {
	sets := testSets(t)
	sets["scale"] = mustParse(t, scaleFigures())
	for name, set := range sets {
		t.Run(name, func(t *testing.T) {
			d, _ := decode(t, set)
			rows := d.rowOf()
			for _, p := range d.Panels {
				if p.Type == "row" || p.Title == "Sources" || p.isHistory() {
					continue
				}
				i := metricinfo.Of(metricOf(t, set, p))
				unit, _ := i.Grafana()
				if p.Title != i.Title || p.FieldConfig.Defaults.Unit != unit || rows[p.ID] != i.Row() {
					t.Errorf("panel %q: unit %q in row %q; metricinfo says %q, %q, %q", p.Title, p.FieldConfig.Defaults.Unit, rows[p.ID], i.Title, unit, i.Row())
				}
			}
		})
	}
}

func TestLayoutFillsTheGridWithoutOverlap(t *testing.T) {
	for name, set := range testSets(t) {
		t.Run(name, func(t *testing.T) {
			d, _ := decode(t, set)
			type cell struct{ x, y int }
			taken := map[cell]string{}
			lastY := -1
			for _, p := range d.Panels {
				g := p.GridPos
				if g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > gridWidth {
					t.Errorf("panel %q at %+v is off the %d-wide grid", p.Title, g, gridWidth)
				}
				if p.Type == "row" && (g.X != 0 || g.W != gridWidth || g.Y <= lastY) {
					t.Errorf("row %q at %+v does not start a line below every panel before it", p.Title, g)
				}
				for y := g.Y; y < g.Y+g.H; y++ {
					for x := g.X; x < g.X+g.W; x++ {
						if other, ok := taken[cell{x, y}]; ok {
							t.Fatalf("panel %q at %+v overlaps %q", p.Title, g, other)
						}
						taken[cell{x, y}] = p.Title
					}
					lastY = max(lastY, y)
				}
			}
		})
	}
}

func TestPanelIDsAreUnique(t *testing.T) {
	d, _ := decode(t, testSets(t)["default"])
	seen := map[int]string{}
	for _, p := range d.Panels {
		if p.ID == 0 {
			t.Errorf("panel %q has no id", p.Title)
		}
		if other, dup := seen[p.ID]; dup {
			t.Errorf("panels %q and %q share id %d", p.Title, other, p.ID)
		}
		seen[p.ID] = p.Title
	}
}

func TestSameFiguresSameBytes(t *testing.T) {
	set := testSets(t)["default"]
	a, err := JSON(set)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, _ := JSON(set)
		if string(a) != string(b) {
			t.Fatal("two dashboards of the same figures differ")
		}
	}
	if !strings.HasSuffix(string(a), "}\n") {
		t.Error("the JSON does not end in a newline")
	}
}

// TestManyValuesBecomeATable: the real-shaped set's metrics with more
// values than a screenful of bars are sortable tables, the year is found
// whatever its case, and titles keep their acronyms.
func TestManyValuesBecomeATable(t *testing.T) {
	d, _ := decode(t, mustParse(t, scaleFigures()))
	rows := d.rowOf()
	got := map[string]string{}
	for _, p := range d.Panels {
		if p.Type != "row" && !p.isHistory() {
			got[p.Title] = rows[p.ID] + "/" + p.Type
		}
		if p.Type == "table" && p.Title != "Sources" {
			sortBy, _ := p.Options["sortBy"].([]any)
			if len(sortBy) != 1 || sortBy[0].(map[string]any)["displayName"] != valueField || sortBy[0].(map[string]any)["desc"] != true {
				t.Errorf("%s: sorted by %v, want by the value, largest first", p.Title, p.Options["sortBy"])
			}
			if order := p.transformation("organize")["indexByName"].(map[string]any); p.Title != "State engineers" && order["Year"] != 0.0 {
				t.Errorf("%s: columns %v, want the year first", p.Title, order)
			}
		}
	}
	want := map[string]string{
		"Disaster deaths":           "Counts/table",             // 803 rows of 118 entities
		"GDP (current US$)":         "Money (US dollars)/table", // 62 countries × 30 years
		"Life expectancy":           "Durations (years)/table",  // 62 countries × 4 years
		"State engineers":           "Shares/table",             // 51 states
		"US employment (thousands)": "Counts/barchart",          // 30 years
		"Western aid":               "Money (yuan)/barchart",    // 13 years
		"Sources":                   "Sources/table",
	}
	if !maps.Equal(got, want) {
		t.Errorf("panels %v, want %v", got, want)
	}
}

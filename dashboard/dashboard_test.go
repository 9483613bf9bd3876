package dashboard

import (
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// wantPanel is what one panel of a generated dashboard should be.
type wantPanel struct {
	row, typ, title, unit, expr string
}

// checkPanels holds the dashboard's non-row panels, in order, to want.
func checkPanels(t *testing.T, d jsonDashboard, want []wantPanel) {
	t.Helper()
	rows := d.rowOf()
	var got []jsonPanel
	for _, p := range d.Panels {
		if p.Type != "row" {
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
	const money, counts = "Money (yuan)", "Counts"
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
		stat(counts, "Labor export person times", "locale", "labor_export_person_times"),
		stat(counts, "Schools built", "locale", "schools_built"),
		stat(counts, "Technologies transferred", "locale", "technologies_transferred"),
		stat(counts, "Volunteers sent", "locale", "volunteers_sent"),
		{counts, "barchart", "Training person times", "locale", "max by (year, program) (training_person_times)"},
		{counts, "barchart", "Trainings held", "locale", "max by (year, program) (trainings_held)"},
		stat("Lengths (meters)", "Roads built", "lengthm", "roads_built_meters"),
		stat("Areas (mu)", "Farmland built", "suffix:mu", "farmland_built_mu"),
		{"Ratios", "barchart", "Ratio to base year", "percentunit",
			`label_join(max by (year, figure, base_year) (ratio_to_base_year), "figure_base_year", ", ", "figure", "base_year")`},
		{"Sources", "table", "Sources", "", "max by (title, publisher, page, url) (figures_source_info)"},
	})

	for _, p := range d.Panels {
		if p.Title == "Ratio to base year" {
			if dec := p.FieldConfig.Defaults.Decimals; dec == nil || *dec != 1 {
				t.Errorf("ratio: decimals %v, want 1 (121.8%%, not 122%%)", dec)
			}
		}
	}

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
					if !q.Instant || q.Range {
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
	// Decimals only where automatic rounding would lose the figure.
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

func TestUnitAndTitleFromName(t *testing.T) {
	for _, c := range []struct{ name, row, unit, title string }{
		{"aid_yuan", "Money (yuan)", "currency:CN¥", "Aid"},
		{"roads_built_meters", "Lengths (meters)", "lengthm", "Roads built"},
		{"housing_square_meters", "Areas (square meters)", "areaM2", "Housing"},
		{"farmland_built_mu", "Areas (mu)", "suffix:mu", "Farmland built"},
		{"ratio_to_base_year", "Ratios", "percentunit", "Ratio to base year"},
		{"enrolment_ratio", "Ratios", "percentunit", "Enrolment"},
		{"poverty_percent", "Percentages", "percent", "Poverty"},
		{"schools_built", "Counts", "locale", "Schools built"},
		{"yuan", "Counts", "locale", "Yuan"},
	} {
		u := unitOf(c.name)
		if u.Row != c.row || u.Grafana != c.unit || titleOf(c.name) != c.title {
			t.Errorf("%s: row %q unit %q title %q, want %q %q %q", c.name, u.Row, u.Grafana, titleOf(c.name), c.row, c.unit, c.title)
		}
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

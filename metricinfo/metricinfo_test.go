package metricinfo

import (
	"slices"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
	"github.com/figures-exporter/figures_exporter/metricinfo/units"
)

func parse(t *testing.T, yaml string) *config.Set {
	t.Helper()
	set, err := config.Parse("figures.yml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func metric(t *testing.T, set *config.Set, name string) *config.Metric {
	t.Helper()
	for i := range set.Metrics {
		if set.Metrics[i].Name == name {
			return &set.Metrics[i]
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

// The set: a share named by Prometheus' convention, a count in
// thousands with an acronym, money in dollars, a life expectancy in
// years, and growth declared over a base label.
const figures = `
metrics:
  - name: state_engineers_ratio
    help: Engineers as a share of the workforce, by state.
    labels: [State, Year]
    figures:
      - {State: Ohio, Year: "2020", value: 0.0034}
  - name: us_employment_thousands
    help: Employment in the US, in thousands of persons.
    labels: [year]
    figures:
      - {year: "2020", value: 150000}
  - name: gdp
    help: Gross domestic product.
    unit: USD
    title: GDP (current US$)
    labels: [country, Year]
    figures:
      - {country: France, Year: "2020", value: -2.63e12}
  - name: life_expectancy_years
    help: Life expectancy at birth
    labels: [country, period]
    figures:
      - {country: Chad, period: "2020", value: 52.5}
  - name: ratio_to_base_year
    help: A figure divided by the same figure of the base year.
    base: base_year
    labels: [year, figure, base_year]
    figures:
      - {year: "2011", figure: aid, base_year: "2005", value: 1.218}
  - name: exports_growth
    help: Exports over 2010.
    base: "2010"
    labels: [year]
    figures:
      - {year: "2011", value: 0.9}
  - name: aid_yuan
    help: Aid, in yuan.
    figures:
      - {value: 840264000}
  - name: deaths
    help: Deaths from disasters in China and the world. Counted by the EM-DAT database.
    labels: [Entity, TIME]
    figures:
      - {Entity: World, TIME: "2020", value: 1234567}
`

func TestInfo(t *testing.T) {
	set := parse(t, figures)
	for _, c := range []struct {
		name, unit       string
		declared         bool
		kind             units.Kind
		title, timeLabel string
		ending           string
		v                float64
		labels           []string
		value, note      string
	}{
		{"state_engineers_ratio", "ratio", false, units.Share, "State engineers", "Year", "ratio", 0.0034, nil, "0.34%", ""},
		{"us_employment_thousands", "", false, units.Count, "US employment (thousands)", "year", "", 150000, nil, "150,000", ""},
		{"gdp", "usd", true, units.Amount, "GDP (current US$)", "Year", "", -2.63e12, nil, "−$2,630,000,000,000", "= −$2.63 trillion"},
		{"life_expectancy_years", "years", false, units.Amount, "Life expectancy at birth", "period", "years", 52.5, nil, "52.5 a", ""},
		{"ratio_to_base_year", "ratio", false, units.Growth, "Ratio to base year", "year", "", 1.218, []string{"2011", "aid", "2005"}, "1.218×", "+21.8% on 2005"},
		{"exports_growth", "", false, units.Growth, "Exports growth", "year", "", 0.9, nil, "0.9×", "−10% on 2010"},
		{"aid_yuan", "yuan", false, units.Amount, "Aid", "", "yuan", 840264000, nil, "CN¥840,264,000", "= CN¥840.264 million"},
		{"deaths", "", false, units.Count, "Deaths", "TIME", "", 1234567, nil, "1,234,567", "≈ 1.235 million"},
	} {
		i := Of(metric(t, set, c.name))
		if i.Unit.Name != c.unit || i.UnitDeclared != c.declared || i.Kind != c.kind || i.Title != c.title || i.TimeLabel != c.timeLabel || i.UnitEnding() != c.ending {
			t.Errorf("%s: unit %q declared %v kind %v title %q time label %q ending %q; want %q %v %v %q %q %q",
				c.name, i.Unit.Name, i.UnitDeclared, i.Kind, i.Title, i.TimeLabel, i.UnitEnding(), c.unit, c.declared, c.kind, c.title, c.timeLabel, c.ending)
		}
		if r := i.Format(c.labels, c.v); r.Value != c.value || r.Note != c.note {
			t.Errorf("%s: %v is written %q, %q; want %q, %q", c.name, c.v, r.Value, r.Note, c.value, c.note)
		}
	}
}

func TestTitleFromName(t *testing.T) {
	for _, c := range []struct{ name, help, want string }{
		{"roads_built_meters", "Highroads built, in meters.", "Roads built"},
		{"housing_square_meters", "", "Housing"},
		{"yuan", "", "Yuan"},
		{"gdp_usd", "The GDP of each country, in US dollars.", "GDP"},
		{"china_exports_millions", "Exports of China, in millions of tonnes.", "China exports (millions)"},
		{"county_gdp_yuan", "Gross domestic product of the county, in yuan.", "County GDP"},
		{"us_employment_thousands", "Employment, in thousands.", "US employment (thousands)"},
		// A word that only starts the help's sentence keeps no capital.
		{"built_schools", "Schools built.", "Built schools"},
	} {
		m := &config.Metric{Name: c.name, Help: c.help}
		if got := Of(m).Title; got != c.want {
			t.Errorf("title of %s (help %q) = %q, want %q", c.name, c.help, got, c.want)
		}
	}
}

func TestUnitFromNameEnding(t *testing.T) {
	for _, c := range []struct{ name, unit, ending string }{
		{"gdp_USD", "usd", "USD"},
		{"gdp_cny", "yuan", "cny"},
		{"reserves_eur", "eur", "eur"},
		{"housing_square_meters", "square_meters", "square_meters"},
		{"labor_export_person_times", "person_times", "person_times"},
		{"residents_persons", "persons", "persons"},
		{"forest_hectares", "hectares", "hectares"},
		{"uptime_seconds", "seconds", "seconds"},
		{"poverty_percent", "percent", "percent"},
		{"schools_built", "", ""},
		{"ratio", "", ""},
	} {
		i := Of(&config.Metric{Name: c.name})
		if i.Unit.Name != c.unit || i.UnitEnding() != c.ending {
			t.Errorf("%s: unit %q ending %q, want %q %q", c.name, i.Unit.Name, i.UnitEnding(), c.unit, c.ending)
		}
	}
}

// A declared unit that the name does not end with gives no # UNIT: the
// OpenMetrics specification wants the unit as the name's suffix.
func TestDeclaredUnitNotInNameHasNoEnding(t *testing.T) {
	i := Of(&config.Metric{Name: "gdp", Reading: config.Reading{Unit: "usd"}})
	if i.Unit.Name != "usd" || i.UnitEnding() != "" {
		t.Errorf("gdp with unit usd: unit %q ending %q, want usd and none", i.Unit.Name, i.UnitEnding())
	}
	// A declared unit wins over the name's.
	i = Of(&config.Metric{Name: "gdp_yuan", Reading: config.Reading{Unit: "usd"}})
	if i.Unit.Name != "usd" || i.UnitEnding() != "" {
		t.Errorf("gdp_yuan with unit usd: unit %q ending %q, want usd and none", i.Unit.Name, i.UnitEnding())
	}
}

func TestUnitProblems(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"metrics:\n  - name: a\n    help: A.\n    unit: furlongs\n    figures: [{value: 1}]\n", `figures.yml:4: metrics[0].unit: unknown unit "furlongs": expected one of yuan, usd`},
		{"metrics:\n  - name: a\n    unit: yuan\n    figures: [{value: 1}]\n", "give it where help: is"},
		{"metrics:\n  - name: a\n    help: A.\n    title: \"\"\n    figures: [{value: 1}]\n", "metrics[0].title: expected text, found an empty string"},
	} {
		_, err := config.Parse("figures.yml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.yaml, err, c.want)
		}
	}
	set := parse(t, "metrics:\n  - name: a\n    help: A.\n    unit: CNY\n    figures: [{value: 1}]\n")
	if got := set.Metrics[0].Reading.Unit; got != "yuan" {
		t.Errorf("unit: CNY is %q, want yuan", got)
	}
}

func TestDeclaredTimeLabel(t *testing.T) {
	i := Of(&config.Metric{Name: "a", Labels: []string{"year", "survey_round"}, TimeLabel: "survey_round"})
	if i.TimeLabel != "survey_round" {
		t.Errorf("time label %q, want the declared survey_round", i.TimeLabel)
	}
	i = Of(&config.Metric{Name: "a", Labels: []string{"country", "Time_Period"}})
	if i.TimeLabel != "Time_Period" {
		t.Errorf("time label %q, want Time_Period", i.TimeLabel)
	}
}

func TestSourcesOf(t *testing.T) {
	m := &config.Metric{Figures: []config.Figure{{Source: 2}, {Source: 0}, {Source: 1}, {Source: 1}, {Source: 2}, {Source: 1}, {Source: 3}}}
	got := SourcesOf(m)
	want := []SourceCount{{1, 3}, {2, 2}, {3, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("SourcesOf = %v, want %v", got, want)
	}
	if got := SourcesOf(&config.Metric{Figures: []config.Figure{{}}}); len(got) != 0 {
		t.Errorf("figures without sources have sources %v", got)
	}
	set, err := config.Parse("x.yml", synth.RealShapedYAML())
	if err != nil {
		t.Fatal(err)
	}
	// gdp_usd: the World Bank for 24 years of each country, the IMF for 6.
	for i := range set.Metrics {
		if m := &set.Metrics[i]; m.Name == "gdp_usd" {
			got := SourcesOf(m)
			if len(got) != 2 || set.Sources[got[0].Source-1].Publisher != "World Bank" || got[0].Figures != 62*24 || got[1].Figures != 62*6 {
				t.Errorf("gdp_usd sources %v of %v", got, set.Sources)
			}
		}
	}
}

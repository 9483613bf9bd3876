package infer

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/config/table"
	"github.com/figures-exporter/figures_exporter/period"
)

var update = flag.Bool("update", false, "rewrite the golden figures files under testdata/")

// reading is how a real table is laid out, written by hand from reading
// the file (not from init's inference): where its header is, which
// columns hold labels and which figures, and what each figure's metric
// and labels are. The test reads the table with config/table, takes
// every cell of a value column that config.ParseValue reads as the
// expected figure, and holds the set config serves from init's file to
// exactly these.
type reading struct {
	file   string
	opts   table.Options
	header int               // the header's row as config/table numbers it
	labels map[string]string // label name -> column header
	// One of:
	values  map[string]string // metric -> value column
	wide    *wideReading
	indRows *rowsReading
	// percent says which indicators' cells are percentages (served /100).
	percent func(indicator string) bool
	// byColumn: the value columns are every column but the labels'; each
	// column's metric is the one the written file names for it (Destatis'
	// 72 items).
	byColumn bool
	// unitRow is the row under the header that gives each column's unit
	// (Prozent: served /100; 1000: thousands); 0 for none.
	unitRow int
	// decimalComma: 74,4 is 74.4.
	decimalComma bool
	// dropped: rows whose column (key) holds the value are not served:
	// two rows of one series, which no mapping can serve both.
	dropped map[string]string
}

// wideReading: the columns whose header matches become values of label.
type wideReading struct {
	label, match string
	metric       string // "" with indicator rows
}

// rowsReading: every row's indicator names its metric. The metric's
// name is the one the written file gives the indicator (names are a
// matter of taste, checked in the golden files); which cells it holds
// and with what labels is checked against the table.
type rowsReading struct{ column string }

func prefixed(prefix string, headers ...string) map[string]string {
	m := map[string]string{}
	for _, h := range headers {
		m[prefix+h] = h
	}
	return m
}

// lastUnitHasPercent: World Bank indicators in percent say so in their
// last parentheses, "(% of GDP)", "(annual %)".
func lastUnitHasPercent(indicator string) bool {
	i := strings.LastIndex(indicator, "(")
	return i >= 0 && strings.HasSuffix(strings.TrimSpace(indicator), ")") && strings.Contains(indicator[i:], "%") && !strings.Contains(indicator[:i], "(%")
}

var readings = []reading{
	{ // long
		file: "population_long.csv", header: 1,
		labels: map[string]string{"country_name": "Country Name", "country_code": "Country Code", "year": "Year"},
		values: map[string]string{"population_long": "Value"},
	},
	{ // a source column, dates in the year column
		file: "iowa-electricity.csv", header: 1,
		labels: map[string]string{"year": "year", "source": "source"},
		values: map[string]string{"iowa_electricity_net_generation": "net_generation"},
	},
	{ // SDMX-CSV, empty OBS_VALUE cells
		file: "oecd_gov_debt_sdmx.csv", header: 1,
		labels: map[string]string{"dataflow": "DATAFLOW", "freq": "FREQ", "ref_area": "REF_AREA", "measure": "MEASURE", "unit_measure": "UNIT_MEASURE", "sector": "SECTOR", "edition": "EDITION", "category": "CATEGORY", "time_period": "TIME_PERIOD"},
		values: map[string]string{"oecd_gov_debt_sdmx": "OBS_VALUE"},
	},
	{ // title rows, quarters across, coded labels, many gaps
		file: "bis_property_prices.csv", header: 6,
		labels: map[string]string{"frequency": "Frequency", "reference_area": "Reference area", "value_label": "Value", "unit_of_measure": "Unit of measure", "time_period": "Time Period"},
		wide:   &wideReading{label: "quarter", match: `^(\d{4}-Q[1-4])$`, metric: "bis_property_prices"},
	},
	{ // several measures, daily dates, a gap
		file: "covid_worldwide_aggregate.csv", header: 1,
		labels: map[string]string{"date": "Date"},
		values: map[string]string{"covid_worldwide_aggregate_confirmed": "Confirmed", "covid_worldwide_aggregate_recovered": "Recovered", "covid_worldwide_aggregate_deaths": "Deaths", "covid_worldwide_aggregate_increase_rate": "Increase rate"},
	},
	{ // several measures, an id column of numbers
		file: "population_engineers_hurricanes.csv", header: 1,
		labels: map[string]string{"state": "state", "id": "id"},
		values: prefixed("population_engineers_hurricanes_", "population", "engineers", "hurricanes"),
	},
	{ // tabs, .097
		file: "unemployment.tsv", header: 1, opts: table.Options{Separator: '\t'},
		labels: map[string]string{"id": "id"},
		values: map[string]string{"unemployment_rate": "rate"},
	},
	{ // a monthly table with one column per series
		file: "us-employment.csv", header: 1,
		labels: map[string]string{"month": "month"},
		values: prefixed("us_employment_", "nonfarm", "private", "goods_producing", "service_providing", "private_service_providing", "mining_and_logging", "construction", "manufacturing", "durable_goods", "nondurable_goods", "trade_transportation_utilties", "wholesale_trade", "retail_trade", "transportation_and_warehousing", "utilities", "information", "financial_activities", "professional_and_business_services", "education_and_health_services", "leisure_and_hospitality", "other_services", "government", "nonfarm_change"),
	},
	{ // World Bank bulk: BOM, CRLF, title rows, years across, indicators in rows, trailing comma
		file: "wb_API_BEL_DS2_en_csv_v2.csv", header: 5,
		labels:  map[string]string{"country_name": "Country Name", "country_code": "Country Code", "indicator_code": "Indicator Code"},
		wide:    &wideReading{label: "year", match: `^(\d{4})$`},
		indRows: &rowsReading{column: "Indicator Name"},
		percent: lastUnitHasPercent,
	},
	{ // World Bank DataBank: "..", "2001 [YR2001]", footnotes after empty rows
		file: "wb_databank_extract.csv", header: 1,
		labels:  map[string]string{"country_name": "Country Name", "country_code": "Country Code", "series_code": "Series Code"},
		wide:    &wideReading{label: "year", match: `^(\d{4}) \[YR\d{4}\]$`},
		indRows: &rowsReading{column: "Series Name"},
		percent: lastUnitHasPercent,
	},
	{ // GB18030, an unnamed first column of years written 1978年
		file: "nbs_gdp_gb18030.csv", header: 1, opts: table.Options{Encoding: "gb18030"},
		labels: map[string]string{"year": "#1"},
		values: map[string]string{"nbs_gdp_gb18030_per_capita_gdp": "人均国内生产总值", "nbs_gdp_gb18030_gdp": "国内生产总值", "nbs_gdp_gb18030_gni": "国民总收入", "nbs_gdp_gb18030_primary_industry_value_added": "第一产业增加值", "nbs_gdp_gb18030_secondary_industry_value_added": "第二产业增加值", "nbs_gdp_gb18030_tertiary_industry_value_added": "第三产业增加值"},
	},
	{ // Windows-1252, semicolons, decimal comma, a header of four rows, units in the last, "-" and "." gaps, notes
		file: "destatis_63111-0001.csv", header: 9, unitRow: 10, decimalComma: true,
		opts:     table.Options{Encoding: "windows-1252", Separator: ';'},
		labels:   map[string]string{"date": "#1"},
		byColumn: true,
	},
	{ // JSON records
		file: "unemployment-across-industries.json", header: 1,
		labels: map[string]string{"series": "series", "year": "year", "month": "month", "date": "date"},
		values: map[string]string{"unemployment_across_industries_count": "count", "unemployment_across_industries_rate": "rate"},
	},
	{ // a workbook: countries in rows, years across, the measure in the first header
		file: "gapminder_agriculture_land.xlsx", header: 1,
		labels:  map[string]string{"name": "Agricultural land (% of land area)"},
		wide:    &wideReading{label: "year", match: `^(\d{4})$`, metric: "agricultural_land_land_area_ratio"},
		percent: func(string) bool { return true },
	},
	{ // no text column: longitude and latitude, numbers, are the keys of a grid
		file: "windvectors.csv", header: 1,
		labels: map[string]string{"longitude": "longitude", "latitude": "latitude"},
		values: map[string]string{"windvectors_dir": "dir", "windvectors_dircat": "dirCat", "windvectors_speed": "speed"},
	},
	// A workbook of several sheets: a cover, contents and notes, not
	// read, then a table on each sheet, each its own entry.
	{ // titles above the header, services in rows, years across
		file: "dft_avi0102.xlsx", header: 7, opts: table.Options{Sheet: "TSGB0202a"},
		labels: map[string]string{"service": "Service"},
		wide:   &wideReading{label: "year", match: `^(\d{4})$`, metric: "dft_avi0102_tsgb0202a"},
	},
	{ // airports in rows, "[n]" gaps, a year headed "2020 [Note 3]" holding "[Note 2]" (a label, not figures)
		file: "dft_avi0102.xlsx", header: 7, opts: table.Options{Sheet: "TSGB0202b"},
		labels: map[string]string{"reporting_airport": "Reporting Airport", "l_2020_note_3": "2020 [Note 3]"},
		wide:   &wideReading{label: "year", match: `^(\d{4})$`, metric: "dft_avi0102_tsgb0202b"},
	},
	{ // HM Treasury: financial years across (1998-99 … 2021-22), a row of "outturn" under them, functions in rows, numbered notes below
		file: "hmt_pesa_2022_table_4_2.xlsx", header: 5,
		labels: map[string]string{"col_1": "#1"},
		wide:   &wideReading{label: "fiscal_year", match: `^(\d{4}[-/]\d{2})$`, metric: "hmt_pesa_2022_table_4_2"},
	},
	{ // dates written 2014-7-1; the years records were set are figures, not labels
		file: "weather_kclt.csv", header: 1,
		labels: map[string]string{"date": "date"},
		values: prefixed("weather_kclt_", "actual_mean_temp", "actual_min_temp", "actual_max_temp", "average_min_temp", "average_max_temp", "record_min_temp", "record_max_temp", "record_min_temp_year", "record_max_temp_year", "actual_precipitation", "average_precipitation", "record_precipitation"),
	},
	{ // US Census: two title rows (merged across), a header of two rows whose first cell "Geographic Area" is merged down both, regions and ".Alabama" in rows, notes merged across below
		file: "census_nst-est2019-01.xlsx", header: 4,
		labels: map[string]string{"geographic_area": "Geographic Area"},
		wide:   &wideReading{label: "year", match: `^(\d{4})$`, metric: "census_nst_est2019_01"},
	},
	// The tables of the integrator's QA.
	{ // a series break: 1947 twice, dropped; a footnotes column
		file: "employment-us-aat1.csv", header: 1,
		labels:  map[string]string{"year": "year"},
		values:  prefixed("employment_us_aat1_", "population", "labor_force", "population_percent", "employed_total", "employed_percent", "agrictulture_ratio", "nonagriculture_ratio", "unemployed", "unemployed_percent", "not_in_labor"),
		dropped: map[string]string{"year": "1947"},
	},
	{ // months under Date; a seventh cell under no header
		file: "co2-mm-mlo.csv", header: 1,
		labels: map[string]string{"month": "Date"},
		values: map[string]string{"co2_mm_mlo_decimal_date": "Decimal Date", "co2_mm_mlo_average": "Average", "co2_mm_mlo_interpolated": "Interpolated", "co2_mm_mlo_trend": "Trend", "co2_mm_mlo_number_of_days": "Number of Days", "co2_mm_mlo_col_7": "#7"},
	},
	{ // months under Year, a source label
		file: "global-temp-monthly.csv", header: 1,
		labels: map[string]string{"source": "Source", "month": "Year"},
		values: map[string]string{"global_temp_monthly_mean": "Mean"},
	},
	{ // None and ... for missing values
		file: "population-estimates.csv", header: 1,
		labels: map[string]string{"region": "Region", "country_code": "Country Code", "year": "Year"},
		values: map[string]string{"population_estimates_population": "Population"},
	},
}

// TestInitServesEveryNumberOfRealTables runs init on each real table,
// checks the written file against its golden copy, loads it with config
// and holds what is served to the numbers of the table.
func TestInitServesEveryNumberOfRealTables(t *testing.T) {
	for _, r := range readings {
		t.Run(strings.TrimSuffix(r.file+" "+r.opts.Sheet, " "), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", r.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Infer([]Input{{Path: "tables/" + r.file, Data: data}})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(r.file, filepath.Ext(r.file))+".yml", res.File)
			again, err := Infer([]Input{{Path: "tables/" + r.file, Data: data}})
			if err != nil || string(again.File) != string(res.File) {
				t.Fatalf("a second run wrote other bytes (%v)", err)
			}

			served := serve(t, r.file, data, res.File)
			// A sheet of a workbook is its own table of the written file:
			// its metrics, and its count in the summary.
			stats, ofSheet := res.Stats, map[string]bool{}
			if r.opts.Sheet != "" {
				for i, sh := range res.sheets {
					if sh == r.opts.Sheet {
						stats = res.Tables[i]
					}
				}
				for _, e := range res.Entries {
					if e.Sheet == r.opts.Sheet {
						for _, m := range e.Metrics() {
							ofSheet[m] = true
						}
					}
				}
				for k := range served {
					if !ofSheet[k[:strings.IndexByte(k, '{')]] {
						delete(served, k)
					}
				}
			}
			want := expected(t, r, data, writtenMetrics(t, res.File))
			compare(t, want, served)
			if stats.Figures != len(want) {
				t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
			}
		})
	}
}

// serve writes a table and the figures file init wrote for it into a
// directory, loads the file with config, and returns every figure served,
// by series.
func serve(t *testing.T, file string, data, figures []byte) map[string]float64 {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tables"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tables", file), data, 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, figures, 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := config.Load(main, config.Options{})
	if err != nil {
		t.Fatalf("config.Load of the written file: %v", err)
	}
	served := map[string]float64{}
	for _, m := range set.Metrics {
		for _, f := range m.Figures {
			served[seriesKey(m.Name, m.Labels, f.LabelValues)] = f.Value
		}
	}
	return served
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./infer -update to write it, then read it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("the written file differs from %s (run with -update, then read the diff):\n%s", path, got)
	}
}

// writtenMetrics reads the metric names the written file gives to
// indicators (rows_as_metrics: text -> metric) and to value columns
// (values: column -> metric).
func writtenMetrics(t *testing.T, file []byte) map[string]string {
	var doc struct {
		FigureFiles []struct {
			Values        map[string]struct{ Column string } `yaml:"values"`
			RowsAsMetrics struct {
				Metrics map[string]struct{ Metric string } `yaml:"metrics"`
			} `yaml:"rows_as_metrics"`
		} `yaml:"figure_files"`
	}
	if err := yaml.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range doc.FigureFiles {
		for text, m := range e.RowsAsMetrics.Metrics {
			out[text] = m.Metric
		}
		for metric, v := range e.Values {
			out[v.Column] = metric
		}
	}
	return out
}

func seriesKey(metric string, names, values []string) string {
	pairs := make([]string, len(names))
	for i := range names {
		v := values[i]
		if p, err := period.Parse(v); err == nil {
			// config cleans a time label's values: canonical periods, and
			// in a label named year, quarter, month or date the period
			// of that kind a finer one starts (2001-01-01 in a year
			// label is 2001). Compare periods, not spellings.
			v = p.String()
			month := p.Month
			if p.Kind == period.Quarter {
				month = 3*p.Quarter - 2
			}
			switch {
			case names[i] == "year" && p.Kind > period.Year:
				v = fmt.Sprintf("%04d", p.Year)
			case names[i] == "quarter" && p.Kind > period.Quarter:
				v = fmt.Sprintf("%04d-Q%d", p.Year, (month+2)/3)
			case names[i] == "month" && p.Kind > period.Month:
				v = fmt.Sprintf("%04d-%02d", p.Year, month)
			}
		}
		pairs[i] = fmt.Sprintf("%s=%q", names[i], v)
	}
	sort.Strings(pairs)
	return metric + "{" + strings.Join(pairs, ",") + "}"
}

// expected reads the table as r describes it and returns every figure
// it holds, by series.
func expected(t *testing.T, r reading, data []byte, metricOf map[string]string) map[string]float64 {
	t.Helper()
	format, _ := table.FormatOf(r.file)
	opts := r.opts
	opts.Format = format
	rows, err := table.Open(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var header, units []string
	col := func(h string) int { return columnIndex(t, header, h) }
	want := map[string]float64{}
	add := func(metric string, names, values []string, text string, percent bool) {
		if text == "" {
			return
		}
		if r.decimalComma {
			text = strings.ReplaceAll(text, ",", ".")
		}
		if percent {
			text += " %"
		}
		v, err := config.ParseValue(text)
		if err != nil {
			return // a gap
		}
		key := seriesKey(metric, names, values)
		if _, dup := want[key]; dup {
			t.Fatalf("the reading gives %s twice", key)
		}
		want[key] = v
	}
	for rows.Next() {
		row := rows.Row()
		if rows.Place().Row < r.header {
			continue
		}
		if header == nil {
			for _, c := range row {
				header = append(header, strings.TrimSpace(c))
			}
			continue
		}
		if rows.Place().Row == r.unitRow {
			for _, c := range row {
				units = append(units, strings.TrimSpace(c))
			}
			continue
		}
		skip := false
		for h, v := range r.dropped {
			skip = skip || cell(row, col(h)) == v
		}
		if skip {
			continue
		}
		var names, values []string
		for name, h := range r.labels {
			names = append(names, name)
			values = append(values, cell(row, col(h)))
		}
		switch {
		case r.byColumn:
			labelCols := map[int]bool{}
			for _, h := range r.labels {
				labelCols[col(h)] = true
			}
			for i := range header {
				if labelCols[i] {
					continue
				}
				ref := header[i]
				if ref == "" || slices.Index(header, ref) != i || slices.Index(header[i+1:], ref) >= 0 {
					ref = "#" + strconv.Itoa(i+1)
				}
				metric := metricOf[ref]
				if metric == "" {
					t.Fatalf("the written file maps no metric onto column %s", ref)
				}
				text := cell(row, i)
				if i < len(units) && units[i] == "1000" && text != "" {
					text += " thousand"
				}
				add(metric, names, values, text, i < len(units) && units[i] == "Prozent")
			}
		case r.values != nil:
			for metric, h := range r.values {
				add(metric, names, values, cell(row, col(h)), false)
			}
		case r.wide != nil:
			metric := r.wide.metric
			var indicator string
			if r.indRows != nil {
				indicator = cell(row, col(r.indRows.column))
				if metric = metricOf[indicator]; metric == "" {
					// An indicator the file does not map must have no figures.
					for i, h := range header {
						if regexp.MustCompile(r.wide.match).MatchString(h) {
							if _, err := config.ParseValue(cell(row, i)); err == nil {
								t.Errorf("row %d: indicator %q has figures but no metric", rows.Place().Row, indicator)
							}
						}
					}
					continue
				}
			}
			re := regexp.MustCompile(r.wide.match)
			for i, h := range header {
				if m := re.FindStringSubmatch(h); m != nil {
					percent := r.percent != nil && r.percent(indicator)
					add(metric, append(slices.Clone(names), r.wide.label), append(slices.Clone(values), m[1]), cell(row, i), percent)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the reading found no figures")
	}
	return want
}

func compare(t *testing.T, want, served map[string]float64) {
	t.Helper()
	var missing, extra, wrong []string
	for k, v := range want {
		got, ok := served[k]
		switch {
		case !ok:
			missing = append(missing, k)
		case got != v:
			wrong = append(wrong, fmt.Sprintf("%s = %v, want %v", k, got, v))
		}
	}
	for k := range served {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	for _, l := range []struct {
		what string
		list []string
	}{{"not served", missing}, {"served but not in the table", extra}, {"served wrong", wrong}} {
		if len(l.list) > 0 {
			sort.Strings(l.list)
			t.Errorf("%d figures %s, such as:\n%s", len(l.list), l.what, strings.Join(l.list[:min(5, len(l.list))], "\n"))
		}
	}
	if len(missing)+len(extra)+len(wrong) == 0 {
		t.Logf("%d figures, each served once with its labels", len(want))
	}
}

// columnIndex finds a mapping's column in the header: by its header, or
// #N for the Nth.
func columnIndex(t *testing.T, header []string, h string) int {
	t.Helper()
	if n, err := strconv.Atoi(strings.TrimPrefix(h, "#")); err == nil && strings.HasPrefix(h, "#") {
		return n - 1
	}
	i := slices.Index(header, h)
	if i < 0 {
		t.Fatalf("column %q is not in the header %q", h, header)
	}
	return i
}

// cell is a row's trimmed cell i, "" past its end.
func cell(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

package config

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// realTable is a real published table of testdata/tables (see its
// README.md for origin and licence).
func realTable(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", "tables", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readRecords reads a UTF-8 CSV file as encoding/csv does, independently
// of the mapping, for the expected figures.
func readRecords(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	r.Comma = comma
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// servedFigures is a set's figures by series name.
func servedFigures(set *Set) map[string]float64 {
	out := map[string]float64{}
	for _, m := range set.Metrics {
		for _, f := range m.Figures {
			out[seriesName(m.Name, m.Labels, f.LabelValues)] = f.Value
		}
	}
	return out
}

// checkEveryCell compares what a table serves with the figures expected
// from its cells, series by series, exactly.
func checkEveryCell(t *testing.T, set *Set, want map[string]float64) {
	t.Helper()
	got := servedFigures(set)
	if len(got) != len(want) {
		t.Errorf("%d figures served, want %d", len(got), len(want))
	}
	bad := 0
	for k, v := range want {
		if g, ok := got[k]; (!ok || g != v) && bad < 10 {
			t.Errorf("%s: served %v (%v), want %v", k, g, ok, v)
			bad++
		}
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v
}

func loadMain(t *testing.T, main string) *Set {
	t.Helper()
	path := filepath.Join(t.TempDir(), "figures.yml")
	if err := os.WriteFile(path, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A long table of the World Bank's population, aggregates dropped.
func TestRealPopulationLong(t *testing.T) {
	path := realTable(t, "population_long.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: population
    labels: {country: Country Code, year: Year}
    value: Value
    drop: {country: [WLD, EMU]}
    time_label: year
    source: {title: Population total (SP.POP.TOTL), publisher: World Bank}
`)
	want := map[string]float64{}
	for _, r := range readRecords(t, path, ',')[1:] {
		if r[1] == "WLD" || r[1] == "EMU" {
			continue
		}
		want[seriesName("population", []string{"country", "year"}, []string{r[1], r[2]})] = mustFloat(t, r[3])
	}
	if len(want) < 300 {
		t.Fatalf("only %d rows", len(want))
	}
	checkEveryCell(t, set, want)
}

// A World Bank bulk download: a byte order mark, title rows, years
// across, indicators in rows (kept here as a label), a comma ending every
// line, empty cells as gaps.
func TestRealWorldBankBulk(t *testing.T) {
	path := realTable(t, "wb_API_BEL_DS2_en_csv_v2.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: wdi_value
    labels: {country: Country Code, indicator: Indicator Code}
    columns_as: {label: year, match: '^\d{4}$'}
    help: World Development Indicators, as published.
`)
	recs := readRecords(t, path, ',')
	for len(recs) > 0 && recs[0][0] != "Country Name" {
		recs = recs[1:] // the title rows
	}
	header := recs[0]
	want, gaps := map[string]float64{}, 0
	for _, r := range recs[1:] {
		for c := 4; c < len(r); c++ {
			if header[c] == "" {
				continue
			}
			if r[c] == "" {
				gaps++
				continue
			}
			want[seriesName("wdi_value", []string{"country", "indicator", "year"}, []string{r[1], r[3], header[c]})] = mustFloat(t, r[c])
		}
	}
	checkEveryCell(t, set, want)
	if w := warningsOf(set); !strings.Contains(w, strconv.Itoa(gaps)+" in all") {
		t.Errorf("warnings do not count %d gaps:\n%s", gaps, w)
	}
}

// A World Bank DataBank extract: `..` gaps, headers such as
// "2001 [YR2001]", empty rows and notes below the data.
func TestRealWorldBankDataBank(t *testing.T) {
	path := realTable(t, "wb_databank_extract.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: wdi_value
    labels: {country: Country Code, series: Series Code}
    columns_as: {label: year, match: '^(\d{4}) \[YR\d{4}\]$'}
    help: World Development Indicators, as published.
`)
	recs := readRecords(t, path, ',')
	header := recs[0]
	want := map[string]float64{}
	for _, r := range recs[1:] {
		if r[0] == "" || r[1] == "" {
			continue // the empty rows and notes below the data
		}
		for c := 4; c < len(r); c++ {
			if r[c] != ".." {
				want[seriesName("wdi_value", []string{"country", "series", "year"}, []string{r[1], r[3], header[c][:4]})] = mustFloat(t, r[c])
			}
		}
	}
	checkEveryCell(t, set, want)
	if w := warningsOf(set); !strings.Contains(w, `note: 2 rows below the data read as notes, not figures: "Data from database: World Development Indicators"`) {
		t.Errorf("warnings:\n%s", w)
	}
}

// SDMX-CSV from the OECD: OBS_STATUS marks gaps, OBS_VALUE holds the
// values, every other column is ignored.
func TestRealOECDSDMX(t *testing.T) {
	path := realTable(t, "oecd_gov_debt_sdmx.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: government_debt_ratio
    labels: {country: REF_AREA, year: TIME_PERIOD}
    value: OBS_VALUE
    scale: "%"
    status: {column: OBS_STATUS, gaps: [M]}
    time_label: year
`)
	recs := readRecords(t, path, ',')
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	want := map[string]float64{}
	for _, r := range recs[1:] {
		v := r[col["OBS_VALUE"]]
		if r[col["OBS_STATUS"]] == "M" || v == "" {
			continue
		}
		// The scale % is exact decimal arithmetic: the cell's digits with
		// the exponent lowered by two, rounded once.
		want[seriesName("government_debt_ratio", []string{"country", "year"}, []string{r[col["REF_AREA"]], r[col["TIME_PERIOD"]]})] = mustFloat(t, v+"e-2")
	}
	checkEveryCell(t, set, want)
}

// A `source` column (of electricity) as a label, and dates in a year
// column.
func TestRealIowaElectricity(t *testing.T) {
	path := realTable(t, "iowa-electricity.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: net_generation_gigawatt_hours
    labels: {year: year, source: source}
    value: net_generation
    time_label: year
    source: {title: Iowa electricity, publisher: U.S. Energy Information Administration}
`)
	want := map[string]float64{}
	for _, r := range readRecords(t, path, ',')[1:] {
		want[seriesName("net_generation_gigawatt_hours", []string{"year", "source"}, []string{r[0][:4], r[1]})] = mustFloat(t, r[2])
	}
	checkEveryCell(t, set, want)
	if len(set.Sources) != 1 || set.Sources[0].Publisher != "U.S. Energy Information Administration" {
		t.Errorf("sources %+v", set.Sources)
	}
}

// One column per series, months in rows: columns_as takes every column
// but the mapped month.
func TestRealUSEmployment(t *testing.T) {
	path := realTable(t, "us-employment.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    metric: employees
    labels: {month: month}
    columns_as: {label: sector, match: '.+'}
    scale: thousand
    time_label: month
`)
	recs := readRecords(t, path, ',')
	want := map[string]float64{}
	for _, r := range recs[1:] {
		for c := 1; c < len(r); c++ {
			if r[c] == "" {
				continue
			}
			want[seriesName("employees", []string{"month", "sector"}, []string{r[0][:7], recs[0][c]})] = mustFloat(t, r[c]+"e3")
		}
	}
	checkEveryCell(t, set, want)
}

// A GENESIS table of Destatis: Windows-1252, `;`, decimal commas, `-` and
// `.` as gaps, title rows, a header of four rows (the items on the third,
// the units on the fourth), a footnote in a quoted cell across lines.
func TestRealDestatis(t *testing.T) {
	path := realTable(t, "destatis_63111-0001.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    encoding: windows-1252
    decimal: ","
    header_row: 9
    gaps: ["-", "."]
    labels: {date: "#1"}
    values:
      households_surveyed: "#2"
      households: {column: "#3", scale: thousand}
      cars_ratio: {column: Personenkraftwagen, scale: "%"}
      smartphones_ratio: {column: Smartphone, scale: "%"}
    source: {title: Ausstattung privater Haushalte (63111-0001), publisher: Statistisches Bundesamt (Destatis)}
`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Windows-1252 and ISO-8859-1 agree on these bytes: each is its rune.
	text := []rune{}
	for _, b := range data {
		text = append(text, rune(b))
	}
	r := csv.NewReader(strings.NewReader(string(text)))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	want := map[string]float64{}
	for _, rec := range recs {
		if len(rec) > 3 && rec[3] == "Personenkraftwagen" {
			header = rec
		}
		if len(rec) < 3 || len(rec[0]) != len("01.01.2000") || rec[0][2] != '.' {
			continue
		}
		for _, c := range []struct {
			metric, cell, exp string
		}{{"households_surveyed", rec[1], ""}, {"households", rec[2], "e3"}, {"cars_ratio", rec[3], "e-2"}, {"smartphones_ratio", rec[slices.Index(header, "Smartphone")], "e-2"}} {
			if c.cell == "-" || c.cell == "." {
				continue
			}
			want[seriesName(c.metric, []string{"date"}, []string{rec[0]})] = mustFloat(t, strings.Replace(c.cell, ",", ".", 1)+c.exp)
		}
	}
	if len(want) < 60 {
		t.Fatalf("only %d figures expected", len(want))
	}
	checkEveryCell(t, set, want)
}

// The national accounts of the National Bureau of Statistics of China in
// GB18030: years in rows written 1978年 under an empty header cell, a
// column per measure, in 亿元.
func TestRealNBSGB18030(t *testing.T) {
	path := realTable(t, "nbs_gdp_gb18030.csv")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    encoding: gb18030
    labels: {year: "#1"}
    time_label: year
    values:
      gdp_yuan: {column: 国内生产总值, scale: 亿}
      gni_yuan: {column: 国民总收入, scale: 亿}
      gdp_per_person_yuan: 人均国内生产总值
    source: {title: 国家数据, publisher: 国家统计局}
`)
	want := map[string]float64{}
	// Decoded independently of config/table, by x/text's GB18030.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		year := strings.TrimSuffix(r[0], "年")
		for _, c := range []struct{ metric, column, exp string }{{"gdp_yuan", "国内生产总值", "e8"}, {"gni_yuan", "国民总收入", "e8"}, {"gdp_per_person_yuan", "人均国内生产总值", ""}} {
			if v := r[col[c.column]]; v != "" {
				want[seriesName(c.metric, []string{"year"}, []string{year})] = mustFloat(t, v+c.exp)
			}
		}
	}
	checkEveryCell(t, set, want)
}

// 12. A Gapminder workbook: countries in rows, years across, empty cells
// as gaps, read through the same mapping as a CSV file.
func TestRealGapminderWorkbook(t *testing.T) {
	path := realTable(t, "gapminder_agriculture_land.xlsx")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    sheet: "1"
    metric: agricultural_land_ratio
    labels: {country: "#1"}
    columns_as: {label: year, match: '^\d{4}$'}
    scale: "%"
    source: {title: Agricultural land (% of land area), publisher: Gapminder, url: "https://www.gapminder.org/data/"}
`)
	// Read independently, with excelize's own (not streaming) reader.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, r := range rows[1:] {
		for c := 1; c < len(r); c++ {
			if strings.TrimSpace(r[c]) != "" {
				want[seriesName("agricultural_land_ratio", []string{"country", "year"}, []string{r[0], rows[0][c]})] = mustFloat(t, r[c]+"e-2")
			}
		}
	}
	if len(want) < 5000 {
		t.Fatalf("only %d cells", len(want))
	}
	checkEveryCell(t, set, want)
}

// 13. A JSON array of records from the Bureau of Labor Statistics, every
// number as its literal text.
func TestRealJSONRecords(t *testing.T) {
	path := realTable(t, "unemployment-across-industries.json")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    labels: {industry: series, year: year, month: month}
    values:
      unemployed_people: {column: count, scale: thousand}
      unemployment_ratio: {column: rate, scale: "%"}
`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var raw []map[string]any
	if err := d.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, r := range raw {
		labels := []string{"industry", "year", "month"}
		values := []string{r["series"].(string), string(r["year"].(json.Number)), string(r["month"].(json.Number))}
		want[seriesName("unemployed_people", labels, values)] = mustFloat(t, string(r["count"].(json.Number))+"e3")
		want[seriesName("unemployment_ratio", labels, values)] = mustFloat(t, string(r["rate"].(json.Number))+"e-2")
	}
	checkEveryCell(t, set, want)
}

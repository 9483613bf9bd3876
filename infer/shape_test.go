package infer

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// csvGrid splits a small CSV without quotes, for tests.
func csvGrid(name, text string) *grid {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		rows = append(rows, strings.Split(l, ","))
	}
	return &grid{name: name, path: "tables/" + name, rows: rows}
}

func shapeOf(t *testing.T, g *grid) (*Entry, Stats) {
	t.Helper()
	es, st, err := shape(g, namer{})
	if err != nil {
		t.Fatalf("%s: %v", g.name, err)
	}
	if len(es) != 1 {
		t.Fatalf("%s: %d entries, want 1", g.name, len(es))
	}
	return es[0], st
}

func TestLongTable(t *testing.T) {
	e, st := shapeOf(t, csvGrid("disasters.csv", "Entity,Code,Year,Deaths\nWorld,OWID_WRL,1990,1000\nChina,CHN,1990,..\nChina,CHN,1991,12\n"))
	if e.Metric != "disasters_deaths" || e.Value != "Deaths" || e.TimeLabel != "year" {
		t.Errorf("metric %q value %q time %q", e.Metric, e.Value, e.TimeLabel)
	}
	want := []Label{{"entity", "Entity"}, {"code", "Code"}, {"year", "Year"}}
	if !reflect.DeepEqual(e.Labels, want) {
		t.Errorf("labels %v, want %v", e.Labels, want)
	}
	if st.Figures != 2 || st.Gaps != 1 || e.Gaps != nil {
		t.Errorf("figures %d gaps %d tokens %v", st.Figures, st.Gaps, e.Gaps)
	}
}

func TestSeveralMeasuresAndGuesses(t *testing.T) {
	e, st := shapeOf(t, csvGrid("states.csv", "state,fips,population,engineers (thousands),share (%),rank\nAlabama,01,5000000,12.5,3.4,x\nTotal,00,330000000,1800,100,1\n"))
	want := []Measure{
		{"states_population", "population", "", "population, from states.csv."},
		{"states_engineers", "engineers (thousands)", "thousand", "engineers (thousands), from states.csv."},
		{"states_share_ratio", "share (%)", "%", "share (%), from states.csv."},
		{"states_rank", "rank", "", "rank, from states.csv."},
	}
	if !reflect.DeepEqual(e.Values, want) {
		t.Errorf("values\n%v\nwant\n%v", e.Values, want)
	}
	if !reflect.DeepEqual(e.Labels, []Label{{"state", "state"}, {"fips", "fips"}}) {
		t.Errorf("labels %v", e.Labels)
	}
	if !reflect.DeepEqual(e.Drop, []Drop{{"state", []string{"Total"}}}) {
		t.Errorf("drop %v", e.Drop)
	}
	if !reflect.DeepEqual(e.Gaps, append(defaultGaps[:len(defaultGaps):len(defaultGaps)], "x")) {
		t.Errorf("gaps %q", e.Gaps)
	}
	if st.Figures != 7 || st.Gaps != 1 || st.Guesses != 2 {
		t.Errorf("stats %+v", st)
	}
	if !strings.Contains(strings.Join(e.notes["labels"], "\n"), `column "fips" looks like an identifier, kept as a label`) {
		t.Errorf("no comment on fips: %q", e.notes)
	}
}

func TestWideYearbookWithTitlesAndNotes(t *testing.T) {
	e, st := shapeOf(t, csvGrid("gdp.csv", "表1 主要指标,,,\n单位：亿元,,,\n指标,2021年,2022年,2023年\n国内生产总值(亿元),1143669.7,1210207.2,1260582.1\n年末总人口(万人),141260,141175,140967\n注：数据来源于国家统计局。,,,\n"))
	if e.HeaderRow != 3 || e.ColumnsAs == nil || *e.ColumnsAs != (ColumnsAs{"year", `^(\d{4})年$`}) || e.TimeLabel != "year" {
		t.Fatalf("header %d columns_as %v time %q", e.HeaderRow, e.ColumnsAs, e.TimeLabel)
	}
	r := e.RowsAsMetrics
	if r == nil || r.Column != "指标" || len(r.Metrics) != 2 ||
		r.Metrics[0] != (RowMetric{"国内生产总值(亿元)", "gdp_yuan", "亿", "国内生产总值(亿元), from gdp.csv."}) ||
		r.Metrics[1].Metric != "population_year_end_persons" || r.Metrics[1].Scale != "万" {
		t.Fatalf("rows_as_metrics %+v", r)
	}
	if len(e.Labels) != 0 || st.Figures != 6 {
		t.Errorf("labels %v figures %d", e.Labels, st.Figures)
	}
}

func TestWideWithUnitAboveTheHeader(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("人口.csv", "单位：万人,,\n地区,2022年,2023年\n北京,2184,2186\n全国,141175,140967\n"))
	if e.Metric != "table_persons" || e.Scale != "万" || !reflect.DeepEqual(e.Labels, []Label{{"region", "地区"}}) {
		t.Errorf("metric %q scale %q labels %v", e.Metric, e.Scale, e.Labels)
	}
	if !reflect.DeepEqual(e.Drop, []Drop{{"region", []string{"全国"}}}) {
		t.Errorf("drop %v", e.Drop)
	}
}

func TestSDMX(t *testing.T) {
	e, st := shapeOf(t, csvGrid("sdmx.csv", "DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\nX:Y(1.0),A,FR,2020,12.5,A,6\nX:Y(1.0),A,FR,2021,,M,6\n"))
	if e.Metric != "sdmx" || e.Value != "OBS_VALUE" || e.TimeLabel != "time_period" || len(e.Labels) != 4 {
		t.Errorf("%+v", e)
	}
	if e.Status == nil || !reflect.DeepEqual(*e.Status, Status{"OBS_STATUS", []string{"M"}}) || st.Figures != 1 || st.Gaps != 1 {
		t.Errorf("status %v stats %+v", e.Status, st)
	}
}

func TestDecimalComma(t *testing.T) {
	g := &grid{name: "de.csv", rows: [][]string{{"Land", "Jahr", "Wert"}, {"Bayern", "2020", "1.234,5"}, {"Berlin", "2020", "0,75"}}}
	e, st := shapeOf(t, g)
	if e.Decimal != "," || st.Figures != 2 || e.TimeLabel != "jahr" {
		t.Errorf("decimal %q figures %d time %q", e.Decimal, st.Figures, e.TimeLabel)
	}
}

func TestUnreadable(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"", "no row has two cells"},
		{"a,b\nx,y\n", "no column holds numbers"},
		{"a,b\n", "no rows below the header (row 1)"},
		{"a,b\nk,1\nk,2\n", `rows 2 and 3 have the same labels (a="k")`},
		{"u,v\n0.5,1.5\n0.25,2.5\n", "no column tells the rows apart: every column holds figures (\"u\", \"v\") and none names what a row is about"},
		{"Entity,Year,Deaths\nAfrica,,5\nAfrica,,6\nAfrica,1990,7\n", `column "Year" is empty in 2 of the 3 rows (first row 2) and needed to tell the rows apart`},
	} {
		_, _, err := shape(csvGrid("t.csv", c.text), namer{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}

func TestUniqueMetricNamesAcrossTables(t *testing.T) {
	res, err := fromGrids([]*grid{csvGrid("a.csv", "x,value\nk,1\n"), csvGrid("a.csv", "x,value\nk,2\n")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries[0].Metric != "a" || res.Entries[1].Metric != "a_2" {
		t.Errorf("%q %q", res.Entries[0].Metric, res.Entries[1].Metric)
	}
}

func TestEmptyLabelCells(t *testing.T) {
	e, st := shapeOf(t, csvGrid("d.csv", "Entity,Code,Year,Deaths\nAfrica,,1990,5\nChina,CHN,1990,7\n"))
	if !reflect.DeepEqual(e.Labels, []Label{{"entity", "Entity"}, {"year", "Year"}}) || st.Guesses != 1 {
		t.Errorf("labels %v guesses %d", e.Labels, st.Guesses)
	}
	// A label needed to tell rows apart: the rows without it are dropped
	// (config would refuse them), and counted out.
	e, st = shapeOf(t, csvGrid("d.csv", "Entity,Year,Deaths\nAfrica,,5\nAfrica,1990,7\nAsia,1990,8\n"))
	if len(e.Labels) != 2 || !reflect.DeepEqual(e.DropRows, []Drop{{"year", []string{""}}}) || st.Figures != 2 ||
		!strings.Contains(strings.Join(e.guesses, "\n"), `column "Year" is empty in 1 row(s), first row 2, and needed to tell the rows apart`) {
		t.Errorf("labels %v drop %v figures %d guesses %q", e.Labels, e.DropRows, st.Figures, e.guesses)
	}
}

func TestSameBytesTwice(t *testing.T) {
	grids := func() []*grid {
		return []*grid{
			csvGrid("states.csv", "state,fips,population,engineers (thousands),share (%),rank\nAlabama,01,5000000,12.5,3.4,x\nTotal,00,330000000,1800,100,:\n"),
			csvGrid("gdp.csv", "表1 主要指标,,,\n单位：亿元,,,\n指标,2021年,2022年,2023年\n国内生产总值(亿元),1143669.7,1210207.2,1260582.1\n农村贫困人口(万人),-,-,-\n年末总人口(万人),141260,141175,140967\n注：数据来源于国家统计局。,,,\n"),
		}
	}
	a, err := fromGrids(grids(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		b, err := fromGrids(grids(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(a.File) != string(b.File) || a.Summary() != b.Summary() {
			t.Fatalf("two runs differ:\n%s\n---\n%s", a.File, b.File)
		}
	}
}

func TestHeaderOfSeveralRows(t *testing.T) {
	g := csvGrid("d.csv", "Titel,,,,,,\n,Haushalte,Hochgerechnet,Ausstattung,Ausstattung,Ausstattung,Ausstattung\n,,,Pkw,Rad,TV,PC\n,Anzahl,1000,Prozent,Prozent,Prozent,Prozent\n01.01.2000,5827,34390,74.4,1,2,3\n01.01.2001,5850,34777,.,1,2,3\n__________,,,,,,\n")
	e, st := shapeOf(t, g)
	if e.HeaderRow != 3 || !reflect.DeepEqual(e.Labels, []Label{{"date", "#1"}}) {
		t.Errorf("header %d labels %v", e.HeaderRow, e.Labels)
	}
	want := []Measure{
		{"d_haushalte", "#2", "", "Haushalte, from d.csv."},
		{"d_hochgerechnet", "#3", "thousand", "Hochgerechnet, from d.csv."},
		{"d_pkw_ratio", "Pkw", "%", "Pkw, from d.csv."},
		{"d_rad_ratio", "Rad", "%", "Rad, from d.csv."},
		{"d_tv_ratio", "TV", "%", "TV, from d.csv."},
		{"d_pc_ratio", "PC", "%", "PC, from d.csv."},
	}
	if !reflect.DeepEqual(e.Values, want) || st.Figures != 11 || st.Gaps != 1 {
		t.Errorf("values %v figures %d gaps %d", e.Values, st.Figures, st.Gaps)
	}
}

func TestRecordsLikeTheJSONOfBLS(t *testing.T) {
	g := &grid{name: "u.json", literal: true, rows: [][]string{
		{"series", "year", "month", "count", "rate", "date"},
		{"Government", "2000", "1", "430", "2.1", "2000-01-01T08:00:00.000Z"},
		{"Government", "2000", "2", "409", "2", "2000-02-01T08:00:00.000Z"},
	}}
	e, st := shapeOf(t, g)
	want := []Label{{"series", "series"}, {"year", "year"}, {"month", "month"}, {"date", "date"}}
	if !reflect.DeepEqual(e.Labels, want) || e.TimeLabel != "year" || len(e.Values) != 2 || st.Figures != 4 {
		t.Errorf("labels %v time %q values %v figures %d", e.Labels, e.TimeLabel, e.Values, st.Figures)
	}
	g.rows[1][5], g.rows[2][5] = "2000-01-31", "2000-02-29"
	if e, _ := shapeOf(t, g); e.TimeLabel != "date" {
		t.Errorf("with dates, time label %q, want date", e.TimeLabel)
	}
}

func TestFindRecords(t *testing.T) {
	for _, c := range []struct {
		doc, path string
		n         int
	}{
		{`[{"a":1},{"a":2}]`, "", 2},
		{`{"meta":{"n":1},"data":{"items":[{"a":1},{"a":2}],"other":[{"b":1}]}}`, "data.items", 2},
	} {
		path, n, err := findRecords([]byte(c.doc))
		if err != nil || path != c.path || n != c.n {
			t.Errorf("%s: %q %d %v, want %q %d", c.doc, path, n, err, c.path, c.n)
		}
	}
	if _, _, err := findRecords([]byte(`{"a":1}`)); err == nil || !strings.Contains(err.Error(), "no array of records") {
		t.Errorf("error %v", err)
	}
}

func TestMeasureInTheFirstHeader(t *testing.T) {
	e, _ := shapeOf(t, &grid{name: "g.xlsx", literal: true, rows: [][]string{
		{"Agricultural land (% of land area)", "1961", "1962"},
		{"Albania", "45.2", ""},
		{"Algeria", "18.7", "18.8"},
	}})
	if e.Metric != "agricultural_land_land_area_ratio" || e.Scale != "%" || !reflect.DeepEqual(e.Labels, []Label{{"name", "Agricultural land (% of land area)"}}) {
		t.Errorf("metric %q scale %q labels %v", e.Metric, e.Scale, e.Labels)
	}
}

func TestTimeLabelNamedLikeItsValues(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("m.csv", "month,jobs\n2006-01-01,1\n2006-02-01,2\n"))
	if e.TimeLabel != "month" {
		t.Errorf("first days of months under month: time label %q", e.TimeLabel)
	}
	e, _ = shapeOf(t, csvGrid("y.csv", "Year,jobs\n2006-01-01,1\n2006-02-15,2\n"))
	if e.TimeLabel != "date" || e.Labels[0] != (Label{"date", "Year"}) {
		t.Errorf("a day that starts no year under Year: time label %q labels %v", e.TimeLabel, e.Labels)
	}
	e, _ = shapeOf(t, csvGrid("co2.csv", "Date,Average\n1958-03,315.71\n1958-04,317.45\n"))
	if e.TimeLabel != "month" || e.Labels[0] != (Label{"month", "Date"}) {
		t.Errorf("months under Date: time label %q labels %v", e.TimeLabel, e.Labels)
	}
	e, _ = shapeOf(t, csvGrid("m.csv", "Year,jobs\n2006,1\n2006-02-15,2\n"))
	if e.TimeLabel != "period" || e.Labels[0] != (Label{"period", "Year"}) {
		t.Errorf("a year and a day under Year: time label %q labels %v", e.TimeLabel, e.Labels)
	}
}

func TestSeriesBreakRowsDropped(t *testing.T) {
	e, st := shapeOf(t, csvGrid("aat1.csv", "year,population,footnotes\n1946,1,\n1947,2,\n1947,3,1\n1948,4,\n"))
	if !reflect.DeepEqual(e.DropRows, []Drop{{"year", []string{"1947"}}}) || st.Figures != 2 || len(e.Labels) != 1 || e.Metric != "aat1_population" {
		t.Errorf("drop %v figures %d labels %v metric %q", e.DropRows, st.Figures, e.Labels, e.Metric)
	}
}

func TestGapsOfDataFrames(t *testing.T) {
	e, st := shapeOf(t, csvGrid("p.csv", "Region,Country Code,Year,Population\nWORLD,900,1950,None\nWORLD,900,1951,...\nWORLD,900,1952,2536.431\n"))
	if e.Value != "Population" || st.Figures != 1 || st.Gaps != 2 || !slices.Contains(e.Gaps, "None") {
		t.Errorf("value %q figures %d gaps %d tokens %q", e.Value, st.Figures, st.Gaps, e.Gaps)
	}
}

// A header that says % over cells that carry their own (538's primary
// project: "Primary %" holding "8%"): no scale, which would make "8% %".
func TestPercentHeaderOverPercentCells(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("c.csv", "Candidate,Primary Votes,Primary %\nA,100,8%\nB,1200,92%\n"))
	for _, m := range e.Values {
		if m.Column == "Primary %" && (m.Scale != "" || m.Metric != "c_primary_ratio") {
			t.Errorf("%+v", m)
		}
	}
	e, _ = shapeOf(t, csvGrid("c.csv", "Candidate,Primary Votes,Primary %\nA,100,8\nB,1200,92%\n"))
	if e.Values[1].Scale != "" || len(e.guesses) != 1 {
		t.Errorf("%+v %q", e.Values, e.guesses)
	}
}

// An id in camel case is an identifier (538's surveys: RespondentID),
// not a figure: a survey of answers holds no figures to serve.
func TestCamelCaseID(t *testing.T) {
	_, _, err := shape(csvGrid("s.csv", "RespondentID,Answer,Age\n3292953864,Yes,30-44\n3292950324,No,18-29\n"), namer{})
	if err == nil || !strings.Contains(err.Error(), "no column holds numbers") {
		t.Errorf("error %v", err)
	}
	e, _ := shapeOf(t, csvGrid("s.csv", "CountryId,Deaths\n4,10\n8,12\n"))
	if len(e.Labels) != 1 || e.Labels[0].Column != "CountryId" {
		t.Errorf("labels %v", e.Labels)
	}
}

// A label cell holding a control character (538's Mueller polls: U+0092,
// a Windows-1252 quote read as UTF-8), which config refuses: the column
// is left out when the other labels tell the rows apart, else init says
// which cell to fix.
func TestControlCharacterInLabel(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("p.csv", "Pollster,Text,Approve\nA,Do you approve\u0092,40\nB,Do you approve,45\n"))
	if len(e.Labels) != 1 || e.Labels[0].Column != "Pollster" {
		t.Errorf("labels %v", e.Labels)
	}
	_, _, err := shape(csvGrid("p.csv", "Text,Approve\nDo you approve\u0092,40\nDo you approve,45\n"), namer{})
	if err == nil || !strings.Contains(err.Error(), `column "Text" holds the control character U+0092 in row 2, and is needed`) {
		t.Errorf("error %v", err)
	}
}

// TestCellsAsPublished: cells with a currency, flags, footnote marks,
// space groups and full-width digits are numbers, as config reads them;
// parentheses get a meaning only when the table shows one.
func TestCellsAsPublished(t *testing.T) {
	g := csvGrid("t.csv", "Country,Year,Value\nA,2011,$1 234\nB,2011,12.3 p\nC,2011,12.3b\nD,2011,123*\nE,2011,１２３\nF,2011,7 [1]\n")
	e, st := shapeOf(t, g)
	if e.Value != "Value" || st.Figures != 6 || e.Parentheses != "" {
		t.Errorf("value %q figures %d parentheses %q", e.Value, st.Figures, e.Parentheses)
	}
	if notes := strings.Join(e.notes[""], "\n"); !strings.Contains(notes, "figures carry marks after the number (* ×1, 1 ×1, b ×1, p ×1:") || !strings.Contains(notes, "figures carry a currency ($ ×1)") {
		t.Errorf("notes:\n%s", notes)
	}
	for _, tc := range []struct{ table, want string }{
		{"Item,Year,Amount\nSales,2011,\"$1,234\"\nCosts,2011,(567)\n", "negative"},
		{"Item,Year,Amount\nSales,2011,-5\nCosts,2011,(567)\n", "mark"},
		{"Item,Year,Amount\nSales,2011,5\nCosts,2011,(567)\n", ""},
	} {
		g := &grid{name: "t.csv", rows: nil}
		for _, l := range strings.Split(strings.TrimSpace(tc.table), "\n") {
			g.rows = append(g.rows, splitQuoted(l))
		}
		e, _ := shapeOf(t, g)
		if e.Parentheses != tc.want || e.Value != "Amount" || len(e.guesses) == 0 || !strings.Contains(strings.Join(e.guesses, " "), "parentheses") {
			t.Errorf("%q: parentheses %q value %q guesses %q, want parentheses %q", tc.table, e.Parentheses, e.Value, e.guesses, tc.want)
		}
	}
}

// splitQuoted splits a CSV line whose quoted cells hold commas.
func splitQuoted(l string) []string {
	var out []string
	for l != "" {
		if strings.HasPrefix(l, `"`) {
			end := strings.Index(l[1:], `"`) + 1
			out = append(out, l[1:end])
			l = strings.TrimPrefix(l[end+1:], ",")
			continue
		}
		cell, rest, _ := strings.Cut(l, ",")
		out = append(out, cell)
		l = rest
	}
	return out
}

// TestEurostatBreakFlag: 12.3 bp is Eurostat's b and p where other
// cells carry flag letters alone; where nothing says so, init leaves it
// for the user (basis points, billions).
func TestEurostatBreakFlag(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("t.csv", "geo,2019,2020\nAT,12.3 bp,4.5 p\nBE,3.1,2.2 e\n"))
	if e.Marks["b"] != "number" || e.ColumnsAs == nil {
		t.Errorf("marks %v columns_as %v", e.Marks, e.ColumnsAs)
	}
	e, _ = shapeOf(t, csvGrid("t.csv", "bond,2019,2020\n1 year,+27.0 bp,+5.2 bp\n2 years,-5.5 bp,+0.3 bp\n"))
	if e.Marks != nil || !strings.Contains(strings.Join(e.guesses, " "), "check refuses them until you add marks: {b: number}") {
		t.Errorf("marks %v guesses %q", e.Marks, e.guesses)
	}
}

// A header row of figures (538's pew-religions/current.csv): no header.
func TestHeaderOfFigures(t *testing.T) {
	_, _, err := shape(csvGrid("p.csv", "0.0072,0.2138,0.2610\n0.0079,0.1703,0.3095\n"), namer{})
	if err == nil || !strings.Contains(err.Error(), "the header (row 1) holds figures such as 0.0072, not names") {
		t.Errorf("error %v", err)
	}
	// Whole numbers are names: ratings 1 to 3, years across; and so is a
	// name that starts with a digit (gtfo_bins.csv: 7z, which a footnote
	// mark would make a number).
	for _, text := range []string{"item,1,2,3\na,5,6,7\nb,8,9,10\n", "7z,ab,cd\nx,1,2\ny,3,4\n"} {
		if _, _, err := shape(csvGrid("r.csv", text), namer{}); err != nil && strings.Contains(err.Error(), "holds figures") {
			t.Error(err)
		}
	}
}

// A row printed twice, cell for cell (vega's birdstrikes.csv): its labels
// are dropped like a series break's, the rest served; when that would
// leave out most of the table, init says to delete one of the two.
func TestRowPrintedTwice(t *testing.T) {
	e, st := shapeOf(t, csvGrid("b.csv", "Airport,Date,Cost\nA,1990-01-08,5\nA,1990-01-09,6\nA,1990-01-09,6\nB,1990-01-08,7\nB,1990-01-10,8\n"))
	if !reflect.DeepEqual(e.DropRows, []Drop{{"date", []string{"1990-01-09"}}}) || st.Figures != 3 ||
		!strings.Contains(strings.Join(e.guesses, "\n"), "row 4 is row 3 again, cell for cell (labels airport=\"A\", date=\"1990-01-09\"), a row printed twice") {
		t.Errorf("drop %v figures %d guesses %q", e.DropRows, st.Figures, e.guesses)
	}
	_, _, err := shape(csvGrid("b.csv", "Airport,Cost\nA,5\nA,5\n"), namer{})
	if err == nil || !strings.Contains(err.Error(), "row 3 is row 2 again, cell for cell") || !strings.Contains(err.Error(), "delete one of the two") {
		t.Errorf("error %v", err)
	}
}

// TestYearsWithMarks: a column of years, one provisional (2021p), is a
// label, not a measure that would serve years as figures.
func TestYearsWithMarks(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("t.csv", "country,period,deaths\nA,2019,5\nA,2020,6\nA,2021p,7 p\n"))
	if e.Value != "deaths" || !slices.Contains(e.Labels, Label{"period", "period"}) {
		t.Errorf("value %q labels %v", e.Value, e.Labels)
	}
	e, _ = shapeOf(t, csvGrid("t.csv", "country,when,deaths\nA,2019,5\nA,2020,6\nA,2021p,7 p\n"))
	if e.Value != "deaths" || !slices.Contains(e.Labels, Label{"when", "when"}) {
		t.Errorf("value %q labels %v values %v", e.Value, e.Labels, e.Values)
	}
}

// TestFootnoteReferencesAreGaps: (1) standing alone in a BLS table points
// to a footnote ("data not available"): a gap, not the figure 1 or -1.
func TestFootnoteReferencesAreGaps(t *testing.T) {
	e, st := shapeOf(t, csvGrid("t.csv", "industry,year,change\nMining,2020,-0.3\nLogging,2020,(1)\nUtilities,2020,(123)\n"))
	if !slices.Contains(e.Gaps, "(1)") || st.Gaps != 1 || st.Figures != 2 || e.Parentheses != "mark" {
		t.Errorf("gaps %q stats %+v parentheses %q", e.Gaps, st, e.Parentheses)
	}
}

// TestSeveralCurrenciesInAColumn: init says that check will refuse the
// figures of a second currency in one metric.
func TestSeveralCurrenciesInAColumn(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("t.csv", "country,year,price\nUS,2020,$5\nFR,2020,€6\n"))
	if !strings.Contains(strings.Join(e.guesses, " "), `column "price" holds figures in several currencies ($ ×1, € ×1)`) {
		t.Errorf("guesses %q", e.guesses)
	}
}

// Years across beside a column headed with four digits that are no year
// ("5892" in a headerless list of planets): columns_as must not match it,
// or config reads it as a year of figures.
func TestYearPatternLeavesOtherDigits(t *testing.T) {
	e, _ := shapeOf(t, csvGrid("p.csv", "name,5892,2001,2002\na,5518±102,1,2\nb,x,3,4\n"))
	if e.ColumnsAs == nil || regexp.MustCompile(e.ColumnsAs.Match).MatchString("5892") || !regexp.MustCompile(e.ColumnsAs.Match).MatchString("2001") {
		t.Errorf("columns_as %+v", e.ColumnsAs)
	}
	initInvariant(t, "p.csv", []byte("name,5892,2001,2002\na,5518±102,1,2\nb,x,3,4\n"), false)
}

// A CSV saved from a spreadsheet keeps its error values (#N/A, #DIV/0!),
// and BLS prints ** for an estimate not released: gaps, so the column
// is still one of figures (538's tables used to be refused as holding
// no numbers).
func TestSpreadsheetErrorsAndSuppressionAreGaps(t *testing.T) {
	e, st := shapeOf(t, csvGrid("t.csv", "Country,Year,Value\nA,2011,#N/A\nB,2011,7\nC,2011,#DIV/0!\nD,2011,**\nE,2011,5\n"))
	if e.Value != "Value" || st.Figures != 2 || st.Gaps != 3 {
		t.Errorf("value %q, %d figures and %d gaps; want Value, 2 and 3", e.Value, st.Figures, st.Gaps)
	}
	for _, g := range []string{"#N/A", "#DIV/0!", "**"} {
		if !slices.Contains(e.Gaps, g) {
			t.Errorf("gaps %q lack %q", e.Gaps, g)
		}
	}
}

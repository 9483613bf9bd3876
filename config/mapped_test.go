package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// loadTables writes a main figures file and its tables into a temporary
// directory and loads them.
func loadTables(t *testing.T, main string, tables map[string]string) (*Set, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range tables {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(path, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(path, Options{})
}

// mustLoadTables is loadTables for a load that must succeed; it returns
// the figures one a line.
func mustLoadTables(t *testing.T, main string, tables map[string]string) (*Set, string) {
	t.Helper()
	set, err := loadTables(t, main, tables)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return set, describeFigures(set)
}

// problemsOf loads a set that must fail and returns its problems, with
// the temporary directory cut from the file names.
func problemsOf(t *testing.T, main string, tables map[string]string) string {
	t.Helper()
	_, err := loadTables(t, main, tables)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("load: %v, want problems", err)
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, strings.ReplaceAll(p.Error(), filepath.Dir(p.File)+string(filepath.Separator), ""))
	}
	return strings.Join(lines, "\n")
}

func warningsOf(set *Set) string {
	var lines []string
	for _, p := range set.Warnings {
		if strings.HasPrefix(p.Msg, "no source") {
			continue
		}
		p.File = filepath.Base(p.File)
		lines = append(lines, p.Error())
	}
	return strings.Join(lines, "\n")
}

func checkFigures(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
}

func checkText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", what, got, want)
	}
}

// 1. A long table: any header text, unmapped columns ignored, the metric
// declared by its entry.
func TestMappedLongTable(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: disasters.csv
    metric: disaster_deaths
    labels: {entity: Entity, year: Year}
    value: Deaths
    source: {title: Deaths from disasters, publisher: Our World in Data}
`, map[string]string{"disasters.csv": "Entity,Code,Year,Deaths\nAfghanistan,AFG,1990,12\nProvince Name,X,1991,1234.5\n"})
	checkFigures(t, got, `disaster_deaths{entity="Afghanistan",year="1990"} 12 (Deaths from disasters)
disaster_deaths{entity="Province Name",year="1991"} 1234.5 (Deaths from disasters)
`)
	m := set.Metrics[0]
	if m.Help != `Column "Deaths" of disasters.csv.` || strings.Join(m.Labels, ",") != "entity,year" {
		t.Errorf("declared as %q with %v", m.Help, m.Labels)
	}
}

// A metric declared in metrics: keeps its help and its label order.
func TestMappedDeclaredInMetrics(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: disasters.csv
    metric: disaster_deaths
    labels: {entity: Entity, year: Year}
    value: Deaths
    help: ignored, declared below
metrics:
  - {name: disaster_deaths, help: Deaths from natural disasters., labels: [year, entity]}
`, map[string]string{"disasters.csv": "Entity,Year,Deaths\nChile,2010,521\n"})
	checkFigures(t, got, `disaster_deaths{year="2010",entity="Chile"} 521 (no source)
`)
	if set.Metrics[0].Help != "Deaths from natural disasters." {
		t.Errorf("help %q", set.Metrics[0].Help)
	}
	got = problemsOf(t, `figure_files:
  - {path: d.csv, metric: deaths, labels: {entity: Entity}, value: Deaths}
metrics:
  - {name: deaths, help: Deaths., labels: [country]}
`, map[string]string{"d.csv": "Entity,Deaths\nChile,521\n"})
	checkText(t, "problems", got, `figures.yml:2: figure_files[0]: metric "deaths" is declared with label country at line 4, but this table maps label entity: map the same labels, or name another metric`)
}

// 2. Several measures, one file listed once; a scale per column; help per
// measure.
func TestMappedSeveralMeasures(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: countries.csv
    labels: {country: Country, year: Year}
    values:
      population: Population
      engineers: {column: Engineers (thousands), scale: thousand, help: Engineers at work.}
      hurricanes: Hurricanes
`, map[string]string{"countries.csv": "Country,Year,Population,Engineers (thousands),Hurricanes\nCuba,2020,11326616,12.5,3\n"})
	checkFigures(t, got, `engineers{country="Cuba",year="2020"} 12500 (no source)
hurricanes{country="Cuba",year="2020"} 3 (no source)
population{country="Cuba",year="2020"} 1.1326616e+07 (no source)
`)
	if set.Metrics[0].Help != "Engineers at work." {
		t.Errorf("help %q", set.Metrics[0].Help)
	}
}

// 3. A wide table: headers matching the pattern become values of the
// label, the capture group's text when there is one.
func TestMappedWideTable(t *testing.T) {
	_, got := mustLoadTables(t, `figure_files:
  - path: wide.csv
    metric: aid_yuan
    labels: {province: 地区}
    columns_as: {label: year, match: '^(\d{4})年$'}
    scale: 万
`, map[string]string{"wide.csv": "地区,2011年,2012年,备注\n广东,1.5,2,x\n四川,3,..,\n"})
	checkFigures(t, got, `aid_yuan{province="广东",year="2011"} 15000 (no source)
aid_yuan{province="广东",year="2012"} 20000 (no source)
aid_yuan{province="四川",year="2011"} 30000 (no source)
`)
	_, got = mustLoadTables(t, `figure_files:
  - path: fy.csv
    metric: budget
    labels: {office: Office}
    columns_as: {label: fiscal_year, match: '^FY\d{4}$'}
`, map[string]string{"fy.csv": "Office,FY2011,FY2012\nA,1,2\n"})
	checkFigures(t, got, `budget{office="A",fiscal_year="FY2011"} 1 (no source)
budget{office="A",fiscal_year="FY2012"} 2 (no source)
`)
}

// 4. Indicators in rows (a yearbook): title rows above the header, a
// scale per indicator, years across, notes below, unmapped indicators
// ignored.
func TestMappedIndicatorsInRows(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: gdp.csv
    rows_as_metrics:
      column: 指标
      metrics:
        "国内生产总值(亿元)": {metric: gdp_yuan, scale: 亿}
        "农村贫困人口(万人)": {metric: rural_poor_people, scale: 万, help: Rural poor.}
    columns_as: {label: year, match: '^(\d{4})年$'}
`, map[string]string{"gdp.csv": "数据库：年度数据\n时间：最近2年\n指标,2022年,2021年,\n国内生产总值(亿元),1210207,1149237,\n人均国内生产总值(元),85698,81370,\n农村贫困人口(万人),,551,\n注：2021年起不再统计。,,,\n数据来源：国家统计局,,,\n"})
	checkFigures(t, got, `gdp_yuan{year="2022"} 1.210207e+14 (no source)
gdp_yuan{year="2021"} 1.149237e+14 (no source)
rural_poor_people{year="2021"} 5.51e+06 (no source)
`)
	if h := set.Metrics[0].Help; h != `Rows of gdp.csv whose 指标 is "国内生产总值(亿元)".` {
		t.Errorf("generated help %q", h)
	}
	if v := set.Metrics[0].Figures[0].Value; v != 121020700000000 {
		t.Errorf("国内生产总值 2022 = %v, want exactly 121020700000000", v)
	}
	checkText(t, "warnings", warningsOf(set), `gdp.csv:6: column "2022年": gap: no figure for rural_poor_people{year="2022"}: the cell is ""
gdp.csv:7: note: 2 rows below the data read as notes, not figures: "注：2021年起不再统计。"`)
}

// 5. Gaps: default tokens, an entry's own, SDMX status, gaps as errors.
func TestMappedGaps(t *testing.T) {
	table := map[string]string{"g.csv": "Entity,Year,Deaths\nA,1,..\nA,2,n/a\nA,3,–\nA,4,5\n"}
	set, got := mustLoadTables(t, "figure_files:\n  - {path: g.csv, metric: d, labels: {entity: Entity, year: Year}, value: Deaths, gaps: ['..', n/a, '–']}\n", table)
	checkFigures(t, got, `d{entity="A",year="4"} 5 (no source)
`)
	checkText(t, "warnings", warningsOf(set), `g.csv:2: column "Deaths": gap: no figure for d{entity="A",year="1"}: the cell is ".."
g.csv:3: column "Deaths": gap: no figure for d{entity="A",year="2"}: the cell is "n/a"
g.csv:4: column "Deaths": gap: no figure for d{entity="A",year="3"}: the cell is "–"`)
	// Without gaps:, "–" (an en dash) is no default gap token: a problem.
	got = problemsOf(t, "figure_files:\n  - {path: g.csv, metric: d, labels: {entity: Entity, year: Year}, value: Deaths}\n", table)
	checkText(t, "problems", got, `g.csv:4: column "Deaths": cannot read "–" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`)
	got = problemsOf(t, "figure_files:\n  - {path: g.csv, metric: d, labels: {entity: Entity, year: Year}, value: Deaths, gaps: ['..', n/a, '–'], gaps_are_errors: true}\n", table)
	checkText(t, "problems", got, `g.csv:2: column "Deaths": no figure for d{entity="A",year="1"}: the cell is ".." (gaps_are_errors: true in its figure_files entry; a number was expected)
g.csv:3: column "Deaths": no figure for d{entity="A",year="2"}: the cell is "n/a" (gaps_are_errors: true in its figure_files entry; a number was expected)
g.csv:4: column "Deaths": no figure for d{entity="A",year="3"}: the cell is "–" (gaps_are_errors: true in its figure_files entry; a number was expected)`)
}

// Gaps past the hundredth are counted, not listed.
func TestMappedGapsCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("k,v\n")
	for i := range 250 {
		b.WriteString(strings.Repeat("x", 1) + string(rune('a'+i%26)) + strings.Repeat("y", i/26) + ",..\n")
	}
	set, _ := mustLoadTables(t, "figure_files:\n  - {path: g.csv, metric: d, labels: {k: k}, value: v}\nmetrics:\n  - {name: d, help: D., labels: [k]}\n", map[string]string{"g.csv": b.String()})
	w := strings.Split(warningsOf(set), "\n")
	if len(w) != maxListedGaps+1 || w[maxListedGaps] != "g.csv: gap: 150 more cells are gaps (250 in all; the first 100 are listed above)" {
		t.Errorf("%d warnings, last %q", len(w), w[len(w)-1])
	}
}

// 15. SDMX-CSV: the status column marks gaps.
func TestMappedSDMX(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: sdmx.csv
    metric: unemployment_ratio
    labels: {country: REF_AREA, quarter: TIME_PERIOD}
    value: OBS_VALUE
    scale: "%"
    status: {column: OBS_STATUS, gaps: [M, L]}
    source: {title: Unemployment, publisher: OECD}
`, map[string]string{"sdmx.csv": "DATAFLOW,REF_AREA,MEASURE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\nOECD.SDD:DSD_LFS@DF_IALFS_UNE_M(1.0),FRA,UNE_LF_M,2023-Q1,7.1,A,0\nOECD.SDD:DSD_LFS@DF_IALFS_UNE_M(1.0),FRA,UNE_LF_M,2023-Q2,,M,0\n"})
	checkFigures(t, got, `unemployment_ratio{country="FRA",quarter="2023-Q1"} 0.071 (Unemployment)
`)
	checkText(t, "warnings", warningsOf(set), `sdmx.csv:3: column "OBS_VALUE": gap: no figure for unemployment_ratio{country="FRA",quarter="2023-Q2"}: its status OBS_STATUS is "M"`)
}

// 6. Title rows above the header (found by its columns, or by
// header_row), footnotes below, a comma ending every line.
func TestMappedTitleRowsAndNotes(t *testing.T) {
	table := "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2024-06-28\",\n\nCountry Name,Country Code,2020,2021,\nAruba,ABW,106585,106537,\nChad,TCD,,17179740,\n\nFootnote: figures are mid-year estimates.,,,,\n"
	for _, entry := range []string{"", ", header_row: 5"} {
		set, got := mustLoadTables(t, "figure_files:\n  - {path: wb.csv, metric: population, labels: {country: Country Code}, columns_as: {label: year, match: '^\\d{4}$'}"+entry+"}\n", map[string]string{"wb.csv": table})
		checkFigures(t, got, `population{country="ABW",year="2020"} 106585 (no source)
population{country="ABW",year="2021"} 106537 (no source)
population{country="TCD",year="2021"} 1.717974e+07 (no source)
`)
		checkText(t, "warnings", warningsOf(set), `wb.csv:7: column "2020": gap: no figure for population{country="TCD",year="2020"}: the cell is ""
wb.csv:9: note: row below the data read as notes, not figures: "Footnote: figures are mid-year estimates."`)
	}
}

// 7. Separators and decimal commas.
func TestMappedSeparatorsAndDecimalComma(t *testing.T) {
	for _, c := range []struct{ entry, table string }{
		{"", "Land;Jahr;Wert\nDE;2020;1 234,5\nAT;2020;2.345,7\nCH;2020;-0,25\nFR;2020;1\u00a0000\u00a0001,5\nIT;2020;3\u202f000\nES;2020;12,5%\n"},
		{", separator: \"\\t\"", "Land\tJahr\tWert\nDE\t2020\t1 234,5\nAT\t2020\t2.345,7\nCH\t2020\t-0,25\nFR\t2020\t1\u00a0000\u00a0001,5\nIT\t2020\t3\u202f000\nES\t2020\t12,5%\n"},
	} {
		_, got := mustLoadTables(t, "figure_files:\n  - {path: t.csv, metric: wert, labels: {land: Land, jahr: Jahr}, value: Wert, decimal: \",\""+c.entry+"}\n", map[string]string{"t.csv": c.table})
		checkFigures(t, got, `wert{land="DE",jahr="2020"} 1234.5 (no source)
wert{land="AT",jahr="2020"} 2345.7 (no source)
wert{land="CH",jahr="2020"} -0.25 (no source)
wert{land="FR",jahr="2020"} 1.0000015e+06 (no source)
wert{land="IT",jahr="2020"} 3000 (no source)
wert{land="ES",jahr="2020"} 0.125 (no source)
`)
	}
	got := problemsOf(t, "figure_files:\n  - {path: t.csv, metric: wert, labels: {land: Land}, value: Wert, decimal: \",\"}\n", map[string]string{"t.csv": "Land;Wert\nDE;1.5\nAT;12 34,5\n"})
	checkText(t, "problems", got, `t.csv:2: column "Wert": cannot read "1.5" as a number with decimal: ",": thousands separators must group three digits, as in 1,012.71
t.csv:3: column "Wert": cannot read "12 34,5" as a number with decimal: ",": thousands separators must group three digits, as in 1,012.71`)
}

// 9. Scales applied exactly, per column and per entry; 10. rows dropped
// by label value; 14. a label named source.
func TestMappedScalesDropAndSourceLabel(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - path: energy.csv
    metric: electricity_kilowatt_hours
    labels: {region: Region, source: Source}
    value: TWh
    scale: billion
    drop: {region: [Total, 合计, 全国]}
    source: {title: Electricity by source, publisher: Ember}
`, map[string]string{"energy.csv": "Region,Source,TWh\nWorld,Coal,10186.2\nWorld,Solar,1631\nTotal,Coal,1\n合计,Solar,2\n"})
	checkFigures(t, got, `electricity_kilowatt_hours{region="World",source="Coal"} 1.01862e+13 (Electricity by source)
electricity_kilowatt_hours{region="World",source="Solar"} 1.631e+12 (Electricity by source)
`)
	if len(set.Sources) != 1 || set.Sources[0].Publisher != "Ember" {
		t.Errorf("sources %+v", set.Sources)
	}
	// 国内生产总值(亿元) = 1210207 with scale 亿 is exactly 121020700000000;
	// 0.1 million is exactly 100000, not 0.1×1e6 rounded twice.
	_, got = mustLoadTables(t, `figure_files:
  - {path: s.csv, labels: {k: k}, values: {gdp_yuan: {column: "国内生产总值(亿元)", scale: 亿}, people: {column: m, scale: million}}}
`, map[string]string{"s.csv": "k,国内生产总值(亿元),m\na,1210207,0.1\nb,0.000001,3.3\n"})
	checkFigures(t, got, `gdp_yuan{k="a"} 1.210207e+14 (no source)
gdp_yuan{k="b"} 100 (no source)
people{k="a"} 100000 (no source)
people{k="b"} 3.3e+06 (no source)
`)
}

// Every problem names the file, the row and the column, all at once.
func TestMappedProblems(t *testing.T) {
	main := "figure_files:\n  - {path: d.csv, metric: deaths, labels: {entity: Entity, year: year}, value: Deaths}\n"
	got := problemsOf(t, main, map[string]string{"d.csv": "Entity,Year,Deaths from disasters\nA,1,2\n"})
	checkText(t, "missing columns", got, `d.csv:1: column "year" (labels.year of `+`figures.yml, line 2) is not in the header (row 1): its columns are "Entity", "Year", "Deaths from disasters" (headers are case-sensitive: did you mean "Year"?)
d.csv:1: column "Deaths" (value of figures.yml, line 2) is not in the header (row 1): its columns are "Entity", "Year", "Deaths from disasters"`)
	got = problemsOf(t, main, map[string]string{"d.csv": "Entity,year,Deaths\nA,1,2\nB,1,twelve\nA,1,3\n,2,4\nC,3,1.2.3\n"})
	checkText(t, "rows", got, `d.csv:3: column "Deaths": cannot read "twelve" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%
d.csv:4: duplicate series deaths{entity="A",year="1"}: the same labels as the figure at line 2
d.csv:5: column "Entity": empty label value: every row needs its entity (column "Entity"), or drop: {entity: [""]} in its figure_files entry to leave such rows out
d.csv:6: column "Deaths": cannot read "1.2.3" as a number: unexpected ".3" after the number`)
}

// drop: {label: [""]} leaves out the rows whose label cell is empty (a
// movie without a title), which would otherwise be a problem.
func TestMappedDropEmptyLabel(t *testing.T) {
	_, got := mustLoadTables(t, `figure_files:
  - {path: m.csv, labels: {title: Title, year: Year}, values: {gross: Gross}, drop: {title: [""], year: [""]}}
`, map[string]string{"m.csv": "Title,Year,Gross\nA,2001,5\n,2002,6\nB,,7\n"})
	checkFigures(t, got, `gross{title="A",year="2001"} 5 (no source)
`)
}

// A mapping that cannot work is refused at its entry, with what to do.
func TestMappedEntryProblems(t *testing.T) {
	for _, c := range []struct{ entry, want string }{
		{"{path: d.csv, labels: {a: A}, value: V}", `figures.yml:2: figure_files[0]: a mapped table needs its metric: add metric: NAME (with value: or columns_as:), or values: (a metric per column), or rows_as_metrics: (a metric per row)`},
		{"{path: d.csv, metric: m, labels: {a: A}}", `figures.yml:2: figure_files[0].metric: metric: m needs its values: give value: (the column holding them) or columns_as: (columns whose headers are label values), not both`},
		{"{path: d.csv, metric: m, encoding: gbk}", `figures.yml:2: figure_files[0].encoding: encoding: applies to a mapped table: say which columns hold what with labels: and value: (or values:, columns_as:, rows_as_metrics:)`},
		{"{path: d.csv, metric: m, value: V, scale: lakh}", `figures.yml:2: figure_files[0].scale: unknown scale "lakh": expected one of thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or %`},
		{"{path: d.csv, metric: m, value: V, decimal: ';'}", `figures.yml:2: figure_files[0].decimal: unknown decimal mark ";": expected "." or "," (1 234,5 and 2.345,7 are read with ",")`},
		{"{path: d.csv, metric: m, labels: {a: A}, value: V, drop: {b: [Total]}}", `figures.yml:2: figure_files[0].drop: drop: names label "b", which this entry does not map: it maps label a`},
		{"{path: d.csv, metric: m, labels: {year: A}, columns_as: {label: year, match: x}}", `figures.yml:2: figure_files[0].labels: label "year" is named twice (labels: and columns_as: together give each label once)`},
		{"{path: d.csv, metric: m, labels: {a: A}, columns_as: {label: y, match: '(a)(b)'}}", `figures.yml:2: figure_files[0].columns_as.match: pattern "(a)(b)" has 2 groups: at most one, whose text is the label value (such as '^(\d{4})年$')`},
		{"{path: d.csv, metric: m, labels: {__a: A}, value: V}", `figures.yml:2: figure_files[0].labels.__a: invalid label name "__a": expected letters, digits and _, not starting with a digit or __`},
		{"{path: d.csv, metric: m, value: V, gaps_are_errors: yes}", `figures.yml:2: figure_files[0].gaps_are_errors: expected true or false, found the text "yes"`},
		{"{path: d.csv, metric: m, value: V, status: {column: S}}", `figures.yml:2: figure_files[0].status: missing key gaps: the status values that mark a missing figure, such as [M]`},
		{"{path: d.csv, rows_as_metrics: {column: I, metrics: {a: x, b: x}}, value: V}", `figures.yml:2: figure_files[0].rows_as_metrics.metrics.b: metric "x" is named by two indicators, "a" and "b": a metric is one indicator`},
		{"{path: d.csv, metric: m, labels: {year: A}, value: V, periods: year}", `figures.yml:2: figure_files[0].periods: periods: year keeps the rows whose time label is a year: name that label with time_label:`},
		{"{path: d.csv, metric: m, labels: {year: A}, value: V, time_label: year, periods: week}", `figures.yml:2: figure_files[0].periods: unknown kind of period "week": expected year, quarter, month or date`},
		{"{path: d.csv, metric: m, labels: {a: A}, columns_as: {label: year, match: x}, time_label: year, periods: year}", `figures.yml:2: figure_files[0].periods: periods: keeps rows by the period in their time label's column, but time_label: year is columns_as:'s label, read from the headers: keep only the columns of one kind with columns_as.match`},
		{"{path: d.yml, metric: m, value: V}", `d.yml: unknown file type ".yml": expected .yml, .yaml, .json, .toml or .csv, or for a mapped table .csv, .tsv, .txt, .xlsx or .json`},
		{"{path: d.xlsx, metric: m}", `d.xlsx: unknown file type ".xlsx": expected .yml, .yaml, .json, .toml or .csv; to read this table, say in its figure_files entry which columns hold what (labels:, value:; see docs/tables.md)`},
	} {
		got := problemsOf(t, "figure_files:\n  - "+c.entry+"\n", map[string]string{"d.csv": "A,V\nx,1\n", "d.yml": "x: 1\n", "d.xlsx": "PK"})
		checkText(t, c.entry, got, c.want)
	}
}

// 11. Time labels cleaned: years as tables write them give the year,
// quarters and months keep their period; a quarter is no year.
func TestMappedTimeLabel(t *testing.T) {
	set, got := mustLoadTables(t, `figure_files:
  - {path: y.csv, metric: m, labels: {region: R, year: Y}, value: V, time_label: year}
  - {path: q.csv, metric: q, labels: {quarter: Q}, value: V, time_label: quarter}
  - {path: w.csv, metric: w, labels: {region: R}, columns_as: {label: month, match: '^\d{4}年\d+月$'}, time_label: month}
`, map[string]string{
		"y.csv": "R,Y,V\na,2011年,1\nb,2011.0,2\nc,2011-01-01,3\nd,FY2012,4\ne, 2013 ,5\n",
		"q.csv": "Q,V\n2011年第一季度,1\n2011Q2,2\n2011-Q3,3\n",
		"w.csv": "R,2011年3月,2011年12月\na,1,2\n",
	})
	checkFigures(t, got, `m{region="a",year="2011"} 1 (no source)
m{region="b",year="2011"} 2 (no source)
m{region="c",year="2011"} 3 (no source)
m{region="d",year="2012"} 4 (no source)
m{region="e",year="2013"} 5 (no source)
q{quarter="2011-Q1"} 1 (no source)
q{quarter="2011-Q2"} 2 (no source)
q{quarter="2011-Q3"} 3 (no source)
w{region="a",month="2011-03"} 1 (no source)
w{region="a",month="2011-12"} 2 (no source)
`)
	for _, m := range set.Metrics {
		if m.TimeLabel != m.Labels[len(m.Labels)-1] {
			t.Errorf("%s: time label %q", m.Name, m.TimeLabel)
		}
	}
	got = problemsOf(t, "figure_files:\n  - {path: y.csv, metric: m, labels: {year: Y}, value: V, time_label: year}\n", map[string]string{"y.csv": "Y,V\n2011-Q2,1\n2011-07-01,2\n2011/03/31,3\n"})
	checkText(t, "problems", got, `y.csv:2: column "Y": "2011-Q2" is the quarter 2011-Q2, not a year (time_label: year): a year is written as one, or as its first day (2011-01-01); name the label period to keep periods of any kind
y.csv:3: column "Y": "2011-07-01" is the date 2011-07-01, not a year (time_label: year): a year is written as one, or as its first day (2011-01-01); name the label period to keep periods of any kind
y.csv:4: column "Y": cannot read "2011/03/31" as a period (time_label: year): not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31`)
}

// 8. Encodings: UTF-8 with a byte order mark, UTF-16 by its byte order
// mark, a legacy encoding named by the entry; without it, a clear error.
func TestMappedEncodings(t *testing.T) {
	const text = "地区,2011年\n广东,1.5\n"
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	entry := "figure_files:\n  - {path: t.csv, metric: aid_yuan, labels: {province: 地区}, columns_as: {label: year, match: '^(\\d{4})年$'}, scale: 万%s}\n"
	for _, c := range []struct{ name, table, option string }{
		{"UTF-8 with BOM", "\uFEFF" + text, ""},
		{"UTF-16LE with BOM", string(utf16), ""},
		{"GB18030", gbk, ", encoding: gb18030"},
	} {
		_, got := mustLoadTables(t, fmt.Sprintf(entry, c.option), map[string]string{"t.csv": c.table})
		checkFigures(t, got, `aid_yuan{province="广东",year="2011"} 15000 (no source)
`)
	}
	got := problemsOf(t, fmt.Sprintf(entry, ""), map[string]string{"t.csv": gbk})
	if !strings.HasPrefix(got, "t.csv:1: ") || !strings.Contains(got, "UTF-8") {
		t.Errorf("GB18030 without encoding:\n%s", got)
	}
	t.Log(got)
}

// Problems in a workbook name its sheet and row; gaps too.
func TestMappedWorkbookProblems(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	for i, row := range [][]any{{"Title"}, {"Country", "1961", "1962"}, {"Albania", 45, "n/a"}, {"Algeria", "twelve", 3}, {"Albania", 1, 2}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "book.xlsx")); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte("figure_files:\n  - {path: book.xlsx, sheet: Data, metric: m, labels: {country: Country}, columns_as: {label: year, match: '^\\d{4}$'}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(main, Options{})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("load: %v", err)
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, strings.ReplaceAll(p.Error(), dir+"/", ""))
	}
	checkText(t, "problems", strings.Join(lines, "\n"), `book.xlsx:4: sheet Data row 4, column "1961": cannot read "twelve" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%
book.xlsx:5: sheet Data row 5: duplicate series m{country="Albania",year="1961"}: the same labels as the figure at sheet Data row 3`)
}

// The UK ONS layout: metadata rows below the series' code continue the
// header, and periods: splits years from quarters between two entries of
// one file, each reading its own rows.
func TestMappedPeriodsOfOneKind(t *testing.T) {
	table := `"Title","GDP £m"
"CDID","ABMI"
"PreUnit","£"
"Unit","m"
"Release date","23-12-2024"
"Important notes",
"1955","10"
"1956","11"
"1955 Q1","2.5"
"1955 Q2","2.6"
"1955 JAN","0.8"
`
	main := `figure_files:
  - {path: s.csv, header_row: 2, metric: gdp_yearly, labels: {year: CDID}, value: ABMI, time_label: year, periods: year, scale: million}
  - {path: s.csv, header_row: 2, metric: gdp_quarterly, labels: {quarter: CDID}, value: ABMI, time_label: quarter, periods: quarter, scale: million}
  - {path: s.csv, header_row: 2, metric: gdp_monthly, labels: {month: CDID}, value: ABMI, time_label: month, periods: month, scale: million}
`
	set, got := mustLoadTables(t, main, map[string]string{"s.csv": table})
	checkFigures(t, got, `gdp_monthly{month="1955-01"} 800000 (no source)
gdp_quarterly{quarter="1955-Q1"} 2.5e+06 (no source)
gdp_quarterly{quarter="1955-Q2"} 2.6e+06 (no source)
gdp_yearly{year="1955"} 1e+07 (no source)
gdp_yearly{year="1956"} 1.1e+07 (no source)
`)
	checkText(t, "warnings", warningsOf(set), `s.csv:9: note: 3 rows of other periods, the first "1955 Q1", are not read by this entry (periods: year)
s.csv:7: note: 3 rows of other periods, the first "1955", are not read by this entry (periods: quarter)
s.csv:7: note: 4 rows of other periods, the first "1955", are not read by this entry (periods: month)`)
	// Without periods:, a quarter under a year label is refused, not
	// taken for its year.
	bad := strings.Replace(main, ", periods: year", "", 1)
	if _, err := loadTables(t, bad, map[string]string{"s.csv": table}); err == nil {
		t.Error("years and quarters under one year label loaded")
	}
}

// A mapped entry whose pattern matches the main file too reads the
// tables, never the main file again.
func TestMappedPatternSkipsTheMainFile(t *testing.T) {
	_, got := mustLoadTables(t, "figure_files:\n  - {path: '*', metric: m, labels: {a: A}, value: V}\n", map[string]string{"d.csv": "A,V\nx,1\n"})
	checkFigures(t, got, `m{a="x"} 1 (no source)
`)
}

// BLS's flat files write a figure's time as its year and a period code:
// period_year: joins them, M01-M12 the months, M13 the year.
func TestMappedPeriodYear(t *testing.T) {
	table := "series_id\tyear\tperiod\tvalue\nCUUR0000SA0      \t2016\tM01\t  236.916\nCUUR0000SA0      \t2016\tM13\t  240.007\nCUUS0000SA0      \t2016\tS01\t  238.778\n"
	main := `figure_files:
  - {path: c.txt, metric: cpi_monthly, labels: {series_id: series_id, month: period}, value: value, period_year: year, time_label: month, periods: month}
  - {path: c.txt, metric: cpi_yearly, labels: {series_id: series_id, year: period}, value: value, period_year: year, time_label: year, periods: year}
`
	_, got := mustLoadTables(t, main, map[string]string{"c.txt": table})
	checkFigures(t, got, `cpi_monthly{series_id="CUUR0000SA0",month="2016-01"} 236.916 (no source)
cpi_yearly{series_id="CUUR0000SA0",year="2016"} 240.007 (no source)
`)
	// Without periods:, a half-year is refused, saying which codes are
	// periods.
	bad := "figure_files:\n  - {path: c.txt, metric: m, labels: {series_id: series_id, month: period}, value: value, period_year: year, time_label: month}\n"
	got = problemsOf(t, bad, map[string]string{"c.txt": table})
	for _, w := range []string{`c.txt:4: column "period": cannot read "S01" as a period code of 2016 (period_year: year)`, "half-years S01 and S02 are no period"} {
		if !strings.Contains(got, w) {
			t.Errorf("problems %q do not say %q", got, w)
		}
	}
	checkText(t, "no time label", problemsOf(t, "figure_files:\n  - {path: c.txt, metric: m, labels: {month: period}, value: value, period_year: year}\n", map[string]string{"c.txt": table}),
		`figures.yml:2: figure_files[0].period_year: period_year: year is the year of the period codes (M01, Q01, A01) of the time label's column: name that label with time_label:`)
}

// A table of values only, with a row of units under its header: the
// units continue the header; a first row of figures with a typo is read,
// and refused.
func TestUnitsRowUnderAHeaderOfValuesOnly(t *testing.T) {
	const main = "figure_files:\n  - path: t.csv\n    values: {gdp: GDP, population: Population}\n    source: {title: t}\n"
	_, got := mustLoadTables(t, main, map[string]string{"t.csv": "GDP,Population\nbillion USD,million\n123,45\n"})
	if want := "gdp{} 123 (t)\npopulation{} 45 (t)\n"; got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
	if got := problemsOf(t, main, map[string]string{"t.csv": "GDP,Population\n12x,45\n"}); !strings.Contains(got, `t.csv:2: column "GDP": cannot read "12x"`) {
		t.Errorf("problems:\n%s", got)
	}
}

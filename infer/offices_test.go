package infer

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"

	"github.com/figures-exporter/figures_exporter/config"
)

// Tables of statistical offices in their own publication shapes. Each
// is read here by hand, in the office's own terms, without config/table:
// the expected figures do not share the code under test.

// initServe runs init on a real table of testdata/tables, checks the
// written file against its golden copy and that a second run writes the
// same bytes, and returns the written file and what config serves from it.
func initServe(t *testing.T, file string) ([]byte, map[string]float64, Stats) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Infer([]Input{{Path: "tables/" + file, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, strings.TrimSuffix(file, filepath.Ext(file))+".yml", res.File)
	again, err := Infer([]Input{{Path: "tables/" + file, Data: data}})
	if err != nil || string(again.File) != string(res.File) {
		t.Fatalf("a second run wrote other bytes (%v)", err)
	}
	return res.File, serve(t, file, data, res.File), res.Stats
}

// entryMetrics are the metrics of the written file's entries, in order
// (metric: of each entry).
func entryMetrics(t *testing.T, file []byte) []string {
	t.Helper()
	var doc struct {
		FigureFiles []struct{ Metric string } `yaml:"figure_files"`
	}
	if err := yaml.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range doc.FigureFiles {
		out = append(out, e.Metric)
	}
	return out
}

func readLines(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", file))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}

// holds says whether init's file serves exactly the figures read by hand,
// and its summary counts them.
func holds(t *testing.T, want, served map[string]float64, stats Stats) {
	t.Helper()
	compare(t, want, served)
	if stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
	}
}

// eurostatCells calls fn with every cell of a Eurostat TSV that is not
// ":" (no figure): its row's codes, its column's header, the cell
// trimmed.
func eurostatCells(t *testing.T, file string, fn func(dims, codes []string, across, cell string)) {
	t.Helper()
	lines := readLines(t, file)
	header := strings.Split(lines[0], "\t")
	dims := strings.Split(strings.SplitN(header[0], `\`, 2)[0], ",")
	for _, line := range lines[1:] {
		cells := strings.Split(line, "\t")
		codes := strings.Split(cells[0], ",")
		if len(codes) != len(dims) {
			t.Fatalf("%q: %d codes for %d dimensions", cells[0], len(codes), len(dims))
		}
		for j, c := range cells[1:] {
			if c = strings.TrimSpace(c); !strings.HasPrefix(c, ":") {
				fn(dims, codes, strings.TrimSpace(header[j+1]), c)
			}
		}
	}
}

// Eurostat's TSV bulk download: the row dimensions joined by commas in
// the first column (unit,geo\time), a column per year headed "2011 ", ":"
// for no figure.
func TestEurostatTSV(t *testing.T) {
	for _, file := range []string{"eurostat_teina200.tsv", "eurostat_gov_10dd_edpt1.tsv"} {
		t.Run(file, func(t *testing.T) {
			written, served, stats := initServe(t, file)
			metrics := entryMetrics(t, written)
			if len(metrics) != 1 {
				t.Fatalf("want one entry with a metric, got %q", metrics)
			}
			want := map[string]float64{}
			eurostatCells(t, file, func(dims, codes []string, year, c string) {
				v, err := config.ParseValue(c)
				if err != nil {
					t.Fatalf("%q: %v", c, err)
				}
				want[seriesKey(metrics[0], append(slices.Clone(dims), "year"), append(slices.Clone(codes), year))] = v
			})
			holds(t, want, served, stats)
		})
	}
}

// The UK ONS time-series CSV: metadata rows (Title, CDID, PreUnit £,
// Unit m, Release date, …), then years ("1948") and quarters ("1955 Q1")
// in one column. Each kind of period is its own metric, in £ millions.
func TestONSTimeSeries(t *testing.T) {
	const file = "ons_gdp_abmi.csv"
	written, served, stats := initServe(t, file)
	metrics := entryMetrics(t, written)
	if len(metrics) != 2 {
		t.Fatalf("want an entry for the years and one for the quarters, got metrics %q", metrics)
	}
	want := map[string]float64{}
	data := false
	for _, line := range readLines(t, file) {
		cells := strings.Split(line, ",")
		for i := range cells {
			cells[i] = strings.Trim(cells[i], `"`)
		}
		switch {
		case cells[0] == "Important notes":
			data = true
			continue
		case !data:
			if cells[0] == "PreUnit" && cells[1] != "£" || cells[0] == "Unit" && cells[1] != "m" {
				t.Fatalf("the series is not in £m: %q", cells)
			}
			continue
		}
		v, err := config.ParseValue(cells[1] + " million")
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if y, q, ok := strings.Cut(cells[0], " Q"); ok {
			want[seriesKey(metrics[1], []string{"quarter"}, []string{y + "-Q" + q})] = v
		} else {
			want[seriesKey(metrics[0], []string{"year"}, []string{cells[0]})] = v
		}
	}
	if len(want) != 76+279 {
		t.Fatalf("read %d figures by hand, the file has 76 years and 279 quarters", len(want))
	}
	holds(t, want, served, stats)
}

// readCSV reads a comma-separated real table with encoding/csv, a byte
// order mark cut: the header and the rows.
func readCSV(t *testing.T, file string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", file))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[0], rows[1:]
}

// Statistics Canada's full-table CSV: VALUE holds the figures; REF_DATE,
// GEO and the table's dimensions are labels; DGUID, UOM, SCALAR_FACTOR,
// VECTOR, COORDINATE, STATUS, SYMBOL, TERMINATED and DECIMALS are not,
// unless needed (a geography's name given twice needs its DGUID; a unit
// that differs by row is a label). Quarterly REF_DATEs are written as
// the quarter's first month (1946-04).
func TestStatCanFullTable(t *testing.T) {
	for _, tc := range []struct {
		file string
		// labels: label name -> column, as the table's layout asks
		labels map[string]string
	}{
		{"statcan_17100009.csv", map[string]string{"quarter": "REF_DATE", "geo": "GEO"}},
		{"statcan_23100309.csv", map[string]string{"year": "REF_DATE", "geo": "GEO", "dguid": "DGUID", "demographic_and_geodemographic": "Demographic and geodemographic", "uom": "UOM"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			written, served, stats := initServe(t, tc.file)
			metrics := entryMetrics(t, written)
			header, rows := readCSV(t, tc.file)
			col := func(h string) int { return slices.Index(header, h) }
			var names []string
			for n := range tc.labels {
				names = append(names, n)
			}
			slices.Sort(names)
			want := map[string]float64{}
			for _, r := range rows {
				if r[col("SCALAR_FACTOR")] != "units" {
					t.Fatalf("a row scaled by %q", r[col("SCALAR_FACTOR")])
				}
				if r[col("VALUE")] == "" {
					continue
				}
				v, err := strconv.ParseFloat(r[col("VALUE")], 64)
				if err != nil {
					t.Fatal(err)
				}
				values := make([]string, len(names))
				for i, n := range names {
					values[i] = r[col(tc.labels[n])]
				}
				want[seriesKey(metrics[0], names, values)] = v
			}
			holds(t, want, served, stats)
		})
	}
}

// FRED's CSV: DATE and the series' code; quarterly series dated on the
// first day of each quarter, "." for a day without a figure.
func TestFREDSeries(t *testing.T) {
	for _, tc := range []struct{ file, label string }{
		{"fred_GDPC1.csv", "quarter"},
		{"fred_DGS10.csv", "date"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			written, served, stats := initServe(t, tc.file)
			metrics := entryMetrics(t, written)
			_, rows := readCSV(t, tc.file)
			want := map[string]float64{}
			for _, r := range rows {
				if r[1] == "." {
					continue
				}
				v, err := strconv.ParseFloat(r[1], 64)
				if err != nil {
					t.Fatal(err)
				}
				want[seriesKey(metrics[0], []string{tc.label}, []string{r[0]})] = v
			}
			holds(t, want, served, stats)
		})
	}
}

// SCALAR_FACTOR scales the entry when every row has the same; when rows
// differ it cannot, and stays a label beside figures served as written.
func TestStatCanScalarFactor(t *testing.T) {
	const header = "REF_DATE,GEO,DGUID,Labour force characteristics,UOM,UOM_ID,SCALAR_FACTOR,SCALAR_ID,VECTOR,COORDINATE,VALUE,STATUS,SYMBOL,TERMINATED,DECIMALS\n"
	e, _ := shapeOf(t, csvGrid("lfs.csv", header+
		"2024,Canada,2021A000011124,Employment,Persons,249,thousands,3,v1,1.1,20500.1,,,,1\n"+
		"2024,Canada,2021A000011124,Unemployment,Persons,249,thousands,3,v2,1.2,1300.4,,,,1\n"+
		"2025,Canada,2021A000011124,Employment,Persons,249,thousands,3,v1,1.1,,F,,,1\n"))
	if e.Scale != "thousand" || e.Value != "VALUE" || e.Metric != "lfs_persons" {
		t.Errorf("scale %q value %q metric %q, want thousand, VALUE, lfs_persons", e.Scale, e.Value, e.Metric)
	}
	if e.Status == nil || e.Status.Column != "STATUS" || !slices.Equal(e.Status.Gaps, []string{"F"}) {
		t.Errorf("status %+v, want STATUS [F]", e.Status)
	}
	var labels []string
	for _, l := range e.Labels {
		labels = append(labels, l.Name+"="+l.Column)
	}
	if w := []string{"year=REF_DATE", "geo=GEO", "labour_force_characteristics=Labour force characteristics"}; !slices.Equal(labels, w) {
		t.Errorf("labels %q, want %q", labels, w)
	}
	e, _ = shapeOf(t, csvGrid("lfs.csv", header+
		"2024,Canada,2021A000011124,Employment,Persons,249,thousands,3,v1,1.1,20500.1,,,,1\n"+
		"2024,Canada,2021A000011124,Population,Persons,249,units,0,v3,1.3,41000000,,,,0\n"))
	if e.Scale != "" || !slices.ContainsFunc(e.Labels, func(l Label) bool { return l.Column == "SCALAR_FACTOR" }) {
		t.Errorf("scale %q labels %v: want no scale and SCALAR_FACTOR a label", e.Scale, e.Labels)
	}
}

// Korean and Japanese tables in their legacy encodings: init detects
// EUC-KR and Shift_JIS (both mostly valid GBK, which it guessed before),
// so labels are served as the table writes them. Each number of the
// table, read by hand after decoding, is served once.
func TestEastAsianEncodings(t *testing.T) {
	for _, tc := range []struct {
		file   string
		enc    encoding.Encoding
		header int    // the header's record (encoding/csv skips blank lines)
		label  string // a label value served
		values func(header []string) []int
	}{
		{"kosis_census2010_provinces_euckr.csv", korean.EUCKR, 2, "전국", func([]string) []int { return []int{5, 6, 7, 8} }},
		{"mois_gangwon_population_euckr.csv", korean.EUCKR, 1, "강원도 춘천시 (4211000000)", func(h []string) []int {
			var cols []int
			for i := 1; i < len(h); i++ {
				cols = append(cols, i)
			}
			return cols
		}},
		{"estat_census_prefecture_sjis.csv", japanese.ShiftJIS, 1, "北海道", func([]string) []int { return []int{6} }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			written, served, stats := initServe(t, tc.file)
			if !strings.Contains(string(written), "encoding: "+map[encoding.Encoding]string{korean.EUCKR: "euc-kr", japanese.ShiftJIS: "shift_jis"}[tc.enc]) {
				t.Fatalf("the written file names no encoding %v:\n%s", tc.enc, written)
			}
			raw, err := os.ReadFile(filepath.Join("..", "testdata", "tables", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			text, err := tc.enc.NewDecoder().Bytes(raw)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(strings.NewReader(string(text)))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var want []float64
			header := rows[tc.header-1]
			for _, row := range rows[tc.header:] {
				for _, c := range tc.values(header) {
					if c >= len(row) || row[c] == "" {
						continue
					}
					text := row[c]
					if strings.HasSuffix(header[c], "(%)") {
						text += "%" // a column in percent is served as a ratio
					}
					v, err := config.ParseValue(text)
					if err != nil {
						t.Fatalf("%q: %v", text, err)
					}
					want = append(want, v)
				}
			}
			var got []float64
			found := false
			for k, v := range served {
				got = append(got, v)
				found = found || strings.Contains(k, `"`+tc.label+`"`)
			}
			if !found {
				t.Errorf("no series has the label value %q", tc.label)
			}
			slices.Sort(want)
			slices.Sort(got)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("served %d figures, the table has %d numbers", len(got), len(want))
			}
			if stats.Figures != len(want) {
				t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
			}
		})
	}
}

// INSEE's series download: "Libellé", "idBank" and "Période" rows, then
// months (1990-01) or quarters (1990-T1), the series' status codes beside.
func TestINSEESeries(t *testing.T) {
	for _, tc := range []struct{ file, label string }{
		{"insee_ipi_010537296.csv", "month"},
		{"insee_defaillances_001739987.csv", "quarter"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			written, served, stats := initServe(t, tc.file)
			metrics := entryMetrics(t, written)
			r := csv.NewReader(strings.NewReader(strings.Join(readLines(t, tc.file), "\n")))
			r.Comma = ';'
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if rows[1][0] != "idBank" || rows[2][0] != "Période" {
				t.Fatalf("not an INSEE series: %q", rows[:3])
			}
			want := map[string]float64{}
			for _, row := range rows[3:] {
				v, err := strconv.ParseFloat(row[1], 64)
				if err != nil {
					t.Fatal(err)
				}
				when := strings.Replace(row[0], "-T", "-Q", 1) // a trimestre is a quarter
				want[seriesKey(metrics[0], []string{tc.label}, []string{when})] = v
			}
			holds(t, want, served, stats)
		})
	}
}

// BLS's time-series flat file: series_id padded with spaces, year, period
// (M01-M13, S01-S03), value, footnote_codes; tabs, CRLF. The year and
// the period code make the time: an entry for the months (M01-M12), one
// for the annual averages (M13, S03), one for the half-years (S01, S02),
// which are no period.
func TestBLSFlatFile(t *testing.T) {
	const file = "bls_cu_data_allitems.txt"
	written, served, stats := initServe(t, file)
	metrics := entryMetrics(t, written)
	if len(metrics) != 3 {
		t.Fatalf("metrics %q: want the annual, the monthly and the half-yearly", metrics)
	}
	lines := readLines(t, file)
	want := map[string]float64{}
	for _, line := range lines[1:] {
		cells := strings.Split(line, "\t")
		v, err := strconv.ParseFloat(strings.TrimSpace(cells[3]), 64)
		if err != nil {
			t.Fatal(err)
		}
		id, year, code := strings.TrimSpace(cells[0]), cells[1], cells[2]
		switch {
		case code == "M13" || code == "S03":
			want[seriesKey(metrics[0], []string{"series_id", "year"}, []string{id, year})] = v
		case code == "S01" || code == "S02":
			want[seriesKey(metrics[2], []string{"series_id", "year", "half"}, []string{id, year, code})] = v
		default:
			want[seriesKey(metrics[1], []string{"series_id", "month"}, []string{id, year + "-" + code[1:]})] = v
		}
	}
	holds(t, want, served, stats)
}

// Eurostat's weekly deaths: weeks across (2020W50, and 2020W99 for an
// unknown week), which are no period config reads: values of a label
// week; flags after the values (153 p).
func TestEurostatWeeks(t *testing.T) {
	const file = "eurostat_demo_r_mwk_ts.tsv"
	written, served, stats := initServe(t, file)
	metrics := entryMetrics(t, written)
	want := map[string]float64{}
	eurostatCells(t, file, func(dims, codes []string, week, c string) {
		v, err := strconv.ParseFloat(strings.TrimSuffix(c, " p"), 64)
		if err != nil {
			t.Fatal(err)
		}
		want[seriesKey(metrics[0], append(slices.Clone(dims), "week"), append(slices.Clone(codes), week))] = v
	})
	holds(t, want, served, stats)
}

// The ABS's time-series workbook: the series' titles on row 1, Unit,
// Series Type, …, Series ID on rows 2-10, then months dated by their
// first day. Read here with excelize's raw cells, not config/table.
func TestABSTimeSeries(t *testing.T) {
	const file = "abs_6202001_data1.xlsx"
	written, served, stats := initServe(t, file)
	f, err := excelize.OpenFile(filepath.Join("..", "testdata", "tables", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Data1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][0] != "Unit" || rows[9][0] != "Series ID" {
		t.Fatalf("not an ABS time series: %q, %q", rows[1][0], rows[9][0])
	}
	metricOf := writtenMetrics(t, written)
	want := map[string]float64{}
	for _, row := range rows[10:] {
		serial, err := strconv.ParseFloat(row[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		day, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatal(err)
		}
		for c := 1; c < len(row); c++ {
			if row[c] == "" {
				continue
			}
			if rows[1][c] != "000" {
				t.Fatalf("column %d is in %q, not thousands", c, rows[1][c])
			}
			v, err := config.ParseValue(row[c] + " thousand")
			if err != nil {
				t.Fatal(err)
			}
			want[seriesKey(metricOf[rows[9][c]], []string{"month"}, []string{day.Format("2006-01")})] = v
		}
	}
	holds(t, want, served, stats)
}

// A time column of several kinds of period (SDMX-CSV of two
// frequencies: TIME_PERIOD 2020 beside 2020-Q1) is an entry per kind: a
// metric holds periods of one kind.
func TestMixedPeriodsSplitByKind(t *testing.T) {
	text := "FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE\nA,FR,2020,1.5\nA,FR,2021,1.7\nQ,FR,2020-Q1,0.3\nQ,FR,2020-Q2,0.4\nQ,FR,2021-Q1,0.5\n"
	res, err := Infer([]Input{{Path: "gdp.csv", Data: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 2 {
		t.Fatalf("%d entries, want one for the years and one for the quarters:\n%s", len(res.Entries), res.File)
	}
	for i, w := range []struct{ metric, label, periods string }{{"gdp_yearly", "year", "year"}, {"gdp_quarterly", "quarter", "quarter"}} {
		e := res.Entries[i]
		if e.Metric != w.metric || e.TimeLabel != w.label || e.Periods != w.periods {
			t.Errorf("entry %d: metric %s, time label %s, periods %s; want %s, %s, %s", i, e.Metric, e.TimeLabel, e.Periods, w.metric, w.label, w.periods)
		}
	}
	served := serve(t, "gdp.csv", []byte(text), bytesReplace(res.File, "path: gdp.csv", "path: tables/gdp.csv"))
	want := map[string]float64{
		seriesKey("gdp_yearly", []string{"freq", "ref_area", "year"}, []string{"A", "FR", "2020"}):          1.5,
		seriesKey("gdp_yearly", []string{"freq", "ref_area", "year"}, []string{"A", "FR", "2021"}):          1.7,
		seriesKey("gdp_quarterly", []string{"freq", "ref_area", "quarter"}, []string{"Q", "FR", "2020-Q1"}): 0.3,
		seriesKey("gdp_quarterly", []string{"freq", "ref_area", "quarter"}, []string{"Q", "FR", "2020-Q2"}): 0.4,
		seriesKey("gdp_quarterly", []string{"freq", "ref_area", "quarter"}, []string{"Q", "FR", "2021-Q1"}): 0.5,
	}
	holds(t, want, served, res.Stats)
}

func bytesReplace(b []byte, old, new string) []byte {
	return []byte(strings.Replace(string(b), old, new, -1))
}

// Eurostat's monthly tables head their columns 2020M01 (SDMX's month):
// a wide table by month, not a metric per month. No real monthly
// Eurostat TSV was found on GitHub; this is the layout of une_rt_m.
func TestEurostatMonthsAcross(t *testing.T) {
	res, err := Infer([]Input{{Path: "une_rt_m.tsv", Data: []byte("unit,s_adj,geo\\time\t2020M02 \t2020M01 \nPC_ACT,SA,AT\t4.5 \t4.3 p\nPC_ACT,SA,BE\t: \t5.1 \n")}})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Entries[0]
	if e.ColumnsAs == nil || e.ColumnsAs.Label != "month" || e.TimeLabel != "month" || e.Metric != "une_rt_m" {
		t.Errorf("columns_as %+v, time label %q, metric %q: want month across, one metric", e.ColumnsAs, e.TimeLabel, e.Metric)
	}
}

// Period codes of other offices across: 2023K1 (Statistics Norway and
// Sweden), 2023T1 (INE), 2023KW01 and 2023MM01 (Statistics Netherlands).
func TestOfficePeriodHeaders(t *testing.T) {
	for _, tc := range []struct{ header, label string }{
		{"Regio;2023K1;2023K2", "quarter"},
		{"Provincia;2023T1;2023T2", "quarter"},
		{"Regio;2023KW01;2023KW02", "quarter"},
		{"Regio;2023MM01;2023MM02", "month"},
		{"Regio;2022JJ00;2023JJ00", "year"},
	} {
		res, err := Infer([]Input{{Path: "t.csv", Data: []byte(tc.header + "\nA;1;2\nB;3;4\n")}})
		if err != nil {
			t.Fatal(err)
		}
		e := res.Entries[0]
		if e.ColumnsAs == nil || e.ColumnsAs.Label != tc.label || e.TimeLabel != tc.label {
			t.Errorf("%s: columns_as %+v, time label %q; want %s across", tc.header, e.ColumnsAs, e.TimeLabel, tc.label)
		}
	}
}

// The IMF's World Economic Outlook download: a subject per row (WEO
// Subject Code) with its Scale (Billions) and Units, years across, "n/a"
// and "--" for no figure. No real WEO file was found on GitHub: these
// rows are in its layout, their figures written for the test.
func TestWEOSubjectsAreMetricsWithTheirScale(t *testing.T) {
	text := "WEO Country Code\tISO\tWEO Subject Code\tCountry\tSubject Descriptor\tSubject Notes\tUnits\tScale\tCountry/Series-specific Notes\t2019\t2020\tEstimates Start After\n" +
		"512\tAFG\tNGDP_RPCH\tAfghanistan\tGross domestic product, constant prices\tAnnual percentages\tPercent change\t\tSee notes\t3.9\tn/a\t2019\n" +
		"914\tALB\tNGDP_RPCH\tAlbania\tGross domestic product, constant prices\tAnnual percentages\tPercent change\t\tSee notes\t2.1\t--\t2020\n" +
		"914\tALB\tNGDPD\tAlbania\tGross domestic product, current prices\tValues\tU.S. dollars\tBillions\tSee notes\t15.4\t15.2\t2020\n"
	res, err := Infer([]Input{{Path: "weo.tsv", Data: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Entries[0]
	if e.RowsAsMetrics == nil || e.RowsAsMetrics.Column != "WEO Subject Code" || len(e.RowsAsMetrics.Metrics) != 2 {
		t.Fatalf("rows_as_metrics %+v: want a metric per WEO subject", e.RowsAsMetrics)
	}
	if m := e.RowsAsMetrics.Metrics[1]; m.Row != "NGDPD" || m.Scale != "billion" {
		t.Errorf("NGDPD: %+v, want scale billion from its Scale cells", m)
	}
	for _, l := range e.Labels {
		if slices.Contains(weoAttributes, l.Column) {
			t.Errorf("%s is a label: it describes the subject", l.Column)
		}
	}
	served := serve(t, "weo.tsv", []byte(text), bytesReplace(res.File, "path: weo.tsv", "path: tables/weo.tsv"))
	key := seriesKey(e.RowsAsMetrics.Metrics[1].Metric, []string{"weo_country_code", "iso", "country", "estimates_start_after", "year"}, []string{"914", "ALB", "Albania", "2020", "2019"})
	if served[key] != 15.4e9 {
		t.Errorf("%s = %v, want 1.54e10", key, served[key])
	}
}

// TestWEORealDownload: the IMF's WEO download of country groups as the
// IMF serves it (UTF-16 without a byte order mark, tabs, a source line
// below), read here with x/text's UTF-16 decoder and strings.Split: a
// metric per WEO subject, Billions scaled, "n/a" and "--" gaps.
func TestWEORealDownload(t *testing.T) {
	written, served, stats := initServe(t, "imf_weo_apr2023_groups.tsv")
	var doc struct {
		FigureFiles []struct {
			RowsAsMetrics struct {
				Metrics map[string]struct{ Metric string } `yaml:"metrics"`
			} `yaml:"rows_as_metrics"`
		} `yaml:"figure_files"`
	}
	if err := yaml.Unmarshal(written, &doc); err != nil {
		t.Fatal(err)
	}
	metricOf := doc.FigureFiles[0].RowsAsMetrics.Metrics
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "tables", "imf_weo_apr2023_groups.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(text), "\r", ""), "\n")
	header := strings.Split(lines[0], "\t")
	col := func(name string) int { return slices.Index(header, name) }
	want := map[string]float64{}
	for _, line := range lines[1:] {
		cells := strings.Split(line, "\t")
		if len(cells) < len(header)/2 {
			continue // the source line below the table
		}
		subject := cells[col("WEO Subject Code")]
		exp := ""
		if cells[col("Scale")] == "Billions" {
			exp = "e9"
		}
		for i, h := range header {
			if len(h) != 4 || h < "1980" || h > "2100" || i >= len(cells) {
				continue
			}
			c := strings.TrimSpace(cells[i])
			if c == "" || c == "n/a" || c == "--" {
				continue
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(c, ",", "")+exp, 64)
			if err != nil {
				t.Fatalf("%q is not a WEO figure", c)
			}
			want[seriesKey(metricOf[subject].Metric, []string{"weo_country_group_code", "country_group_name", "year"},
				[]string{cells[col("WEO Country Group Code")], cells[col("Country Group Name")], h})] = v
		}
	}
	if len(metricOf) != 13 || len(want) < 600 {
		t.Fatalf("%d subjects, %d figures: the cut lost its rows", len(metricOf), len(want))
	}
	compare(t, want, served)
	if stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
	}
}

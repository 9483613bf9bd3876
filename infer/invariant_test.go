package infer

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/config/table"
	"github.com/figures-exporter/figures_exporter/period"
)

// The invariant of init: what it writes passes check (config loads it)
// and serves exactly the figures of the table's cells, read here from
// the mapping init wrote (its labels, value columns, drop, gaps, scale)
// cell by cell, without config's mapping code. Whether init chose the
// right columns is the business of the readings of real_test.go; this
// holds for every table, including the ones no reading describes.

// writtenEntry is what the test reads of a figure_files entry.
type writtenEntry struct {
	Path      string            `yaml:"path"`
	Metric    string            `yaml:"metric"`
	Value     string            `yaml:"value"`
	Scale     string            `yaml:"scale"`
	Labels    map[string]string `yaml:"labels"`
	Values    map[string]yaml.Node
	ColumnsAs *struct{ Label, Match string } `yaml:"columns_as"`
	Rows      *struct {
		Column  string
		Metrics map[string]yaml.Node
	} `yaml:"rows_as_metrics"`
	Drop   map[string][]string `yaml:"drop"`
	Gaps   []string            `yaml:"gaps"`
	Status *struct {
		Column string
		Gaps   []string
	} `yaml:"status"`
	Decimal   string `yaml:"decimal"`
	Sheet     string `yaml:"sheet"`
	HeaderRow int    `yaml:"header_row"`
	Encoding  string `yaml:"encoding"`
	Separator string `yaml:"separator"`
	Records   string `yaml:"records"`
	TimeLabel string `yaml:"time_label"`
	Periods   string `yaml:"periods"`
	// PeriodYear is the column of the year of the time label's BLS
	// period codes.
	PeriodYear string `yaml:"period_year"`
	// Parentheses says what a number in parentheses is (asPrinted).
	Parentheses string `yaml:"parentheses"`
}

// metricScale reads a values: or rows_as_metrics.metrics: item, a name
// or {column|metric, scale}.
func metricScale(t *testing.T, n yaml.Node, key string) (string, string) {
	if n.Kind == yaml.ScalarNode {
		return n.Value, ""
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m[key], m["scale"]
}

// initInvariant runs init on one table, loads what it wrote, and holds
// the figures config serves to the table's cells. It returns init's
// error, which fails the test unless mayRefuse.
func initInvariant(t *testing.T, name string, data []byte, mayRefuse bool) error {
	t.Helper()
	res, err := Infer([]Input{{Path: "tables/" + name, Data: data}})
	if err != nil {
		if !mayRefuse {
			t.Fatalf("init: %v", err)
		}
		return err
	}
	served := serve(t, name, data, res.File)
	var doc struct {
		FigureFiles []writtenEntry `yaml:"figure_files"`
	}
	if err := yaml.Unmarshal(res.File, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, e := range doc.FigureFiles {
		for k, v := range cellsOf(t, e, data) {
			if _, dup := want[k]; dup {
				t.Errorf("%s is read by two entries", k)
			}
			want[k] = v
		}
	}
	compare(t, want, served)
	if res.Stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", res.Stats.Figures, len(want))
	}
	return nil
}

// cellsOf reads every figure of the table as e maps it.
func cellsOf(t *testing.T, e writtenEntry, data []byte) map[string]float64 {
	t.Helper()
	format, _ := table.FormatOf(e.Path)
	opts := table.Options{Format: format, Encoding: e.Encoding, Records: e.Records, Sheet: e.Sheet}
	if e.Separator != "" {
		opts.Separator = []rune(e.Separator)[0]
	}
	rows, err := table.Open(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	gaps := e.Gaps
	if gaps == nil {
		gaps = defaultGaps
	}
	var header []string
	col := func(h string) int { return columnIndex(t, header, h) }
	type slot struct {
		metric, scale string
		col           int
		extra         string // the columns_as label's value
	}
	want := map[string]float64{}
	started := false
	for rows.Next() {
		row := rows.Row()
		if rows.Place().Row < e.HeaderRow || (header == nil && e.HeaderRow == 0 && nonEmpty(row) == 0) {
			continue
		}
		if header == nil {
			for _, c := range row {
				header = append(header, strings.TrimSpace(c))
			}
			continue
		}
		if nonEmpty(row) < 2 {
			continue // blank rows, notes
		}
		var slots []slot
		scaleOf := func(s string) string {
			if s != "" {
				return s
			}
			return e.Scale
		}
		metric := e.Metric
		if e.Rows != nil {
			n, ok := e.Rows.Metrics[cell(row, col(e.Rows.Column))]
			if !ok {
				continue
			}
			m, sc := metricScale(t, n, "metric")
			metric, e.Scale = m, sc
		}
		if e.Value != "" {
			slots = append(slots, slot{metric, scaleOf(""), col(e.Value), ""})
		}
		for m, n := range e.Values {
			c, sc := metricScale(t, n, "column")
			slots = append(slots, slot{m, scaleOf(sc), col(c), ""})
		}
		if e.ColumnsAs != nil {
			re := regexp.MustCompile(e.ColumnsAs.Match)
			for i, h := range header {
				if slices.Contains(slices.Collect(maps.Values(e.Labels)), h) {
					continue // a label's column is not one of columns_as's
				}
				if m := re.FindStringSubmatch(h); m != nil {
					slots = append(slots, slot{metric, scaleOf(""), i, m[len(m)-1]})
				}
			}
		}
		var names, values []string
		dropped, labelled := false, false
		timeValue := ""
		for name, h := range e.Labels {
			v := cell(row, col(h))
			if v != "" {
				labelled = true
			}
			if name == e.TimeLabel && e.PeriodYear != "" {
				v = blsPeriodOf(cell(row, col(e.PeriodYear)), v)
			}
			if name == e.TimeLabel {
				timeValue = v
			}
			names = append(names, name)
			values = append(values, v)
			dropped = dropped || slices.Contains(e.Drop[name], v) || (name == e.TimeLabel && slices.Contains(e.Drop[name], seriesValue(name, v)))
		}
		if !started && !labelled && len(e.Labels) > 0 {
			continue // a row continuing the header (units)
		}
		started = true
		if dropped || !ofPeriods(e, timeValue) {
			continue
		}
		if e.Status != nil && slices.Contains(e.Status.Gaps, cell(row, col(e.Status.Column))) {
			continue
		}
		for _, s := range slots {
			text := cell(row, s.col)
			if slices.Contains(gaps, text) {
				continue
			}
			text = asPrinted(text, e.Parentheses)
			if e.Decimal == "," {
				text = strings.ReplaceAll(strings.ReplaceAll(text, ".", ""), ",", ".")
			}
			if s.scale != "" {
				text += " " + s.scale
			}
			v, err := config.ParseValue(text)
			if err != nil {
				t.Errorf("row %d: column %q: %q is neither a figure nor a gap", rows.Place().Row, header[s.col], cell(row, s.col))
				continue
			}
			n, vs := names, values
			if e.ColumnsAs != nil && s.extra != "" {
				n, vs = append(slices.Clone(names), e.ColumnsAs.Label), append(slices.Clone(values), s.extra)
			}
			for i, v := range vs {
				if v == "" {
					t.Errorf("row %d: label %s is empty and the row is not dropped", rows.Place().Row, n[i])
				}
			}
			key := seriesKey(s.metric, n, vs)
			if _, dup := want[key]; dup {
				t.Errorf("row %d: %s is a second figure of one series", rows.Place().Row, key)
			}
			want[key] = v
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

// ofPeriods says whether the row is one the entry reads by its periods:
// those whose time label is a period of that kind (rows of other kinds,
// and metadata rows above them, are left to other entries).
func ofPeriods(e writtenEntry, timeValue string) bool {
	if e.Periods == "" {
		return true
	}
	p, err := period.Parse(timeValue)
	if err != nil {
		return false
	}
	kinds := map[string]period.Kind{"year": period.Year, "quarter": period.Quarter, "month": period.Month, "date": period.Day}
	return p.Kind == kinds[e.Periods]
}

// blsPeriodOf is the period of a BLS period code in a year, as BLS
// documents its codes: M01-M12 months, Q01-Q04 quarters, M13, Q05, S03
// and A01 the year; "" for a half-year (S01, S02), which is no period.
func blsPeriodOf(year, code string) string {
	switch {
	case code == "M13", code == "Q05", code == "S03", code == "A01":
		return year
	case strings.HasPrefix(code, "M"):
		return year + "-" + code[1:]
	case strings.HasPrefix(code, "Q"):
		return year + "-Q" + strings.TrimPrefix(code[1:], "0")
	}
	return ""
}

// seriesValue is a label value as seriesKey compares it.
func seriesValue(name, v string) string {
	k := seriesKey("", []string{name}, []string{v})
	k = strings.TrimPrefix(k, "{"+name+"=")
	u, _ := strconv.Unquote(strings.TrimSuffix(k, "}"))
	return u
}

// TestInitOutputPassesCheckOnEveryTable holds the invariant on every
// table of testdata/tables and infer/testdata/tables.
func TestInitOutputPassesCheckOnEveryTable(t *testing.T) {
	var paths []string
	for _, dir := range []string{filepath.Join("..", "testdata", "tables"), filepath.Join("testdata", "tables")} {
		entries, _ := os.ReadDir(dir)
		for _, de := range entries {
			// Not workbooks that are not .xlsx (abs_6202021.xls): they are
			// refused, not read.
			if _, ok := table.FormatOf(de.Name()); ok && !strings.HasSuffix(de.Name(), ".xls") {
				paths = append(paths, filepath.Join(dir, de.Name()))
			}
		}
	}
	if len(paths) < 20 {
		t.Fatalf("only %d tables found", len(paths))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			initInvariant(t, filepath.Base(p), data, false)
		})
	}
}

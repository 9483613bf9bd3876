package infer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

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
			lines := readLines(t, file)
			header := strings.Split(lines[0], "\t")
			dims := strings.Split(strings.SplitN(header[0], `\`, 2)[0], ",")
			want := map[string]float64{}
			for _, line := range lines[1:] {
				cells := strings.Split(line, "\t")
				codes := strings.Split(cells[0], ",")
				if len(codes) != len(dims) {
					t.Fatalf("%q: %d codes for %d dimensions", cells[0], len(codes), len(dims))
				}
				for j, c := range cells[1:] {
					c = strings.TrimSpace(c)
					if c == ":" {
						continue
					}
					v, err := config.ParseValue(c)
					if err != nil {
						t.Fatalf("%q: %v", c, err)
					}
					year := strings.TrimSpace(header[j+1])
					want[seriesKey(metrics[0], append(append([]string{}, dims...), "year"), append(append([]string{}, codes...), year))] = v
				}
			}
			compare(t, want, served)
			if stats.Figures != len(want) {
				t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
			}
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
	compare(t, want, served)
	if stats.Figures != len(want) {
		t.Errorf("the summary counts %d figures, the table has %d", stats.Figures, len(want))
	}
}

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// describeFigures writes a set's metrics one figure a line, with the
// source of each, for comparing whole sets in tests.
func describeFigures(set *Set) string {
	var b strings.Builder
	for _, m := range set.Metrics {
		for _, f := range m.Figures {
			source := "no source"
			if s, ok := set.SourceOf(&f); ok {
				source = s.Title
				if s.Page != "" {
					source += ", page " + s.Page
				}
			}
			fmt.Fprintf(&b, "%s %v (%s)\n", seriesName(m.Name, m.Labels, f.LabelValues), f.Value, source)
		}
	}
	return b.String()
}

// TestManyFilesMerge loads testdata/multi: a main file that declares
// metrics and lists YAML, JSON and CSV files by pattern and by name.
func TestManyFilesMerge(t *testing.T) {
	set, err := Load("testdata/multi/figures.yml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Figures of a metric come in file order; each names its source.
	want := `aid_by_province_yuan{province="广东",year="2011"} 1.23456e+08 (Aid by province (test table))
aid_by_province_yuan{province="四川",year="2011"} 2.5e+08 (Aid by province (test table))
aid_by_province_yuan{province="Guangxi",year="2012"} 1e+06 (Aid by province (test table))
aid_by_province_yuan{province="Xinjiang, Uygur",year="2012"} 0.218 (Aid by province (test table))
aid_yuan{year="2011"} 8.40264e+08 (East-West pairing-off cooperation for poverty reduction in 2011)
aid_yuan{year="2010"} 6.89872e+08 (no source)
aid_yuan{year="2012"} 1.01271e+09 (East-West cooperation in 2012 (test report), page 3)
aid_yuan{year="2013"} 1.20128e+11 (East-West cooperation in 2013 (test report))
social_donations_yuan{year="2011",form="cash"} 5.99949e+07 (no source)
social_donations_yuan{year="2011",form="in_kind"} 4.55788e+07 (no source)
volunteers_sent{year="2011"} 288 (East-West pairing-off cooperation for poverty reduction in 2011)
volunteers_sent{year="2010"} 250 (no source)
volunteers_sent{year="2009"} 1200 (East-West cooperation in 2009 (test report))
volunteers_sent{year="2012"} 31000 (East-West cooperation in 2012 (test report))
volunteers_sent{year="2013"} 120 (no source)
`
	if got := describeFigures(set); got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
	for _, m := range set.Metrics {
		if m.Help == "" {
			t.Errorf("%s has no help", m.Name)
		}
	}

	// tables/aid_by_province.csv is matched by two entries and read once,
	// with the first entry's metric and source.
	wantFiles := []string{
		"testdata/multi/figures.yml",
		"testdata/multi/reports/2010.yml",
		"testdata/multi/reports/2012.yml",
		"testdata/multi/reports/2013.json",
		"testdata/multi/tables/aid_by_province.csv",
		"testdata/multi/tables/donations.csv",
	}
	if !slices.Equal(set.Files, wantFiles) {
		t.Errorf("Files = %q, want %q", set.Files, wantFiles)
	}
	if want := []string{"testdata/multi/reports", "testdata/multi/tables"}; !slices.Equal(set.WatchDirs, want) {
		t.Errorf("WatchDirs = %q, want %q", set.WatchDirs, want)
	}
	if want := []string{"testdata/multi/reports/*.yml", "testdata/multi/reports/*.json", "testdata/multi/tables/*.csv"}; !slices.Equal(set.Globs, want) {
		t.Errorf("Globs = %q, want %q", set.Globs, want)
	}

	// Each distinct source once, in the order figures first name it; a
	// page makes a source distinct.
	wantSources := []Source{
		{Title: "East-West pairing-off cooperation for poverty reduction in 2011", Publisher: "International Poverty Reduction Center in China"},
		{Title: "East-West cooperation in 2009 (test report)", Publisher: "Figures Exporter tests"},
		{Title: "East-West cooperation in 2012 (test report)", Publisher: "Figures Exporter tests", Page: "3"},
		{Title: "East-West cooperation in 2012 (test report)", Publisher: "Figures Exporter tests"},
		{Title: "East-West cooperation in 2013 (test report)", Publisher: "Figures Exporter tests", URL: "https://example.org/2013"},
		{Title: "Aid by province (test table)", Publisher: "Figures Exporter tests", URL: "https://example.org/aid-by-province"},
	}
	if !slices.Equal(set.Sources, wantSources) {
		t.Errorf("Sources = %+v\nwant %+v", set.Sources, wantSources)
	}

	// A file where some figures name no source lists them; a file where
	// none does gets one warning.
	wantWarnings := `testdata/multi/reports/2010.yml:5: metrics[0].figures[0]: aid_yuan{year="2010"} has no source: add source: to the figure or to its file
testdata/multi/reports/2010.yml:8: metrics[1].figures[0]: volunteers_sent{year="2010"} has no source: add source: to the figure or to its file
testdata/multi/tables/donations.csv: no source: none of its 3 figures names a source; add source: (title, publisher, url, page) to its figure_files entry`
	if got := set.Warnings.Error(); got != wantWarnings {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, wantWarnings)
	}
}

// TestDefaultHasNoWarnings: every figure of the embedded report names its
// source, and nothing is watched.
func TestDefaultHasNoWarnings(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Warnings) > 0 || len(set.WatchDirs) > 0 || len(set.Globs) > 0 {
		t.Errorf("warnings %v, watch dirs %q, globs %q: want none", set.Warnings, set.WatchDirs, set.Globs)
	}
	for _, m := range set.Metrics {
		for _, f := range m.Figures {
			if f.Source != 1 {
				t.Errorf("%s: source %d, want 1", seriesName(m.Name, m.Labels, f.LabelValues), f.Source)
			}
		}
	}
}

// TestPatternsPickUpFilesAddedLater follows what the reload helper relies
// on: a file added to a watched directory that matches a pattern is read
// by the next load and changes the digest; other files do not.
func TestPatternsPickUpFilesAddedLater(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("figures.yml", "figure_files: [reports/*.yml]\nmetrics:\n  - name: aid_yuan\n    help: Aid, in yuan.\n    labels: [year]\n")
	write("reports/2011.yml", "metrics:\n  - name: aid_yuan\n    figures: [{year: \"2011\", value: 840.264 million}]\n")
	main := filepath.Join(dir, "figures.yml")
	first, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "reports")}; !slices.Equal(first.WatchDirs, want) {
		t.Fatalf("WatchDirs = %q, want %q", first.WatchDirs, want)
	}

	// Files that match no pattern, or are hidden, change nothing.
	write("reports/notes.txt", "not figures")
	write("reports/.#2012.yml", "an editor's lock file")
	again, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Digest != first.Digest || len(again.Files) != 2 {
		t.Errorf("a non-matching file changed the set: files %q", again.Files)
	}
	for path, want := range map[string]bool{
		filepath.Join(dir, "reports", "2012.yml"):   true,
		filepath.Join(dir, "reports", "notes.txt"):  false,
		filepath.Join(dir, "reports", ".#2012.yml"): false,
		filepath.Join(dir, "2012.yml"):              false,
	} {
		if got := first.MatchesGlob(path); got != want {
			t.Errorf("MatchesGlob(%s) = %v, want %v", path, got, want)
		}
	}

	write("reports/2012.yml", "metrics:\n  - name: aid_yuan\n    figures: [{year: \"2012\", value: \"1,012.71 million\"}]\n")
	added, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if added.Digest == first.Digest {
		t.Error("adding a matching file did not change the digest")
	}
	if want := []string{main, filepath.Join(dir, "reports", "2011.yml"), filepath.Join(dir, "reports", "2012.yml")}; !slices.Equal(added.Files, want) {
		t.Errorf("Files = %q, want %q", added.Files, want)
	}
	if n := added.Series(); n != 2 {
		t.Errorf("%d figures, want 2", n)
	}

	// Changing one byte of an included file changes the digest.
	write("reports/2012.yml", "metrics:\n  - name: aid_yuan\n    figures: [{year: \"2012\", value: \"1,012.72 million\"}]\n")
	changed, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if changed.Digest == added.Digest {
		t.Error("changing an included file did not change the digest")
	}
}

// TestPatternMatchingNothingWarns: a pattern may match nothing yet (files
// are added later); check says so without failing.
func TestPatternMatchingNothingWarns(t *testing.T) {
	set, err := Load("testdata/no_match/figures.yml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `testdata/no_match/figures.yml:2: figure_files[0]: pattern "reports/*.yml" matches no file yet: there is no directory testdata/no_match/reports
testdata/no_match/figures.yml:3: figure_files[1]: pattern "*.csv" matches no file yet`
	if got := set.Warnings.Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	if want := []string{"testdata/no_match/reports", "testdata/no_match"}; !slices.Equal(set.WatchDirs, want) {
		t.Errorf("WatchDirs = %q, want %q", set.WatchDirs, want)
	}
}

func TestParseRefusesFigureFiles(t *testing.T) {
	_, err := Parse("figures.yml", []byte("figure_files: [reports/*.yml]\nmetrics:\n  - {name: a, help: A., figures: [{value: 1}]}\n"))
	want := "figures.yml:1: figure_files: figure_files needs the files on disk: load the main file by its path (--config.file)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestCSVStopsAfterManyProblems: a large file with one mistake on every
// row is reported in a bounded number of lines.
func TestCSVStopsAfterManyProblems(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("metric,year,value\n")
	for i := range 10000 {
		fmt.Fprintf(&csv, "aid_yuan,%d,12 dozen\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, "aid.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte("figure_files: [aid.csv]\nmetrics:\n  - {name: aid_yuan, help: Aid., labels: [year]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(main, Options{})
	problems, ok := err.(Problems)
	if !ok {
		t.Fatalf("got %v, want Problems", err)
	}
	if len(problems) != csvMaxProblems+1 {
		t.Errorf("%d problems, want %d", len(problems), csvMaxProblems+1)
	}
	if last := problems[len(problems)-1]; last.Line != 101 || last.Msg != "stopping after 100 problems in this file" {
		t.Errorf("last problem %q", last.Error())
	}
}

// TestAbsolutePatterns: a figure_files entry may be absolute; then it is
// not joined with the main file's directory.
func TestAbsolutePatterns(t *testing.T) {
	tables, err := filepath.Abs("testdata/multi/tables")
	if err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(t.TempDir(), "figures.yml")
	content := fmt.Sprintf("figure_files:\n  - {path: %q, metric: aid_by_province_yuan}\nmetrics:\n  - {name: aid_by_province_yuan, help: Aid., labels: [province, year]}\n", filepath.Join(tables, "aid_by_*.csv"))
	if err := os.WriteFile(main, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{main, filepath.Join(tables, "aid_by_province.csv")}; !slices.Equal(set.Files, want) {
		t.Errorf("Files = %q, want %q", set.Files, want)
	}
	if want := []string{tables}; !slices.Equal(set.WatchDirs, want) {
		t.Errorf("WatchDirs = %q, want %q", set.WatchDirs, want)
	}
	if set.Series() != 4 {
		t.Errorf("%d figures, want 4", set.Series())
	}
}

// TestTOMLMainAndIncludedFile: figure_files works in every syntax; TOML
// problems have no line, so they name the file and the path.
func TestTOMLMainAndIncludedFile(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "figures.toml")
	files := map[string]string{
		main:                            "figure_files = [\"more.toml\"]\n[[metrics]]\nname = \"aid_yuan\"\nhelp = \"Aid.\"\nlabels = [\"year\"]\n",
		filepath.Join(dir, "more.toml"): "[source]\ntitle = \"T\"\n[[metrics]]\nname = \"aid_yuan\"\n[[metrics.figures]]\nyear = \"2011\"\nvalue = \"84026.4万\"\n[[metrics.figures]]\nyear = \"2011\"\nvalue = 1\n",
	}
	for path, content := range files {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(main, Options{})
	want := filepath.Join(dir, "more.toml") + `: metrics[0].figures[1]: duplicate series aid_yuan{year="2011"}: the same labels as the figure elsewhere in this file`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

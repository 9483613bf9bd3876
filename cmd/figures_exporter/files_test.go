package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// multiFigures is the multi-file fixture: YAML, JSON and CSV files merged
// by figure_files.
const multiFigures = "../../config/testdata/multi/figures.yml"

// goldenFile compares got with path, or rewrites it with -update (the
// flag dashboard_test.go defines for this package).
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update to accept):\n%s", path, got)
	}
}

// TestRenderManyFiles renders the merged set in the text format: figures
// from every file, and figures_source_info once per metric and source.
func TestRenderManyFiles(t *testing.T) {
	code, stdout, stderr := runCommand(t, "render", "--config.file="+multiFigures)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	goldenFile(t, "testdata/render_multi.prom", stdout)
}

// TestCheckWarnsOfFiguresWithoutSource: figures without a source are
// listed, and check still succeeds.
func TestCheckWarnsOfFiguresWithoutSource(t *testing.T) {
	code, stdout, stderr := runCommand(t, "check", "--config.file="+multiFigures)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "../../config/testdata/multi/figures.yml: 4 metrics, 15 figures, 6 sources: OK\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	goldenFile(t, "testdata/check_multi_warnings.txt", stderr)
}

func TestCheckReportsProblemsOfEveryFile(t *testing.T) {
	code, _, stderr := runCommand(t, "check", "--config.file=../../config/testdata/files_bad/series_twice_csv/figures.yml")
	want := `../../config/testdata/files_bad/series_twice_csv/tables/aid.csv:3: duplicate series aid_yuan{year="2011"}: the same labels as the figure at ../../config/testdata/files_bad/series_twice_csv/figures.yml:8
../../config/testdata/files_bad/series_twice_csv/tables/aid.csv:4: duplicate series aid_yuan{year="2012"}: the same labels as the figure at line 2
`
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr, want)
	}
}

func TestBackfillWritesOpenMetrics(t *testing.T) {
	out := filepath.Join(t.TempDir(), "figures.om")
	code, stdout, stderr := runCommand(t, "backfill", "--config.file="+multiFigures, "--out="+out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("wrote to stdout with --out: %q", stdout)
	}
	want := `backfill: aid_by_province_yuan: 4 samples in 4 series, years 2011 to 2012 (label year)
backfill: aid_yuan: 4 samples in 1 series, years 2010 to 2013 (label year)
backfill: social_donations_yuan: 2 samples in 2 series, year 2011 (label year)
backfill: volunteers_sent: 5 samples in 1 series, years 2009 to 2013 (label year)
backfill: 15 samples of 4 metrics, stamped at the end of their periods, from 2009-12-31T23:59:59Z to 2013-12-31T23:59:59Z
`
	if stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The same bytes as the backfill package's golden file of this set.
	golden, err := os.ReadFile("../../backfill/testdata/multi_end.om")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, golden) {
		t.Errorf("backfill wrote:\n%s\nwant:\n%s", got, golden)
	}
}

func TestBackfillStdoutAndFlags(t *testing.T) {
	code, stdout, stderr := runCommand(t, "backfill", "--at=06-30T12:00:00", "--keep-time-label")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 2011-06-30T12:00:00Z is 1309435200.
	if !strings.Contains(stdout, "\naid_yuan{year=\"2011\"} 8.40264e+08 1.3094352e+09\n") || !strings.HasSuffix(stdout, "# EOF\n") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// TestBackfillFailsWithoutWritingTheFile: a failed backfill leaves no
// file for promtool to read.
func TestBackfillFailsWithoutWritingTheFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "figures.om")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--at=02-29"}, `--at: cannot read "02-29" as a place in a period: expected end, start, or for years MM-DD or MM-DDTHH:MM:SS (UTC), such as 06-30 or 06-30T12:00:00` + "\n"},
		{[]string{"--time-label=program"}, `backfill: nothing to backfill: every one of the 6 figures with a time label was skipped:
skipped training_person_times{year="2011",program="cadre"}: program "cadre": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
skipped training_person_times{year="2011",program="technical"}: program "technical": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
skipped training_person_times{year="2011",program="labor"}: program "labor": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
skipped trainings_held{year="2011",program="cadre"}: program "cadre": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
skipped trainings_held{year="2011",program="technical"}: program "technical": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
skipped trainings_held{year="2011",program="labor"}: program "labor": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31` + "\n"},
		{[]string{"--time-label=quarter"}, "backfill: nothing to backfill: no metric has the label quarter\n"},
		{[]string{"--max-block-duration=forever"}, "--max-block-duration: not a valid duration string: \"forever\"\n"},
	} {
		code, _, stderr := runCommand(t, append([]string{"backfill", "--out=" + out}, tc.args...)...)
		if code != 1 || stderr != tc.want {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and %q", tc.args, code, stderr, tc.want)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
			t.Errorf("%v: left %d files behind", tc.args, len(entries))
		}
	}
}

func TestBackfillWritesBlocksAndSaysWhatItSkipped(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	code, stdout, stderr := runCommand(t, "backfill", "--config.file="+historyFigures, "--output.tsdb="+dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("wrote OpenMetrics to stdout with --output.tsdb: %q", stdout)
	}
	for _, line := range []string{
		`backfill: warning: skipped aid_yuan{year="1950"}: year "1950": before 1970, which Prometheus' storage cannot hold reliably`,
		`backfill: warning: skipped aid_yuan{year="total"}: year "total": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31`,
		`backfill: aid_yuan: 4 samples in 1 series, years 2009 to 2012 (label year), 2 figures skipped`,
		`backfill: budget_yuan: 3 samples in 2 series, years 2018 to 2019 (label fiscal)`,
		`backfill: cases: 3 samples in 1 series, dates 2020-03-01 to 2020-03-03 (label date)`,
		`backfill: employed_people: 5 samples in 1 series, months 2020-01 to 2020-05 (label month)`,
		`backfill: gdp_yuan: 6 samples in 2 series, quarters 2019-Q1 to 2019-Q4 (label Quarter)`,
		`backfill: 21 samples of 5 metrics, stamped at the end of their periods, from 2009-12-31T23:59:59Z to 2020-05-31T23:59:59Z; 2 figures skipped`,
		`backfill: left out 1 metric without a time label: schools_built`,
		`backfill: wrote 4 blocks to ` + dir + `: copy them into Prometheus' --storage.tsdb.path, and keep them with a --storage.tsdb.retention.time reaching back to 2009 (such as 100y)`,
	} {
		if !strings.Contains(stderr, line+"\n") {
			t.Errorf("stderr lacks %s:\n%s", line, stderr)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 4 {
		t.Errorf("%d entries in %s (%v), want 4 blocks", len(entries), dir, err)
	}
	// Both: blocks, and OpenMetrics where --out names a file.
	om := filepath.Join(t.TempDir(), "figures.om")
	if code, _, stderr := runCommand(t, "backfill", "--config.file="+historyFigures, "--output.tsdb="+t.TempDir(), "--out="+om); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if text, err := os.ReadFile(om); err != nil || !strings.Contains(string(text), "gdp_yuan{region=\"west\"} 9e+11 1.554076799e+09\n") {
		t.Errorf("%s: %v\n%s", om, err, text)
	}
}

func TestBackfillStrictFailsOnSkips(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blocks")
	code, _, stderr := runCommand(t, "backfill", "--config.file="+historyFigures, "--output.tsdb="+dir, "--strict")
	want := `backfill: 2 figures are not on the time axis (--strict):
skipped aid_yuan{year="1950"}: year "1950": before 1970, which Prometheus' storage cannot hold reliably
skipped aid_yuan{year="total"}: year "total": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31
`
	if code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr, want)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s was made: %v", dir, err)
	}
}

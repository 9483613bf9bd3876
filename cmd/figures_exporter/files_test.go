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
	if want := "backfill: wrote 15 samples of 4 metrics, stamped at end of their year\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The same bytes as the backfill package's golden file of this set.
	want, err := os.ReadFile("../../backfill/testdata/multi_end.om")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("backfill wrote:\n%s\nwant:\n%s", got, want)
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
		{[]string{"--at=02-29"}, `--at: cannot read "02-29" as a time of year: expected end, start, MM-DD or MM-DDTHH:MM:SS (UTC), such as 06-30 or 06-30T12:00:00` + "\n"},
		{[]string{"--time-label=program"}, `backfill (--time-label=program): training_person_times: label program="cadre": not a year: expected four digits, such as 2011` + "\n"},
		{[]string{"--time-label=quarter"}, "backfill (--time-label=quarter): no metric has the label quarter: nothing to backfill\n"},
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

package backfill

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update to accept):\n%s", path, got)
	}
}

func TestWriteMultiFileSet(t *testing.T) {
	set, err := config.Load("../config/testdata/multi/figures.yml", config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := Write(&out, set, Options{TimeLabel: "year", At: EndOfYear()})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Samples != 15 || sum.Metrics != 4 || len(sum.Skipped) != 0 {
		t.Errorf("summary %+v, want 15 samples of 4 metrics", sum)
	}
	golden(t, "multi_end.om", out.Bytes())
}

func TestWriteDefaultAtStartKeepingTheLabel(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := Write(&out, set, Options{TimeLabel: "year", At: StartOfYear(), KeepTimeLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Samples != set.Series() {
		t.Errorf("%d samples, want every one of the %d figures", sum.Samples, set.Series())
	}
	golden(t, "default_start_keep.om", out.Bytes())
}

func TestMetricsWithoutTheTimeLabelAreSkipped(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		{Name: "a", Help: "A.", Labels: []string{"year"}, Figures: []config.Figure{{LabelValues: []string{"2011"}, Value: 1}}},
		{Name: "b", Help: "B.", Labels: []string{"form"}, Figures: []config.Figure{{LabelValues: []string{"cash"}, Value: 2}}},
		{Name: "c", Help: "C.", Figures: []config.Figure{{Value: 3}}},
	}}
	var out bytes.Buffer
	sum, err := Write(&out, set, Options{TimeLabel: "year", At: EndOfYear()})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Metrics != 1 || sum.Samples != 1 || !slices.Equal(sum.Skipped, []string{"b", "c"}) {
		t.Errorf("summary %+v, want 1 sample of a, b and c skipped", sum)
	}
	want := "# HELP a A.\n# TYPE a gauge\na 1.0 1.325375999e+09\n# EOF\n"
	if out.String() != want {
		t.Errorf("wrote:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestTimeLabelMustHoldYears(t *testing.T) {
	for value, want := range map[string]string{
		"2011/12": `figures: label year="2011/12": not a year: expected four digits, such as 2011`,
		"+201":    `figures: label year="+201": not a year: expected four digits, such as 2011`,
		"11":      `figures: label year="11": not a year: expected four digits, such as 2011`,
		"1969":    `figures: label year="1969": before 1970: Prometheus times count from 1970, so backfill stamps no earlier year`,
	} {
		set := &config.Set{Metrics: []config.Metric{{Name: "figures", Help: "F.", Labels: []string{"year"}, Figures: []config.Figure{{LabelValues: []string{value}, Value: 1}}}}}
		_, err := Write(&bytes.Buffer{}, set, Options{TimeLabel: "year", At: EndOfYear()})
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", value, err, want)
		}
	}
}

func TestParseStamp(t *testing.T) {
	for text, want := range map[string]time.Time{
		"end":            time.Date(2011, 12, 31, 23, 59, 59, 0, time.UTC),
		"start":          time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC),
		"06-30":          time.Date(2011, 6, 30, 0, 0, 0, 0, time.UTC),
		"06-30T12:00:00": time.Date(2011, 6, 30, 12, 0, 0, 0, time.UTC),
		"12-31T23:59:59": time.Date(2011, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		s, err := ParseStamp(text)
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		if got := s.Time(2011); !got.Equal(want) {
			t.Errorf("%s: %s, want %s", text, got, want)
		}
		if again, _ := ParseStamp(s.String()); again != s {
			t.Errorf("%s: String() %q does not read back", text, s.String())
		}
	}
	for _, bad := range []string{"", "middle", "02-29", "13-01", "6-30", "06-30 12:00", "06-30T25:00:00", "2011-06-30"} {
		_, err := ParseStamp(bad)
		if err == nil || !strings.Contains(err.Error(), "expected end, start, MM-DD or MM-DDTHH:MM:SS") {
			t.Errorf("%q: got %v, want an error", bad, err)
		}
	}
}

func TestNoMetricWithTheTimeLabelWritesNothing(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err = Write(&out, set, Options{TimeLabel: "quarter", At: EndOfYear()})
	if err == nil || err.Error() != "no metric has the label quarter: nothing to backfill" || out.Len() != 0 {
		t.Errorf("got %v and %d bytes, want an error and nothing written", err, out.Len())
	}
}

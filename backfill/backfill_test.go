package backfill

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/period"
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

// metric is a metric of figures whose label values are given as
// "v1|v2" strings, one per figure, with values 1, 2, 3 ...
func metric(name string, labels []string, figures ...string) config.Metric {
	m := config.Metric{Name: name, Help: strings.ToUpper(name[:1]) + name[1:] + ".", Labels: labels}
	for i, f := range figures {
		m.Figures = append(m.Figures, config.Figure{LabelValues: strings.Split(f, "|"), Value: float64(i + 1)})
	}
	return m
}

func writeString(t *testing.T, set *config.Set, opts Options) (string, Summary) {
	t.Helper()
	var out bytes.Buffer
	sum, err := Write(&out, set, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), sum
}

func TestWriteMultiFileSet(t *testing.T) {
	set, err := config.Load("../config/testdata/multi/figures.yml", config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := Write(&out, set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Samples != 15 || len(sum.Metrics) != 4 || len(sum.Untimed) != 0 || sum.Skipped != 0 {
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
	sum, err := Write(&out, set, Options{TimeLabel: "year", At: Start(), KeepTimeLabel: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Samples != set.Series() {
		t.Errorf("%d samples, want every one of the %d figures", sum.Samples, set.Series())
	}
	golden(t, "default_start_keep.om", out.Bytes())
}

func TestPeriodsOfEveryKind(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		metric("yearly", []string{"Year"}, "2011", "2012年", "FY2013", "2014.0"),
		metric("quarterly", []string{"region", "quarter"}, "n|2011-Q1", "n|2011Q2", "n|2011年第三季度", "n|2011年第四季度", "s|Q1 2012"),
		metric("monthly", []string{"MONTH"}, "2011-03", "2011年4月", "Mar 2012", "March 2013", "2013M12"),
		metric("daily", []string{"date"}, "2011-03-31", "2012-02-29", "2011年3月1日"),
	}}
	got, sum := writeString(t, set, Options{})
	want := `# HELP yearly Yearly.
# TYPE yearly gauge
yearly 1.0 1.325375999e+09
yearly 2.0 1.356998399e+09
yearly 3.0 1.388534399e+09
yearly 4.0 1.420070399e+09
# HELP quarterly Quarterly.
# TYPE quarterly gauge
quarterly{region="n"} 1.0 1.301615999e+09
quarterly{region="n"} 2.0 1.309478399e+09
quarterly{region="n"} 3.0 1.317427199e+09
quarterly{region="n"} 4.0 1.325375999e+09
quarterly{region="s"} 5.0 1.333238399e+09
# HELP monthly Monthly.
# TYPE monthly gauge
monthly 1.0 1.301615999e+09
monthly 2.0 1.304207999e+09
monthly 3.0 1.333238399e+09
monthly 4.0 1.364774399e+09
monthly 5.0 1.388534399e+09
# HELP daily Daily.
# TYPE daily gauge
daily 3.0 1.299023999e+09
daily 1.0 1.301615999e+09
daily 2.0 1.330559999e+09
# EOF
`
	if got != want {
		t.Errorf("wrote:\n%s\nwant:\n%s", got, want)
	}
	// The stamps are the ends of the periods.
	for stamp, at := range map[string]time.Time{
		"1.325375999e+09": time.Date(2011, 12, 31, 23, 59, 59, 0, time.UTC),
		"1.301615999e+09": time.Date(2011, 3, 31, 23, 59, 59, 0, time.UTC),
		"1.309478399e+09": time.Date(2011, 6, 30, 23, 59, 59, 0, time.UTC),
		"1.304207999e+09": time.Date(2011, 4, 30, 23, 59, 59, 0, time.UTC),
		"1.330559999e+09": time.Date(2012, 2, 29, 23, 59, 59, 0, time.UTC),
		"1.299023999e+09": time.Date(2011, 3, 1, 23, 59, 59, 0, time.UTC),
	} {
		if fmt.Sprintf("%.9e", float64(at.Unix())) != stamp {
			t.Errorf("%s is not %s", stamp, at)
		}
	}
	var kinds []string
	for _, m := range sum.Metrics {
		kinds = append(kinds, fmt.Sprintf("%s %s %s..%s %d/%d %s", m.Name, m.Kind, m.First, m.Last, m.Samples, m.Series, m.TimeLabel))
	}
	wantKinds := []string{
		"yearly year 2011..2014 4/1 Year",
		"quarterly quarter 2011-Q1..2012-Q1 5/2 quarter",
		"monthly month 2011-03..2013-12 5/1 MONTH",
		"daily date 2011-03-01..2012-02-29 3/1 date",
	}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("metrics\n%s\nwant\n%s", strings.Join(kinds, "\n"), strings.Join(wantKinds, "\n"))
	}
	if !sum.First.Equal(time.Date(2011, 3, 1, 23, 59, 59, 0, time.UTC)) || !sum.Last.Equal(time.Date(2014, 12, 31, 23, 59, 59, 0, time.UTC)) {
		t.Errorf("from %s to %s", sum.First, sum.Last)
	}
}

func TestStampedAtTheStart(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{metric("q", []string{"quarter"}, "2011-Q2")}}
	got, _ := writeString(t, set, Options{At: Start()})
	if want := "# HELP q Q.\n# TYPE q gauge\nq 1.0 1.301616e+09\n# EOF\n"; got != want {
		t.Errorf("wrote:\n%s\nwant:\n%s", got, want)
	}
	// A day of the year places years only.
	at, err := ParseStamp("06-30")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Write(&bytes.Buffer{}, set, Options{At: at})
	if want := "q: --at 06-30T00:00:00 places a figure in its year, but 2011-Q2 is a quarter: use end or start"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestMixedPeriodsAreAnError(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{metric("gdp", []string{"region", "period"}, "n|2011", "n|2012", "s|2012-Q1")}}
	_, err := Write(&bytes.Buffer{}, set, Options{})
	want := `gdp: label period mixes periods: "2011" is a year but "2012-Q1" is a quarter; give each kind of period its own metric`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestTheSamePeriodTwiceIsAnError(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{metric("aid", []string{"year"}, "2011", "2012", "2011年")}}
	_, err := Write(&bytes.Buffer{}, set, Options{})
	want := `aid{year="2011"} and aid{year="2011年"} are the same period 2011 of one series: give each period once`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	// Kept, the label tells them apart.
	if _, err := Write(&bytes.Buffer{}, set, Options{KeepTimeLabel: true}); err != nil {
		t.Errorf("keeping the label: %v", err)
	}
}

func TestSkippedFiguresAreNamedAndCounted(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		metric("people", []string{"region", "year"}, "n|1900", "n|2011", "n|total", "n|1969", "s|1950", "s|2011/12", "s|2012"),
		metric("aid", []string{"year"}, "2011", "2011-2012"),
		metric("old", []string{"year"}, "1960"),
	}}
	var out bytes.Buffer
	sum, err := Write(&out, set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`skipped people{region="n",year="1900"}: year "1900": before 1970, which Prometheus' storage cannot hold reliably`,
		`skipped people{region="n",year="total"}: year "total": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31`,
		`skipped people{region="n",year="1969"}: year "1969": before 1970, which Prometheus' storage cannot hold reliably`,
		`skipped 2 more figures of people`,
		`skipped aid{year="2011-2012"}: year "2011-2012": not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31`,
		`skipped old{year="1960"}: year "1960": before 1970, which Prometheus' storage cannot hold reliably`,
	}
	if got := sum.Warnings(); !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum.Samples != 3 || sum.Skipped != 7 || sum.Metrics[0].Samples != 2 || sum.Metrics[0].Skipped != 5 || sum.Metrics[2].Samples != 0 {
		t.Errorf("summary %+v", sum)
	}
	wantOut := "# HELP people People.\n# TYPE people gauge\npeople{region=\"n\"} 2.0 1.325375999e+09\npeople{region=\"s\"} 7.0 1.356998399e+09\n" +
		"# HELP aid Aid.\n# TYPE aid gauge\naid 1.0 1.325375999e+09\n# EOF\n"
	if out.String() != wantOut {
		t.Errorf("wrote:\n%s\nwant:\n%s", out.String(), wantOut)
	}
	_, err = Write(&bytes.Buffer{}, set, Options{Strict: true})
	if err == nil || err.Error() != "7 figures are not on the time axis (--strict):\n"+strings.Join(want, "\n") {
		t.Errorf("strict: got %v", err)
	}
}

func TestWhichLabelIsTime(t *testing.T) {
	declared := metric("fy", []string{"year", "fiscal"}, "x|2011", "y|2012")
	declared.TimeLabel = "fiscal"
	set := &config.Set{Metrics: []config.Metric{
		declared,
		metric("by_name", []string{"form", "Year"}, "cash|2011"),
		metric("flagged", []string{"when"}, "2011-Q1"),
		metric("untimed", []string{"form"}, "cash"),
		metric("bare", nil, ""),
	}}
	set.Metrics[4].Figures[0].LabelValues = nil
	got, sum := writeString(t, set, Options{TimeLabel: "when"})
	want := "# HELP fy Fy.\n# TYPE fy gauge\nfy{year=\"x\"} 1.0 1.325375999e+09\nfy{year=\"y\"} 2.0 1.356998399e+09\n" +
		"# HELP flagged Flagged.\n# TYPE flagged gauge\nflagged 1.0 1.301615999e+09\n# EOF\n"
	if got != want {
		t.Errorf("wrote:\n%s\nwant:\n%s", got, want)
	}
	// --time-label names the label of metrics that declare none; by_name
	// has no label "when".
	if !slices.Equal(sum.Untimed, []string{"by_name", "untimed", "bare"}) {
		t.Errorf("untimed %v", sum.Untimed)
	}
	got, sum = writeString(t, set, Options{})
	if !strings.Contains(got, "by_name{form=\"cash\"} 1.0 1.325375999e+09\n") || !slices.Equal(sum.Untimed, []string{"flagged", "untimed", "bare"}) {
		t.Errorf("detected by name: untimed %v, wrote:\n%s", sum.Untimed, got)
	}
}

func TestEveryFigureSkippedIsNothingToBackfill(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{metric("old", []string{"year"}, "1960", "1961")}}
	_, err := Write(&bytes.Buffer{}, set, Options{})
	want := `nothing to backfill: every one of the 2 figures with a time label was skipped:
skipped old{year="1960"}: year "1960": before 1970, which Prometheus' storage cannot hold reliably
skipped old{year="1961"}: year "1961": before 1970, which Prometheus' storage cannot hold reliably`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestNothingToBackfill(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{metric("untimed", []string{"form"}, "cash")}}
	for opts, want := range map[Options]string{
		{}:                    "nothing to backfill: no metric has a time label (a label named year, quarter, month, date, period, time_period or time, or declared with time_label:)",
		{TimeLabel: "fiscal"}: "nothing to backfill: no metric has the label fiscal",
	} {
		var out bytes.Buffer
		_, err := Write(&out, set, opts)
		if err == nil || err.Error() != want || out.Len() != 0 {
			t.Errorf("%+v: got %v and %d bytes, want %s and nothing written", opts, err, out.Len(), want)
		}
	}
}

func TestParseStamp(t *testing.T) {
	year := period.MustParse("2011")
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
		if got, err := s.Time(year); err != nil || !got.Equal(want) {
			t.Errorf("%s: %s, %v; want %s", text, got, err, want)
		}
		if again, _ := ParseStamp(s.String()); again != s {
			t.Errorf("%s: String() %q does not read back", text, s.String())
		}
	}
	for _, bad := range []string{"", "middle", "02-29", "13-01", "6-30", "06-30 12:00", "06-30T25:00:00", "2011-06-30"} {
		_, err := ParseStamp(bad)
		if err == nil || !strings.Contains(err.Error(), "expected end, start, or for years MM-DD or MM-DDTHH:MM:SS") {
			t.Errorf("%q: got %v, want an error", bad, err)
		}
	}
	if End() != (Stamp{}) {
		t.Error("the zero Stamp is not the end")
	}
}

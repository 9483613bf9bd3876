package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/period"
)

// TestE2EBackfillIntoPrometheus follows docs/history.md with the real
// tools: render the embedded report with backfill, build TSDB blocks with
// promtool, start Prometheus on them, and read aid_yuan back at the end of
// 2011.
func TestE2EBackfillIntoPrometheus(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	e2e.RequireTool(t, "prometheus")
	bin := e2e.BuildExporter(t)
	dir := t.TempDir()
	openMetrics := filepath.Join(dir, "figures.om")
	if out, err := exec.Command(bin, "backfill", "--time-label=year", "--out="+openMetrics).CombinedOutput(); err != nil {
		t.Fatalf("backfill: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	if out, err := exec.Command(promtool, "tsdb", "create-blocks-from", "openmetrics", openMetrics, data).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}
	// The samples are from 2011: without a long retention Prometheus
	// deletes the blocks as soon as it starts.
	prom := e2e.StartPrometheus(t, nil, "--storage.tsdb.path="+data, "--storage.tsdb.retention.time=100y")

	endOf2011 := time.Date(2011, 12, 31, 23, 59, 59, 0, time.UTC)
	samples := prom.Query(t, "aid_yuan", endOf2011)
	if len(samples) != 1 || samples[0].Value != 840264000 {
		t.Fatalf("aid_yuan at %s = %+v, want 840264000; prometheus logs:\n%s", endOf2011, samples, prom.Logs())
	}
	// The year label is dropped: one series over the years.
	if len(samples[0].Metric) != 1 || samples[0].Metric["__name__"] != "aid_yuan" {
		t.Errorf("labels %v, want only __name__", samples[0].Metric)
	}
	samples = prom.Query(t, `social_donations_yuan{form="in_kind"}`, endOf2011)
	if len(samples) != 1 || samples[0].Value != 45578800 {
		t.Errorf("social_donations_yuan{form=\"in_kind\"} = %+v, want 45578800", samples)
	}
	// Stamped at the end of the year, not before: a minute earlier there
	// is nothing yet.
	if samples := prom.Query(t, "aid_yuan", endOf2011.Add(-time.Minute)); len(samples) != 0 {
		t.Errorf("aid_yuan a minute before its stamp = %+v, want nothing", samples)
	}
	// The 2011 figure lasts the whole of 2012 for a query that looks back
	// a year, which is how a dashboard reads yearly figures.
	samples = prom.Query(t, "last_over_time(aid_yuan[1y])", time.Date(2012, 6, 30, 0, 0, 0, 0, time.UTC))
	if len(samples) != 1 || samples[0].Value != 840264000 {
		t.Errorf("last_over_time(aid_yuan[1y]) in mid-2012 = %+v, want 840264000", samples)
	}
}

// historyFigures holds years, quarters, months and dates in the forms
// tables write them, two figures that are not on the time axis, a
// declared time label and a metric without one.
const historyFigures = "../../backfill/testdata/history/figures.yml"

// TestE2EBackfillBlocksIntoPrometheus writes TSDB blocks with backfill
// --output.tsdb, starts the real Prometheus on them, and reads every
// figure back at the end of its period through the HTTP API: years,
// quarters, months and dates.
func TestE2EBackfillBlocksIntoPrometheus(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	bin := e2e.BuildExporter(t)
	data := filepath.Join(t.TempDir(), "data")
	out, err := exec.Command(bin, "backfill", "--config.file="+historyFigures, "--output.tsdb="+data).CombinedOutput()
	if err != nil {
		t.Fatalf("backfill: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "backfill: 21 samples of 5 metrics") {
		t.Errorf("backfill said:\n%s", out)
	}
	prom := e2e.StartPrometheus(t, nil, "--storage.tsdb.path="+data, "--storage.tsdb.retention.time=100y")
	checkEveryFigureAtItsTime(t, prom, historyFigures)
}

// checkEveryFigureAtItsTime reads every figure of the file with a time
// label from Prometheus at the end of its period: its value, and its
// timestamp, which is exactly that second. Figures that are not periods
// or are before 1970 must not be there.
func checkEveryFigureAtItsTime(t *testing.T, prom *e2e.Prometheus, file string) {
	t.Helper()
	set, err := config.Load(file, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[period.Kind]int{}
	for _, m := range set.Metrics {
		label, ok := period.TimeLabel(m.Labels, m.TimeLabel)
		if !ok {
			if got := prom.Query(t, "count_over_time("+m.Name+"[100y])", time.Now()); len(got) != 0 {
				t.Errorf("%s has no time label but is in Prometheus: %+v", m.Name, got)
			}
			continue
		}
		timeIdx := slices.Index(m.Labels, label)
		written := 0
		for _, f := range m.Figures {
			p, err := period.Parse(f.LabelValues[timeIdx])
			if err != nil || p.Year < 1970 {
				continue
			}
			written++
			kinds[p.Kind]++
			var matchers []string
			for i, l := range m.Labels {
				if i != timeIdx {
					matchers = append(matchers, fmt.Sprintf("%s=%q", l, f.LabelValues[i]))
				}
			}
			selector := m.Name + "{" + strings.Join(matchers, ",") + "}"
			end := p.End()
			got := prom.Query(t, selector, end)
			if len(got) != 1 || got[0].Value != f.Value {
				t.Errorf("%s at %s (%s=%q) = %+v, want %v", selector, end.Format(time.RFC3339), label, f.LabelValues[timeIdx], got, f.Value)
				continue
			}
			if _, kept := got[0].Metric[label]; kept {
				t.Errorf("%s: the time label %s is kept: %v", selector, label, got[0].Metric)
			}
			stamp := prom.Query(t, "timestamp("+selector+")", end)
			if len(stamp) != 1 || stamp[0].Value != float64(end.Unix()) {
				t.Errorf("timestamp(%s) at %s = %+v, want %d", selector, end.Format(time.RFC3339), stamp, end.Unix())
			}
			// Not before its stamp: a second earlier, what Prometheus
			// has of the series is older.
			if before := prom.Query(t, "timestamp("+selector+")", end.Add(-time.Second)); len(before) == 1 && before[0].Value == float64(end.Unix()) {
				t.Errorf("%s is there a second before its stamp %s", selector, end.Format(time.RFC3339))
			}
		}
		// Every sample of the metric, and no other: the skipped figures
		// are not there.
		got := prom.Query(t, "sum(count_over_time("+m.Name+"[100y]))", time.Now())
		if len(got) != 1 || got[0].Value != float64(written) {
			t.Errorf("%s has %+v samples in Prometheus, want %d", m.Name, got, written)
		}
	}
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if kinds[k] == 0 {
			t.Errorf("no %s was read back", k)
		}
	}
}

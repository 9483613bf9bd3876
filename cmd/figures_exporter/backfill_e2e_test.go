package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
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

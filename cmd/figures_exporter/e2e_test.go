package main

import (
	"bytes"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestE2EPromtoolFindsNothing runs promtool check metrics over the real
// binary's /metrics, self metrics included.
func TestE2EPromtoolFindsNothing(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	exp := e2e.StartExporter(t, e2e.BuildExporter(t))
	body := exp.Get(t, "/metrics")
	if !strings.Contains(body, "aid_yuan{year=\"2011\"} 8.40264e+08\n") {
		t.Fatalf("/metrics lacks aid_yuan:\n%s", body)
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) != 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestE2EDisableExporterMetrics: the flag leaves out the Go and process
// collectors but keeps the exporter's own metrics, which alerts rely on.
func TestE2EDisableExporterMetrics(t *testing.T) {
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--web.disable-exporter-metrics")
	body := exp.Get(t, "/metrics")
	for _, absent := range []string{"go_goroutines", "process_start_time_seconds"} {
		if strings.Contains(body, absent) {
			t.Errorf("%s served with --web.disable-exporter-metrics", absent)
		}
	}
	for _, present := range []string{"figures_exporter_build_info{", "figures_exporter_figures 25", "aid_yuan{year=\"2011\"}"} {
		if !strings.Contains(body, present) {
			t.Errorf("%s missing with --web.disable-exporter-metrics", present)
		}
	}
}

// TestE2EPrometheusScrapesTheReport: a real Prometheus, 2 and 3, scrapes
// the real binary, and the query API gives back the report's figure.
func TestE2EPrometheusScrapesTheReport(t *testing.T) {
	exp := e2e.StartExporter(t, e2e.BuildExporter(t))
	u, _ := url.Parse(exp.URL)
	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		prom := server.Start(t, []e2e.ScrapeConfig{{Job: "figures", Target: u.Host}})
		samples := prom.WaitFor(t, `aid_yuan{job="figures",year="2011"}`, 30*time.Second)
		if len(samples) != 1 || samples[0].Value != 840264000 {
			t.Fatalf("aid_yuan = %+v, want one sample of 840264000", samples)
		}
		for query, want := range map[string]float64{
			`cooperation_investment_yuan{year="2011"}`: 120128000000,
			`ratio_to_base_year{figure="aid_yuan"}`:    1.218,
			`training_person_times{program="labor"}`:   436615,
			`figures_exporter_figures`:                 25,
			`count({job="figures",year="2011"})`:       25,
			`up{job="figures"}`:                        1,
			`count(count by (title, publisher) (figures_source_info{publisher=~"International.*"}))`: 1, // one source, named once per metric
			`count(figures_exporter_build_info{job="figures"})`:                                      1,
		} {
			samples := prom.Query(t, query, time.Time{})
			if len(samples) != 1 {
				t.Errorf("%s: %d samples, want 1", query, len(samples))
				continue
			}
			if samples[0].Value != want {
				t.Errorf("%s = %v, want %v", query, samples[0].Value, want)
			}
		}
	})
}

// TestE2EInvalidFileStopsStartup: a bad figures file is never replaced by
// the embedded report; the process exits non-zero with every problem.
func TestE2EInvalidFileStopsStartup(t *testing.T) {
	bin := e2e.BuildExporter(t)
	bad := filepath.Join(e2e.ModuleRoot(t), "config", "testdata", "bad", "many_problems.yml")
	cmd := exec.Command(bin, "--config.file", bad, "--web.listen-address=127.0.0.1:0")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the exporter started with an invalid figures file")
	}
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() == 0 {
		t.Fatalf("exit: %v, want a non-zero exit\n%s", err, out)
	}
	for _, want := range []string{"cannot load figures, not starting", "many_problems.yml:8: metrics[1].name", "many_problems.yml:12: metrics[2]: missing key help"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestE2ECSVLabelsInAnyScriptSurviveAScrape serves the multi-file set
// (YAML, JSON and a CSV with a BOM, CRLF and quoted fields) with the real
// binary and reads it back through a real Prometheus scrape: label values
// in Chinese script and with commas arrive intact.
func TestE2ECSVLabelsInAnyScriptSurviveAScrape(t *testing.T) {
	bin := e2e.BuildExporter(t)
	figures, err := filepath.Abs(multiFigures)
	if err != nil {
		t.Fatal(err)
	}
	exp := e2e.StartExporter(t, bin, "--config.file="+figures)
	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		prom := server.Start(t, []e2e.ScrapeConfig{{Job: "figures", Target: strings.TrimPrefix(exp.URL, "http://")}})

		for query, want := range map[string]float64{
			`aid_by_province_yuan{province="广东",year="2011"}`:              123456000,
			`aid_by_province_yuan{province="四川",year="2011"}`:              250000000,
			`aid_by_province_yuan{province="Xinjiang, Uygur",year="2012"}`: 0.218,
			`aid_yuan{year="2013"}`:                                        120128000000,
			`volunteers_sent{year="2012"}`:                                 31000,
			`count(figures_source_info)`:                                   7, // one per metric and source
			`count(figures_source_info{metric="aid_yuan"})`:                3,
			`count(aid_by_province_yuan)`:                                  4,
			`figures_exporter_figures`:                                     15,
		} {
			samples := prom.WaitFor(t, query, 30*time.Second)
			if len(samples) != 1 || samples[0].Value != want {
				t.Errorf("%s = %+v, want one sample of %v", query, samples, want)
			}
		}
		// The label value as Prometheus stored it, not only as queried.
		samples := prom.WaitFor(t, `aid_by_province_yuan{year="2011"} > 200000000`, 30*time.Second)
		if len(samples) != 1 || samples[0].Metric["province"] != "四川" {
			t.Errorf("stored labels %+v, want province 四川", samples)
		}
	})
}

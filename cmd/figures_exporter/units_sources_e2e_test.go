package main_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestPrometheusReadsUnitsAndSourcesPerMetric: a real Prometheus scraping
// the real-shaped set through OpenMetrics accepts its # UNIT lines (it
// rejects a scrape whose unit is not the name's suffix) and keeps them as
// the metrics' metadata, and PromQL finds each metric's sources by the
// metric label of figures_source_info.
func TestPrometheusReadsUnitsAndSourcesPerMetric(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	path := e2e.WriteFile(t, t.TempDir(), "real.yml", string(synth.RealShapedYAML()))
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{{Job: "figures", Target: strings.TrimPrefix(exp.URL, "http://")}})
	prom.WaitFor(t, `count(up == 1) == 1`, 30*time.Second)
	prom.WaitFor(t, `count(gdp_usd) == 1860`, 30*time.Second)

	resp, err := http.Get(prom.URL + "/api/v1/metadata")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var meta struct {
		Data map[string][]struct{ Type, Help, Unit string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil {
		t.Fatal(err)
	}
	for name, unit := range map[string]string{
		"gdp_usd": "usd", "state_engineers_ratio": "ratio", "life_expectancy_years": "years",
		"western_aid_yuan": "yuan", "disaster_deaths": "", "us_employment_thousands": "",
	} {
		m := meta.Data[name]
		if len(m) != 1 || m[0].Type != "gauge" || m[0].Unit != unit {
			t.Errorf("metadata of %s: %+v, want a gauge in %q", name, m, unit)
		}
	}

	// One series per metric and source: gdp_usd has two.
	sources := prom.Query(t, `figures_source_info{metric="gdp_usd"}`, time.Time{})
	var publishers []string
	for _, s := range sources {
		publishers = append(publishers, s.Metric["publisher"])
	}
	if strings.Join(publishers, ",") != "International Monetary Fund,World Bank" && strings.Join(publishers, ",") != "World Bank,International Monetary Fund" {
		t.Errorf("gdp_usd's sources: %v", publishers)
	}
	// A metric's figures joined to their source, as a panel would.
	joined := prom.Query(t, `state_engineers_ratio * on() group_left(publisher) max by (publisher) (figures_source_info{metric="state_engineers_ratio"})`, time.Time{})
	if len(joined) != 51 || joined[0].Metric["publisher"] != "U.S. Bureau of Labor Statistics" {
		t.Errorf("%d state shares joined to their source, the first %v", len(joined), joined)
	}
	if n := prom.Query(t, `count(figures_source_info)`, time.Time{}); len(n) != 1 || n[0].Value != 7 {
		t.Errorf("figures_source_info has %v series, want 7 (gdp_usd has two sources, the five others one)", n)
	}
}

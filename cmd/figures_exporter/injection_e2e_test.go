package main_test

import (
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestPrometheusReadsHostileTextExactly: a real Prometheus scrapes the
// hostile figures file and stores every label value, help and source
// exactly as the file wrote them, and nothing that a value tried to
// inject. It runs with Prometheus 2 and 3, each twice: as Prometheus
// scrapes by default (OpenMetrics) and with native histograms on
// (protobuf), and checks through a recording proxy that each format was
// really the one used.
func TestPrometheusReadsHostileTextExactly(t *testing.T) {
	path := e2e.HostileFiguresFile(t)
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)

	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		for _, c := range []struct {
			name, format string
			protobuf     bool
		}{
			{"openmetrics", "application/openmetrics-text", false},
			{"protobuf", "application/vnd.google.protobuf", true},
		} {
			t.Run(c.name, func(t *testing.T) {
				proxy := e2e.StartRecordingProxy(t, exp.URL)
				prom := server.Start(t, []e2e.ScrapeConfig{{Job: "hostile", Target: strings.TrimPrefix(proxy.URL, "http://"), Protobuf: c.protobuf}})
				samples := prom.WaitFor(t, `hostile`, 30*time.Second)

				if types := proxy.ContentTypes(); len(types) != 1 || !strings.HasPrefix(types[0], c.format) {
					t.Fatalf("prometheus scraped %v, want %s", types, c.format)
				}
				m := set.Metrics[0]
				if len(samples) != len(m.Figures) {
					t.Fatalf("%d series, want %d: %v", len(samples), len(m.Figures), samples)
				}
				byValue := map[float64]map[string]string{}
				for _, s := range samples {
					byValue[s.Value] = s.Metric
				}
				for _, f := range m.Figures {
					got, ok := byValue[f.Value]
					if !ok {
						t.Errorf("no series with value %v", f.Value)
						continue
					}
					for i, label := range m.Labels {
						if got[label] != f.LabelValues[i] {
							t.Errorf("value %v: %s = %q, want %q", f.Value, label, got[label], f.LabelValues[i])
						}
					}
				}
				if help := prom.Help(t, "hostile"); help != m.Help {
					t.Errorf("help = %q, want %q", help, m.Help)
				}
				if injected := prom.Query(t, `{__name__=~"injected.*|EOF.*"}`, time.Time{}); len(injected) > 0 {
					t.Errorf("a label value injected %v", injected)
				}
				info := prom.Query(t, `figures_source_info`, time.Time{})
				if len(info) != 1 {
					t.Fatalf("figures_source_info = %v", info)
				}
				src := set.Sources[0]
				for label, want := range map[string]string{"title": src.Title, "publisher": src.Publisher, "url": src.URL, "page": src.Page} {
					if info[0].Metric[label] != want {
						t.Errorf("figures_source_info %s = %q, want %q", label, info[0].Metric[label], want)
					}
				}
			})
		}
	})
}

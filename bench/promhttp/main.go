// Command promhttp serves figures the way most exporters serve metrics,
// for the benchmark to compare with: one GaugeVec per metric in a plain
// client_golang registry, set once at load, with the Go and process
// collectors, served by promhttp.HandlerFor, which gathers, encodes and
// compresses every series on every scrape.
//
//	promhttp -listen 127.0.0.1:9999 -config.file figures.json
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/figures-exporter/figures_exporter/config"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	file := flag.String("config.file", "", "figures file")
	maxBytes := flag.Int64("config.max-file-bytes", config.DefaultMaxFileBytes, "largest figures file to read")
	flag.Parse()
	set, err := config.Load(*file, config.Options{MaxFileBytes: *maxBytes})
	if err != nil {
		log.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, m := range set.Metrics {
		vec := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: m.Name, Help: m.Help}, m.Labels)
		reg.MustRegister(vec)
		for _, f := range m.Figures {
			vec.WithLabelValues(f.LabelValues...).Set(f.Value)
		}
	}
	for _, src := range set.Sources {
		labels := prometheus.Labels{}
		for k, v := range map[string]string{"title": src.Title, "publisher": src.Publisher, "url": src.URL, "page": src.Page} {
			if v != "" {
				labels[k] = v
			}
		}
		info := prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "figures_source_info", Help: "Where the figures come from: one series per source, always 1.", ConstLabels: labels,
		})
		info.Set(1)
		reg.MustRegister(info)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	mux.HandleFunc("/-/ready", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "Ready") })
	log.Fatal(http.ListenAndServe(*listen, mux))
}

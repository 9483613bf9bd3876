package exporter

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
)

// Namespace prefixes the exporter's own metrics.
const Namespace = "figures_exporter"

// Options say which self metrics to serve beside the figures.
type Options struct {
	// RuntimeMetrics adds the Go runtime and process collectors
	// (go_*, process_*); --web.disable-exporter-metrics turns them off.
	RuntimeMetrics bool
}

// Exporter holds the snapshot being served and the exporter's own metrics.
type Exporter struct {
	current atomic.Pointer[Snapshot]
	self    *prometheus.Registry
}

// New serves first until Publish replaces it. There is always a snapshot:
// the exporter starts only once its first set has loaded.
func New(first *Snapshot, opts Options) *Exporter {
	e := &Exporter{self: prometheus.NewRegistry()}
	e.current.Store(first)
	e.self.MustRegister(
		versioncollector.NewCollector(Namespace),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: Namespace,
			Name:      "figures",
			Help:      "Figures (series) loaded and served, not counting figures_source_info.",
		}, func() float64 { return float64(e.Current().Series()) }),
	)
	if opts.RuntimeMetrics {
		e.self.MustRegister(
			collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		)
	}
	return e
}

// Current is the snapshot being served.
func (e *Exporter) Current() *Snapshot { return e.current.Load() }

// Publish replaces the snapshot being served. A scrape in flight finishes
// with the snapshot it started with.
func (e *Exporter) Publish(s *Snapshot) { e.current.Store(s) }

// Registerer is where other parts of the exporter (the reloader) register
// their self metrics, served after the figures on every scrape.
func (e *Exporter) Registerer() prometheus.Registerer { return e.self }

// SelfGatherer gathers the self metrics alone.
func (e *Exporter) SelfGatherer() prometheus.Gatherer { return e.self }

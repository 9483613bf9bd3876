package exposition

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/figures-exporter/figures_exporter/config"
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
	// runtime holds the Go and process collectors, which cost more to
	// gather and are gathered less often (self.go); nil when off.
	runtime     *prometheus.Registry
	selfMetrics *selfMetrics
}

// New serves first until Publish replaces it. There is always a snapshot:
// the exporter starts only once its first set has loaded. New prepares it
// (Snapshot.Prepare), so that the first scrape does not wait for encoding.
func New(first *Snapshot, opts Options) *Exporter {
	_ = first.Prepare() // cannot fail: see Prepare
	releaseLoadMemory()
	e := &Exporter{self: prometheus.NewRegistry()}
	e.current.Store(first)
	// figures_exporter_figures is not registered here: it belongs to the
	// snapshot (Snapshot.self), so that a scrape serves the count of the
	// very figures it serves.
	e.self.MustRegister(versioncollector.NewCollector(Namespace))
	if opts.RuntimeMetrics {
		e.runtime = prometheus.NewRegistry()
		e.runtime.MustRegister(
			collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		)
	}
	e.selfMetrics = newSelfMetrics(e.self, e.runtime)
	return e
}

// Current is the snapshot being served.
func (e *Exporter) Current() *Snapshot { return e.current.Load() }

// Publish replaces the snapshot being served. It first encodes in s every
// format the snapshot it replaces was asked for, so that no scrape after
// the swap waits for an encoding. A scrape in flight finishes with the
// snapshot it started with.
func (e *Exporter) Publish(s *Snapshot) {
	if old := e.current.Load(); old != s {
		s.prepare(old.used.Load())
	}
	e.current.Store(s)
	releaseLoadMemory()
}

// Head is the set being served without its figures (Snapshot.Head).
func (e *Exporter) Head() *config.Set { return e.Current().Head() }

// Replace makes set a snapshot, prepares it and publishes it, and returns
// how many figures it serves: what a reload does once a new set has
// loaded. On error the served snapshot is left untouched.
func (e *Exporter) Replace(set *config.Set) (figures int, err error) {
	s := NewSnapshot(set)
	if err := s.Prepare(); err != nil {
		return 0, fmt.Errorf("preparing the new figures: %w", err)
	}
	e.Publish(s)
	return s.Series(), nil
}

// releaseLoadMemory returns to the operating system the memory that loading
// and encoding a set used and no longer use. Parsing a million series
// builds gigabytes of YAML nodes that serving them does not need (a few
// hundred megabytes); the runtime would give the difference back only over
// many minutes, and until then it counts as the exporter's resident size.
// It costs one garbage collection per load.
func releaseLoadMemory() { debug.FreeOSMemory() }

// Registerer is where other parts of the exporter (the reloader) register
// their self metrics, served after the figures on every scrape.
func (e *Exporter) Registerer() prometheus.Registerer { return e.self }

// SelfGatherer gathers the self metrics alone.
func (e *Exporter) SelfGatherer() prometheus.Gatherer {
	if e.runtime == nil {
		return e.self
	}
	return prometheus.Gatherers{e.self, e.runtime}
}

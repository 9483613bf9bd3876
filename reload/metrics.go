package reload

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// namespace prefixes the self metrics, as it does the exposition's.
const namespace = "figures_exporter"

// reloadMetrics are the self metrics of reloading, named as Prometheus
// names its own, so that alerts written for one work for the other.
type reloadMetrics struct {
	lastSuccessful  prometheus.Gauge
	lastSuccessTime prometheus.Gauge
	successes       prometheus.Counter
	failures        prometheus.Counter
}

func newReloadMetrics(reg prometheus.Registerer, loaded time.Time) (*reloadMetrics, error) {
	reloads := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "config_reloads_total",
		Help:      "Reloads of the figures files, by result; a reload of unchanged files is a success.",
	}, []string{"result"})
	m := &reloadMetrics{
		lastSuccessful: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace,
			Name:      "config_last_reload_successful",
			Help:      "Whether the last reload of the figures succeeded (1) or failed and the previous set is still served (0).",
		}),
		lastSuccessTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace,
			Name:      "config_last_reload_success_timestamp_seconds",
			Help:      "When the figures last loaded successfully, at startup or on reload, in seconds since the Unix epoch.",
		}),
		// Both results exist from the start, so that rate() and increase()
		// see the first failure.
		successes: reloads.WithLabelValues("success"),
		failures:  reloads.WithLabelValues("failure"),
	}
	for _, c := range []prometheus.Collector{reloads, m.lastSuccessful, m.lastSuccessTime} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// The exporter starts only once its first set has loaded.
	m.lastSuccessful.Set(1)
	m.lastSuccessTime.Set(float64(loaded.UnixNano()) / 1e9)
	return m, nil
}

// record counts one reload that ended in err (nil: success) at now.
func (m *reloadMetrics) record(err error, now time.Time) {
	if err != nil {
		m.failures.Inc()
		m.lastSuccessful.Set(0)
		return
	}
	m.successes.Inc()
	m.lastSuccessful.Set(1)
	m.lastSuccessTime.Set(float64(now.UnixNano()) / 1e9)
}

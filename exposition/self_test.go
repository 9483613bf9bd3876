package exposition

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/promslog"
	"google.golang.org/protobuf/proto"
)

func scrapeText(t *testing.T, h http.Handler) string {
	t.Helper()
	resp, body := scrapeAs(t, h, http.MethodGet, formatText, false, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s", resp.Status)
	}
	return string(body)
}

// TestSelfMetricsAreAtMostMaxAgeOld: a metric registered on Registerer()
// shows its value as of at most stateMaxAge before each scrape, including
// a value that returns to an earlier one; within stateMaxAge of a
// gathering, scrapes share it, unless a change was announced.
func TestSelfMetricsAreAtMostMaxAgeOld(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	e := New(defaultSnapshot(t), Options{})
	e.selfMetrics.now = func() time.Time { return clock }
	h := e.MetricsHandler(promslog.NewNopLogger())
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "figures_exporter_test_value", Help: "A test gauge."})
	e.Registerer().MustRegister(g)
	for _, v := range []string{"1", "2", "1", "1", "0"} {
		g.Set(map[string]float64{"0": 0, "1": 1, "2": 2}[v])
		clock = clock.Add(stateMaxAge)
		if body := scrapeText(t, h); !strings.Contains(body, "\nfigures_exporter_test_value "+v+"\n") {
			t.Fatalf("after setting %s the scrape says:\n%s", v, body[strings.Index(body, "# HELP figures_exporter_"):])
		}
	}
	g.Set(5)
	clock = clock.Add(stateMaxAge - time.Nanosecond)
	if body := scrapeText(t, h); !strings.Contains(body, "\nfigures_exporter_test_value 0\n") {
		t.Errorf("the self metrics were gathered again within %s", stateMaxAge)
	}
	// A change announced is served at once, as the reloader's are.
	e.SelfMetricsChanged()
	if body := scrapeText(t, h); !strings.Contains(body, "\nfigures_exporter_test_value 5\n") {
		t.Errorf("a change announced with SelfMetricsChanged is not served at once")
	}
	e.Registerer().Unregister(g)
	clock = clock.Add(stateMaxAge)
	if body := scrapeText(t, h); strings.Contains(body, "figures_exporter_test_value") {
		t.Errorf("an unregistered metric is still served")
	}
}

// TestSelfMetricsEncodedOnceWhileUnchanged: scrapes reuse the encoding of
// the self metrics, gathered again every stateMaxAge, until a value
// changes, whatever order a vector sends its children in.
func TestSelfMetricsEncodedOnceWhileUnchanged(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	e := New(defaultSnapshot(t), Options{})
	e.selfMetrics.now = func() time.Time { return clock }
	h := e.MetricsHandler(promslog.NewNopLogger())
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "figures_exporter_test_total", Help: "A test counter."}, []string{"result"})
	for _, l := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		v.WithLabelValues(l).Inc()
	}
	e.Registerer().MustRegister(v)
	scrapeText(t, h)
	first := e.selfMetrics.state.cache.Load()
	for range 20 {
		clock = clock.Add(stateMaxAge)
		scrapeText(t, h)
	}
	if e.selfMetrics.state.cache.Load() != first {
		t.Errorf("the self metrics were encoded again though nothing changed")
	}
	v.WithLabelValues("c").Inc()
	clock = clock.Add(stateMaxAge)
	body := scrapeText(t, h)
	if e.selfMetrics.state.cache.Load() == first || !strings.Contains(body, `figures_exporter_test_total{result="c"} 2`) {
		t.Errorf("a changed counter was not encoded again")
	}
	// Children in label order, as a registry serves them.
	if strings.Index(body, `result="a"`) > strings.Index(body, `result="h"`) {
		t.Errorf("children out of order:\n%s", body)
	}
}

// TestRuntimeMetricsGatheredAtMostEveryMaxAge: scrapes within
// runtimeMaxAge of a gathering share it; the next scrape gathers anew.
func TestRuntimeMetricsGatheredAtMostEveryMaxAge(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	e := New(defaultSnapshot(t), Options{RuntimeMetrics: true})
	e.selfMetrics.now = func() time.Time { return clock }
	h := e.MetricsHandler(promslog.NewNopLogger())
	scrapeText(t, h)
	first := e.selfMetrics.runtime.cache.Load()
	clock = clock.Add(runtimeMaxAge - time.Nanosecond)
	scrapeText(t, h)
	if e.selfMetrics.runtime.cache.Load() != first {
		t.Errorf("runtime metrics gathered again within %s", runtimeMaxAge)
	}
	clock = clock.Add(time.Nanosecond)
	if body := scrapeText(t, h); !strings.Contains(body, "\ngo_goroutines ") {
		t.Errorf("no runtime metrics")
	}
	if e.selfMetrics.runtime.cache.Load() == first {
		t.Errorf("runtime metrics not gathered again after %s", runtimeMaxAge)
	}
}

// TestOpenMetricsDropsTheCounterClash: OpenMetrics names the counter
// go_memstats_alloc_bytes_total's family go_memstats_alloc_bytes, which is
// also a gauge's name; the gauge is left out of OpenMetrics alone.
func TestOpenMetricsDropsTheCounterClash(t *testing.T) {
	h := New(defaultSnapshot(t), Options{RuntimeMetrics: true}).MetricsHandler(promslog.NewNopLogger())
	_, om := scrapeAs(t, h, http.MethodGet, formatOpenMetrics, false, nil)
	if strings.Contains(string(om), "# TYPE go_memstats_alloc_bytes gauge") || !strings.Contains(string(om), "# TYPE go_memstats_alloc_bytes counter") {
		t.Errorf("OpenMetrics has the gauge go_memstats_alloc_bytes or lacks the counter")
	}
	if text := scrapeText(t, h); !strings.Contains(text, "# TYPE go_memstats_alloc_bytes gauge") {
		t.Errorf("the text format lost the gauge go_memstats_alloc_bytes")
	}
	families := []*dto.MetricFamily{
		{Name: proto.String("x"), Type: dto.MetricType_GAUGE.Enum()},
		{Name: proto.String("x_total"), Type: dto.MetricType_COUNTER.Enum()},
		{Name: proto.String("y_total"), Type: dto.MetricType_GAUGE.Enum()},
		{Name: proto.String("y"), Type: dto.MetricType_GAUGE.Enum()},
	}
	var kept []string
	for _, mf := range withoutCounterClashes(families) {
		kept = append(kept, mf.GetName())
	}
	if strings.Join(kept, " ") != "x_total y_total y" {
		t.Errorf("kept %v, want x_total y_total y", kept)
	}
}

// failingCollector's metric cannot be written.
type failingCollector struct{ desc *prometheus.Desc }

func (c failingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }
func (c failingCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.NewInvalidMetric(c.desc, errors.New("broken on purpose"))
}

// TestBrokenSelfMetricServesTheRest: a self metric that fails is left out;
// the figures and the other self metrics are served.
func TestBrokenSelfMetricServesTheRest(t *testing.T) {
	e := New(defaultSnapshot(t), Options{})
	e.Registerer().MustRegister(failingCollector{prometheus.NewDesc("figures_exporter_broken", "Broken.", nil, nil)})
	body := scrapeText(t, e.MetricsHandler(promslog.NewNopLogger()))
	for _, want := range []string{"aid_yuan{", "figures_exporter_figures 25"} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(body, "figures_exporter_broken") {
		t.Errorf("the broken metric is served")
	}
}

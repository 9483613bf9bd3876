package exposition

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/figures-exporter/figures_exporter/config"
)

// blockingCollector holds every scrape inside the metrics handler until
// released, so that a test knows how many scrapes are in flight.
type blockingCollector struct {
	entered chan struct{}
	release chan struct{}
	desc    *prometheus.Desc
}

func (c *blockingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *blockingCollector) Collect(ch chan<- prometheus.Metric) {
	c.entered <- struct{}{}
	<-c.release
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, 1)
}

// TestMaxRequestsAnswers503PastTheCap holds two scrapes in the real metrics
// handler with a cap of two: the third scrape gets 503 at once, and once
// the two finish scrapes are served again. Only the metrics handler is
// capped: cmd wraps it alone, so health checks and pages are not.
func TestMaxRequestsAnswers503PastTheCap(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	exp := New(NewSnapshot(set), Options{})
	block := &blockingCollector{
		entered: make(chan struct{}),
		release: make(chan struct{}),
		desc:    prometheus.NewDesc("figures_exporter_test_blocking", "Blocks scrapes in tests.", nil, nil),
	}
	exp.Registerer().MustRegister(block)
	const max = 2
	srv := httptest.NewServer(LimitRequests(exp.MetricsHandler(testLogger(t)), max))
	defer srv.Close()

	var wg sync.WaitGroup
	codes := make(chan int, max)
	for range max {
		wg.Go(func() {
			code, _, _ := request(t, http.MethodGet, srv.URL+"/metrics")
			codes <- code
		})
	}
	for range max {
		<-block.entered
	}
	code, header, body := request(t, http.MethodGet, srv.URL+"/metrics")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "--web.max-requests") || header.Get("Retry-After") == "" {
		t.Errorf("scrape past the cap: %d %q, Retry-After %q; want 503 naming --web.max-requests", code, body, header.Get("Retry-After"))
	}
	close(block.release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a scrape within the cap got %d", code)
		}
	}
	// The slots were given back.
	go func() { <-block.entered }()
	if code, _, _ := request(t, http.MethodGet, srv.URL+"/metrics"); code != http.StatusOK {
		t.Errorf("scrape after the others finished: %d, want 200", code)
	}
}

func TestNoLimitWhenMaxRequestsIsZero(t *testing.T) {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	h := LimitRequests(inner, 0)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("status %d with no limit", rec.Code)
	}
}

package exposition

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// blocking holds every request in front of next until released, so that
// a test knows how many scrapes are in flight. (A collector cannot: scrapes
// share one gathering of the self metrics.)
type blocking struct {
	entered chan struct{}
	release chan struct{}
	next    http.Handler
}

func (b *blocking) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.entered <- struct{}{}
	<-b.release
	b.next.ServeHTTP(w, r)
}

// TestMaxRequestsAnswers503PastTheCap holds two scrapes in front of the
// real metrics handler with a cap of two: the third scrape gets 503 at once, and once
// the two finish scrapes are served again. Only the metrics handler is
// capped: cmd wraps it alone, so health checks and pages are not.
func TestMaxRequestsAnswers503PastTheCap(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	exp := New(NewSnapshot(set), Options{})
	block := &blocking{
		entered: make(chan struct{}),
		release: make(chan struct{}),
		next:    exp.MetricsHandler(testLogger(t)),
	}
	const max = 2
	srv := httptest.NewServer(LimitRequests(block, max))
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

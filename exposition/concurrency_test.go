package exposition

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestConcurrentScrapesPublishesAndSelfMetrics scrapes every format from
// several goroutines while snapshots are published and a self metric
// changes: every body must be whole (a gzip member with a correct trailer,
// a plain body of its Content-Length) and carry the figures of one
// snapshot. Run with -race, it also checks the sharing.
func TestConcurrentScrapesPublishesAndSelfMetrics(t *testing.T) {
	sets := make([]*Snapshot, 3)
	for i, series := range []int{30, 1000, 2000} {
		set, err := synth.Set(series)
		if err != nil {
			t.Fatal(err)
		}
		sets[i] = NewSnapshot(set)
	}
	e := New(sets[0], Options{RuntimeMetrics: true})
	h := e.MetricsHandler(promslog.NewNopLogger())
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "figures_exporter_test_changing", Help: "Changes during the test."})
	e.Registerer().MustRegister(g)

	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 60 {
				f := format((w + i) % int(numFormats))
				gz := i%2 == 0
				req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
				req.Header.Set("Accept", acceptOf[f])
				if gz {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				body := rec.Body.Bytes()
				if rec.Header().Get("Content-Length") != itoa(len(body)) {
					t.Errorf("Content-Length %s for %d bytes", rec.Header().Get("Content-Length"), len(body))
					return
				}
				if gz {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err == nil {
						body, err = io.ReadAll(zr)
					}
					if err != nil {
						t.Errorf("%s gzip: %v", formatNames[f], err)
						return
					}
				}
				if f != formatText {
					continue
				}
				if !bytes.Contains(body, []byte("figures_exporter_test_changing")) {
					t.Errorf("a self metric is missing")
				}
				if n := bytes.Count(body, []byte("\ncounty_")); n != 30 && n != 1000 && n != 2000 {
					t.Errorf("%d series: not the figures of one snapshot", n)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 30 {
			g.Set(float64(i))
			e.Publish(sets[i%len(sets)])
		}
	})
	wg.Wait()
}

func itoa(n int) string { return strconv.Itoa(n) }

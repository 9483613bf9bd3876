package exposition

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// benchSizes are the sizes of the benchmarks, as in bench/run.sh.
var benchSizes = []int{30, 10_000, 100_000, 1_000_000}

// BenchmarkMetricsHandler measures one scrape of /metrics at each size, in
// each format, plain and gzip, with the self metrics of the default binary
// (Go and process collectors on). The response is discarded, so this is
// the handler's own cost; bench/run.sh measures it over HTTP. allocs/op
// must not grow with the size.
//
//	go test ./exposition -run '^$' -bench MetricsHandler -benchmem
func BenchmarkMetricsHandler(b *testing.B) {
	for _, size := range benchSizes {
		var set *config.Set
		for f := range numFormats {
			for _, gz := range []bool{false, true} {
				b.Run(fmt.Sprintf("series=%d/format=%s/gzip=%v", size, formatNames[f], gz), func(b *testing.B) {
					if set == nil {
						var err error
						if set, err = synth.Set(size); err != nil {
							b.Fatal(err)
						}
					}
					h := New(NewSnapshot(set), Options{RuntimeMetrics: true}).MetricsHandler(promslog.NewNopLogger())
					req, _ := http.NewRequest(http.MethodGet, "/metrics", nil)
					req.Header.Set("Accept", acceptOf[f])
					if gz {
						req.Header.Set("Accept-Encoding", "gzip")
					}
					w := &countingWriter{header: http.Header{}}
					h.ServeHTTP(w, req) // encodes on first use
					w.n = 0
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						clear(w.header)
						h.ServeHTTP(w, req)
					}
					b.ReportMetric(float64(w.n)/float64(b.N), "body-bytes/op")
				})
			}
		}
	}
}

// countingWriter is a ResponseWriter that counts what is written.
type countingWriter struct {
	header http.Header
	n      int
}

func (c *countingWriter) Header() http.Header         { return c.header }
func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
func (c *countingWriter) WriteHeader(int)             {}

package exposition

import (
	"net/http"
	"runtime"
	"testing"
	"weak"

	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// scrapeEverything scrapes every format, plain and gzip, GET and HEAD.
func scrapeEverything(t *testing.T, h http.Handler) {
	t.Helper()
	for f := range numFormats {
		for _, gz := range []bool{false, true} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				if resp, _ := scrapeAs(t, h, method, f, gz, nil); resp.StatusCode != http.StatusOK {
					t.Fatalf("%s %s gzip=%v: %s", method, formatNames[f], gz, resp.Status)
				}
			}
		}
	}
}

// TestReloadReleasesTheOldSet: once a new snapshot is published and the
// scrapes of the old one are over, nothing holds the old snapshot, its
// encodings or its set: the garbage collector takes them.
func TestReloadReleasesTheOldSet(t *testing.T) {
	oldSet, err := synth.Set(10_000)
	if err != nil {
		t.Fatal(err)
	}
	old := NewSnapshot(oldSet)
	e := New(old, Options{RuntimeMetrics: true})
	h := e.MetricsHandler(promslog.NewNopLogger())
	scrapeEverything(t, h)
	oldRef, setRef := weak.Make(old), weak.Make(oldSet)
	blockRef := weak.Make(old.text.plain.Load())

	newSet, err := synth.Set(1000)
	if err != nil {
		t.Fatal(err)
	}
	e.Publish(NewSnapshot(newSet))
	scrapeEverything(t, h)
	old, oldSet = nil, nil
	// Cleanups and weak pointers settle within a few cycles; no timing.
	for range 5 {
		runtime.GC()
	}
	if oldRef.Value() != nil || setRef.Value() != nil || blockRef.Value() != nil {
		t.Errorf("the old snapshot (%v), set (%v) or encoded block (%v) is still reachable", oldRef.Value() != nil, setRef.Value() != nil, blockRef.Value() != nil)
	}
	if e.Current().Series() != 1000 {
		t.Errorf("serving %d series, want the new 1000", e.Current().Series())
	}
	// The server holds the handler all along.
	runtime.KeepAlive(h)
}

// TestPublishPreparesWhatWasAskedFor: the new snapshot is encoded, before it
// is served, in what the old one was asked for (here protobuf, gzip), and
// in nothing else.
func TestPublishPreparesWhatWasAskedFor(t *testing.T) {
	e := New(defaultSnapshot(t), Options{})
	h := e.MetricsHandler(promslog.NewNopLogger())
	scrapeAs(t, h, http.MethodGet, formatProtoDelim, true, nil)
	next := defaultSnapshot(t)
	e.Publish(next)
	if next.proto.zipped.Load() == nil {
		t.Errorf("protobuf, gzip not prepared on Publish")
	}
	if next.proto.plain.Load() != nil || next.text.plain.Load() != nil || next.text.zipped.Load() != nil {
		t.Errorf("formats prepared though nobody asked for them")
	}

	// Prepare encodes what Prometheus asks for by default.
	s := defaultSnapshot(t)
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	if s.text.zipped.Load() == nil || s.text.plain.Load() != nil || s.proto.plain.Load() != nil || s.proto.zipped.Load() != nil {
		t.Errorf("Prepare: want OpenMetrics (and text) gzip alone")
	}
}

// TestGzipAloneKeepsNoPlainFigures: a snapshot asked only for gzip, as
// Prometheus asks, keeps the figures compressed alone; a plain request
// later encodes them plain, the same bytes.
func TestGzipAloneKeepsNoPlainFigures(t *testing.T) {
	set, err := synth.Set(10_000)
	if err != nil {
		t.Fatal(err)
	}
	e := New(NewSnapshot(set), Options{})
	h := e.MetricsHandler(promslog.NewNopLogger())
	scrapeAs(t, h, http.MethodGet, formatOpenMetrics, true, nil)
	snap := e.Current()
	if snap.text.plain.Load() != nil || snap.text.segments != nil {
		t.Errorf("plain figures kept though only gzip was asked for")
	}
	zipped := snap.figures(formatText, true)
	if zipped.size >= zipped.plainSize/4 {
		t.Errorf("compressed figures of %d bytes for %d plain", zipped.size, zipped.plainSize)
	}
	plain := snap.figures(formatText, false)
	if plain.plainSize != zipped.plainSize || plain.crc != zipped.crc {
		t.Errorf("plain figures differ from the compressed ones: %d bytes, CRC %x; compressed %d, %x", plain.plainSize, plain.crc, zipped.plainSize, zipped.crc)
	}
}

// discardWriter is a ResponseWriter that keeps nothing, so that counting
// allocations counts the handler's alone.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// scrapeAllocs counts the allocations of one scrape of set in f.
func scrapeAllocs(t *testing.T, set *config.Set, f format, gz bool) float64 {
	t.Helper()
	h := New(NewSnapshot(set), Options{}).MetricsHandler(promslog.NewNopLogger())
	req, _ := http.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", acceptOf[f])
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	w := &discardWriter{header: http.Header{}}
	h.ServeHTTP(w, req) // encodes
	return testing.AllocsPerRun(100, func() {
		clear(w.header)
		h.ServeHTTP(w, req)
	})
}

// TestScrapeAllocationsDoNotGrowWithSeries: a scrape of a million series
// allocates no more than a scrape of thirty, in every format.
func TestScrapeAllocationsDoNotGrowWithSeries(t *testing.T) {
	small, err := synth.Set(30)
	if err != nil {
		t.Fatal(err)
	}
	big, err := synth.Set(100_000)
	if err != nil {
		t.Fatal(err)
	}
	for f := range numFormats {
		for _, gz := range []bool{false, true} {
			a, b := scrapeAllocs(t, small, f, gz), scrapeAllocs(t, big, f, gz)
			t.Logf("%s gzip=%v: %.0f allocations at 30 series, %.0f at 100k", formatNames[f], gz, a, b)
			// Under the race detector sync.Pool drops items at random, so
			// counts vary by a few; growing with the series would be
			// thousands.
			if b > a+4 {
				t.Errorf("%s gzip=%v: %.0f allocations per scrape at 100k series, %.0f at 30", formatNames[f], gz, b, a)
			}
		}
	}
}

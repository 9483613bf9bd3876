package exposition

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/promslog"
)

func serveScrape(t *testing.T, h http.Handler, method string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, "/metrics", nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// TestMetricsServesFiguresThenSelfMetrics checks the plain text scrape: the
// golden figures first, then the exporter's own metrics.
func TestMetricsServesFiguresThenSelfMetrics(t *testing.T) {
	snap := defaultSnapshot(t)
	h := New(snap, Options{}).MetricsHandler(promslog.NewNopLogger())
	resp, body := serveScrape(t, h, http.MethodGet, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); expfmt.Format(ct).FormatType() != expfmt.TypeTextPlain {
		t.Errorf("Content-Type %q, want the text format", ct)
	}
	var figures bytes.Buffer
	_ = snap.WriteText(&figures)
	if !bytes.HasPrefix(body, figures.Bytes()) {
		t.Errorf("body does not start with the figures:\n%s", body)
	}
	self := string(body[figures.Len():])
	for _, want := range []string{"figures_exporter_build_info{", "figures_exporter_figures 25\n"} {
		if !strings.Contains(self, want) {
			t.Errorf("self metrics lack %q:\n%s", want, self)
		}
	}
	if strings.Contains(self, "go_goroutines") {
		t.Errorf("Go runtime metrics served although they are off")
	}
}

// TestMetricsGzipIsOneValidMember decodes the spliced gzip body with a
// reader that refuses multi-member streams: the figures' stream and the
// self metrics' final block must form one member with a correct trailer.
func TestMetricsGzipIsOneValidMember(t *testing.T) {
	h := New(defaultSnapshot(t), Options{RuntimeMetrics: true}).MetricsHandler(promslog.NewNopLogger())
	_, plain := serveScrape(t, h, http.MethodGet, nil)
	resp, body := serveScrape(t, h, http.MethodGet, http.Header{"Accept-Encoding": {"gzip"}})
	if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body does not decode (CRC or length wrong?): %v", err)
	}
	if rest, _ := io.ReadAll(zr); len(rest) != 0 {
		t.Errorf("more than one gzip member")
	}
	// Self metrics (process CPU, memory) differ between two scrapes; the
	// figures and the shape do not.
	cut := strings.Index(string(plain), "# HELP figures_exporter_build_info")
	if cut < 0 || !bytes.HasPrefix(unzipped, plain[:cut]) {
		t.Errorf("gzip body's figures differ from the plain body's")
	}
	if !strings.Contains(string(unzipped), "go_goroutines") {
		t.Errorf("gzip body lacks the runtime metrics")
	}
}

// TestMetricsRefusesOtherMethods: /metrics is read-only.
func TestMetricsRefusesOtherMethods(t *testing.T) {
	h := New(defaultSnapshot(t), Options{}).MetricsHandler(promslog.NewNopLogger())
	resp, _ := serveScrape(t, h, http.MethodPost, nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %s, Allow %q; want 405 with Allow: GET, HEAD", resp.Status, resp.Header.Get("Allow"))
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                   false,
		"gzip":               true,
		"deflate, gzip":      true,
		"GZIP;q=0.5":         true,
		"gzip;q=0":           false,
		"gzip; q=0.000":      false,
		"*":                  true,
		"identity":           false,
		"br;q=1.0, gzip;q=0": false,
		// Parameter names are case-insensitive (RFC 9110, 5.6.6 and 12.4.2).
		"gzip;Q=0":     false,
		"gzip ; Q=0.0": false,
		"GZip;Q=0.5":   true,
		"*;Q=0":        false,
		"gzip;q=0.001": true,
	} {
		h := http.Header{}
		if header != "" {
			h.Set("Accept-Encoding", header)
		}
		if got := acceptsGzip(h); got != want {
			t.Errorf("Accept-Encoding %q: gzip accepted = %v, want %v", header, got, want)
		}
	}
}

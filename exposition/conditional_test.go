package exposition

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestHeadSendsTheHeadersOfGet: HEAD answers with exactly the headers a GET
// would, Content-Length included, and no body, in every format and
// encoding.
func TestHeadSendsTheHeadersOfGet(t *testing.T) {
	h := New(defaultSnapshot(t), Options{}).MetricsHandler(promslog.NewNopLogger())
	for f := range numFormats {
		for _, gz := range []bool{false, true} {
			get, body := scrapeAs(t, h, http.MethodGet, f, gz, nil)
			head, headBody := scrapeAs(t, h, http.MethodHead, f, gz, nil)
			if head.StatusCode != http.StatusOK || len(headBody) != 0 {
				t.Errorf("%s gzip=%v: HEAD %s with %d bytes of body", formatNames[f], gz, head.Status, len(headBody))
			}
			for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Vary", "Etag"} {
				if g, h := get.Header.Values(k), head.Header.Values(k); fmt.Sprint(g) != fmt.Sprint(h) {
					t.Errorf("%s gzip=%v: %s is %q for GET, %q for HEAD", formatNames[f], gz, k, g, h)
				}
			}
			if get.Header.Get("Content-Length") != fmt.Sprint(len(body)) {
				t.Errorf("%s gzip=%v: Content-Length %s for %d bytes", formatNames[f], gz, get.Header.Get("Content-Length"), len(body))
			}
		}
	}
}

// TestIfNoneMatchIsNeverWrong: a 304 comes only when the body would be the
// very bytes the client has; anything that changes the body (a reload, a
// self metric, the runtime metrics' next gathering, another format or
// encoding) gets a 200. If-Modified-Since, with no Last-Modified to compare
// with, is ignored.
func TestIfNoneMatchIsNeverWrong(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	e := New(defaultSnapshot(t), Options{RuntimeMetrics: true})
	e.selfMetrics.now = func() time.Time { return clock }
	h := e.MetricsHandler(promslog.NewNopLogger())

	first, firstBody := scrapeAs(t, h, http.MethodGet, formatOpenMetrics, true, nil)
	tag := first.Header.Get("Etag")
	if tag == "" || tag[0] != '"' {
		t.Fatalf("ETag %q, want a quoted strong tag", tag)
	}
	conditional := func(f format, gz bool, header http.Header) int {
		t.Helper()
		resp, _ := scrapeAs(t, h, http.MethodGet, f, gz, header)
		if resp.StatusCode == http.StatusNotModified {
			// The claim of a 304: the body now is the client's body.
			_, now := scrapeAs(t, h, http.MethodGet, f, gz, nil)
			if f == formatOpenMetrics && gz && !bytes.Equal(now, firstBody) {
				t.Errorf("304 although the body changed")
			}
			if resp.Header.Get("Etag") != tag {
				t.Errorf("304 with ETag %q, want %q", resp.Header.Get("Etag"), tag)
			}
		}
		return resp.StatusCode
	}
	inm := http.Header{"If-None-Match": {tag}}
	if got := conditional(formatOpenMetrics, true, inm); got != http.StatusNotModified {
		t.Errorf("unchanged body: status %d, want 304", got)
	}
	for _, header := range []http.Header{
		{"If-None-Match": {`"other", W/` + tag}},
		{"If-None-Match": {"*"}},
	} {
		if got := conditional(formatOpenMetrics, true, header); got != http.StatusNotModified {
			t.Errorf("If-None-Match %q: status %d, want 304", header.Get("If-None-Match"), got)
		}
	}
	for _, other := range []struct {
		f  format
		gz bool
	}{{formatOpenMetrics, false}, {formatText, true}, {formatProtoDelim, true}} {
		if got := conditional(other.f, other.gz, inm); got != http.StatusOK {
			t.Errorf("%s gzip=%v with the tag of OpenMetrics gzip: status %d, want 200", formatNames[other.f], other.gz, got)
		}
	}
	if got := conditional(formatOpenMetrics, true, http.Header{"If-Modified-Since": {"Fri, 01 Jan 2100 00:00:00 GMT"}}); got != http.StatusOK {
		t.Errorf("If-Modified-Since: status %d, want 200", got)
	}

	// Each change makes the old tag stale.
	changes := []struct {
		name   string
		change func()
	}{
		{"runtime metrics gathered again", func() { clock = clock.Add(runtimeMaxAge) }},
		{"a self metric changed", func() {
			g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "figures_exporter_test_gauge", Help: "A test gauge."})
			e.Registerer().MustRegister(g)
			// Served once the self metrics are gathered again.
			clock = clock.Add(stateMaxAge)
		}},
		{"new figures", func() {
			set, err := synth.Set(30)
			if err != nil {
				t.Fatal(err)
			}
			e.Publish(NewSnapshot(set))
		}},
	}
	for _, c := range changes {
		c.change()
		resp, body := scrapeAs(t, h, http.MethodGet, formatOpenMetrics, true, inm)
		if resp.StatusCode != http.StatusOK || bytes.Equal(body, firstBody) {
			t.Errorf("after %s: status %d (body changed: %v), want 200 with a new body", c.name, resp.StatusCode, !bytes.Equal(body, firstBody))
		}
		if resp.Header.Get("Etag") == tag {
			t.Errorf("after %s: the ETag did not change", c.name)
		}
		tag, firstBody = resp.Header.Get("Etag"), body
		inm = http.Header{"If-None-Match": {tag}}
		if got := conditional(formatOpenMetrics, true, inm); got != http.StatusNotModified {
			t.Errorf("after %s, nothing changed since: status %d, want 304", c.name, got)
		}
	}
}

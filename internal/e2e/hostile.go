package e2e

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// HostileFiguresFile is a valid figures file whose every text tries to
// inject into the exporter's outputs (testdata/hostile.yml).
func HostileFiguresFile(t testing.TB) string {
	t.Helper()
	return filepath.Join(ModuleRoot(t), "internal", "e2e", "testdata", "hostile.yml")
}

// RecordingProxy forwards requests to a target and records the Accept
// header of each request and the Content-Type of each response, so that a
// test knows what a real Prometheus asked for and which exposition format
// it negotiated.
type RecordingProxy struct {
	URL     string // http://127.0.0.1:PORT
	mu      sync.Mutex
	types   map[string]bool
	accepts map[string]bool
}

// StartRecordingProxy proxies to target (http://host:port) until the test ends.
func StartRecordingProxy(t testing.TB, target string) *RecordingProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &RecordingProxy{types: map[string]bool{}, accepts: map[string]bool{}}
	// Rewrite, not the deprecated Director: the request to target, with the
	// client's path and query and its X-Forwarded-* headers.
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		p.mu.Lock()
		p.accepts[r.In.Header.Get("Accept")] = true
		p.mu.Unlock()
		r.SetURL(u)
		r.SetXForwarded()
	}}
	proxy.ModifyResponse = func(resp *http.Response) error {
		p.mu.Lock()
		p.types[resp.Header.Get("Content-Type")] = true
		p.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// ContentTypes are the response types seen so far.
func (p *RecordingProxy) ContentTypes() []string { return p.seen(p.types) }

// Accepts are the Accept headers of the requests seen so far.
func (p *RecordingProxy) Accepts() []string { return p.seen(p.accepts) }

func (p *RecordingProxy) seen(set map[string]bool) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Sorted(maps.Keys(set))
}

// Help is the help text Prometheus stored for metric, from its metadata
// API, as its scrape parser read it.
func (p *Prometheus) Help(t testing.TB, metric string) string {
	t.Helper()
	resp, err := http.Get(p.URL + "/api/v1/metadata?" + url.Values{"metric": {metric}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data map[string][]struct {
			Help string `json:"help"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decoding metadata: %v", err)
	}
	entries := body.Data[metric]
	if len(entries) == 0 {
		t.Fatalf("prometheus has no metadata for %s", metric)
	}
	return entries[0].Help
}

package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/exposition"
)

var readOnlyPaths = []string{"/", "/metrics", "/figures", "/-/healthy", "/-/ready", "/version"}

// TestOnlyGETAndHEAD: every page and the metrics answer GET and HEAD, and
// every other method gets 405 with an Allow header naming GET and HEAD.
func TestOnlyGETAndHEAD(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	for _, path := range readOnlyPaths {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			// (Whether HEAD sends a body is net/http's server's business.)
			if resp, _ := do(t, h, method, path, nil); resp.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %s, want 200", method, path, resp.Status)
			}
		}
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodTrace, "PROPFIND"} {
			resp, body := do(t, h, method, path, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %s, want 405", method, path, resp.Status)
			}
			if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q, want \"GET, HEAD\"", method, path, got)
			}
			if !strings.Contains(body, "GET, HEAD") {
				t.Errorf("%s %s: the body %q does not say what is allowed", method, path, body)
			}
		}
	}
}

// TestFaviconIsEmpty: browsers ask for /favicon.ico on every page; it
// answers 204 rather than a 404 in their console.
func TestFaviconIsEmpty(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	if resp, body := do(t, h, http.MethodGet, "/favicon.ico", nil); resp.StatusCode != http.StatusNoContent || body != "" {
		t.Errorf("GET /favicon.ico: %s with %d bytes, want 204 and nothing", resp.Status, len(body))
	}
}

// TestReloadTakesPOSTOnly: the policy lets POST through to /-/reload, where
// the reloader's handler answers, and refuses everything else there.
func TestReloadTakesPOSTOnly(t *testing.T) {
	set := defaultSet(t)
	e := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	mux, err := routes(e, RouteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	reloaded := 0
	mux.HandleFunc(ReloadPath, func(w http.ResponseWriter, r *http.Request) { reloaded++ })
	h := Harden(mux)
	if resp, _ := do(t, h, http.MethodPost, ReloadPath, nil); resp.StatusCode != http.StatusOK || reloaded != 1 {
		t.Errorf("POST %s: %s, handler ran %d times; want 200 and once", ReloadPath, resp.Status, reloaded)
	}
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete} {
		resp, _ := do(t, h, method, ReloadPath, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s %s: %s, Allow %q; want 405 and Allow: POST", method, ReloadPath, resp.Status, resp.Header.Get("Allow"))
		}
	}
	if reloaded != 1 {
		t.Errorf("the reload handler ran %d times, want once", reloaded)
	}
}

// TestSecurityHeaders: every response forbids sniffing and referrers; HTML
// pages add a Content-Security-Policy that allows no script at all.
func TestSecurityHeaders(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	for _, path := range append(readOnlyPaths, "/no-such-page") {
		resp, _ := do(t, h, http.MethodGet, path, nil)
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q", path, got)
		}
		isHTML := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
		csp := resp.Header.Get("Content-Security-Policy")
		if isHTML != (path == "/" || path == "/figures") {
			t.Errorf("%s: Content-Type %q", path, resp.Header.Get("Content-Type"))
		}
		if !isHTML {
			continue
		}
		for _, want := range []string{"default-src 'none'", "style-src 'sha256-", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		for _, never := range []string{"unsafe", "script-src", "*", "http:", "https:"} {
			if strings.Contains(csp, never) {
				t.Errorf("%s: Content-Security-Policy %q allows %q", path, csp, never)
			}
		}
	}
}

// TestOperatorHeadersWin: a header set in the web config file
// (exporter-toolkit sets them before our handler runs) is not overwritten.
func TestOperatorHeadersWin(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	operator := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		h.ServeHTTP(w, r)
	})
	resp, _ := do(t, operator, http.MethodGet, "/figures", nil)
	if got := resp.Header.Get("Content-Security-Policy"); got != "default-src 'none'" {
		t.Errorf("Content-Security-Policy %q, want the operator's", got)
	}
}

// TestPprofOnlyWhenAsked: no profile is reachable, nor linked, unless
// --web.enable-pprof; then the handlers answer GET on the exporter's mux.
func TestPprofOnlyWhenAsked(t *testing.T) {
	_, off := serveDefault(t, RouteOptions{})
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/cmdline", "/debug/pprof/heap"} {
		if resp, _ := do(t, off, http.MethodGet, path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("without --web.enable-pprof, GET %s: %s, want 404", path, resp.Status)
		}
	}
	if _, landing := do(t, off, http.MethodGet, "/", nil); strings.Contains(landing, "debug/pprof") {
		t.Error("the landing page links pprof, which is off")
	}

	_, on := serveDefault(t, RouteOptions{EnablePprof: true})
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/cmdline", "/debug/pprof/heap"} {
		if resp, _ := do(t, on, http.MethodGet, path, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("with --web.enable-pprof, GET %s: %s, want 200", path, resp.Status)
		}
	}
	if resp, _ := do(t, on, http.MethodPost, "/debug/pprof/symbol", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /debug/pprof/symbol: %s, want 405", resp.Status)
	}
	if _, landing := do(t, on, http.MethodGet, "/", nil); !strings.Contains(landing, "debug/pprof/heap") {
		t.Error("the landing page does not link pprof, which is on")
	}
}

// TestTelemetryPathCannotTakeAPage: a metrics path that is already a page
// is refused rather than panicking in the mux.
func TestTelemetryPathCannotTakeAPage(t *testing.T) {
	e := exposition.New(exposition.NewSnapshot(defaultSet(t)), exposition.Options{})
	for _, path := range []string{FiguresPath, VersionPath, ReloadPath} {
		if _, err := routes(e, RouteOptions{TelemetryPath: path}); err == nil {
			t.Errorf("--web.telemetry-path %s was accepted", path)
		}
	}
}

// TestBrowsersGetReadableMetrics: the landing page links /metrics, and a
// browser that follows the link (Accept: text/html, …, */*) must get the
// text format, not a protobuf download (a wildcard matches no format with
// parameters, so negotiation falls back to text); Prometheus still gets
// what it names.
func TestBrowsersGetReadableMetrics(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	for accept, want := range map[string]string{
		"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8": "text/plain",
		"*/*": "text/plain",
		"":    "text/plain",
		"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1":                                                      "application/openmetrics-text",
		"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.9,application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.3,*/*;q=0.1": "application/vnd.google.protobuf",
	} {
		resp, _ := do(t, h, http.MethodGet, "/metrics", http.Header{"Accept": {accept}})
		if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, want) {
			t.Errorf("Accept %q: Content-Type %q, want %s", accept, got, want)
		}
	}
}

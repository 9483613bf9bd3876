package reload

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestReloadEndpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, nil)
	srv := httptest.NewServer(h.routes(t, h.reloader.ReloadHandler()))
	defer srv.Close()

	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete} {
		code, header, _ := request(t, method, srv.URL+"/-/reload")
		if code != http.StatusMethodNotAllowed || header.Get("Allow") != http.MethodPost {
			t.Errorf("%s /-/reload: %d, Allow %q; want 405 and Allow: POST", method, code, header.Get("Allow"))
		}
	}
	if h.successes(t)+h.failures(t) != 0 {
		t.Error("a refused method reloaded")
	}

	writeFile(t, path, figuresFile(2))
	if code, _, body := request(t, http.MethodPost, srv.URL+"/-/reload"); code != http.StatusOK {
		t.Fatalf("POST /-/reload: %d %s", code, body)
	}
	if served(h.exp) != 2 {
		t.Errorf("served %v after POST /-/reload, want 2", served(h.exp))
	}
	_, _, before := request(t, http.MethodGet, srv.URL+"/metrics")

	writeFile(t, path, "metrics: [\n")
	code, _, body := request(t, http.MethodPost, srv.URL+"/-/reload")
	want := "cannot reload figures, still serving the previous set:\n" + path + ":1: invalid YAML: did not find expected node content\n"
	if code != http.StatusInternalServerError || body != want {
		t.Errorf("POST /-/reload of a broken file: %d\n%s\nwant 500 and\n%s", code, body, want)
	}
	_, _, after := request(t, http.MethodGet, srv.URL+"/metrics")
	if figuresPart(t, before) != figuresPart(t, after) {
		t.Errorf("the figures served changed after a failed reload:\n%s\nthen:\n%s", before, after)
	}
}

// routes serves reload at /-/reload and the figures at /metrics, as the
// binary wires them.
func (h *reloading) routes(t testing.TB, reload http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/-/reload", reload)
	mux.Handle("/metrics", h.exp.MetricsHandler(testLogger(t)))
	return mux
}

// figuresPart is a text scrape without the self metrics that follow the
// figures.
func figuresPart(t testing.TB, body string) string {
	t.Helper()
	i := strings.Index(body, "# HELP figures_exporter_")
	if i < 0 {
		t.Fatalf("no self metrics in the scrape:\n%s", body)
	}
	return body[:i]
}

func TestReloadEndpointWithoutLifecycle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, nil)
	srv := httptest.NewServer(h.routes(t, LifecycleDisabled()))
	defer srv.Close()
	writeFile(t, path, figuresFile(2))
	code, _, body := request(t, http.MethodPost, srv.URL+"/-/reload")
	if code != http.StatusForbidden || !strings.Contains(body, "--web.enable-lifecycle") {
		t.Errorf("POST /-/reload without the lifecycle API: %d %s; want 403 naming --web.enable-lifecycle", code, body)
	}
	if served(h.exp) != 1 || h.successes(t) != 0 {
		t.Error("the disabled endpoint reloaded")
	}
}

package exposition

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// serveDefault serves the embedded report through the exporter's whole
// HTTP surface, as the binary does: Routes behind Harden.
func serveDefault(t *testing.T, opts RouteOptions) (*Exporter, http.Handler) {
	t.Helper()
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return serveSet(t, set, opts)
}

func serveSet(t *testing.T, set *config.Set, opts RouteOptions) (*Exporter, http.Handler) {
	t.Helper()
	e := New(NewSnapshot(set), Options{})
	mux, err := e.Routes(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e, Harden(mux)
}

// do sends one request and returns the response with its body read.
func do(t *testing.T, h http.Handler, method, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp := w.Result()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func defaultSet(t *testing.T) *config.Set {
	t.Helper()
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// testLogger and request are testutil's, named as in the other tests.
var (
	testLogger = testutil.Logger
	request    = testutil.Request
)

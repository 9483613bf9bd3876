// Package testutil holds the few helpers that the tests of several
// packages (exposition, reload, web) share.
package testutil

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// Logger discards logs unless the test runs with -v, where they help.
func Logger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Request sends a request to url and returns the status, header and body.
func Request(t testing.TB, method, url string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

// Do sends one request to h and returns the response with its body read.
func Do(t testing.TB, h http.Handler, method, path string, header http.Header) (*http.Response, string) {
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

// HostileFile tries to break out of every output; see its comment.
const HostileFile = "internal/e2e/testdata/hostile.yml"

// HostileSet loads HostileFile under root, the module's root as a path
// from the test's package ("..").
func HostileSet(t testing.TB, root string) *config.Set {
	t.Helper()
	set, err := config.Load(filepath.Join(root, HostileFile), config.Options{})
	if err != nil {
		t.Fatalf("the hostile file is valid text and must load: %v", err)
	}
	return set
}

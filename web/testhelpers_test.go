package web

import (
	"net/http"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// The web tests wire the exposition in as cmd does (a test-only import),
// so that they see the exporter's whole HTTP surface.

// serveDefault serves the embedded report through the exporter's whole
// HTTP surface, as the binary does: Routes behind Harden.
func serveDefault(t *testing.T, opts RouteOptions) (*exposition.Exporter, http.Handler) {
	t.Helper()
	return serveSet(t, defaultSet(t), opts)
}

func serveSet(t testing.TB, set *config.Set, opts RouteOptions) (*exposition.Exporter, http.Handler) {
	t.Helper()
	e := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	mux, err := routes(e, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e, Harden(mux)
}

// routes are the routes of e as cmd wires them, with opts' Metrics and
// Current filled in from e when they are nil.
func routes(e *exposition.Exporter, opts RouteOptions) (*http.ServeMux, error) {
	if opts.Metrics == nil {
		opts.Metrics = e.MetricsHandler(opts.Logger)
	}
	if opts.Current == nil {
		opts.Current = current(e)
	}
	return Routes(opts)
}

// current is the snapshot e serves, as the pages see it.
func current(e *exposition.Exporter) func() Served {
	return func() Served { return e.Current() }
}

// do sends one request and returns the response with its body read.
var do = testutil.Do

func defaultSet(t testing.TB) *config.Set {
	t.Helper()
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

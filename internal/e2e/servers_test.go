package e2e_test

import (
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestPrometheus3MissingSkipsOrFails: without FIGURES_EXPORTER_PROMETHEUS3
// the Prometheus 3 subtests skip, and fail when end-to-end tests are
// required, naming the variable.
func TestPrometheus3MissingSkipsOrFails(t *testing.T) {
	t.Setenv(e2e.Prometheus3Env, "")
	t.Setenv(e2e.RequireEnv, "")
	r := observe(t, func(tb testing.TB) { e2e.Prometheus3.Bin(tb) })
	if r.failed != "" || !strings.Contains(r.skipped, e2e.Prometheus3Env) {
		t.Errorf("without require: skipped %q, failed %q; want a skip naming %s", r.skipped, r.failed, e2e.Prometheus3Env)
	}
	t.Setenv(e2e.RequireEnv, "require")
	r = observe(t, func(tb testing.TB) { e2e.Prometheus3.Bin(tb) })
	if r.skipped != "" || !strings.Contains(r.failed, e2e.Prometheus3Env) {
		t.Errorf("with require: skipped %q, failed %q; want a failure naming %s", r.skipped, r.failed, e2e.Prometheus3Env)
	}
}

// TestServerRefusesTheWrongRelease: a Prometheus 2 binary named as
// Prometheus 3 fails the test rather than standing in for it.
func TestServerRefusesTheWrongRelease(t *testing.T) {
	prom2 := e2e.Prometheus2.Bin(t)
	t.Setenv(e2e.Prometheus3Env, prom2)
	r := observe(t, func(tb testing.TB) { e2e.Prometheus3.Bin(tb) })
	if !strings.Contains(r.failed, "is Prometheus 2, not 3") {
		t.Errorf("failed %q, skipped %q; want a failure saying it is Prometheus 2", r.failed, r.skipped)
	}
}

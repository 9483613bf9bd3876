package reload

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// waitTimeout bounds every wait for a condition; it is a guard against a
// hang, not a measure of speed.
const waitTimeout = 20 * time.Second

// waitFor polls cond until it holds, failing the test after waitTimeout.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", waitTimeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// testLogger and request are testutil's, named as in the other tests.
var (
	testLogger = testutil.Logger
	request    = testutil.Request
)

// figuresFile is a valid figures file whose one figure is value, so that
// tests can tell sets apart by a number.
func figuresFile(value int) string {
	return fmt.Sprintf("metrics:\n  - name: schools_built\n    help: Schools built.\n    labels: [year]\n    figures:\n      - {year: \"2011\", value: %d}\n", value)
}

// writeFile writes content to path through a new file renamed over it, as
// editors and config management do, so that no reader sees it half written.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// served is the value of the one figure of the served set, or -1 when the
// set is not one of figuresFile's.
func served(e *exposition.Exporter) float64 {
	set := e.Current().Set()
	if len(set.Metrics) != 1 || len(set.Metrics[0].Figures) != 1 {
		return -1
	}
	return set.Metrics[0].Figures[0].Value
}

// fileLoader loads path the way the binary does.
func fileLoader(path string) LoadFunc {
	return func(previous *config.Set) (*config.Set, error) {
		return config.Load(path, config.Options{Previous: previous})
	}
}

// reloading is an exporter serving path with a running reloader.
type reloading struct {
	exp      *exposition.Exporter
	reloader *Reloader
}

// startReloading loads path, serves it and runs a reloader that loads with
// load (fileLoader(path) when nil) until the test ends.
func startReloading(t testing.TB, path string, load LoadFunc) *reloading {
	t.Helper()
	first, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if load == nil {
		load = fileLoader(path)
	}
	exp := exposition.New(exposition.NewSnapshot(first), exposition.Options{})
	r, err := NewReloader(exp, load, exp.Registerer(), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { r.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	return &reloading{exp: exp, reloader: r}
}

// self is the value of one self metric series, its labels written as
// name="value" pairs joined by commas; -1 when there is no such series.
func (h *reloading) self(t testing.TB, name, labels string) float64 {
	t.Helper()
	families, err := h.exp.SelfGatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			var pairs []string
			for _, l := range m.GetLabel() {
				pairs = append(pairs, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			if strings.Join(pairs, ",") != labels {
				continue
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return -1
}

func (h *reloading) successes(t testing.TB) float64 {
	return h.self(t, "figures_exporter_config_reloads_total", `result="success"`)
}

func (h *reloading) failures(t testing.TB) float64 {
	return h.self(t, "figures_exporter_config_reloads_total", `result="failure"`)
}

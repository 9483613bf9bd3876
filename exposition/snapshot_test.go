package exposition

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/figures-exporter/figures_exporter/config"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

func defaultSnapshot(t testing.TB) *Snapshot {
	t.Helper()
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return NewSnapshot(set)
}

// TestDefaultExpositionGolden holds the text exposition of the embedded
// report to a reviewed golden file: what `figures_exporter render` prints
// and what /metrics serves before its self metrics.
func TestDefaultExpositionGolden(t *testing.T) {
	var got bytes.Buffer
	if err := defaultSnapshot(t).WriteText(&got); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/default.prom"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("exposition differs from %s (rerun with -update after reviewing):\n%s", golden, got.String())
	}
}

// TestDefaultExpositionLint runs client_golang's linter (the rules of
// promtool check metrics) over the figures of the embedded report.
func TestDefaultExpositionLint(t *testing.T) {
	problems, err := testutil.GatherAndLint(gatherer(defaultSnapshot(t).Set()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestWatchPicksUpANewFileMatchingAGlob: with --config.watch, a file added
// later to a figure_files directory is served without a restart, and one
// removed stops being served.
func TestWatchPicksUpANewFileMatchingAGlob(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "years"), 0o755); err != nil {
		t.Fatal(err)
	}
	main := e2e.WriteFile(t, dir, "figures.yml", "figure_files: [\"years/*.yml\"]\nmetrics:\n  - name: aid_yuan\n    help: Financial aid, in yuan.\n    labels: [year]\n")
	e2e.WriteFile(t, filepath.Join(dir, "years"), "2011.yml", "metrics:\n  - name: aid_yuan\n    figures:\n      - {year: \"2011\", value: 840.264 million}\n")
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file", main, "--config.watch")
	if body := exp.Get(t, "/metrics"); !strings.Contains(body, "aid_yuan{year=\"2011\"} 8.40264e+08\n") {
		t.Fatalf("the first year is not served:\n%s", body)
	}

	replaceFile(t, filepath.Join(dir, "years", "2012.yml"), "metrics:\n  - name: aid_yuan\n    figures:\n      - {year: \"2012\", value: 1}\n")
	e2e.Eventually(t, e2eWait, "the new year's file to be served", func() bool {
		return strings.Contains(exp.Get(t, "/metrics"), "aid_yuan{year=\"2012\"} 1\n")
	})

	if err := os.Remove(filepath.Join(dir, "years", "2011.yml")); err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the removed year's file to stop being served", func() bool {
		return !strings.Contains(exp.Get(t, "/metrics"), "aid_yuan{year=\"2011\"}")
	})
}

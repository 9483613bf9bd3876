package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/corrupt"
)

// TestLoadReturnsPreviousForUnchangedBytes checks the cheap path of a
// reload: the same bytes give back the previous Set itself (so nothing was
// parsed, since parsing always makes a new Set), and any other bytes, or
// the same bytes under another name, are parsed.
func TestLoadReturnsPreviousForUnchangedBytes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "figures.yml")
	good := corrupt.Good(".yml")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	same, err := config.Load(path, config.Options{Previous: first})
	if err != nil {
		t.Fatal(err)
	}
	if same != first {
		t.Error("unchanged bytes were parsed again: Load returned a new Set")
	}

	other := filepath.Join(dir, "copy.yml")
	if err := os.WriteFile(other, good, 0o644); err != nil {
		t.Fatal(err)
	}
	copied, err := config.Load(other, config.Options{Previous: first})
	if err != nil {
		t.Fatal(err)
	}
	if copied == first || copied.Files[0] != other {
		t.Errorf("the same bytes under another name gave back the previous set (files %v)", copied.Files)
	}

	changed := strings.Replace(string(good), "147", "148", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	next, err := config.Load(path, config.Options{Previous: first})
	if err != nil {
		t.Fatal(err)
	}
	if next == first || next.Digest == first.Digest || next.Metrics[0].Figures[0].Value != 148 {
		t.Errorf("changed bytes were not parsed: got %+v", next.Metrics)
	}
}

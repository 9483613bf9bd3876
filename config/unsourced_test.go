package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// TestUnsourcedFiguresAreListedUpToALimit: figures without a source are
// warned about one by one, but only the first hundred of a file; the rest
// are counted in one more warning, so that a large file with a few sources
// does not build (and print) a warning per figure.
func TestUnsourcedFiguresAreListedUpToALimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: aid_yuan\n    help: Aid.\n    labels: [year]\n    figures:\n")
	b.WriteString("      - {year: \"1\", value: 1, source: {title: Report}}\n")
	for y := 2; y <= 150; y++ {
		fmt.Fprintf(&b, "      - {year: \"%d\", value: %d}\n", y, y)
	}
	path := filepath.Join(t.TempDir(), "figures.yml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(set.Warnings); got != 101 {
		t.Fatalf("%d warnings, want 100 figures and one count", got)
	}
	first := set.Warnings[0].Error()
	if want := path + `:7: metrics[0].figures[1]: aid_yuan{year="2"} has no source: add source: to the figure or to its file`; first != want {
		t.Errorf("first warning\n%s\nwant\n%s", first, want)
	}
	last := set.Warnings[100].Error()
	if want := path + ": no source: 49 more figures name no source (the first 100 are listed above)"; last != want {
		t.Errorf("last warning\n%s\nwant\n%s", last, want)
	}
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// corpusInput is the first []byte argument of a file of Go's fuzz corpus
// format ("go test fuzz v1", then one Go literal per argument).
var corpusInput = regexp.MustCompile(`(?m)^\[\]byte\(("(?:[^"\\]|\\.)*")\)$`)

// TestFuzzCorpusTheRealBinary runs `check` of the real binary, under the
// hostile suite's address-space and CPU limits, on every input the fuzzers
// of config found or were seeded with (config/testdata/fuzz), written as a
// figures file of each syntax. go test replays them in process; this holds
// the binary to them too: each is loaded (exit 0) or refused with a
// problem naming the file (exit 1), never a crash (exit 2, a signal) or a
// limit hit.
func TestFuzzCorpusTheRealBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the limits with")
	}
	corpus, err := filepath.Glob("../../config/testdata/fuzz/*/*")
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no fuzz corpus under config/testdata/fuzz (%v)", err)
	}
	script := limited(t, e2e.BuildExporter(t))
	for _, file := range corpus {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := corpusInput.FindSubmatch(raw)
		if m == nil {
			t.Fatalf("%s: no []byte input", file)
		}
		input, err := strconv.Unquote(string(m[1]))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, ext := range []string{".yml", ".json", ".toml"} {
			name := filepath.Base(filepath.Dir(file)) + "_" + filepath.Base(file) + ext
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "figures"+ext)
				if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
					t.Fatal(err)
				}
				code, stderr, _, _ := runLimited(t, script, "check", "--config.file="+path)
				switch {
				case code == 0:
				case code == 1 && strings.Contains(stderr, path):
				default:
					t.Errorf("check of %q as %s: exit %d, want 0, or 1 with a problem naming the file:\n%.2000s", input, ext, code, stderr)
				}
			})
		}
	}
}

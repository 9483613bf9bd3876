package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCommand(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheckAcceptsTheEmbeddedReport(t *testing.T) {
	code, stdout, stderr := runCommand(t, "check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "embedded:east_west_2011.yml: 19 metrics, 25 figures, 1 sources: OK\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
}

// TestCheckReportsEveryProblem: exit 1 and every problem of the file, each
// with its place.
func TestCheckReportsEveryProblem(t *testing.T) {
	file := filepath.Join("..", "..", "config", "testdata", "bad", "many_problems.yml")
	code, _, stderr := runCommand(t, "check", "--config.file", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"many_problems.yml:6: metrics[0].figures[0].value: cannot read \"yes\" as a number",
		"many_problems.yml:8: metrics[1].name: invalid metric name \"2schools\"",
		"many_problems.yml:12: metrics[2]: missing key help",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestEnvironmentSetsFlags: every flag can come from FIGURES_EXPORTER_*,
// and a flag given on the command line wins over it.
func TestEnvironmentSetsFlags(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yml")
	if err := os.WriteFile(good, []byte("metrics:\n  - name: aid_yuan\n    help: Aid.\n    figures:\n      - {value: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FIGURES_EXPORTER_CONFIG_FILE", good)
	code, stdout, stderr := runCommand(t, "check")
	if code != 0 || !strings.HasPrefix(stdout, good+": 1 metrics, 1 figures") {
		t.Errorf("with FIGURES_EXPORTER_CONFIG_FILE: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	t.Setenv("FIGURES_EXPORTER_CONFIG_MAX_FILE_BYTES", "10")
	code, _, stderr = runCommand(t, "check")
	if code != 1 || !strings.Contains(stderr, "more than the limit of 10") {
		t.Errorf("with FIGURES_EXPORTER_CONFIG_MAX_FILE_BYTES=10: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCommand(t, "check", "--config.max-file-bytes=1000")
	if code != 0 {
		t.Errorf("a flag should win over the environment: exit %d, stderr %q", code, stderr)
	}
}

// TestRenderPrintsTheGolden: render prints exactly the reviewed exposition.
func TestRenderPrintsTheGolden(t *testing.T) {
	code, stdout, stderr := runCommand(t, "render")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "exposition", "testdata", "default.prom"))
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("render differs from exposition/testdata/default.prom:\n%s", stdout)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCommand(t, "--version")
	if code != 0 || !strings.HasPrefix(stdout, "figures_exporter, version") {
		t.Errorf("--version: exit %d, %q", code, stdout)
	}
}

func TestBadLogLevelIsRefused(t *testing.T) {
	code, _, stderr := runCommand(t, "--log.level=loud", "--web.listen-address=127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "--log.level") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

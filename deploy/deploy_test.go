// Package deploy_test checks the deployment artifacts under deploy/ and the
// Dockerfile with the real tools that consume them: promtool for the
// Prometheus configuration and alerting rules, kustomize and Helm (both in
// process) and the Kubernetes API types for the manifests and the chart,
// buildah for the container image.
//
// Every check also runs against a deliberately broken copy, written to a
// temporary directory, to show that the check can fail.
package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the program at path with args and returns its combined output
// and whether it exited successfully. Failing to start at all is fatal: that is
// a broken test environment, not a verdict on the checked files.
func run(t *testing.T, path string, args ...string) (string, bool) {
	t.Helper()
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		if _, exited := err.(*exec.ExitError); !exited {
			t.Fatalf("running %s %s: %v", path, strings.Join(args, " "), err)
		}
		return string(out), false
	}
	return string(out), true
}

// copyFiles copies the named files from srcDir into a new temporary directory
// and returns it, so that a test can break one copy without touching the repo.
func copyFiles(t *testing.T, srcDir string, names ...string) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(srcDir, name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dst, name), string(data))
	}
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readFile returns a file of the repository as a string.
func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// replaceOnce returns s with old replaced by new, failing the test unless old
// occurs exactly once: a mutation that silently matched nothing would make a
// negative test pass for the wrong reason.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("mutation target %q occurs %d times, want exactly 1", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

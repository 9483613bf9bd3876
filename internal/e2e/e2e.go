// Package e2e holds helpers for end-to-end tests that drive real external
// tools (promtool, buildah, Chromium, ...) and real servers on loopback.
//
// Such tests must not fail on a developer machine that lacks a tool, yet CI
// must never pass by silently skipping them. So a missing tool skips the test
// with a reason, unless the environment variable FIGURES_EXPORTER_E2E is set to
// "require", in which case it fails the test instead.
package e2e

import (
	"net"
	"os"
	"os/exec"
	"testing"
)

// EnvVar is the environment variable that turns skips into failures when set
// to RequireValue. CI sets it so that a broken install cannot go unnoticed.
const (
	EnvVar       = "FIGURES_EXPORTER_E2E"
	RequireValue = "require"
)

// Required reports whether end-to-end prerequisites are mandatory in this run.
func Required() bool {
	return os.Getenv(EnvVar) == RequireValue
}

// Unavailable ends the test because a prerequisite is missing: it skips with
// the formatted reason, or fails with it when Required reports true. Use it for
// prerequisites other than a program in PATH (a kernel feature, a base image).
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf("end-to-end prerequisite missing ("+EnvVar+"="+RequireValue+"): "+format, args...)
		return
	}
	t.Skipf("skipping end-to-end test (set "+EnvVar+"="+RequireValue+" to fail instead): "+format, args...)
}

// RequireTool returns the path of the program name as found by exec.LookPath.
// When it is not found the test is skipped, or failed when Required is true.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s not found in PATH: %v", name, err)
		return ""
	}
	return path
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago. The
// port is released before returning so that the program under test can bind
// it; another process could grab it in between, which is unlikely enough for
// tests and far better than a fixed port that collides in parallel runs.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port on 127.0.0.1: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatalf("releasing port %d: %v", port, err)
	}
	return port
}

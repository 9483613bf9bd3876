// Package e2e holds what end-to-end tests share: finding the real tools
// they run (prometheus, promtool, chromium, buildah), free loopback ports,
// and the real exporter binary started as a user would start it.
//
// A missing tool skips a test with its reason, unless
// FIGURES_EXPORTER_E2E=require (as CI sets it): then it fails, so that a
// missing install step cannot pass as green.
package e2e

import (
	"net"
	"os"
	"os/exec"
	"testing"
)

// RequireEnv is the environment variable that turns skips into failures.
const RequireEnv = "FIGURES_EXPORTER_E2E"

// Required reports whether end-to-end tests must run rather than skip.
func Required() bool { return os.Getenv(RequireEnv) == "require" }

// RequireTool returns the path of the named tool, or skips the test (fails
// it when end-to-end tests are required) when the tool is not installed.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if Required() {
		t.Fatalf("%s is not installed, and %s=require: %v", name, RequireEnv, err)
	}
	t.Skipf("%s is not installed (set %s=require to fail instead): %v", name, RequireEnv, err)
	return ""
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

package e2e_test

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// recorder stands in for *testing.T so that the skip and fail paths can be
// observed without ending the real test. Its Skipf and Fatalf only record:
// the helpers return right after calling them, as they must also do when the
// real methods stop the goroutine.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

const missingTool = "figures-exporter-no-such-tool"

func TestRequireToolFindsProgram(t *testing.T) {
	// go test itself runs under the go command, so it is in PATH.
	path := e2e.RequireTool(t, "go")
	if path == "" {
		t.Fatal("RequireTool returned an empty path for go")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("RequireTool returned %q which does not exist: %v", path, err)
	}
}

func TestRequireToolSkipsWhenMissing(t *testing.T) {
	t.Setenv(e2e.EnvVar, "")
	r := &recorder{TB: t}
	if got := e2e.RequireTool(r, missingTool); got != "" {
		t.Errorf("RequireTool = %q, want empty", got)
	}
	if r.failed != "" {
		t.Errorf("failed with %q, want a skip", r.failed)
	}
	if !strings.Contains(r.skipped, missingTool) || !strings.Contains(r.skipped, e2e.EnvVar) {
		t.Errorf("skip reason %q should name the tool and %s", r.skipped, e2e.EnvVar)
	}
}

func TestRequireToolFailsWhenRequired(t *testing.T) {
	t.Setenv(e2e.EnvVar, e2e.RequireValue)
	r := &recorder{TB: t}
	e2e.RequireTool(r, missingTool)
	if r.skipped != "" {
		t.Errorf("skipped with %q although %s=%s", r.skipped, e2e.EnvVar, e2e.RequireValue)
	}
	if !strings.Contains(r.failed, missingTool) {
		t.Errorf("failure %q should name the tool", r.failed)
	}
}

func TestFreePortIsBindable(t *testing.T) {
	port := e2e.FreePort(t)
	if port <= 0 || port > 65535 {
		t.Fatalf("FreePort = %d, not a TCP port", port)
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("port %d from FreePort cannot be bound: %v", port, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

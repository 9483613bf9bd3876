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
// observed without ending the real test. Like the real methods, its Skipf and
// Fatalf stop the helper that called them, by a panic that observe recovers.
type recorder struct {
	testing.TB
	skipped, failed string
}

type stopped struct{}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	panic(stopped{})
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	panic(stopped{})
}

// observe runs f against a new recorder and returns what it recorded.
func observe(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(stopped); !ok {
					panic(p)
				}
			}
		}()
		f(r)
	}()
	return r
}

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
	t.Setenv(e2e.RequireEnv, "")
	r := observe(t, func(tb testing.TB) { e2e.RequireTool(tb, missingTool) })
	if r.failed != "" {
		t.Errorf("failed with %q, want a skip", r.failed)
	}
	if !strings.Contains(r.skipped, missingTool) || !strings.Contains(r.skipped, e2e.RequireEnv) {
		t.Errorf("skip reason %q should name the tool and %s", r.skipped, e2e.RequireEnv)
	}
}

func TestRequireToolFailsWhenRequired(t *testing.T) {
	t.Setenv(e2e.RequireEnv, "require")
	r := observe(t, func(tb testing.TB) { e2e.RequireTool(tb, missingTool) })
	if r.skipped != "" {
		t.Errorf("skipped with %q although %s=%s", r.skipped, e2e.RequireEnv, "require")
	}
	if !strings.Contains(r.failed, missingTool) {
		t.Errorf("failure %q should name the tool", r.failed)
	}
}

func TestUnavailableSkipsOrFails(t *testing.T) {
	t.Setenv(e2e.RequireEnv, "")
	r := observe(t, func(tb testing.TB) { e2e.Unavailable(tb, "no %s here", "kernel feature") })
	if r.failed != "" || !strings.Contains(r.skipped, "no kernel feature here") {
		t.Errorf("without require: skipped %q, failed %q; want a skip with the reason", r.skipped, r.failed)
	}
	t.Setenv(e2e.RequireEnv, "require")
	r = observe(t, func(tb testing.TB) { e2e.Unavailable(tb, "no %s here", "kernel feature") })
	if r.skipped != "" || !strings.Contains(r.failed, "no kernel feature here") {
		t.Errorf("with require: skipped %q, failed %q; want a failure with the reason", r.skipped, r.failed)
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

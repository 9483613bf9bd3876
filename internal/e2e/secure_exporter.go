package e2e

import (
	"context"
	"net/http"
	"os/exec"
	"testing"
	"time"
)

// Access is how a test reaches an exporter that a web config file
// protects: the scheme, a client that trusts its certificate, and the
// basic auth credentials.
type Access struct {
	Scheme             string // "https" or "http"
	Client             *http.Client
	Username, Password string
}

// Request builds a request to the exporter with the access's credentials.
func (a Access) Request(ctx context.Context, method, url string) *http.Request {
	req, _ := http.NewRequestWithContext(ctx, method, url, nil)
	if a.Username != "" {
		req.SetBasicAuth(a.Username, a.Password)
	}
	return req
}

// StartSecureExporter is StartExporter for an exporter behind TLS or basic
// auth: it waits for /-/ready through access, and Exporter.URL has the
// access's scheme.
func StartSecureExporter(t testing.TB, bin string, access Access, args ...string) *Exporter {
	t.Helper()
	if access.Scheme == "" {
		access.Scheme = "https"
	}
	return startExporter(t, nil, access, bin, args...)
}

// RunExporter runs bin with args to its end, for a start that must fail,
// and returns its exit code and output. It fails the test if the process
// is still running after the timeout.
func RunExporter(t testing.TB, bin string, timeout time.Duration, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %v still ran after %s:\n%s", bin, args, timeout, out)
	}
	if err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), string(out)
		}
		t.Fatalf("running %s: %v", bin, err)
	}
	return 0, string(out)
}

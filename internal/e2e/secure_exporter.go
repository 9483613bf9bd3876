package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"syscall"
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
	if access.Client == nil {
		access.Client = http.DefaultClient
	}
	port := FreePort(t)
	e := &Exporter{
		URL:    fmt.Sprintf("%s://127.0.0.1:%d", access.Scheme, port),
		stderr: &syncBuffer{},
		done:   make(chan struct{}),
	}
	e.Cmd = exec.Command(bin, append([]string{fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port)}, args...)...)
	e.Cmd.Stderr = e.stderr
	e.Cmd.Stdout = e.stderr
	if err := e.Cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		_ = e.Cmd.Wait()
		close(e.done)
	}()
	t.Cleanup(func() {
		_ = e.Cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-e.done:
		case <-time.After(10 * time.Second):
			_ = e.Cmd.Process.Kill()
			<-e.done
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		resp, err := access.Client.Do(access.Request(ctx, http.MethodGet, e.URL+"/-/ready"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return e
			}
		}
		select {
		case <-e.done:
			t.Fatalf("the exporter exited before it was ready:\n%s", e.Stderr())
		case <-ctx.Done():
			t.Fatalf("the exporter was not ready within %s (last error %v):\n%s", startTimeout, err, e.Stderr())
		case <-time.After(50 * time.Millisecond):
		}
	}
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

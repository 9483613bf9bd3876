package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Eventually polls cond until it holds, failing the test after timeout. The
// timeout guards against a hang; it is not a measure of speed.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Post sends an empty POST to path and returns the status and the body.
func (e *Exporter) Post(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Post(e.URL+path, "text/plain", strings.NewReader(""))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s: reading body: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

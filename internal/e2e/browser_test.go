package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestConsoleCatchesCSPViolations is the control for every browser test
// that asserts a clean console: a page whose inline stylesheet its own
// Content-Security-Policy blocks must show up as a problem, and its style
// must not apply. Without this, a console watcher that saw nothing would
// pass every page.
func TestConsoleCatchesCSPViolations(t *testing.T) {
	ctx := StartBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><head><title>blocked</title><style>body{background:rgb(1, 2, 3)}</style></head><body>x</body></html>`))
	}))
	defer srv.Close()
	console := WatchConsole(t, ctx)

	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(step, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	bg, err := chromedp.Run(step, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if bg == "rgb(1, 2, 3)" {
		t.Error("the blocked stylesheet applied: the browser does not enforce the policy")
	}
	found := false
	for _, p := range console.Problems() {
		if strings.Contains(p.Text, "Content Security Policy") {
			found = true
		}
	}
	if !found {
		t.Errorf("no CSP violation among the console messages %v", console.Entries())
	}
}

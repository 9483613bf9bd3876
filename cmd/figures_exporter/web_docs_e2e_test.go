package main_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestDocumentedWebConfigWorks runs the example web config file of
// docs/web.md as written (with freshly made certificates under the names
// it uses), so that the documentation cannot drift from what works: its
// password hash is of "change me", its header is sent.
func TestDocumentedWebConfigWorks(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(e2e.ModuleRoot(t), "docs", "web.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "<!-- web-config-example: begin -->\n```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```\n<!-- web-config-example: end -->")
	if !ok || !ok2 {
		t.Fatal("docs/web.md has no marked web config example")
	}
	certs := e2e.GenerateTLS(t)
	// The example names server.crt and server.key relative to itself;
	// GenerateTLS wrote them under those names, so put the file beside them.
	dir := filepath.Dir(certs.CertFile)
	if filepath.Base(certs.CertFile) != "server.crt" || filepath.Base(certs.KeyFile) != "server.key" {
		t.Fatalf("certificates are %s and %s", certs.CertFile, certs.KeyFile)
	}
	webConfig := e2e.WriteFile(t, dir, "web.yml", example)

	access := e2e.Access{Scheme: "https", Client: certs.Client(), Username: "prometheus", Password: "change me"}
	exp := e2e.StartSecureExporter(t, e2e.BuildExporter(t), access, "--web.config.file="+webConfig)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := access.Client.Do(access.Request(ctx, http.MethodGet, exp.URL+"/metrics"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the documented user and password get %s", resp.Status)
	}
	if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security %q, want the documented header", got)
	}
}

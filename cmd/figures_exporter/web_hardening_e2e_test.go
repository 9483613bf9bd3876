package main_test

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestBadWebConfigFailsFast: a web config file with a mistake stops the
// binary before it loads figures or listens, with the file and the reason.
func TestBadWebConfigFailsFast(t *testing.T) {
	bin := e2e.BuildExporter(t)
	certs := e2e.GenerateTLS(t)
	dir := t.TempDir()
	cases := []struct {
		name, content, reason string
	}{
		{"not-yaml", "tls_server_config: [\n", "yaml"},
		{"typo", "basic_auth_user:\n  prometheus: x\n", "basic_auth_user"},
		{"plain-password", "basic_auth_users:\n  prometheus: secret\n", "bcrypt"},
		{"missing-cert", fmt.Sprintf("tls_server_config:\n  cert_file: %s\n  key_file: %s\n", filepath.Join(dir, "nope.crt"), certs.KeyFile), "no such file"},
		{"cert-without-key", fmt.Sprintf("tls_server_config:\n  cert_file: %s\n", certs.CertFile), "key"},
		{"unknown-header", "http_server_config:\n  headers:\n    X-Forwarded-For: me\n", "X-Forwarded-For"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := e2e.WriteFile(t, dir, c.name+".yml", c.content)
			code, out := e2e.RunExporter(t, bin, 15*time.Second,
				fmt.Sprintf("--web.listen-address=127.0.0.1:%d", e2e.FreePort(t)), "--web.config.file="+path)
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			for _, want := range []string{"--web.config.file " + path + " is not a valid web config file, not starting", c.reason} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, never := range []string{"Listening on", "loaded figures"} {
				if strings.Contains(out, never) {
					t.Errorf("the exporter got as far as %q before failing:\n%s", never, out)
				}
			}
		})
	}
	t.Run("missing-file", func(t *testing.T) {
		code, out := e2e.RunExporter(t, bin, 15*time.Second, "--web.config.file="+filepath.Join(dir, "absent.yml"))
		if code != 1 || !strings.Contains(out, "not a valid web config file") || !strings.Contains(out, "no such file") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
}

// TestBinaryMethodsHeadersAndPprof checks the policy on the real binary:
// 405 with Allow for writes, the headers on every response, pprof only
// with --web.enable-pprof.
func TestBinaryMethodsHeadersAndPprof(t *testing.T) {
	bin := e2e.BuildExporter(t)
	exp := e2e.StartExporter(t, bin)

	send := func(url, method string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	for _, path := range []string{"/", "/metrics", "/figures", "/-/healthy", "/-/ready", "/version"} {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
			resp := send(exp.URL+path, method)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %s, Allow %q", method, path, resp.Status, resp.Header.Get("Allow"))
			}
		}
		resp := send(exp.URL+path, http.MethodHead)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %s", path, resp.Status)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s lacks the security headers: %v", path, resp.Header)
		}
	}
	if resp := send(exp.URL+"/-/reload", http.MethodGet); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /-/reload: %s, Allow %q; want 405, POST", resp.Status, resp.Header.Get("Allow"))
	}
	if resp := send(exp.URL+"/debug/pprof/", http.MethodGet); resp.StatusCode != http.StatusNotFound {
		t.Errorf("pprof without the flag: %s, want 404", resp.Status)
	}

	profiled := e2e.StartExporter(t, bin, "--web.enable-pprof")
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/goroutine?debug=1"} {
		if resp := send(profiled.URL+path, http.MethodGet); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with --web.enable-pprof: %s", path, resp.Status)
		}
	}
}

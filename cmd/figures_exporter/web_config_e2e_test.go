package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

const (
	scrapeUser     = "prometheus"
	scrapePassword = "correct horse battery staple"
)

// secureExporter starts the real binary behind a web config file with TLS
// (a fresh CA and server certificate) and one basic auth user.
func secureExporter(t *testing.T) (*e2e.Exporter, e2e.TLSFiles, e2e.Access) {
	t.Helper()
	certs := e2e.GenerateTLS(t)
	webConfig := e2e.WriteFile(t, t.TempDir(), "web.yml", fmt.Sprintf(`tls_server_config:
  cert_file: %s
  key_file: %s
basic_auth_users:
  %s: %s
`, certs.CertFile, certs.KeyFile, scrapeUser, e2e.BcryptHash(t, scrapePassword)))
	access := e2e.Access{Scheme: "https", Client: certs.Client(), Username: scrapeUser, Password: scrapePassword}
	exp := e2e.StartSecureExporter(t, e2e.BuildExporter(t), access, "--web.config.file="+webConfig)
	return exp, certs, access
}

// TestWebConfigTLSAndBasicAuth: with --web.config.file, the exporter
// answers only over TLS, and only to the right user and password.
func TestWebConfigTLSAndBasicAuth(t *testing.T) {
	exp, certs, access := secureExporter(t)
	client := certs.Client()

	get := func(user, password string, path string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, exp.URL+path, nil)
		if user != "" {
			req.SetBasicAuth(user, password)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	for _, path := range []string{"/metrics", "/figures", "/", "/-/healthy"} {
		if code, body := get("", "", path); code != http.StatusUnauthorized || strings.Contains(body, "aid_yuan") {
			t.Errorf("no credentials, GET %s: %d, want 401 and no figures", path, code)
		}
		if code, _ := get(scrapeUser, "wrong password", path); code != http.StatusUnauthorized {
			t.Errorf("wrong password, GET %s: %d, want 401", path, code)
		}
		if code, _ := get("somebody", scrapePassword, path); code != http.StatusUnauthorized {
			t.Errorf("unknown user, GET %s: %d, want 401", path, code)
		}
	}
	code, body := get(access.Username, access.Password, "/metrics")
	if code != http.StatusOK || !strings.Contains(body, `aid_yuan{year="2011"} 8.40264e+08`) {
		t.Errorf("right credentials: %d, want 200 with the figures:\n%.300s", code, body)
	}
	if code, body := get(access.Username, access.Password, "/figures"); code != http.StatusOK || !strings.Contains(body, "CN¥840,264,000") {
		t.Errorf("right credentials, /figures: %d", code)
	}

	// Plain HTTP on the same port gets no figures.
	plain := strings.Replace(exp.URL, "https://", "http://", 1) + "/metrics"
	req, _ := http.NewRequest(http.MethodGet, plain, nil)
	req.SetBasicAuth(access.Username, access.Password)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(body), "aid_yuan") {
			t.Errorf("plain HTTP with TLS on: %s, want 400 and no figures:\n%.300s", resp.Status, body)
		}
	}

	// A client that does not trust the CA is refused by TLS itself.
	if _, err := http.Get(exp.URL + "/metrics"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client without the CA connected (err %v)", err)
	}
}

// TestPrometheusScrapesThroughTLSAndBasicAuth: a real Prometheus with
// scheme https, tls_config (ca_file, server_name) and basic_auth scrapes
// the figures; the same job with a wrong password is down.
func TestPrometheusScrapesThroughTLSAndBasicAuth(t *testing.T) {
	e2e.RequireTool(t, "prometheus")
	exp, certs, _ := secureExporter(t)
	target := strings.TrimPrefix(exp.URL, "https://")
	auth := func(password string) string {
		return fmt.Sprintf(`    scheme: https
    tls_config:
      ca_file: %s
      server_name: %s
    basic_auth:
      username: %s
      password: %q`, certs.CAFile, e2e.ServerName, scrapeUser, password)
	}
	prom := e2e.StartPrometheus(t, []e2e.ScrapeConfig{
		{Job: "figures", Target: target, Extra: auth(scrapePassword)},
		{Job: "figures-wrong-password", Target: target, Extra: auth("not the password")},
	})

	up := prom.WaitFor(t, `up{job="figures"} == 1`, 30*time.Second)
	if len(up) != 1 {
		t.Fatalf("up = %v", up)
	}
	aid := prom.WaitFor(t, `aid_yuan{job="figures",year="2011"}`, 30*time.Second)
	if len(aid) != 1 || aid[0].Value != 840264000 {
		t.Errorf("aid_yuan = %v, want 840264000", aid)
	}
	down := prom.WaitFor(t, `up{job="figures-wrong-password"}`, 30*time.Second)
	if len(down) != 1 || down[0].Value != 0 {
		t.Errorf("with a wrong password up = %v, want 0", down)
	}
	if leaked := prom.Query(t, `aid_yuan{job="figures-wrong-password"}`, time.Time{}); len(leaked) > 0 {
		t.Errorf("a scrape with a wrong password got figures: %v", leaked)
	}
	// On a busy machine a scrape can miss its one-second timeout, and its
	// error is then the timeout; the next ones must be the refusal.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		lastError := targetError(t, prom, "figures-wrong-password")
		if strings.Contains(lastError, "401") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("the failing target's error is %q, want a 401", lastError)
			break
		}
	}
}

// targetError is the last scrape error Prometheus reports for a job.
func targetError(t *testing.T, prom *e2e.Prometheus, job string) string {
	t.Helper()
	resp, err := http.Get(prom.URL + "/api/v1/targets?" + url.Values{"state": {"active"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			ActiveTargets []struct {
				Labels    map[string]string `json:"labels"`
				LastError string            `json:"lastError"`
			} `json:"activeTargets"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decoding targets: %v", err)
	}
	for _, target := range body.Data.ActiveTargets {
		if target.Labels["job"] == job {
			return target.LastError
		}
	}
	t.Fatalf("prometheus has no target for job %s", job)
	return ""
}

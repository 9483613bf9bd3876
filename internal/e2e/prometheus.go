package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Prometheus is a real Prometheus server on loopback.
type Prometheus struct {
	URL    string
	Server Server
	stderr *syncBuffer
}

// ScrapeConfig is one scrape_configs entry; Extra is YAML indented to sit
// under the job (tls_config, basic_auth, scheme …).
type ScrapeConfig struct {
	Job    string
	Target string // host:port
	Path   string // default /metrics
	Extra  string
	// Protobuf asks for the protobuf format first, as an operator who
	// scrapes native histograms does: Prometheus 2 with the
	// native-histograms feature flag (for every job), Prometheus 3 with
	// the job's scrape_native_histograms setting.
	Protobuf bool
}

// StartPrometheus runs Debian's Prometheus 2 (see Server.Start).
func StartPrometheus(t testing.TB, scrapes []ScrapeConfig, extraArgs ...string) *Prometheus {
	t.Helper()
	return Prometheus2.Start(t, scrapes, extraArgs...)
}

// Start runs the server scraping the given targets every second, with its
// data in a temporary directory, and waits until it is ready. extraArgs are
// passed on (e.g. --storage.tsdb.path to serve built blocks).
func (s Server) Start(t testing.TB, scrapes []ScrapeConfig, extraArgs ...string) *Prometheus {
	t.Helper()
	bin := s.Bin(t)
	dir := t.TempDir()
	cfg := "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
	protobuf := false
	for _, sc := range scrapes {
		path := sc.Path
		if path == "" {
			path = "/metrics"
		}
		cfg += fmt.Sprintf("  - job_name: %q\n    metrics_path: %q\n    static_configs:\n      - targets: [%q]\n%s\n", sc.Job, path, sc.Target, sc.Extra)
		if sc.Protobuf && s.Major >= 3 {
			cfg += "    scrape_native_histograms: true\n"
		}
		protobuf = protobuf || sc.Protobuf
	}
	if protobuf && s.Major < 3 {
		extraArgs = append(slices.Clone(extraArgs), "--enable-feature=native-histograms")
	}
	cfgPath := WriteFile(t, dir, "prometheus.yml", cfg)
	port := FreePort(t)
	p := &Prometheus{URL: fmt.Sprintf("http://127.0.0.1:%d", port), Server: s, stderr: &syncBuffer{}}
	args := []string{
		"--config.file=" + cfgPath,
		"--web.listen-address=127.0.0.1:" + strconv.Itoa(port),
	}
	// Prometheus refuses a repeated flag, so a path in extraArgs replaces
	// the temporary one rather than following it.
	if !HasFlag(extraArgs, "storage.tsdb.path") {
		args = append(args, "--storage.tsdb.path="+filepath.Join(dir, "data"))
	}
	cmd := exec.Command(bin, append(args, extraArgs...)...)
	cmd.Stderr = p.stderr
	cmd.Stdout = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", s.Name, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(p.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-done:
			t.Fatalf("%s exited:\n%s", s.Name, p.stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("%s was not ready within 30s:\n%s", s.Name, p.stderr.String())
	return nil
}

// Logs is what Prometheus logged so far.
func (p *Prometheus) Logs() string { return p.stderr.String() }

// Sample is one series of an instant query's result.
type Sample struct {
	Metric map[string]string
	Value  float64
}

// Query runs an instant query at time at (now when zero).
func (p *Prometheus) Query(t testing.TB, query string, at time.Time) []Sample {
	t.Helper()
	params := url.Values{"query": {query}}
	if !at.IsZero() {
		params.Set("time", strconv.FormatFloat(float64(at.UnixMilli())/1000, 'f', 3, 64))
	}
	var result []struct {
		Metric map[string]string `json:"metric"`
		Value  [2]any            `json:"value"`
	}
	p.api(t, "query", params, &result)
	var samples []Sample
	for _, r := range result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("query %s: value %q: %v", query, s, err)
		}
		samples = append(samples, Sample{Metric: r.Metric, Value: v})
	}
	return samples
}

// WaitFor runs query until it returns at least one sample, for at most
// timeout, and returns the samples.
func (p *Prometheus) WaitFor(t testing.TB, query string, timeout time.Duration) []Sample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		if samples := p.Query(t, query, time.Time{}); len(samples) > 0 {
			return samples
		}
		select {
		case <-ctx.Done():
			t.Fatalf("query %s returned nothing within %s; prometheus logs:\n%s", query, timeout, p.Logs())
			return nil
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// api runs a call of Prometheus' HTTP API (query, query_range) and decodes
// its data.result into result, failing the test on any error.
func (p *Prometheus) api(t testing.TB, endpoint string, params url.Values, result any) {
	t.Helper()
	query := params.Get("query")
	resp, err := http.Get(p.URL + "/api/v1/" + endpoint + "?" + params.Encode())
	if err != nil {
		t.Fatalf("%s %s: %v", endpoint, query, err)
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s %s: decoding answer: %v", endpoint, query, err)
	}
	if body.Status != "success" {
		t.Fatalf("%s %s: %s", endpoint, query, body.Error)
	}
	if err := json.Unmarshal(body.Data.Result, result); err != nil {
		t.Fatalf("%s %s: decoding result: %v", endpoint, query, err)
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// startSynthetic runs the real binary on a synthetic set of series.
func startSynthetic(t *testing.T, series int, args ...string) *e2e.Exporter {
	t.Helper()
	path := filepath.Join(t.TempDir(), "figures.yml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteYAML(f, series); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return e2e.StartExporter(t, e2e.BuildExporter(t), append([]string{"--config.file=" + path}, args...)...)
}

func getWith(t *testing.T, method, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// TestE2ELargeSetIsValidInEveryFormat: the real binary serving 10k series
// passes promtool's checks in the text format, gzip or not; HEAD sends
// GET's headers over a real connection; and a real Prometheus scrapes every
// figure through OpenMetrics (what it asks for) and through protobuf (what
// it asks for with native histograms on).
func TestE2ELargeSetIsValidInEveryFormat(t *testing.T) {
	promtool := e2e.RequireTool(t, "promtool")
	const series = 10_000
	exp := startSynthetic(t, series)
	set, err := synth.Set(series)
	if err != nil {
		t.Fatal(err)
	}

	plainResp, plain := getWith(t, http.MethodGet, exp.URL+"/metrics", http.Header{"Accept": {"text/plain;version=0.0.4"}, "Accept-Encoding": {"identity"}})
	zipResp, zipped := getWith(t, http.MethodGet, exp.URL+"/metrics", http.Header{"Accept": {"text/plain;version=0.0.4"}, "Accept-Encoding": {"gzip"}})
	if zipResp.Header.Get("Content-Encoding") != "gzip" || plainResp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("Content-Encoding %q with gzip, %q without", zipResp.Header.Get("Content-Encoding"), plainResp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the gzip body does not decompress: %v", err)
	}
	for name, body := range map[string][]byte{"plain": plain, "gzip": unzipped} {
		if n := strings.Count(string(body), "\ncounty_"); n != series {
			t.Errorf("%s: %d county series, want %d", name, n, series)
		}
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(body)
		if out, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) != 0 {
			t.Errorf("promtool check metrics (%s): %v\n%s", name, err, out)
		}
	}

	// HEAD must send GET's very headers. The runtime metrics (CPU seconds,
	// memory) may change between the two requests, and with them the
	// length, so this part runs with them off: what remains changes only
	// on a reload.
	steady := startSynthetic(t, series, "--web.disable-exporter-metrics")
	for _, accept := range []string{"text/plain;version=0.0.4", "application/openmetrics-text;version=1.0.0", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"} {
		for _, enc := range []string{"identity", "gzip"} {
			h := http.Header{"Accept": {accept}, "Accept-Encoding": {enc}}
			get, body := getWith(t, http.MethodGet, steady.URL+"/metrics", h)
			head, headBody := getWith(t, http.MethodHead, steady.URL+"/metrics", h)
			if len(headBody) != 0 || head.StatusCode != http.StatusOK {
				t.Errorf("HEAD %s %s: %s with %d bytes", accept, enc, head.Status, len(headBody))
			}
			for _, k := range []string{"Content-Type", "Content-Encoding", "Content-Length", "Vary"} {
				if fmt.Sprint(get.Header.Values(k)) != fmt.Sprint(head.Header.Values(k)) {
					t.Errorf("%s %s: %s %q for GET, %q for HEAD", accept, enc, k, get.Header.Values(k), head.Header.Values(k))
				}
			}
			if get.ContentLength != int64(len(body)) {
				t.Errorf("%s %s: Content-Length %d for %d bytes", accept, enc, get.ContentLength, len(body))
			}
		}
	}

	u, _ := url.Parse(exp.URL)
	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		for _, tc := range []struct {
			name     string
			protobuf bool
		}{
			{"openmetrics", false},
			{"protobuf", true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				prom := server.Start(t, []e2e.ScrapeConfig{{Job: "figures", Target: u.Host, Protobuf: tc.protobuf}})
				const countQuery = `count({job="figures",__name__=~"county_.+"})`
				prom.WaitFor(t, countQuery, 60*time.Second)
				// Every query below is at one instant at which Prometheus had
				// every series: on a busy machine a later scrape can miss its
				// one-second timeout, and the stale markers it leaves would
				// empty a query at "now".
				at := time.Now()
				count := prom.Query(t, countQuery, at)
				if len(count) != 1 || count[0].Value != series {
					// The first scrape may still be landing; wait for a second one.
					time.Sleep(2 * time.Second)
					at = time.Now()
					count = prom.Query(t, countQuery, at)
				}
				if len(count) != 1 || count[0].Value != series {
					t.Fatalf("Prometheus has %v county series, want %d", count, series)
				}
				for _, m := range set.Metrics {
					f := m.Figures[len(m.Figures)/3]
					q := fmt.Sprintf(`%s{job="figures",county=%q,province=%q,year=%q}`, m.Name, f.LabelValues[0], f.LabelValues[1], f.LabelValues[2])
					got := prom.Query(t, q, at)
					if len(got) != 1 || got[0].Value != f.Value {
						t.Errorf("%s = %v, want %v", q, got, f.Value)
					}
				}
				if up := prom.Query(t, `scrape_samples_scraped{job="figures"}`, at); len(up) != 1 || up[0].Value < series {
					t.Errorf("scrape_samples_scraped = %v, want at least %d", up, series)
				}
			})
		}
	})
}

package main_test

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestPrometheusNegotiatesWithTheExporter: what each real Prometheus asks
// for in Accept and what the exporter answers in Content-Type, through a
// recording proxy, for each way an operator may configure the scrape.
// Prometheus 3 puts an escaping parameter in Accept and fails a scrape whose
// Content-Type it cannot read, so every answer must be one it reads: up is
// 1, the target has no error and the figures are in.
func TestPrometheusNegotiatesWithTheExporter(t *testing.T) {
	exp := e2e.StartExporter(t, e2e.BuildExporter(t))
	cases := []struct {
		name  string
		major int // 0: both releases
		sc    e2e.ScrapeConfig
		// What Prometheus asks for first: media type, version, escaping.
		askType, askVersion, askEscaping string
		// What the exporter answers.
		answerType, answerVersion, answerEscaping string
	}{
		{name: "default", major: 2,
			askType: "application/openmetrics-text", askVersion: "1.0.0",
			answerType: "application/openmetrics-text", answerVersion: "1.0.0", answerEscaping: "underscores"},
		{name: "default", major: 3,
			askType: "application/openmetrics-text", askVersion: "1.0.0", askEscaping: "allow-utf-8",
			answerType: "application/openmetrics-text", answerVersion: "1.0.0", answerEscaping: "allow-utf-8"},
		{name: "protobuf", sc: e2e.ScrapeConfig{Protobuf: true},
			askType:    "application/vnd.google.protobuf",
			answerType: "application/vnd.google.protobuf", answerEscaping: "underscores"},
		{name: "legacy names", major: 3, sc: e2e.ScrapeConfig{Extra: "    metric_name_validation_scheme: legacy"},
			askType: "application/openmetrics-text", askVersion: "1.0.0", askEscaping: "underscores",
			answerType: "application/openmetrics-text", answerVersion: "1.0.0", answerEscaping: "underscores"},
		// The exporter writes names as they are, which the dots scheme
		// would not; it says so with underscores, which Prometheus reads.
		{name: "dots", major: 3, sc: e2e.ScrapeConfig{Extra: "    metric_name_escaping_scheme: dots"},
			askType: "application/openmetrics-text", askVersion: "1.0.0", askEscaping: "dots",
			answerType: "application/openmetrics-text", answerVersion: "1.0.0", answerEscaping: "underscores"},
		// The exporter offers the text format 0.0.4 only, which has no
		// quoted UTF-8 names: it answers with it, and says underscores.
		{name: "text 1.0.0 only", major: 3, sc: e2e.ScrapeConfig{Extra: "    scrape_protocols: [PrometheusText1.0.0]"},
			askType: "text/plain", askVersion: "1.0.0", askEscaping: "allow-utf-8",
			answerType: "text/plain", answerVersion: "0.0.4", answerEscaping: "underscores"},
	}
	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		for _, c := range cases {
			if c.major != 0 && c.major != server.Major {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				proxy := e2e.StartRecordingProxy(t, exp.URL)
				sc := c.sc
				sc.Job, sc.Target = "figures", strings.TrimPrefix(proxy.URL, "http://")
				prom := server.Start(t, []e2e.ScrapeConfig{sc})
				aid := prom.WaitFor(t, `aid_yuan{job="figures",year="2011"}`, 30*time.Second)
				if len(aid) != 1 || aid[0].Value != 840264000 {
					t.Errorf("aid_yuan = %v, want 840264000", aid)
				}
				if up := prom.Query(t, `up{job="figures"}`, time.Time{}); len(up) != 1 || up[0].Value != 1 {
					t.Errorf("up = %v, want 1", up)
				}
				if lastError := targetError(t, prom, "figures"); lastError != "" {
					t.Errorf("the target's last error: %s", lastError)
				}

				accepts := proxy.Accepts()
				if len(accepts) != 1 {
					t.Fatalf("Prometheus sent %d different Accept headers: %q", len(accepts), accepts)
				}
				first, _, _ := strings.Cut(accepts[0], ",")
				checkMediaType(t, "asked for", first, c.askType, c.askVersion, c.askEscaping)
				types := proxy.ContentTypes()
				if len(types) != 1 {
					t.Fatalf("the exporter answered %d different Content-Types: %q", len(types), types)
				}
				checkMediaType(t, "answered", types[0], c.answerType, c.answerVersion, c.answerEscaping)
				t.Logf("Accept: %s\nContent-Type: %s", accepts[0], types[0])
			})
		}
	})
}

// checkMediaType parses one media range and compares its type and its
// version and escaping parameters ("" for absent).
func checkMediaType(t *testing.T, what, value, wantType, wantVersion, wantEscaping string) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(value)
	if err != nil {
		t.Errorf("%s %q: %v", what, value, err)
		return
	}
	if mediaType != wantType || params["version"] != wantVersion || params["escaping"] != wantEscaping {
		t.Errorf("%s %q: want %s version %q escaping %q", what, value, wantType, wantVersion, wantEscaping)
	}
}

// TestPrometheus3RefusesABlankContentType is the control for the test
// above: Prometheus 3 really is strict about Content-Type (a target that
// sends none is down), where Prometheus 2 guessed the text format.
func TestPrometheus3RefusesABlankContentType(t *testing.T) {
	blank := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no sniffing either
		_, _ = w.Write([]byte("# TYPE blank gauge\nblank 1\n"))
	}))
	t.Cleanup(blank.Close)
	e2e.EachServer(t, func(t *testing.T, server e2e.Server) {
		prom := server.Start(t, []e2e.ScrapeConfig{{Job: "blank", Target: strings.TrimPrefix(blank.URL, "http://")}})
		up := prom.WaitFor(t, `up{job="blank"}`, 30*time.Second)
		switch server.Major {
		case 2:
			if up[0].Value != 1 {
				t.Errorf("Prometheus 2: up = %v, want 1 (it guesses the text format)", up)
			}
		default:
			if up[0].Value != 0 {
				t.Errorf("Prometheus 3: up = %v, want 0", up)
			}
			if e := targetError(t, prom, "blank"); !strings.Contains(e, "Content-Type") {
				t.Errorf("Prometheus 3: last error %q, want one about the Content-Type", e)
			}
		}
	})
}

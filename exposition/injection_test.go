package exposition

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// TestNoInjectionIntoExpositionFormats parses every format /metrics
// negotiates back with expfmt's decoders and compares help and label
// values exactly with the file.
func TestNoInjectionIntoExpositionFormats(t *testing.T) {
	set := testutil.HostileSet(t, "..")
	h := New(NewSnapshot(set), Options{}).MetricsHandler(testLogger(t))
	for _, accept := range []string{
		"text/plain;version=0.0.4",
		"application/openmetrics-text;version=1.0.0",
		"application/openmetrics-text;version=0.0.1",
		"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
	} {
		t.Run(accept, func(t *testing.T) {
			resp, body := do(t, h, http.MethodGet, "/metrics", http.Header{"Accept": {accept}})
			format := expfmt.ResponseFormat(resp.Header)
			if !strings.HasPrefix(string(format), strings.Split(accept, ";")[0]) {
				t.Fatalf("asked for %s, got %s", accept, format)
			}
			families := decodeAll(t, body, format)
			if _, ok := families["injected_metric"]; ok {
				t.Error("a label value injected a metric")
			}
			got, ok := families["hostile"]
			if !ok {
				t.Fatalf("no hostile family; families: %v", keys(families))
			}
			m := set.Metrics[0]
			if got.GetHelp() != m.Help {
				t.Errorf("help = %q, want %q", got.GetHelp(), m.Help)
			}
			if len(got.GetMetric()) != len(m.Figures) {
				t.Fatalf("%d series, want %d", len(got.GetMetric()), len(m.Figures))
			}
			for i, f := range m.Figures {
				labels := labelMap(got.GetMetric()[i])
				for j, name := range m.Labels {
					if labels[name] != f.LabelValues[j] {
						t.Errorf("figure %d: %s = %q, want %q", i, name, labels[name], f.LabelValues[j])
					}
				}
				if v := got.GetMetric()[i].GetGauge().GetValue(); v != f.Value {
					t.Errorf("figure %d = %v, want %v", i, v, f.Value)
				}
			}
			info, ok := families[sourceInfoName]
			if !ok || len(info.GetMetric()) != 1 {
				t.Fatalf("no %s", sourceInfoName)
			}
			src := labelMap(info.GetMetric()[0])
			want := set.Sources[0]
			if src["metric"] != m.Name || src["title"] != want.Title || src["publisher"] != want.Publisher || src["url"] != want.URL || src["page"] != want.Page {
				t.Errorf("%s labels %q, want %+v", sourceInfoName, src, want)
			}
		})
	}
}

func decodeAll(t *testing.T, body string, format expfmt.Format) map[string]*dto.MetricFamily {
	t.Helper()
	dec := expfmt.NewDecoder(bytes.NewReader([]byte(body)), format)
	families := map[string]*dto.MetricFamily{}
	for {
		var mf dto.MetricFamily
		err := dec.Decode(&mf)
		if errors.Is(err, io.EOF) {
			return families
		}
		if err != nil {
			t.Fatalf("decoding %s: %v\n%s", format, err, body)
		}
		families[mf.GetName()] = &mf
	}
}

func labelMap(m *dto.Metric) map[string]string {
	labels := map[string]string{}
	for _, l := range m.GetLabel() {
		labels[l.GetName()] = l.GetValue()
	}
	return labels
}

func keys[V any](m map[string]V) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	return k
}

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
	"golang.org/x/net/html"

	"github.com/figures-exporter/figures_exporter/config"
)

// hostileFile tries to break out of every output; see its comment.
const hostileFile = "../internal/e2e/testdata/hostile.yml"

func hostileSet(t *testing.T) *config.Set {
	t.Helper()
	set, err := config.Load(hostileFile, config.Options{})
	if err != nil {
		t.Fatalf("the hostile file is valid text and must load: %v", err)
	}
	return set
}

// TestNoInjectionIntoExpositionFormats parses every format /metrics
// negotiates back with expfmt's decoders and compares help and label
// values exactly with the file.
func TestNoInjectionIntoExpositionFormats(t *testing.T) {
	set := hostileSet(t)
	_, h := serveSet(t, set, RouteOptions{})
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
			if src["title"] != want.Title || src["publisher"] != want.Publisher || src["url"] != want.URL || src["page"] != want.Page {
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

// TestNoInjectionIntoPages parses the pages as a browser does and finds
// every text exactly as written, and no element or link the file tried to
// smuggle in.
func TestNoInjectionIntoPages(t *testing.T) {
	set := hostileSet(t)
	_, h := serveSet(t, set, RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures", nil)
	doc := parseHTML(t, page)
	m := set.Metrics[0]

	for _, tag := range []string{"script", "b", "iframe", "img"} {
		if n := findAll(doc, byTag(tag)); len(n) > 0 {
			t.Errorf("the page has %d <%s> elements from the file", len(n), tag)
		}
	}
	for _, a := range findAll(doc, byTag("a")) {
		if href := strings.ToLower(attr(a, "href")); strings.HasPrefix(href, "javascript:") {
			t.Errorf("a link to %q", href)
		}
	}

	section := findAll(doc, byAttr("id", "hostile"))
	if len(section) != 1 {
		t.Fatal("no section for the hostile metric")
	}
	if help := findAll(section[0], byClass("help")); len(help) != 1 || text(help[0]) != m.Help {
		t.Errorf("help reads %q, want %q", text(help[0]), m.Help)
	}
	rows := findAll(section[0], func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-series") != "" })
	if len(rows) != len(m.Figures) {
		t.Fatalf("%d rows, want %d: a label value broke the table", len(rows), len(m.Figures))
	}
	titles := findAll(section[0], byTag("title"))
	if len(titles) != len(m.Figures) {
		t.Fatalf("%d bar titles, want %d", len(titles), len(m.Figures))
	}
	for i, f := range m.Figures {
		series := seriesName(m.Name, m.Labels, f.LabelValues)
		if got := attr(rows[i], "data-series"); got != series {
			t.Errorf("row %d data-series %q, want %q", i, got, series)
		}
		cells := findAll(rows[i], byClass("label"))
		for j, v := range f.LabelValues {
			if text(cells[j]) != v {
				t.Errorf("row %d, %s reads %q, want %q", i, m.Labels[j], text(cells[j]), v)
			}
		}
		if got, want := text(titles[i]), series+" = "+readable(m.Name, f.Value).Value; got != want {
			t.Errorf("bar %d title %q, want %q", i, got, want)
		}
	}

	src := findAll(section[0], byClass("source"))
	if len(src) != 1 {
		t.Fatal("no source")
	}
	s := set.Sources[0]
	if got, want := text(src[0]), "Source: "+s.Title+", "+s.Publisher+", page "+s.Page; got != want {
		t.Errorf("source reads %q, want %q", got, want)
	}
}

package exposition

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/figures-exporter/figures_exporter/config"
)

// acceptOf is an Accept header that negotiates each format, as scrapers
// send them.
var acceptOf = [numFormats]string{
	formatText:        "text/plain;version=0.0.4;q=1,*/*;q=0.1",
	formatOpenMetrics: "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
	formatProtoDelim:  "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.5",
}

var formatNames = [numFormats]string{formatText: "text", formatOpenMetrics: "openmetrics", formatProtoDelim: "protobuf"}

// scrapeAs fetches /metrics from h in format f, compressed or not, and
// returns the response and its body as sent (still compressed).
func scrapeAs(t testing.TB, h http.Handler, method string, f format, gz bool, extra http.Header) (*http.Response, []byte) {
	t.Helper()
	header := http.Header{"Accept": {acceptOf[f]}}
	if gz {
		header.Set("Accept-Encoding", "gzip")
	}
	for k, v := range extra {
		header[k] = v
	}
	req := httptest.NewRequest(method, "/metrics", nil)
	req.Header = header
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// plainBody checks a response's Content-Type and Content-Encoding and
// returns its body uncompressed. A gzip body must be exactly one member.
func plainBody(t testing.TB, resp *http.Response, body []byte, f format, gz bool) []byte {
	t.Helper()
	ct := expfmt.Format(resp.Header.Get("Content-Type"))
	wantType := [numFormats]expfmt.FormatType{formatText: expfmt.TypeTextPlain, formatOpenMetrics: expfmt.TypeOpenMetrics, formatProtoDelim: expfmt.TypeProtoDelim}[f]
	if ct.FormatType() != wantType {
		t.Fatalf("Content-Type %q, want %s", ct, formatNames[f])
	}
	if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(body)) {
		t.Errorf("Content-Length %q for a body of %d bytes", got, len(body))
	}
	if !gz {
		if enc := resp.Header.Get("Content-Encoding"); enc != "" {
			t.Fatalf("Content-Encoding %q, want none", enc)
		}
		return body
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", enc)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip body does not decode (CRC or length wrong?): %v", err)
	}
	if _, err := zr.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("gzip member followed by more: %v", err)
	}
	return plain
}

// decodeExposition parses a body in format f into its families, in order.
// It fails on any family that appears twice and, for OpenMetrics, on
// anything but exactly one "# EOF", last.
func decodeExposition(t testing.TB, body []byte, f format) []*dto.MetricFamily {
	t.Helper()
	var families []*dto.MetricFamily
	switch f {
	case formatText:
		parser := expfmt.NewTextParser(model.LegacyValidation)
		byName, err := parser.TextToMetricFamilies(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("text does not parse: %v", err)
		}
		for _, mf := range byName {
			families = append(families, mf)
		}
		// The parser merges a family seen twice; count TYPE lines instead.
		types := map[string]int{}
		for line := range strings.Lines(string(body)) {
			if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
				name, _, _ := strings.Cut(rest, " ")
				types[name]++
			}
		}
		for name, n := range types {
			if n > 1 {
				t.Errorf("family %s appears %d times", name, n)
			}
		}
	default:
		if f == formatOpenMetrics {
			checkOneEOF(t, body)
		}
		dec := expfmt.NewDecoder(bytes.NewReader(body), expfmtFormat[f])
		for {
			mf := &dto.MetricFamily{}
			err := dec.Decode(mf)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s does not parse: %v", formatNames[f], err)
			}
			families = append(families, mf)
		}
	}
	seen := map[string]bool{}
	for _, mf := range families {
		if seen[mf.GetName()] {
			t.Errorf("family %s appears twice", mf.GetName())
		}
		seen[mf.GetName()] = true
	}
	return families
}

func checkOneEOF(t testing.TB, body []byte) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	var eofs, lines, last int
	for sc.Scan() {
		lines++
		if sc.Text() == "# EOF" {
			eofs++
			last = lines
		}
	}
	if eofs != 1 || last != lines || !bytes.HasSuffix(body, []byte("# EOF\n")) {
		t.Errorf("OpenMetrics body has %d # EOF lines, the last at line %d of %d; want one, last", eofs, last, lines)
	}
}

// series is a series as a comparable string: name and sorted labels.
func seriesKey(name string, labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(name)
	for _, k := range keys {
		fmt.Fprintf(&b, ",%s=%q", k, labels[k])
	}
	return b.String()
}

// wantFigures is what a set must expose: each family's help and each
// series' value.
type wantFigures struct {
	help   map[string]string
	values map[string]float64
}

func figuresOf(set *config.Set) wantFigures {
	w := wantFigures{help: map[string]string{}, values: map[string]float64{}}
	for _, m := range set.Metrics {
		w.help[m.Name] = m.Help
		for _, f := range m.Figures {
			labels := map[string]string{}
			for i, l := range m.Labels {
				labels[l] = f.LabelValues[i]
			}
			w.values[seriesKey(m.Name, labels)] = f.Value
		}
	}
	if len(set.Sources) > 0 {
		// One series per metric and each source of its figures, labeled
		// with the metric and the source's non-empty fields.
		for _, m := range set.Metrics {
			for _, f := range m.Figures {
				s, ok := set.SourceOf(&f)
				if !ok {
					continue
				}
				labels := map[string]string{"metric": m.Name}
				for name, v := range map[string]string{"title": s.Title, "publisher": s.Publisher, "url": s.URL, "page": s.Page} {
					if v != "" {
						labels[name] = v
					}
				}
				w.values[seriesKey(sourceInfoName, labels)] = 1
				w.help[sourceInfoName] = sourceInfoHelp
			}
		}
	}
	return w
}

// checkFigures holds decoded families to a set: every figures family as a
// gauge with its help, every series with exactly its value and nothing
// else; other families must be self metrics. It returns the self families.
func checkFigures(t testing.TB, families []*dto.MetricFamily, set *config.Set) map[string]*dto.MetricFamily {
	t.Helper()
	want := figuresOf(set)
	self := map[string]*dto.MetricFamily{}
	got := map[string]float64{}
	for _, mf := range families {
		help, isFigure := want.help[mf.GetName()]
		if !isFigure {
			if !strings.HasPrefix(mf.GetName(), Namespace+"_") && !strings.HasPrefix(mf.GetName(), "go_") && !strings.HasPrefix(mf.GetName(), "process_") {
				t.Errorf("unexpected family %s", mf.GetName())
			}
			self[mf.GetName()] = mf
			continue
		}
		if mf.GetHelp() != help {
			t.Errorf("%s: help %q, want %q", mf.GetName(), mf.GetHelp(), help)
		}
		if mf.GetType() != dto.MetricType_GAUGE {
			t.Errorf("%s: type %s, want gauge", mf.GetName(), mf.GetType())
		}
		for _, m := range mf.Metric {
			labels := map[string]string{}
			for _, l := range m.Label {
				labels[l.GetName()] = l.GetValue()
			}
			key := seriesKey(mf.GetName(), labels)
			if _, dup := got[key]; dup {
				t.Errorf("series %s twice", key)
			}
			got[key] = m.GetGauge().GetValue()
		}
	}
	for key, v := range want.values {
		g, ok := got[key]
		switch {
		case !ok:
			t.Errorf("missing series %s", key)
		case g != v || math.Signbit(g) != math.Signbit(v) && v != 0:
			t.Errorf("%s = %v, want %v", key, g, v)
		}
	}
	for key := range got {
		if _, ok := want.values[key]; !ok {
			t.Errorf("unexpected series %s", key)
		}
	}
	for name := range want.help {
		if !slices.ContainsFunc(families, func(mf *dto.MetricFamily) bool { return mf.GetName() == name }) {
			t.Errorf("missing family %s", name)
		}
	}
	return self
}

// checkSelf holds the self metrics to what the exporter serves.
func checkSelf(t testing.TB, self map[string]*dto.MetricFamily, set *config.Set, runtime bool) {
	t.Helper()
	if mf := self[Namespace+"_figures"]; mf == nil || len(mf.Metric) != 1 || mf.Metric[0].GetGauge().GetValue() != float64(set.Series()) {
		t.Errorf("%s_figures = %v, want %d", Namespace, mf, set.Series())
	}
	if mf := self[Namespace+"_build_info"]; mf == nil || len(mf.Metric) != 1 || mf.Metric[0].GetGauge().GetValue() != 1 {
		t.Errorf("%s_build_info = %v, want one series of 1", Namespace, mf)
	}
	if _, ok := self["go_goroutines"]; ok != runtime {
		t.Errorf("go_goroutines served: %v, want %v", ok, runtime)
	}
}

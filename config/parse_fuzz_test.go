package config_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/internal/corrupt"
)

// fuzzNames are the names a fuzzed file is parsed under, one per syntax.
var fuzzNames = []string{"figures.yml", "figures.json", "figures.toml"}

// FuzzParse decodes arbitrary bytes as a figures file in each syntax. It
// must never panic; a refusal must be Problems, each with its file and a
// message; and a set it accepts must be served exactly: rendered in the
// text format and parsed back by Prometheus' own parser, it gives the same
// metrics, helps, labels and values.
//
// The seed corpus is the embedded report, the bad inputs of
// config/testdata/corrupt and config/testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(mustDefault(f), uint8(0))
	for i, ext := range []string{".yml", ".json", ".toml"} {
		f.Add(corrupt.Good(ext), uint8(i))
	}
	entries, err := os.ReadDir(corrupt.Dir())
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".error") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corrupt.Dir(), e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		for i := range fuzzNames {
			f.Add(data, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, syntax uint8) {
		name := fuzzNames[int(syntax)%len(fuzzNames)]
		set, err := config.Parse(name, data)
		if err != nil {
			checkProblems(t, name, data, err)
			return
		}
		again, err := config.Parse(name, data)
		if err != nil || !reflect.DeepEqual(set, again) {
			t.Fatalf("parsing the same bytes twice gave different results: %v", err)
		}
		checkRoundTrip(t, set)
	})
}

func mustDefault(f *testing.F) []byte {
	data, err := os.ReadFile(filepath.Join("default", "east_west_2011.yml"))
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// checkProblems holds a refusal to what users are promised: every problem
// names the file, says something, and points at a line that exists.
func checkProblems(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	var problems config.Problems
	if !errors.As(err, &problems) {
		t.Fatalf("error %T is not config.Problems: %v", err, err)
	}
	if len(problems) == 0 {
		t.Fatal("an error with no problems")
	}
	lines := countLines(data)
	for _, p := range problems {
		if p.File != name || strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem without a file or a message: %+v", p)
		}
		if p.Line < 0 || p.Line > lines {
			t.Errorf("problem at line %d of a %d-line file: %+v", p.Line, lines, p)
		}
	}
}

// countLines counts lines as YAML decoders do: CR, LF and CR LF end a
// line, and so do NEL, LS and PS (YAML 1.1).
func countLines(data []byte) int {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	n := 1
	for _, r := range text {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}

// checkRoundTrip renders set as /metrics serves it and parses it back.
func checkRoundTrip(t *testing.T, set *config.Set) {
	t.Helper()
	var text bytes.Buffer
	if err := exposition.NewSnapshot(set).WriteText(&text); err != nil {
		t.Fatalf("rendering an accepted set: %v", err)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(text.Bytes()))
	if err != nil {
		t.Fatalf("the rendered set does not parse: %v\n%s", err, text.String())
	}
	wantFamilies := len(set.Metrics)
	if len(set.Sources) > 0 {
		wantFamilies++
	}
	if len(families) != wantFamilies {
		t.Fatalf("%d families rendered, want %d\n%s", len(families), wantFamilies, text.String())
	}
	for i, m := range set.Metrics {
		if i > 0 && set.Metrics[i-1].Name >= m.Name {
			t.Errorf("metrics not sorted and unique: %s then %s", set.Metrics[i-1].Name, m.Name)
		}
		fam := families[m.Name]
		if fam == nil {
			t.Fatalf("%s was not rendered", m.Name)
		}
		if fam.GetHelp() != m.Help || fam.GetType() != dto.MetricType_GAUGE {
			t.Errorf("%s: help %q type %s, want %q gauge", m.Name, fam.GetHelp(), fam.GetType(), m.Help)
		}
		if len(fam.GetMetric()) != len(m.Figures) {
			t.Fatalf("%s: %d series rendered, want %d", m.Name, len(fam.GetMetric()), len(m.Figures))
		}
		for j, fig := range m.Figures {
			got := fam.GetMetric()[j]
			if len(fig.LabelValues) != len(m.Labels) {
				t.Fatalf("%s: a figure with %d label values for %d labels", m.Name, len(fig.LabelValues), len(m.Labels))
			}
			gotLabels := map[string]string{}
			for _, l := range got.GetLabel() {
				gotLabels[l.GetName()] = l.GetValue()
			}
			wantLabels := map[string]string{}
			for k, l := range m.Labels {
				wantLabels[l] = fig.LabelValues[k]
			}
			if !reflect.DeepEqual(gotLabels, wantLabels) {
				t.Errorf("%s figure %d: labels %v, want %v", m.Name, j, gotLabels, wantLabels)
			}
			if math.IsNaN(fig.Value) || math.IsInf(fig.Value, 0) {
				t.Errorf("%s figure %d: an accepted value %v", m.Name, j, fig.Value)
			}
			// Equal as numbers: -0 is served as 0, which is the same figure.
			if v := got.GetGauge().GetValue(); v != fig.Value {
				t.Errorf("%s figure %d: value %v served as %v", m.Name, j, fig.Value, v)
			}
		}
	}
}

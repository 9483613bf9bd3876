package config

import (
	"strings"
	"testing"
)

// valueForms are the forms of testdata/values, a figure per form in YAML
// (as a plain scalar, the way a user types it) and in CSV, with the exact
// value each must load as. The grammar itself is tested in value_test.go;
// this holds the loaders to handing ParseValue the text as written.
var valueForms = map[string]float64{
	"840264000":        840264000,
	"8.40264e+08":      840264000,
	"-12.5":            -12.5,
	"1,012.71":         1012.71,
	"52,500":           52500,
	"840.264 million":  840264000,
	"59.9949 million":  59994900,
	"120.128 billion":  120128000000,
	"1.5 thousand":     1500,
	"2 trillion":       2e12,
	"84026.4万":         840264000,
	"1201.28亿":         120128000000,
	"3.5万亿":            3.5e12,
	"21.8%":            0.218,
	"0.1%":             0.001,
	"1.1%":             0.011,
	"21.8 %":           0.218,
	"−840.264 million": -840264000,
	"-3.2%":            -0.032,
	"−2万":              -20000,
}

func TestValueFormsInYAMLAndCSV(t *testing.T) {
	set, err := Load("testdata/values/figures.yml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"value_form", "value_form_csv"} {
		m := metricNamed(t, set, name)
		got := map[string]float64{}
		for _, f := range m.Figures {
			got[f.LabelValues[0]] = f.Value
		}
		for text, want := range valueForms {
			v, ok := got[text]
			switch {
			case !ok:
				t.Errorf("%s: no figure for %q", name, text)
			case v != want:
				t.Errorf("%s: %q loaded as %v, want exactly %v", name, text, v, want)
			}
		}
		if len(got) != len(valueForms) {
			t.Errorf("%s: %d figures, want %d", name, len(got), len(valueForms))
		}
	}
}

// TestValueErrorsQuoteTextAndPlace checks that a value error from either
// loader names the file, the line, and the text exactly as written.
func TestValueErrorsQuoteTextAndPlace(t *testing.T) {
	for _, tc := range []struct{ main, want string }{
		{"testdata/files_bad/yaml_bad_values/figures.yml", `testdata/files_bad/yaml_bad_values/figures.yml:11: metrics[0].figures[5].value: cannot read "84026.4万元" as a number`},
		{"testdata/files_bad/csv_bad_values/figures.yml", `testdata/files_bad/csv_bad_values/tables/aid.csv:7: value: cannot read "84026.4万元" as a number`},
	} {
		_, err := Load(tc.main, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a problem starting %s", tc.main, err, tc.want)
		}
	}
}

func metricNamed(t *testing.T, set *Set, name string) *Metric {
	t.Helper()
	for i := range set.Metrics {
		if set.Metrics[i].Name == name {
			return &set.Metrics[i]
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

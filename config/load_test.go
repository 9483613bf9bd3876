package config

import (
	"path/filepath"
	"testing"
)

// TestLoadRejects holds every bad case under testdata/bad to its exact
// problems: file, line, path, and what was expected and found.
func TestLoadRejects(t *testing.T) {
	want := map[string]string{
		"alias.yml":                "testdata/bad/alias.yml:9: metrics[1].labels: aliases of lists and mappings are not supported: write the value out",
		"bad_value.json":           "testdata/bad/bad_value.json:8: metrics[0].figures[0].value: cannot read \"840264000x\" as a number: unknown scale or unit \"x\": only thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or % may follow the number; units belong in the metric name",
		"bad_value.toml":           "testdata/bad/bad_value.toml: metrics[0].figures[0].value: expected a finite number, found .nan: NaN and infinities are not figures",
		"boolean_value.yml":        "testdata/bad/boolean_value.yml:6: metrics[0].figures[0].value: expected a number, found the boolean true",
		"duplicate_metric.yml":     "testdata/bad/duplicate_metric.yml:7: metrics[1].name: metric \"aid_yuan\" is declared twice: first at line 2",
		"duplicate_series.yml":     "testdata/bad/duplicate_series.yml:7: metrics[0].figures[1]: duplicate series aid_yuan{year=\"2011\"}: the same labels as the figure at line 6",
		"empty.yml":                "testdata/bad/empty.yml: the file is empty: expected a mapping with a metrics: list",
		"empty_help.yml":           "testdata/bad/empty_help.yml:3: metrics[0].help: expected text, found an empty string",
		"empty_label_value.yml":    "testdata/bad/empty_label_value.yml:6: metrics[0].figures[0].year: expected a label value, found an empty string: an empty label value is the same as no label in Prometheus",
		"empty_metrics.yml":        "testdata/bad/empty_metrics.yml:1: metrics: the list is empty: expected at least one metric",
		"empty_string_value.yml":   "testdata/bad/empty_string_value.yml:6: metrics[0].figures[0].value: expected a number, found an empty string",
		"figures.txt":              "testdata/bad/figures.txt: unknown file type \".txt\": expected .yml, .yaml, .json or .toml",
		"inf_value.yml":            "testdata/bad/inf_value.yml:6: metrics[0].figures[0].value: expected a finite number, found -.inf: NaN and infinities are not figures",
		"invalid_label_name.yml":   "testdata/bad/invalid_label_name.yml:4: metrics[0].labels[0]: invalid label name \"fiscal year\": expected letters, digits and _, not starting with a digit or __",
		"invalid_metric_name.yml":  "testdata/bad/invalid_metric_name.yml:2: metrics[0].name: invalid metric name \"aid-yuan\": expected letters, digits, _ and :, not starting with a digit",
		"label_case_differs.yml":   "testdata/bad/label_case_differs.yml:6: metrics[0].figures[0].year: unknown key \"year\": expected Year, value and source (names are case-sensitive: did you mean \"Year\"?)\ntestdata/bad/label_case_differs.yml:6: metrics[0].figures[0]: missing label Year: every figure needs Year",
		"labels_not_a_list.yml":    "testdata/bad/labels_not_a_list.yml:4: metrics[0].labels: expected a list of label names, found the text \"year\"",
		"many_problems.yml":        "testdata/bad/many_problems.yml:6: metrics[0].figures[0].value: cannot read \"yes\" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%\ntestdata/bad/many_problems.yml:7: metrics[0].figures[1].value: cannot read \"840.264 millions\" as a number: unknown scale or unit \"millions\": only thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or % may follow the number; units belong in the metric name\ntestdata/bad/many_problems.yml:8: metrics[1].name: invalid metric name \"2schools\": expected letters, digits, _ and :, not starting with a digit\ntestdata/bad/many_problems.yml:12: metrics[2]: missing key help",
		"metrics_not_a_list.yml":   "testdata/bad/metrics_not_a_list.yml:2: metrics: expected a list of metrics, found a mapping",
		"missing_help.yml":         "testdata/bad/missing_help.yml:2: metrics[0]: missing key help",
		"missing_label.yml":        "testdata/bad/missing_label.yml:7: metrics[0].figures[1]: missing label form: every figure needs year and form",
		"missing_value.yml":        "testdata/bad/missing_value.yml:6: metrics[0].figures[0]: missing key value: expected the figure itself",
		"nan_string_value.yml":     "testdata/bad/nan_string_value.yml:6: metrics[0].figures[0].value: cannot read \"NaN\" as a number: NaN and infinities are not figures",
		"nan_value.yml":            "testdata/bad/nan_value.yml:6: metrics[0].figures[0].value: expected a finite number, found .nan: NaN and infinities are not figures",
		"null_value.yml":           "testdata/bad/null_value.yml:6: metrics[0].figures[0].value: expected a number, found nothing (null)",
		"reserved_label_name.yml":  "testdata/bad/reserved_label_name.yml:4: metrics[0].labels[0]: invalid label name \"__year\": expected letters, digits and _, not starting with a digit or __",
		"reserved_prefix.yml":      "testdata/bad/reserved_prefix.yml:2: metrics[0].name: metric name \"figures_exporter_figures\" would collide with the exporter's own metrics: names starting with figures_exporter_, go_, process_, promhttp_ are reserved\ntestdata/bad/reserved_prefix.yml:6: metrics[1].name: metric name \"go_goroutines\" would collide with the exporter's own metrics: names starting with figures_exporter_, go_, process_, promhttp_ are reserved\ntestdata/bad/reserved_prefix.yml:10: metrics[2].name: metric name \"process_open_fds\" would collide with the exporter's own metrics: names starting with figures_exporter_, go_, process_, promhttp_ are reserved",
		"reserved_source_info.yml": "testdata/bad/reserved_source_info.yml:2: metrics[0].name: metric name \"figures_source_info\" is reserved: the exporter builds it from the files' source: entries",
		"syntax_error.json":        "testdata/bad/syntax_error.json:3: invalid JSON at column 24: a comma before '}': JSON allows none after the last item",
		"syntax_error.toml":        "testdata/bad/syntax_error.toml:2: invalid TOML: basic strings cannot have new lines",
		"syntax_error.yml":         "testdata/bad/syntax_error.yml:1: invalid YAML: did not find expected '-' indicator",
		"two_documents.yml":        "testdata/bad/two_documents.yml:6: a second YAML document: expected one document per file",
		"undeclared_label.yml":     "testdata/bad/undeclared_label.yml:6: metrics[0].figures[0].region: unknown key \"region\": expected year, value and source",
		"unknown_metric_key.yml":   "testdata/bad/unknown_metric_key.yml:4: metrics[0].type: unknown key \"type\": expected name, help, labels, time_label, figures, unit, title and base",
		"unknown_top_key.yml":      "testdata/bad/unknown_top_key.yml:1: metric: unknown key \"metric\": expected metrics, source and figure_files\ntestdata/bad/unknown_top_key.yml:1: missing key metrics: expected a list of metrics",
	}
	files, err := filepath.Glob("testdata/bad/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Errorf("%d files under testdata/bad, %d cases in this table: every bad file needs its expected error", len(files), len(want))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			set, err := Load(file, Options{})
			if err == nil {
				t.Fatalf("loaded %d figures, want an error", set.Series())
			}
			if got := err.Error(); got != want[filepath.Base(file)] {
				t.Errorf("error:\n%s\nwant:\n%s", got, want[filepath.Base(file)])
			}
		})
	}
}

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedDeclarationIsReportedOnce: for each rule that can refuse a
// declaration, the refusal is the only problem of a load in which other
// files give the metric figures (a YAML file, CSV rows naming it, a CSV
// file its figure_files entry names it for): no "is not declared", no
// "is not a label of any declared metric" sending the user after a
// problem that does not exist. A refused name is its own problem at each
// place it is written, and only there.
func TestRefusedDeclarationIsReportedOnce(t *testing.T) {
	const good = "    help: h\n    labels: [year]\n"
	for _, c := range []struct {
		rule, name, decl string
		want             []string // each problem, in order, by a part of it
	}{
		{"invalid metric name", "2m", good, []string{`f.yml:4: metrics[1].name: invalid metric name "2m"`, `p/a.yml:2: metrics[0].name: invalid metric name "2m"`}},
		{"reserved prefix", "figures_exporter_m", good, []string{`f.yml:4: metrics[1].name: metric name "figures_exporter_m" would collide`, `p/a.yml:2: metrics[0].name: metric name "figures_exporter_m" would collide`}},
		{"reserved source info", sourceInfoMetric, good, []string{`f.yml:4: metrics[1].name: metric name "` + sourceInfoMetric + `" is reserved`, `p/a.yml:2: metrics[0].name: metric name "` + sourceInfoMetric + `" is reserved`}},
		{"help not text", "m", "    help: [h]\n    labels: [year]\n", []string{`f.yml:5: metrics[1].help: expected text, found a list`}},
		{"empty help", "m", "    help: ''\n    labels: [year]\n", []string{`f.yml:5: metrics[1].help: expected text, found an empty string`}},
		{"labels not a list", "m", "    help: h\n    labels: year\n", []string{`f.yml:6: metrics[1].labels: expected a list of label names`}},
		{"invalid label name", "m", "    help: h\n    labels: [year, 2x]\n", []string{`f.yml:6: metrics[1].labels[1]: invalid label name "2x"`}},
		{"reserved label value", "m", "    help: h\n    labels: [year, value]\n", []string{`f.yml:6: metrics[1].labels[1]: label name "value" is reserved`}},
		{"reserved label source", "m", "    help: h\n    labels: [year, source]\n", []string{`f.yml:6: metrics[1].labels[1]: label name "source" is reserved`}},
		{"label twice", "m", "    help: h\n    labels: [year, year]\n", []string{`f.yml:6: metrics[1].labels[1]: label "year" is declared twice`}},
		{"time_label not a label", "m", good + "    time_label: date\n", []string{`f.yml:7: metrics[1].time_label: time_label "date" is not one of the metric's labels`}},
		{"unknown unit", "m", good + "    unit: furlongs\n", []string{`f.yml:7: metrics[1].unit: unknown unit "furlongs"`}},
		{"figures not a list", "m", good + "    figures: 1\n", []string{`f.yml:7: metrics[1].figures: expected a list of figures`}},
		{"figures empty", "m", good + "    figures: []\n", []string{`f.yml:7: metrics[1].figures: the list is empty`}},
	} {
		t.Run(c.rule, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) {
				t.Helper()
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("f.yml", "figure_files: [p/*.yml, t/rows.csv, {path: t/entry.csv, metric: ok}]\nmetrics:\n  - {name: ok, help: h, labels: [year], figures: [{year: 2000, value: 1}]}\n  - name: "+c.name+"\n"+c.decl)
			write("p/a.yml", "metrics:\n  - name: "+c.name+"\n    figures: [{year: 2011, value: 1}]\n")
			write("t/rows.csv", "metric,year,value\n"+c.name+",2012,1\nok,2001,1\n")
			write("t/entry.csv", "year,value\n2002,1\n")
			_, err := Load(filepath.Join(dir, "f.yml"), Options{})
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("loaded (%v), want refused", err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, strings.TrimPrefix(p.Error(), dir+"/"))
			}
			ok := len(got) == len(c.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], c.want[i])
			}
			if !ok {
				t.Errorf("problems:\n%s\nwant, by their start:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

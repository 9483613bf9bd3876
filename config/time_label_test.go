package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTimeLabelIsDeclared(t *testing.T) {
	for name, data := range map[string]string{
		"a.yml": `metrics:
  - name: employed_people
    help: Employed people.
    labels: [region, fiscal_year]
    time_label: fiscal_year
    figures:
      - {region: north, fiscal_year: FY2011, value: 3}
`,
		"a.json": `{"metrics": [{"name": "employed_people", "help": "Employed people.", "labels": ["region", "fiscal_year"], "time_label": "fiscal_year",
  "figures": [{"region": "north", "fiscal_year": "FY2011", "value": 3}]}]}`,
		"a.toml": `[[metrics]]
name = "employed_people"
help = "Employed people."
labels = ["region", "fiscal_year"]
time_label = "fiscal_year"
[[metrics.figures]]
region = "north"
fiscal_year = "FY2011"
value = 3
`,
	} {
		set, err := Parse(name, []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := set.Metrics[0].TimeLabel; got != "fiscal_year" {
			t.Errorf("%s: TimeLabel %q, want fiscal_year", name, got)
		}
	}
	set, err := Parse("b.yml", []byte("metrics:\n  - name: a\n    help: A.\n    labels: [year]\n    figures: [{year: 2011, value: 1}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Metrics[0].TimeLabel; got != "" {
		t.Errorf("TimeLabel %q without time_label:, want none", got)
	}
}

func TestTimeLabelMustNameALabel(t *testing.T) {
	for data, want := range map[string]Problem{
		"metrics:\n  - name: a\n    help: A.\n    labels: [region, fiscal_year]\n    time_label: year\n    figures: [{region: n, fiscal_year: FY2011, value: 1}]\n": {
			Line: 5, Path: "metrics[0].time_label", Msg: `time_label "year" is not one of the metric's labels: expected one of region and fiscal_year`},
		"metrics:\n  - name: a\n    help: A.\n    time_label: year\n    figures: [{value: 1}]\n": {
			Line: 4, Path: "metrics[0].time_label", Msg: `time_label "year" is not one of the metric's labels: it has none; declare the label under labels:`},
		"metrics:\n  - name: a\n    help: A.\n    labels: [year]\n    time_label: [year]\n    figures: [{year: 2011, value: 1}]\n": {
			Line: 5, Path: "metrics[0].time_label", Msg: `expected text, found a list`},
	} {
		got := onlyProblem(t, "a.yml", data)
		if got.Line != want.Line || got.Path != want.Path || got.Msg != want.Msg {
			t.Errorf("%s:\ngot  %d %s: %s\nwant %d %s: %s", data, got.Line, got.Path, got.Msg, want.Line, want.Path, want.Msg)
		}
	}
}

func TestTimeLabelAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	main := write("figures.yml", "figure_files: [more.yml, again.yml]\nmetrics:\n  - name: a\n    help: A.\n    labels: [fy]\n    time_label: fy\n    figures: [{fy: FY2011, value: 1}]\n")
	write("more.yml", "metrics:\n  - name: a\n    figures: [{fy: FY2012, value: 2}]\n")
	write("again.yml", "metrics:\n  - name: a\n    help: A.\n    labels: [fy]\n    figures: [{fy: FY2013, value: 3}]\n")
	_, err := Load(main, Options{})
	want := `again.yml:2: metrics[0].time_label: metric "a" is declared with time_label "" here but "fy" at ` + filepath.Join(dir, "figures.yml") + `:3; declare it once, or with the same time_label everywhere`
	if err == nil || !containsLine(err.Error(), want) {
		t.Errorf("got %v\nwant a line ending %s", err, want)
	}
	// A file that only gives figures need not repeat it, and may not.
	write("again.yml", "metrics:\n  - name: a\n    figures: [{fy: FY2013, value: 3}]\n")
	set, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := set.Metrics[0]; m.TimeLabel != "fy" || len(m.Figures) != 3 {
		t.Errorf("TimeLabel %q with %d figures, want fy with 3", m.TimeLabel, len(m.Figures))
	}
	write("again.yml", "metrics:\n  - name: a\n    time_label: fy\n    figures: [{fy: FY2013, value: 3}]\n")
	_, err = Load(main, Options{})
	want = `again.yml:3: metrics[0].time_label: time_label is part of a metric's declaration: give it where the metric is declared with help and labels`
	if err == nil || !containsLine(err.Error(), want) {
		t.Errorf("got %v\nwant a line ending %s", err, want)
	}
}

func containsLine(text, suffix string) bool {
	return slices.ContainsFunc(strings.Split(text, "\n"), func(line string) bool { return strings.HasSuffix(line, suffix) })
}

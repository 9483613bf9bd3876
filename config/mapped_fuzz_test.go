package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzMappedTable loads any bytes as the table of each mapped layout:
// the load must return a set or problems, never panic, and a set's every
// figure must have its metric's labels, none empty.
func FuzzMappedTable(f *testing.F) {
	for _, seed := range []string{
		"Entity,Year,Deaths\nA,2011,1\n",
		"t\n指标,2011年,2012年\n国内生产总值(亿元),1,..\n注,,\n",
		"Land;Jahr;Wert\nDE;2011;1 234,5\n",
		"\xef\xbb\xbf\"a\",\"b\nc\",\n",
		"Entity,Year,Deaths\n,,\nx,2011年第一季度,1e999\n",
		"Entity,Year,Deaths\nA,2011,\"$1,234\"\nB,2011,(5)\nC,2011,12.3 p\nD,2011,12.3 bp\nE,2011,１２３\nF,2011,1 234\nG,2011,123*\nH,2011,\"€6\"\n",
		"Land;Jahr;Wert\nDE;2011;(1.234,5)\nAT;2011;1\u2009234,5 €\n",
	} {
		f.Add([]byte(seed))
	}
	entries := []string{
		"{path: t.csv, metric: m, labels: {entity: Entity, year: Year}, value: Deaths, time_label: year}",
		"{path: t.csv, rows_as_metrics: {column: 指标, metrics: {\"国内生产总值(亿元)\": {metric: g, scale: 亿}}}, columns_as: {label: year, match: '^(\\d{4})年$'}, time_label: year}",
		"{path: t.csv, metric: w, labels: {land: Land}, columns_as: {label: jahr, match: '^J'}, decimal: ',', status: {column: Wert, gaps: [x]}}",
		"{path: t.csv, labels: {a: '#1'}, values: {v: {column: '#2', scale: '%'}}, header_row: 2}",
		"{path: t.csv, metric: m, labels: {entity: Entity}, value: Deaths, parentheses: negative, marks: {p: gap, b: number, '*': error}, scale: thousand}",
	}
	f.Fuzz(func(t *testing.T, table []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "t.csv"), table, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			main := filepath.Join(dir, "figures.yml")
			if err := os.WriteFile(main, []byte("figure_files:\n  - "+e+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			set, err := Load(main, Options{})
			if err != nil {
				continue
			}
			for _, m := range set.Metrics {
				for _, fig := range m.Figures {
					if len(fig.LabelValues) != len(m.Labels) {
						t.Fatalf("%s: %d label values for %v", m.Name, len(fig.LabelValues), m.Labels)
					}
					for _, v := range fig.LabelValues {
						if v == "" {
							t.Fatalf("%s: an empty label value in %v", m.Name, fig.LabelValues)
						}
					}
				}
			}
		}
	})
}

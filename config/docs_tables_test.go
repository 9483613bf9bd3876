package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// docsTables is the page of mapped tables; its examples' tables are in
// docs/examples/tables.
const docsTables = "../docs/tables.md"

// docExample is one ```yaml figures file of a page, with the prose after
// it up to the next section, where the page says what it serves.
type docExample struct {
	section, yaml, after string
}

func docExamples(t *testing.T, page string) []docExample {
	t.Helper()
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	var out []docExample
	section := ""
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "## ") {
			section = strings.TrimPrefix(lines[i], "## ")
		}
		indent, found := strings.CutSuffix(lines[i], "```yaml")
		if !found || strings.TrimSpace(indent) != "" {
			continue
		}
		var block []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			// A block in a list item is indented with it.
			block = append(block, strings.TrimPrefix(lines[i], indent))
		}
		var after []string
		for j := i + 1; j < len(lines) && !strings.HasPrefix(lines[j], "## ") && lines[j] != "```yaml"; j++ {
			after = append(after, lines[j])
		}
		out = append(out, docExample{section: section, yaml: strings.Join(block, "\n") + "\n", after: strings.Join(after, "\n")})
	}
	return out
}

// seriesClaim is a series and value the prose says an example serves,
// such as `aid_yuan{province="广东",year="2011"} 15000`.
var seriesClaim = regexp.MustCompile(`([a-z_]+\{[^}\n]*\}) ([0-9.e+\-]+)`)

// loadDocExample loads an example as from the repository's top
// directory, where its paths (docs/examples/tables/...) lead.
func loadDocExample(t *testing.T, ex docExample) (*Set, error) {
	t.Helper()
	dir := t.TempDir()
	docs, err := filepath.Abs("../docs")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(docs, filepath.Join(dir, "docs")); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte(ex.yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(main, Options{})
}

// TestDocsTablesExamples loads every example of docs/tables.md and checks
// that it serves every series the page says it does, exactly.
func TestDocsTablesExamples(t *testing.T) {
	examples := docExamples(t, docsTables)
	if len(examples) < 7 {
		t.Fatalf("%d examples in %s, want one per layout (7)", len(examples), docsTables)
	}
	for _, ex := range examples {
		t.Run(ex.section, func(t *testing.T) {
			set, err := loadDocExample(t, ex)
			if err != nil {
				t.Fatalf("the example does not load:\n%s\n%v", ex.yaml, err)
			}
			served := map[string]float64{}
			for _, m := range set.Metrics {
				for _, f := range m.Figures {
					served[seriesName(m.Name, m.Labels, f.LabelValues)] = f.Value
				}
			}
			claims := seriesClaim.FindAllStringSubmatch(ex.after, -1)
			if len(claims) == 0 {
				t.Errorf("the page says nothing the example serves")
			}
			for _, c := range claims {
				want, err := strconv.ParseFloat(c[2], 64)
				if err != nil {
					t.Fatalf("%s: %v", c[0], err)
				}
				if got, ok := served[c[1]]; !ok || got != want {
					t.Errorf("the page says %s, the example serves %v (served: %v)", c[0], got, ok)
				}
			}
		})
	}
}

// TestReadmeQuickStart loads the README's quick start with a workbook of
// the columns it names.
func TestReadmeQuickStart(t *testing.T) {
	var ex *docExample
	for _, e := range docExamples(t, "../README.md") {
		if strings.HasPrefix(e.section, "Quick start") {
			ex = &e
		}
	}
	if ex == nil {
		t.Fatal("no quick start in README.md")
	}
	dir := t.TempDir()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{"Entity", "Year", "Deaths"}, {"Haiti", 2010, 222570}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "deaths.xlsx")); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte(ex.yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(main, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := describeFigures(set); got != "disaster_deaths{entity=\"Haiti\",year=\"2010\"} 222570 (no source)\n" {
		t.Errorf("the quick start serves:\n%s", got)
	}
}

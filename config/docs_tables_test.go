package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
		if lines[i] != "```yaml" {
			continue
		}
		var block []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			block = append(block, lines[i])
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

// loadDocExample loads an example as the page's directory would: its
// paths are relative to docs/.
func loadDocExample(t *testing.T, ex docExample) (*Set, error) {
	t.Helper()
	dir := t.TempDir()
	examples, err := filepath.Abs("../docs/examples")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(examples, filepath.Join(dir, "examples")); err != nil {
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

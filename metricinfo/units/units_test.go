package units

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryUnit: docs/units.md is the list users read; every unit
// has its row there, with its spellings and Grafana unit.
func TestDocsListEveryUnit(t *testing.T) {
	doc, err := os.ReadFile("../../docs/units.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		if name, ok := strings.CutPrefix(line, "| `"); ok {
			name, _, _ = strings.Cut(name, "`")
			rows[name] = line
		}
	}
	for _, u := range All() {
		row, ok := rows[u.Name]
		if !ok {
			t.Errorf("docs/units.md has no row for %s", u.Name)
			continue
		}
		for _, want := range append(u.Also, u.Grafana, u.Kind.String(), u.Row) {
			if !strings.Contains(row, want) {
				t.Errorf("docs/units.md: the row of %s does not say %q", u.Name, want)
			}
		}
		delete(rows, u.Name)
	}
	for name := range rows {
		t.Errorf("docs/units.md lists %s, which is no unit", name)
	}
}

func TestLookupIgnoresCase(t *testing.T) {
	for _, s := range []string{"yuan", "CNY", "Rmb", " cny "} {
		if u, ok := Lookup(s); !ok || u.Name != "yuan" {
			t.Errorf("Lookup(%q) = %q, %v; want yuan", s, u.Name, ok)
		}
	}
	if _, ok := Lookup("furlongs"); ok {
		t.Error("furlongs is a unit")
	}
}

// No spelling belongs to two units, or Lookup and Ending would choose.
func TestSpellingsAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, u := range All() {
		for _, s := range u.Spellings() {
			if other, dup := seen[s]; dup {
				t.Errorf("%s is a spelling of %s and %s", s, other, u.Name)
			}
			seen[s] = u.Name
		}
	}
}

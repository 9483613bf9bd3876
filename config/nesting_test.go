package config

import (
	"strings"
	"testing"
)

// TestNestingIsBoundedBeforeParsing holds every syntax to maxDepth with
// the line where the limit is passed, for the shapes that crashed go-toml
// (nested arrays, inline tables, dotted keys and headers: a stack
// overflow no recover catches) and their YAML and JSON counterparts. The
// files are small here: the bound is the same at a million levels (see
// the hostile suite).
func TestNestingIsBoundedBeforeParsing(t *testing.T) {
	deep := maxDepth + 1
	dotted := strings.Repeat("a.", deep) + "a"
	for _, tc := range []struct {
		name, data string
		line       int
		what       string
	}{
		{"arrays.toml", "# arrays\nx = " + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "\n", 2, "arrays and inline tables"},
		{"arrays_lines.toml", "x = [\n" + strings.Repeat("[\n", deep) + strings.Repeat("]\n", deep) + "]\n", deep, "arrays and inline tables"},
		{"inline.toml", "x = " + strings.Repeat("{a = ", deep) + "1" + strings.Repeat("}", deep) + "\n", 1, "arrays and inline tables"},
		{"dotted.toml", "\n\n" + dotted + " = 1\n", 3, "a dotted key's parts"},
		{"dotted_inline.toml", "x = {" + dotted + " = 1}\n", 1, "a dotted key's parts"},
		{"header.toml", "[" + dotted + "]\nx = 1\n", 1, "a table header's keys"},
		{"array_header.toml", "y = 1\n[[" + dotted + "]]\nx = 1\n", 2, "a table header's keys"},
		{"flow.yml", "metrics:\n  - " + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "\n", 2, "mappings and lists"},
		{"flow_10000.yml", "metrics: # [[[[\n  - '[[' \n  - " + strings.Repeat("{a: ", 10001) + strings.Repeat("}", 10001) + "\n", 3, "mappings and lists"},
		{"block.yml", func() string {
			var b strings.Builder
			for i := range deep {
				b.WriteString(strings.Repeat(" ", i) + "a:\n")
			}
			return b.String() + strings.Repeat(" ", deep) + "b: 1\n"
		}(), deep, "mappings and lists"},
		{"deep.json", "{\"metrics\":\n" + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "}", 2, "objects and arrays"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := onlyProblem(t, tc.name, tc.data)
			if p.Line != tc.line || !strings.Contains(p.Msg, tc.what+" are nested more than 64 deep") {
				t.Errorf("got %v, want line %d: %s nested more than 64 deep", p, tc.line, tc.what)
			}
		})
	}
}

// TestNestingScanIgnoresStringsAndComments: brackets, braces and dots in
// strings, comments and values are not nesting, so no valid file is
// refused by the scan.
func TestNestingScanIgnoresStringsAndComments(t *testing.T) {
	many := strings.Repeat("[{.", 100)
	for _, data := range []string{
		`x = "` + many + `"`,
		`x = "\"` + many + `"`,
		`x = '` + many + `'`,
		"x = \"\"\"\n" + many + "\n\"\"\"\n",
		"x = \"\"\"a\"\"\"\"\"\ny = \"" + many + "\"\n",
		"x = '''\n" + many + "\n'''\n",
		"x = \"\"\"\\\n" + many + "\"\"\"\n",
		"# " + many + "\nx = 1\n",
		`"` + many + `" = 1`,
		"[\"" + many + "\"]\nx = 1\n",
		"x = [1.5, 2.5, " + strings.Repeat("3.5, ", 100) + "]\n",
		"x = {a = 1.5, b = [1.25, {c = 2.5}]}\n" + strings.Repeat("y.z = 1.5\n", 100),
		"x = 1979-05-27T07:32:00.999Z\n",
		strings.Repeat("x = [[1], [2]]\n", 100),
		strings.Repeat("[[t]]\nx = [{a = 1}]\n", 100),
		"x = " + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + "\n",
		strings.Repeat("a.", maxDepth-1) + "a = 1\n",
	} {
		if line, msg := checkTOMLNesting([]byte(data)); line != 0 {
			t.Errorf("%q refused at line %d: %s", data, line, msg)
		}
	}
}

// Package hostile generates figures files made to crash the exporter, to
// exhaust its memory or its time: the ones found by trying (nested TOML
// arrays and inline tables that overflowed go-toml's stack, a YAML alias
// bomb that served a 1 GB body, deep JSON), their relatives, and valid
// files at the far end of what a figures file holds. Every way of loading
// figures must survive each under a memory and a time limit: config.Load
// in process, and the binary's check, startup, POST /-/reload and
// --config.watch (cmd/figures_exporter/hostile_e2e_test.go). The peak
// memory and time of each are in docs/robustness.md.
//
// The files are generated, not committed: a few of them are megabytes.
package hostile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Limits under which the binary must handle every case: the address space
// of the process (prlimit --as, ulimit -v) and its CPU time. A Go program
// reserves 1.2 to 1.7 GB of address space before it allocates anything
// (a hello world included), so that 2 GB would leave it a few hundred
// megabytes: 4 GB leaves about 2.3 GB, a bound still far below what the
// files took before they were refused (24 GB for nested inline tables).
const (
	AddressSpaceBytes = 4_000_000_000
	CPUSeconds        = 60
)

// Case is one generated file.
type Case struct {
	// Name is the file name; its extension chooses the syntax.
	Name string
	// What the file is, for the table of docs/robustness.md.
	What string
	// Want is a part of the one problem loading the file gives; empty for
	// a valid file, which must load.
	Want  string
	write func(w *bufio.Writer)
}

// Valid tells whether the file must load.
func (c Case) Valid() bool { return c.Want == "" }

// Make writes the file at path.
func (c Case) Make(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	c.write(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// repeat writes s n times.
func repeat(w io.Writer, s string, n int) {
	chunk := strings.Repeat(s, max(1, 4096/len(s)))
	per := len(chunk) / len(s)
	for ; n >= per; n -= per {
		io.WriteString(w, chunk)
	}
	io.WriteString(w, strings.Repeat(s, n))
}

// manyLabels writes the start of a file declaring a metric of n labels
// l0, l1…, up to the first key of its one figure.
func manyLabels(w *bufio.Writer, n int) {
	w.WriteString("metrics:\n  - name: m\n    help: h\n    labels: [")
	for i := range n {
		if i > 0 {
			w.WriteString(", ")
		}
		fmt.Fprintf(w, "l%d", i)
	}
	w.WriteString("]\n    figures:\n      - {value: 1")
}

// aliased writes a file whose help is a scalar of size bytes anchored as
// anchor, and aliased as the label value of uses figures.
func aliased(anchor string, size, uses int) func(*bufio.Writer) {
	return func(w *bufio.Writer) {
		fmt.Fprintf(w, "metrics:\n  - name: m\n    help: &%s ", anchor)
		repeat(w, "x", size)
		w.WriteString("\n    labels: [l, i]\n    figures:\n")
		for i := range uses {
			fmt.Fprintf(w, "      - {l: *%s, i: \"%d\", value: 1}\n", anchor, i)
		}
	}
}

// nested writes prefix, n opens, inner, n closes and suffix.
func nested(prefix, open, inner, closing, suffix string, n int) func(*bufio.Writer) {
	return func(w *bufio.Writer) {
		w.WriteString(prefix)
		repeat(w, open, n)
		w.WriteString(inner)
		repeat(w, closing, n)
		w.WriteString(suffix)
	}
}

const depthWant = "nested more than 64 deep"

// Cases returns every case, in a stable order.
func Cases() []Case {
	return []Case{
		{
			Name: "toml_nested_arrays.toml", What: "TOML: x = [[[…]]], 1,000,000 deep (2 MB)",
			Want:  "arrays and inline tables are " + depthWant,
			write: nested("x = ", "[", "", "]", "\n", 1_000_000),
		},
		{
			Name: "toml_inline_tables.toml", What: "TOML: x = {a = {a = …}}, 100,000 deep (600 KB)",
			Want:  "arrays and inline tables are " + depthWant,
			write: nested("x = ", "{a = ", "1", "}", "\n", 100_000),
		},
		{
			Name: "toml_dotted_key.toml", What: "TOML: a.a.a… = 1, a key of 1,000,000 parts (2 MB)",
			Want: "a dotted key's parts are " + depthWant,
			write: func(w *bufio.Writer) {
				repeat(w, "a.", 1_000_000)
				w.WriteString("a = 1\n")
			},
		},
		{
			Name: "toml_table_header.toml", What: "TOML: [a.a.a…], a header of 1,000,000 parts (2 MB)",
			Want: "a table header's keys are " + depthWant,
			write: func(w *bufio.Writer) {
				w.WriteString("[")
				repeat(w, "a.", 1_000_000)
				w.WriteString("a]\nx = 1\n")
			},
		},
		{
			Name: "yaml_alias_bomb.yml", What: "YAML: a 1 MiB scalar anchored once, aliased 999 times as a label value (1.09 MB)",
			Want:  "alias *big repeats 1048576 bytes of text",
			write: aliased("big", 1<<20, 999),
		},
		{
			Name: "yaml_small_aliases.yml", What: "YAML: a 1 KiB scalar aliased 200,000 times (7.7 MB)",
			Want:  "alias *s repeats 1024 bytes of text",
			write: aliased("s", 1024, 200_000),
		},
		{
			Name: "yaml_flow_nesting.yml", What: "YAML: metrics: [[[…]]], 1,000,000 deep (2 MB)",
			Want:  "mappings and lists are " + depthWant,
			write: nested("metrics: ", "[", "", "]", "\n", 1_000_000),
		},
		{
			Name: "yaml_block_nesting.yml", What: "YAML: mappings indented 3,000 deep (4.5 MB)",
			Want: "mappings and lists are " + depthWant,
			write: func(w *bufio.Writer) {
				for i := range 3000 {
					repeat(w, " ", i)
					w.WriteString("a:\n")
				}
				repeat(w, " ", 3000)
				w.WriteString("b: 1\n")
			},
		},
		{
			Name: "json_nested_arrays.json", What: "JSON: [[[…]]], 1,000,000 deep (2 MB)",
			Want:  "objects and arrays are " + depthWant,
			write: nested("", "[", "", "]", "", 1_000_000),
		},
		{
			Name: "json_nested_objects.json", What: "JSON: {\"a\":{\"a\":…}}, 500,000 deep (3 MB)",
			Want:  "objects and arrays are " + depthWant,
			write: nested("", `{"a":`, "1", "}", "", 500_000),
		},
		{
			Name: "json_many_keys.json", What: "JSON: one object of 1,000,000 keys, the last a duplicate (14 MB)",
			Want: `key "k0" appears twice in one object`,
			write: func(w *bufio.Writer) {
				w.WriteString("{")
				for i := range 1_000_000 {
					fmt.Fprintf(w, "\"k%d\": 1, ", i)
				}
				w.WriteString("\"k0\": 2}")
			},
		},
		{
			Name: "labels_100k.yml", What: "valid: one figure of 100,000 labels (2.4 MB)",
			write: func(w *bufio.Writer) {
				manyLabels(w, 100_000)
				for i := range 100_000 {
					fmt.Fprintf(w, ", l%d: v%d", i, i)
				}
				w.WriteString("}\n")
			},
		},
		{
			Name: "label_value_64mib.json", What: "valid: one label value of 64 MiB (64 MB)",
			write: func(w *bufio.Writer) {
				w.WriteString(`{"metrics": [{"name": "m", "help": "h", "labels": ["l"], "figures": [{"value": 1, "l": "`)
				repeat(w, "z", 64<<20)
				w.WriteString(`"}]}]}`)
			},
		},
		{
			Name: "unknown_keys_100k.yml", What: "one figure of 100,000 labels and 100,000 unknown keys, each a label but for its case (3 MB)",
			Want: "unknown key",
			write: func(w *bufio.Writer) {
				manyLabels(w, 100_000)
				for i := range 100_000 {
					fmt.Fprintf(w, ", l%d: v, L%d: v", i, i)
				}
				w.WriteString("}\n")
			},
		},
	}
}

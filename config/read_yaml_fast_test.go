package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// fastCase is an input for the fast readers: accept says whether the
// fast reader must take it (must), must leave it to yaml.v3 (never), or
// may do either (maybe). Whatever it does, it must agree with yaml.v3.
type fastCase struct {
	name   string
	data   string
	accept acceptance
}

type acceptance int

const (
	maybe acceptance = iota
	must
	never
)

// yamlFastCases are written to show each rule of the fast reader: what it
// reads, and what it must leave to yaml.v3.
var yamlFastCases = []fastCase{
	{"minimal", "a: 1\n", must},
	{"no final newline", "a: 1", must},
	{"leading document marker", "---\na: 1\n", must},
	{"marker with comment", "--- # hi\na: 1\n", must},
	{"comments everywhere", "# head\n\na: 1 # trailing\n# between\nb:   # after key\n  # inside\n  c: x#not a comment\n", must},
	{"indented root", "  a: 1\n  b: 2\n", must},
	{"indentless sequence", "a:\n- x\n- y\nb: z\n", must},
	{"indented sequence", "a:\n  - x\n  -  y\nb: z\n", must},
	{"sequence of mappings", "a:\n  - name: x\n    help: y\n  - name: z\n", must},
	{"wide dash", "a:\n  -   name: x\n      help: y\n", must},
	{"nested sequences", "a:\n  - - 1\n    - 2\n  - - 3\n", must},
	{"entry on its own line", "a:\n  -\n    b: c\n  - # note\n    - d\n", must},
	{"indentless in compact mapping", "a:\n  - b:\n    - x\n    c: y\n", must},
	{"flow mapping", "a: {county: county_00001, province: province_01, year: \"2011\", value: 12345.5}\n", must},
	{"flow sequence", "labels: [county, province, year]\n", must},
	{"empty flow", "a: {}\nb: []\nc: [{}, []]\n", must},
	{"nested flow", "a: {b: [1, {c: d}], e: {f: [g]}}\n", must},
	{"flow root", "{a: 1, b: [x]}\n", must},
	{"flow spaces", "a: [ 1 ,2 , 3 ]\nb: {  x:  y  }\n", must},
	{"quoted flow keys", "a: {\"b\": 1, 'c': 2, \"d\":3}\n", must},
	{"quoted keys", "\"a b\": 1\n'c''d': 2\n\"e\" : 3\n", must},
	{"single quotes", "a: 'it''s'\nb: ''\nc: '\"x\"'\nd: '  pad  '\n", must},
	{"double quotes", "a: \"\"\nb: \"x y\"\nc: \"  pad  \"\nd: \"tab\\there\"\n", must},
	{"escapes", `a: "\0\a\b\t\n\v\f\r\e\ \"\'\\\N\_\L\P\x41\u00e9\U0001F600"` + "\n", must},
	{"unicode", "名前: 值\nb: \"東西 ☃ 😀\"\nc: café\n", must},
	{"crlf", "a: 1\r\nb:\r\n  - x\r\n  - {c: d}\r\n", must},
	{"trailing spaces", "a: 1   \nb: x y  \nc:   \n  - z  \n", must},
	{"blank lines", "\n\na: 1\n\n\nb: 2\n\n", must},
	{"ints", "a: 0\nb: -7\nc: +7\nd: 0777\ne: 0x1F\nf: 0o17\ng: 0b101\nh: 1_000\ni: 9223372036854775807\nj: 18446744073709551615\nk: -0b11\nl: -0o7\n", must},
	{"floats", "a: 1.5\nb: -0.25\nc: 1e3\nd: 1E-3\ne: .5\nf: 1.\ng: .inf\nh: -.Inf\ni: +.INF\nj: .nan\nk: 09\nl: 99999999999999999999\nm: 1_0.5\n", must},
	{"not numbers", "a: 1e400\nb: 840.264 million\nc: 1,012.71\nd: 21.8%\ne: 84026.4万\nf: 0x\ng: 1.2.3\nk: +\nl: .\nm: ._\nn: 0b2\n", must},
	{"words", "a: true\nb: False\nc: TRUE\nd: null\ne: Null\nf: ~\ng: yes\nh: no\ni: on\nj: off\nk: y\nl: n\nm: tRUE\n", must},
	{"timestamps", "a: 2011-12-31\nb: 2011-12-31T10:00:00Z\nc: 2011-13-45\nd: 2011-12-31 10:00:00\ne: 20111-1-1\n", must},
	{"numeric keys", "2011: a\n1.5: b\ntrue: c\n", must},
	{"colons in plain", "a: http://x/y\nb: 12:30\nc: a:b\n", must},
	{"hash in plain", "a: x#y\nb: C# and F#\n", must},
	{"brackets in block plain", "a: x[1]\nb: y{2}, z\n", must},
	{"dash plain", "a: -x\nb: --\nc: -1\n", must},
	{"duplicate keys", "a: 1\na: 2\n", must},
	{"long value", "a: " + strings.Repeat("x", 5000) + "\n", must},

	{"empty", "", never},
	{"only comments", "# nothing\n", never},
	{"only marker", "---\n", never},
	{"two documents", "a: 1\n---\nb: 2\n", never},
	{"document end", "a: 1\n...\n", never},
	{"directive", "%YAML 1.2\n---\na: 1\n", never},
	{"anchor", "a: &x 1\nb: *x\n", never},
	{"tag", "a: !!str 1\n", never},
	{"literal", "a: |\n  x\n", never},
	{"folded", "a: >\n  x\n", never},
	{"multi-line plain", "a: x\n  y\n", never},
	{"multi-line quoted", "a: \"x\n  y\"\n", never},
	{"complex key", "? a\n: 1\n", never},
	{"implicit null", "a:\nb: 1\n", never},
	{"implicit null at end", "a: 1\nb:\n", never},
	{"flow implicit null", "a: {b: }\n", never},
	{"flow key only", "a: {b}\n", never},
	{"tab indent", "a:\n\t- x\n", never},
	{"tab in value", "a: x\ty\n", never},
	{"bom", "\ufeffa: 1\n", never},
	{"merge key", "<<: {a: 1}\n", never},
	{"root list", "- a\n", never},
	{"root scalar", "a\n", never},
	{"bad indent", "a:\n    b: 1\n  c: 2\n", never},
	{"more indented after value", "a: 1\n  b: 2\n", never},
	{"multi-line flow", "a: [1,\n  2]\n", never},
	{"trailing comma", "a: [1, 2,]\n", never},
	{"flow pair in list", "a: [b: c]\n", never},
	{"scalar below key", "a:\n  1\n", never},
	{"compact nested mapping", "a: b: c\n", never},
	{"quote then text", "a: \"b\"c\n", never},
	{"slash escape", "a: \"\\/\"\n", never},
	{"surrogate escape", "a: \"\\ud800\"\n", never},
	{"lone cr", "a: 1\rb: 2\n", never},
	{"long key", strings.Repeat("k", 1100) + ": 1\n", never},
	{"comment in flow", "a: [1, # no\n  2]\n", never},
	{"nel", "a: x\u0085y\n", never},
	// Found by FuzzReadYAMLFast: "..." ends a document even on the
	// first line.
	{"fuzz: document end first", "... : 0", never},
	{"fuzz: document end first, no space", "...: 0", never},
}

func TestReadYAMLFastCases(t *testing.T) {
	for _, c := range yamlFastCases {
		t.Run(c.name, func(t *testing.T) {
			checkFastCase(t, []byte(c.data), "yaml", c.accept)
		})
	}
}

func checkFastCase(t *testing.T, data []byte, syntax string, accept acceptance) {
	t.Helper()
	accepted, err := checkFast(data, syntax)
	if err != nil {
		t.Fatalf("%s\ninput: %q", err, data)
	}
	switch {
	case accept == must && !accepted:
		t.Fatalf("declined, want read fast\ninput: %q", data)
	case accept == never && accepted:
		t.Fatalf("read fast, want declined\ninput: %q", data)
	}
}

// TestReadYAMLFastFiles checks the fast reader on every YAML file the
// project carries: the default report must be read fast, and no file may
// be read differently from yaml.v3.
func TestReadYAMLFastFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.y*ml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "default/east_west_2011.yml")
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			accept := maybe
			if strings.HasPrefix(f, "default/") || strings.Contains(f, "/good/") {
				accept = must
			}
			checkFastCase(t, data, "yaml", accept)
		})
	}
}

// TestPlainASCII8 checks the eight-bytes-at-a-time test of fastYAMLText
// against the byte-at-a-time one, for every byte in every position.
func TestPlainASCII8(t *testing.T) {
	for pos := range 8 {
		for b := range 256 {
			word := []byte("abcdefgh")
			word[pos] = byte(b)
			w := uint64(0)
			for i := 7; i >= 0; i-- {
				w = w<<8 | uint64(word[i])
			}
			want := b >= 0x20 && b < 0x7f
			if got := plainASCII8(w); got != want {
				t.Errorf("byte %#x at %d: %v, want %v", b, pos, got, want)
			}
		}
	}
}

// TestReadYAMLFastEncoderOutput checks that what yaml.v3's encoder
// writes, the likely shape of a large generated file besides flow
// figures, is read fast: block style, 4-space indents, quoted strings
// that would otherwise read as numbers.
func TestReadYAMLFastEncoderOutput(t *testing.T) {
	type figure struct {
		County string  `yaml:"county"`
		Year   string  `yaml:"year"`
		Value  float64 `yaml:"value"`
	}
	type metric struct {
		Name    string   `yaml:"name"`
		Help    string   `yaml:"help"`
		Labels  []string `yaml:"labels"`
		Figures []figure `yaml:"figures"`
	}
	type file struct {
		Source  map[string]string `yaml:"source"`
		Metrics []metric          `yaml:"metrics"`
	}
	f := file{
		Source: map[string]string{"title": "Yearbook: 2011", "publisher": "Bureau #3"},
		Metrics: []metric{{
			Name: "aid_yuan", Help: "Aid, in yuan: 'cash' and \"kind\".", Labels: []string{"county", "year"},
			Figures: []figure{{"县1", "2011", 840264000}, {"true", "2012", 1.5e-7}, {"", "0x1F", -0.5}},
		}},
	}
	data, err := yaml.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	checkFastCase(t, data, "yaml", must)
}

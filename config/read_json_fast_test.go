package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// jsonFastCases are valid JSON texts written to show each rule of the
// fast JSON reader.
var jsonFastCases = []fastCase{
	{"minimal", `{"a": 1}`, must},
	{"empty object", `{}`, must},
	{"empty collections", `{"a": {}, "b": [], "c": [{}, []]}`, must},
	{"compact", `{"a":1,"b":[1,2,{"c":"d"}]}`, must},
	{"spread over lines", "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\":\n    \"x\"\n}\n", must},
	{"leading lines", "\n\n{\"a\": 1}\n\n", must},
	{"crlf", "{\r\n\"a\": 1,\r\n\"b\": [\r\n2]\r\n}\r\n", must},
	{"lone cr", "{\r\"a\": 1,\r\"b\": 2}", must},
	{"tabs inside", "{\n\t\"a\": 1,\n\t\"b\": [\t2 ]\n}", must},
	{"tab before top", "\t{\"a\": 1}", must},
	{"words", `{"t": true, "f": false, "n": null}`, must},
	{"numbers", `{"a": 0, "b": -0, "c": 1.0, "d": 1e3, "e": 1E+3, "f": -1.5e-3, "g": 123456789012345678, "h": 0.1, "i": 1e400, "j": -1e-400}`, must},
	{"strings", `{"a": "", "b": "x y", "c": "  pad  ", "d": "2011", "e": "true", "f": "# not a comment", "g": "a: b", "h": "- x"}`, must},
	{"escapes", `{"a": "\"\\\/\b\f\n\r\t", "b": "\u0041\u00e9\u4e2d\u0000", "c": "x\ny"}`, must},
	{"unicode", `{"名前": "值", "b": "東西 ☃ 😀"}`, must},
	{"duplicate keys", `{"a": 1, "a": 2}`, must},
	{"nested", `{"a": {"b": {"c": [[[]]]}}}`, must},
	{"long value", `{"a": "` + strings.Repeat("x", 5000) + `"}`, must},

	{"top array", `[1]`, never},
	{"top string", `"a"`, never},
	{"top number", `1`, never},
	{"surrogates", `{"a": "\ud83d\ude00"}`, never},
	{"long integer", `{"a": 1234567890123456789}`, never},
	{"line separator", "{\"a\": \"x\u2028y\"}", never},
	{"next line", "{\"a\": \"x\u0085y\"}", never},
	{"long key", `{"` + strings.Repeat("k", 1100) + `": 1}`, never},
	{"key then line", "{\"a\"\n: 1}", never},
}

func TestReadJSONFastCases(t *testing.T) {
	for _, c := range jsonFastCases {
		t.Run(c.name, func(t *testing.T) {
			if !json.Valid([]byte(c.data)) {
				t.Fatalf("not valid JSON: %q", c.data)
			}
			checkFastCase(t, []byte(c.data), "json", c.accept)
		})
	}
}

// TestReadJSONFastFiles checks the fast reader on every valid JSON file
// the project carries.
func TestReadJSONFastFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(data) {
				t.Skip("not valid JSON: read by the slow path for its error")
			}
			checkFastCase(t, data, "json", must)
		})
	}
}

// TestReadJSONFastDeclinesInvalidJSON: the loader skips json.Valid when
// the fast reader accepts a file, so the reader must decline every text
// that is not JSON, numbers outside JSON's grammar included.
func TestReadJSONFastDeclinesInvalidJSON(t *testing.T) {
	for _, s := range []string{
		`{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":"x` + "\t" + `"}`, `{"a":[1,]}`, `{"a":tru}`,
		`{"a":1}}`, `{"a" 1}`, `{'a':1}`, `{"a":-}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":+1}`,
		`{"a":.5}`, `{"a":nul}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":"` + "\x01" + `"}`, `{"a":"\u12"}`,
		`{"a":1}x`, `{"a":1}//c`, `{"a":NaN}`, `{"a":1.2.3}`, `{"a":-01}`, `{"a":1e+}`, `{"a":0x10}`,
		`{"a":Infinity}`, `{"a":1_000}`, `{"a":truex}`, `{"a":[1 2]}`, `{"a":{"b"}}`, `{,}`, `{"a":1,,"b":2}`,
	} {
		if json.Valid([]byte(s)) {
			t.Fatalf("%q is valid JSON: the case is wrong", s)
		}
		if _, ok := readJSONFast([]byte(s)); ok {
			t.Errorf("%q is not JSON, and was read", s)
		}
	}
}

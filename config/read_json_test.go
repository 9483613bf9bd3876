package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkJSONReader reads data with readJSON and with encoding/json, and
// returns an error saying how they differ: the same acceptance, and for
// an accepted text the same values in the same order. readJSON refuses,
// where encoding/json takes them, only what figures files refuse on
// purpose: a key twice in one object, text that is not UTF-8 (raw, or as
// an escaped half of a surrogate pair, which encoding/json replaces with
// U+FFFD), and nesting deeper than maxDepth.
func checkJSONReader(data []byte) error {
	var problems problemList
	doc := readJSON(data, &problems)
	valid := json.Valid(data)
	switch {
	case doc != nil && !valid:
		return errors.New("accepted, but encoding/json finds it invalid")
	case doc == nil && len(problems.list) != 1:
		return fmt.Errorf("refused with %d problems, want 1: %v", len(problems.list), problems.list)
	case doc == nil && problems.list[0].Line < 1:
		return fmt.Errorf("refused without a line: %v", problems.list[0])
	case doc == nil && valid:
		msg := problems.list[0].Msg
		for _, why := range []string{"appears twice in one object", "nested more than", "invalid UTF-8", "surrogate"} {
			if strings.Contains(msg, why) {
				return nil
			}
		}
		return fmt.Errorf("refused valid JSON: %v", problems.list[0])
	case doc == nil:
		return nil
	}
	if diff := sameAsJSON(doc, data); diff != "" {
		return fmt.Errorf("not what encoding/json reads: %s", diff)
	}
	return nil
}

// jsonCases are valid JSON texts, each showing a rule of JSON: every one
// is read as encoding/json reads it. Those the earlier reader left to
// yaml.v3 (and yaml.v3 refused or read otherwise) are among them.
var jsonCases = []string{
	`{"a": 1}`,
	`{}`,
	`{"a": {}, "b": [], "c": [{}, []]}`,
	`{"a":1,"b":[1,2,{"c":"d"}]}`,
	"{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\":\n    \"x\"\n}\n",
	"\n\n{\"a\": 1}\n\n",
	"{\r\n\"a\": 1,\r\n\"b\": [\r\n2]\r\n}\r\n",
	"{\r\"a\": 1,\r\"b\": 2}",
	"{\n\t\"a\": 1,\n\t\"b\": [\t2 ]\n}",
	"\t{\"a\": 1}",
	`{"t": true, "f": false, "n": null}`,
	`{"a": 0, "b": -0, "c": 1.0, "d": 1e3, "e": 1E+3, "f": -1.5e-3, "g": 123456789012345678, "h": 0.1, "i": 1e400, "j": -1e-400}`,
	`{"a": "", "b": "x y", "c": "  pad  ", "d": "2011", "e": "true", "f": "# not a comment", "g": "a: b", "h": "- x"}`,
	`{"a": "\"\\\/\b\f\n\r\t", "b": "\u0041\u00e9\u4e2d\u0000", "c": "x\ny"}`,
	`{"名前": "值", "b": "東西 ☃ 😀"}`,
	`{"a": {"b": {"c": [[[]]]}}}`,
	`{"a": "` + strings.Repeat("x", 5000) + `"}`,
	`[1]`, `"a"`, `1`, `null`,
	`{"a": "\ud83d\ude00"}`,
	`{"url": "http:\/\/example.org", "n": 1234567890123456789}`,
	`{"a": 1234567890123456789012345678901234567890}`,
	"{\"a\": \"x\u2028y\"}",
	"{\"a\": \"x\u0085y\"}",
	`{"` + strings.Repeat("k", 1100) + `": 1}`,
	"{\"a\"\n: 1}",
	"{\"a\"\n:\n1\n,\n\"b\"\n:\n2}",
	"{" + strings.Repeat(`"k`+"\x00"+`": 1, `, 0) + `"k01": 1, "k02": 1, "k03": 1, "k04": 1, "k05": 1, "k06": 1, "k07": 1, "k08": 1, "k09": 1, "k10": 1, "k11": 1, "k12": 1, "k13": 1, "k14": 1, "k15": 1, "k16": 1, "k17": 1, "k18": 1}`,
	"{\"a\": " + strings.Repeat("[", maxDepth-1) + strings.Repeat("]", maxDepth-1) + "}",
}

func TestReadJSONCases(t *testing.T) {
	for _, c := range jsonCases {
		if !json.Valid([]byte(c)) {
			t.Fatalf("not valid JSON: %q", c)
		}
		var problems problemList
		if readJSON([]byte(c), &problems) == nil {
			t.Errorf("%.60q refused: %v", c, problems.list)
			continue
		}
		if err := checkJSONReader([]byte(c)); err != nil {
			t.Errorf("%.60q: %v", c, err)
		}
	}
}

// TestReadJSONFiles reads every JSON file the project carries as
// encoding/json reads it, or refuses it as encoding/json does.
func TestReadJSONFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no JSON file in testdata")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(data) {
			if err := checkJSONReader(data); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// TestReadJSONRefusesWhatIsNotJSON: each text is refused, with the line
// and column where it stops being JSON.
func TestReadJSONRefusesWhatIsNotJSON(t *testing.T) {
	for _, c := range []struct {
		data      string
		line, col int
	}{
		{`{"a":1,}`, 1, 7}, {`{"a":01}`, 1, 7}, {`{"a":1.}`, 1, 8}, {"{\"a\":\"x\t\"}", 1, 8},
		{`{"a":[1,]}`, 1, 8}, {`{"a":tru}`, 1, 9}, {`{"a":1}}`, 1, 8}, {`{"a" 1}`, 1, 6},
		{`{'a':1}`, 1, 2}, {`{"a":-}`, 1, 7}, {`{"a":1e}`, 1, 8}, {`{"a":"\x"}`, 1, 7},
		{`{"a":+1}`, 1, 6}, {`{"a":.5}`, 1, 6}, {`{a:1}`, 1, 2}, {`{"a":1 "b":2}`, 1, 8},
		{`{"a":"\u12"}`, 1, 7}, {`{"a":1}x`, 1, 8}, {`{"a":1}//c`, 1, 8}, {`{"a":NaN}`, 1, 6},
		{`{"a":1.2.3}`, 1, 9}, {`{"a":0x10}`, 1, 7}, {`{"a":[1 2]}`, 1, 9}, {`{,}`, 1, 2},
		{"{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}", 3, 13},
		{"{\"a\": \"ü\",\n \"é\": x}", 2, 7},
		{`{"a": 1} {"b": 2}`, 1, 10},
		{`{"a": 1`, 1, 8},
		{``, 1, 1},
		{"  \n ", 2, 2},
		{`{"a": "\ud800"}`, 1, 8},
		{"{\"a\": \"\xff\"}", 1, 8},
	} {
		var problems problemList
		if readJSON([]byte(c.data), &problems) != nil {
			t.Errorf("%q was read, want refused", c.data)
			continue
		}
		if len(problems.list) != 1 {
			t.Errorf("%q: %d problems, want 1: %v", c.data, len(problems.list), problems.list)
			continue
		}
		p := problems.list[0]
		if want := fmt.Sprintf("invalid JSON at column %d: ", c.col); p.Line != c.line || !strings.HasPrefix(p.Msg, want) {
			t.Errorf("%q: line %d: %s\nwant line %d, %s…", c.data, p.Line, p.Msg, c.line, want)
		}
	}
}

// TestJSONDuplicateKeysNameBothPlaces: a key given twice in one object is
// refused (JSON leaves it to the reader, and encoding/json keeps the
// last: a figure would silently change), naming both places.
func TestJSONDuplicateKeysNameBothPlaces(t *testing.T) {
	var many strings.Builder
	many.WriteString("{\n")
	for i := range 40 {
		fmt.Fprintf(&many, "\"k%d\": 1,\n", i)
	}
	many.WriteString(" \"k7\": 2}")
	for _, c := range []struct {
		data string
		want string
		line int
	}{
		{`{"a": 1, "a": 2}`, `invalid JSON at column 10: key "a" appears twice in one object: first at line 1 column 2`, 1},
		{"{\"metrics\": [{\"name\": \"a\",\n  \"help\": \"h\",\n   \"name\": \"b\"}]}", `invalid JSON at column 4: key "name" appears twice in one object: first at line 1 column 15`, 3},
		{`{"a": {"x": 1}, "b": {"x": 1}, "é": 1, "\u00e9": 2}`, `invalid JSON at column 40: key "é" appears twice in one object: first at line 1 column 32`, 1},
		{many.String(), `invalid JSON at column 2: key "k7" appears twice in one object: first at line 9 column 1`, 42},
	} {
		var problems problemList
		if readJSON([]byte(c.data), &problems) != nil || len(problems.list) != 1 {
			t.Errorf("%q: read, or not one problem: %v", c.data, problems.list)
			continue
		}
		if p := problems.list[0]; p.Line != c.line || p.Msg != c.want {
			t.Errorf("%q:\ngot  line %d: %s\nwant line %d: %s", c.data, p.Line, p.Msg, c.line, c.want)
		}
	}
}

// TestJSONLoadsWhatYAMLRefused: the files of the issue that the earlier
// reader refused, or refused depending on unrelated content, now load:
// an emoji as Python writes it, PHP's \/ beside a 19-digit integer.
func TestJSONLoadsWhatYAMLRefused(t *testing.T) {
	data := `{"source": {"title": "r", "url": "http:\/\/example.org\/r"},
 "metrics": [{"name": "big", "help": "Big \ud83d\ude00", "labels": ["year"],
  "figures": [{"year": 2011, "value": 1234567890123456789}, {"year": "2012", "value": 12345678901234567890123}]}]}`
	set, err := Parse("f.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	m := set.Metrics[0]
	if m.Help != "Big 😀" || set.Sources[0].URL != "http://example.org/r" {
		t.Errorf("help %q, url %q", m.Help, set.Sources[0].URL)
	}
	if f := m.Figures[0]; f.LabelValues[0] != "2011" || f.Value != 1234567890123456789 {
		t.Errorf("first figure: %v %v", f.LabelValues, f.Value)
	}
	if f := m.Figures[1]; f.LabelValues[0] != "2012" || f.Value != 12345678901234567890123 {
		t.Errorf("second figure: %v %v", f.LabelValues, f.Value)
	}
}

// FuzzReadJSON is the differential target of the JSON reader: whatever
// the input, readJSON and encoding/json accept alike and read the same
// values (checkJSONReader says where they may differ, and why).
func FuzzReadJSON(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c))
	}
	addFiles(f, "testdata/*/*.json")
	f.Add([]byte(`{"a": 1, "a": 2}`))
	f.Add([]byte(`{"a": "\ud800"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := checkJSONReader(data); err != nil {
			t.Fatalf("%s\ninput: %q", err, data)
		}
	})
}

package config

import (
	"errors"
	"strings"
	"testing"
)

// TestRefusesTextThatIsNotUTF8 holds every syntax to one rule: bytes that
// are not UTF-8 never reach a Set, and the problem says where they are.
func TestRefusesTextThatIsNotUTF8(t *testing.T) {
	cases := []struct {
		name, data string
		line       int
		want       string
	}{
		{"latin1.yml", "metrics:\n  - name: a\n    help: caf\xe9\n    labels: [l]\n    figures:\n      - {l: v, value: 1}\n", 3, "byte 0xE9 at offset 34"},
		{"label.json", "{\"metrics\":[{\"name\":\"a\",\"help\":\"h\",\"labels\":[\"l\"],\n\"figures\":[{\"l\":\"\xff\",\"value\":1}]}]}", 2, "byte 0xFF"},
		{"gbk.toml", "[[metrics]]\nname = \"a\"\nhelp = \"\xb9\xe3\xb6\xab\"\nlabels = [\"l\"]\n[[metrics.figures]]\nl = \"v\"\nvalue = 1\n", 3, "byte 0xB9"},
		{"utf16.yml", "\xff\xfem\x00e\x00", 1, "UTF-16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := onlyProblem(t, c.name, c.data)
			if p.Line != c.line || !strings.Contains(p.Msg, c.want) {
				t.Errorf("got %v, want line %d and a message with %q", p, c.line, c.want)
			}
			if !strings.Contains(p.Msg, "UTF") {
				t.Errorf("the message does not say what is expected: %v", p)
			}
		})
	}
}

// TestRefusesEscapedSurrogates covers the other way to make invalid UTF-8:
// a JSON or YAML escape of half a surrogate pair. The decoders refuse it.
func TestRefusesEscapedSurrogates(t *testing.T) {
	for name, data := range map[string]string{
		"half.json": `{"metrics":[{"name":"a","help":"x\udc00","labels":["l"],"figures":[{"l":"v","value":1}]}]}`,
		"half.yml":  "metrics:\n  - name: a\n    help: \"x\\ud800\"\n    labels: [l]\n    figures:\n      - {l: v, value: 1}\n",
		"half.toml": "[[metrics]]\nname = \"a\"\nhelp = \"x\\udc00\"\nlabels = [\"l\"]\n[[metrics.figures]]\nl = \"v\"\nvalue = 1\n",
	} {
		p := onlyProblem(t, name, data)
		if msg := strings.ToLower(p.Msg); !strings.Contains(msg, "unicode") && !strings.Contains(msg, "surrogate") {
			t.Errorf("%s: %v does not say the escape is not Unicode", name, p)
		}
	}
}

// TestRefusesControlCharacters: escapes can put control characters into a
// help or a label value; they are refused with their place.
func TestRefusesControlCharacters(t *testing.T) {
	cases := []struct {
		name, data, path, char string
	}{
		{"nul.yml", "metrics:\n  - name: a\n    help: \"x\\0y\"\n    labels: [l]\n    figures:\n      - {l: v, value: 1}\n", "metrics[0].help", "U+0000"},
		{"cr.json", `{"metrics":[{"name":"a","help":"h","labels":["l"],"figures":[{"l":"v\r","value":1}]}]}`, "metrics[0].figures[0].l", "U+000D"},
		{"esc.toml", "[[metrics]]\nname = \"a\"\nhelp = \"h\"\nlabels = [\"l\"]\n[[metrics.figures]]\nl = \"\\u001b[31m\"\nvalue = 1\n", "metrics[0].figures[0].l", "U+001B"},
		{"c1.yml", "source:\n  publisher: p\n  title: \"t\\x85\"\nmetrics:\n  - name: a\n    help: h\n    labels: [l]\n    figures:\n      - {l: v, value: 1}\n", "source.title", "U+0085"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := onlyProblem(t, c.name, c.data)
			if p.Path != c.path || !strings.Contains(p.Msg, c.char) || !strings.Contains(p.Msg, "printable") {
				t.Errorf("got %v, want %s at %s", p, c.char, c.path)
			}
		})
	}
}

// TestKeepsTextThatNeedsEscaping: quotes, backslashes, newlines, tabs,
// markup and any script are text, kept exactly, for the exporter to escape
// in each output.
func TestKeepsTextThatNeedsEscaping(t *testing.T) {
	data := "metrics:\n  - name: a\n    help: \"say \\\"hi\\\" \\\\ <script>alert(1)</script>\\nnext\\tline\"\n    labels: [l]\n    figures:\n      - {l: \"广东 \\\"q\\\" \\\\ \\n</td>\", value: 1}\n"
	set, err := Parse("ok.yml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := set.Metrics[0].Help, "say \"hi\" \\ <script>alert(1)</script>\nnext\tline"; got != want {
		t.Errorf("help = %q, want %q", got, want)
	}
	if got, want := set.Metrics[0].Figures[0].LabelValues[0], "广东 \"q\" \\ \n</td>"; got != want {
		t.Errorf("label = %q, want %q", got, want)
	}
}

func onlyProblem(t *testing.T, name, data string) Problem {
	t.Helper()
	_, err := Parse(name, []byte(data))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("%s loaded, want a problem (err %v)", name, err)
	}
	if len(ps) != 1 {
		t.Errorf("%s: %d problems, want 1:\n%v", name, len(ps), ps)
	}
	if ps[0].File != name {
		t.Errorf("problem names %q, want %q", ps[0].File, name)
	}
	return ps[0]
}

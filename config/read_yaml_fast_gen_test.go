package config

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// fastGenScalars are scalars of every kind the fast reader resolves, for
// generated documents.
var fastGenScalars = []string{
	"x", "county_00001", "a b c", "840.264 million", "1,012.71", "21.8%", "84026.4万",
	"0", "-7", "+7", "0777", "09", "0x1F", "0o17", "0b101", "1_000", "12345.5", "1e3", ".5",
	"-.inf", ".NaN", "1e400", "99999999999999999999", "true", "False", "null", "~", "yes",
	"2011-12-31", "2011-12-31 10:00:00", "http://x/y", "C# and F#", "-x", "x[1]",
	`"2011"`, `""`, `"a\tb\u00e9"`, `'it''s'`, `''`, `" pad "`, "名前", "café",
}

// genYAML writes a random document of the subset the fast reader takes.
type genYAML struct {
	rnd  *rand.Rand
	b    strings.Builder
	crlf bool
}

func (g *genYAML) nl() {
	if g.rnd.IntN(8) == 0 {
		g.b.WriteString(" # c")
	}
	if g.crlf {
		g.b.WriteString("\r")
	}
	g.b.WriteString("\n")
	switch g.rnd.IntN(10) {
	case 0:
		g.b.WriteString("\n")
	case 1:
		g.b.WriteString(strings.Repeat(" ", g.rnd.IntN(6)) + "# comment\n")
	}
}

func (g *genYAML) scalar(flow bool) string {
	for {
		s := fastGenScalars[g.rnd.IntN(len(fastGenScalars))]
		if flow && (strings.ContainsAny(s, ",[]{}#:") && s[0] != '"' && s[0] != '\'') {
			continue
		}
		return s
	}
}

func (g *genYAML) flow(depth int) string {
	n := g.rnd.IntN(4)
	parts := make([]string, n)
	mapping := g.rnd.IntN(2) == 0
	for i := range parts {
		v := g.scalar(true)
		if depth < 2 && g.rnd.IntN(4) == 0 {
			v = g.flow(depth + 1)
		}
		if mapping {
			v = g.scalar(true) + ": " + v
		}
		parts[i] = v
	}
	if mapping {
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// value writes what follows "key:" or "-" of a collection at indent.
func (g *genYAML) value(indent, depth int, inMapping bool) {
	switch r := g.rnd.IntN(6); {
	case depth > 3 || r < 2:
		g.b.WriteString(" " + g.scalar(false))
		g.nl()
	case r == 2:
		g.b.WriteString(" " + g.flow(0))
		g.nl()
	case r == 3:
		g.nl()
		g.mapping(indent+1+g.rnd.IntN(3), depth+1)
	default:
		g.nl()
		in := indent + 1 + g.rnd.IntN(3)
		if inMapping && g.rnd.IntN(2) == 0 {
			in = indent
		}
		g.sequence(in, depth+1)
	}
}

func (g *genYAML) mapping(indent, depth int) {
	for i := range 1 + g.rnd.IntN(3) {
		if i > 0 || !strings.HasSuffix(g.b.String(), "- ") {
			g.b.WriteString(strings.Repeat(" ", indent))
		}
		g.b.WriteString(g.scalar(false) + ":")
		g.value(indent, depth, true)
	}
}

func (g *genYAML) sequence(indent, depth int) {
	for range 1 + g.rnd.IntN(3) {
		g.b.WriteString(strings.Repeat(" ", indent) + "-")
		if depth < 4 && g.rnd.IntN(4) == 0 {
			g.b.WriteString(" ")
			g.mapping(indent+2, depth+1)
			continue
		}
		g.value(indent, depth, false)
	}
}

// TestReadYAMLFastGenerated checks the fast reader on random documents of
// the subset it reads: mutation fuzzing mostly makes what it declines,
// these make what it must accept, and it must agree with yaml.v3 on them.
func TestReadYAMLFastGenerated(t *testing.T) {
	accepted := 0
	const docs = 3000
	for seed := range uint64(docs) {
		g := genYAML{rnd: rand.New(rand.NewPCG(seed, 1)), crlf: seed%5 == 0}
		if seed%3 == 0 {
			g.b.WriteString("---\n")
		}
		g.mapping(g.rnd.IntN(2), 0)
		data := []byte(g.b.String())
		ok, err := checkFast(data, "yaml")
		if err != nil {
			t.Fatalf("seed %d: %s\ninput:\n%s", seed, err, data)
		}
		if ok {
			accepted++
		}
	}
	// Duplicate keys and keys that are not text are still YAML; only a
	// few generated documents may be declined (a "<<"-free generator
	// cannot make one the fast reader must refuse).
	t.Logf("%d of %d read fast", accepted, docs)
	if accepted < docs*9/10 {
		t.Errorf("%d of %d generated documents read fast, want nearly all", accepted, docs)
	}
}

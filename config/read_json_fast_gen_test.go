package config

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// jsonGenAtoms are JSON values of every kind the fast reader reads.
var jsonGenAtoms = []string{
	`0`, `-0`, `7`, `-7`, `1.0`, `1.5e3`, `1E-3`, `123456789012345678`, `1e400`, `0.1`,
	`true`, `false`, `null`, `""`, `"x y"`, `"2011"`, `"true"`, `"a: b # c"`, `"- x"`,
	`"\"\\\/\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"名前"`, `"---"`, `"..."`,
}

// genJSON writes a random JSON text whose top level is an object.
type genJSON struct {
	rnd *rand.Rand
	b   strings.Builder
}

func (g *genJSON) space() {
	for range g.rnd.IntN(3) {
		g.b.WriteString([]string{" ", "\t", "\n", "\r\n", "  "}[g.rnd.IntN(5)])
	}
}

func (g *genJSON) value(depth int) {
	if depth > 3 || g.rnd.IntN(3) == 0 {
		g.b.WriteString(jsonGenAtoms[g.rnd.IntN(len(jsonGenAtoms))])
		return
	}
	g.collection(depth, g.rnd.IntN(2) == 0)
}

func (g *genJSON) collection(depth int, object bool) {
	open, closing := "[", "]"
	if object {
		open, closing = "{", "}"
	}
	g.b.WriteString(open)
	for i := range g.rnd.IntN(4) {
		if i > 0 {
			g.b.WriteString(",")
		}
		g.space()
		if object {
			g.b.WriteString(jsonGenAtoms[14+g.rnd.IntN(len(jsonGenAtoms)-14)])
			if g.rnd.IntN(2) == 0 {
				g.b.WriteString(" ")
			}
			g.b.WriteString(":")
			g.space()
		}
		g.value(depth + 1)
		g.space()
	}
	g.b.WriteString(closing)
}

// TestReadJSONFastGenerated checks the fast JSON reader on random JSON
// texts against encoding/json and, where it reads them, yaml.v3.
func TestReadJSONFastGenerated(t *testing.T) {
	const docs = 3000
	byYAML := 0
	for seed := range uint64(docs) {
		g := genJSON{rnd: rand.New(rand.NewPCG(seed, 3))}
		g.space()
		g.collection(0, true)
		g.space()
		data := []byte(g.b.String())
		if !json.Valid(data) {
			t.Fatalf("seed %d: generated invalid JSON %q", seed, data)
		}
		ok, err := checkFast(data, "json")
		if err != nil {
			t.Fatalf("seed %d: %s\ninput:\n%s", seed, err, data)
		}
		if !ok {
			t.Fatalf("seed %d: declined\ninput:\n%s", seed, data)
		}
		if _, err := decodeLikeParseYAML(data); err == nil {
			byYAML++
		}
	}
	// yaml.v3 refuses "\/" and a tab before the top object; the rest
	// must have been compared with it too.
	if byYAML < docs/3 {
		t.Errorf("yaml.v3 read %d of %d generated texts, want a third at least", byYAML, docs)
	}
}

package config

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// jsonGenAtoms are JSON values of every kind; the strings are keys too.
var jsonGenAtoms = []string{
	`0`, `-0`, `7`, `-7`, `1.0`, `1.5e3`, `1E-3`, `123456789012345678`, `1e400`, `0.1`,
	`true`, `false`, `null`, `""`, `"x y"`, `"2011"`, `"true"`, `"a: b # c"`, `"- x"`,
	`"\"\\\/\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"名前"`, `"---"`, `"..."`, `"\ud83d\ude00"`, `"http:\/\/example.org"`,
	`12345678901234567890123`, `-1e-400`, `"\u2028\u0085"`,
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
	var keys []string
	for i := range g.rnd.IntN(4) {
		if i > 0 {
			g.b.WriteString(",")
		}
		g.space()
		if object {
			// A string not yet a key of this object: figures files
			// refuse duplicate keys, which encoding/json takes.
			key := `"` + strconv.Itoa(i) + `"`
			if a := jsonGenAtoms[g.rnd.IntN(len(jsonGenAtoms))]; a[0] == '"' && !slices.Contains(keys, a) {
				key = a
			}
			keys = append(keys, key)
			g.b.WriteString(key)
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

// TestReadJSONGenerated holds the JSON reader to encoding/json on random
// JSON texts: the same values, in the same order.
func TestReadJSONGenerated(t *testing.T) {
	for seed := range uint64(3000) {
		g := genJSON{rnd: rand.New(rand.NewPCG(seed, 3))}
		g.space()
		g.collection(0, true)
		g.space()
		data := []byte(g.b.String())
		if !json.Valid(data) {
			t.Fatalf("seed %d: generated invalid JSON %q", seed, data)
		}
		if err := checkJSONReader(data); err != nil {
			t.Fatalf("seed %d: %s\ninput:\n%s", seed, err, data)
		}
	}
}

package config

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadYAMLFast checks the fast YAML reader against yaml.v3: whatever
// it accepts, yaml.v3 must read as the same mapping, node for node.
func FuzzReadYAMLFast(f *testing.F) {
	for _, c := range yamlFastCases {
		f.Add([]byte(c.data))
	}
	addFiles(f, "testdata/*/*.y*ml", "default/*.yml")
	// Generated documents the reader accepts, for mutations near them.
	for seed := range uint64(40) {
		g := genYAML{rnd: rand.New(rand.NewPCG(seed, 2)), crlf: seed%5 == 0}
		g.mapping(0, 0)
		f.Add([]byte(g.b.String()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := checkFast(data, "yaml"); err != nil {
			t.Fatalf("%s\ninput: %q", err, data)
		}
	})
}

func addFiles(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, err := filepath.Glob(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

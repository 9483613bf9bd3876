package config_test

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestFastReadersLoadAsYAMLv3 holds a whole load through the fast readers
// to a load through yaml.v3 alone: the same Set, or the same problems, for
// every figures file in testdata (good and bad, single and multi-file),
// the embedded report, and synthetic files in YAML and JSON. The readers'
// own tests compare documents node by node; this compares what users see.
func TestFastReadersLoadAsYAMLv3(t *testing.T) {
	var paths []string
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yml", ".yaml", ".json", ".toml":
			if !d.IsDir() {
				paths = append(paths, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	paths = append(paths, filepath.Join("default", "east_west_2011.yml"))
	dir := t.TempDir()
	for _, size := range []int{30, 10_000} {
		for ext, write := range map[string]func(path string, n int) error{
			"yml":  func(path string, n int) error { return synth.WriteFile(path, n, synth.WriteYAML) },
			"json": func(path string, n int) error { return synth.WriteFile(path, n, synth.WriteJSON) },
		} {
			path := filepath.Join(dir, "synth_"+strconv.Itoa(size)+"."+ext)
			if err := write(path, size); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
	}
	if len(paths) < 50 {
		t.Fatalf("found only %d figures files in testdata: the walk is broken", len(paths))
	}
	for _, path := range paths {
		fast, fastErr := config.Load(path, config.Options{})
		slow, slowErr := config.LoadWithYAMLv3(path)
		if errString(fastErr) != errString(slowErr) {
			t.Errorf("%s: the fast readers say\n%v\nyaml.v3 says\n%v", path, fastErr, slowErr)
			continue
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: the fast readers and yaml.v3 load different sets", path)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

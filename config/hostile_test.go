package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/hostile"
)

// Loading a file takes a heap of at most heapPerByte bytes per byte of the
// file plus heapAllowance, whatever the file holds: the bound
// TestHostileFilesLoadWithinMemory and FuzzLoadWithinMemory hold, stated
// in docs/robustness.md.
//
// YAML that the fast reader leaves to yaml.v3 (anchors and aliases, tags,
// block scalars, multi-line plain scalars) is held to yamlV3HeapPerByte
// instead: yaml.v3 builds a tree of nodes of about 200 bytes each, and a
// file of figures read that way takes about 50 times its size.
const (
	heapPerByte       = 24
	yamlV3HeapPerByte = 64
	heapAllowance     = 64 << 20
)

// heapBound is the most heap loading data, named name, may take.
func heapBound(name string, data []byte) uint64 {
	perByte := heapPerByte
	if ext := filepath.Ext(name); ext == ".yml" || ext == ".yaml" {
		if fast, _ := config.CheckFast(data, "yaml"); !fast {
			perByte = yamlV3HeapPerByte
		}
	}
	return uint64(perByte*len(data) + heapAllowance)
}

// peakHeap runs load and returns the most heap it held meanwhile beyond
// what was held before, and what it allocated in all: the heap (live
// objects and garbage not yet swept, as runtime/metrics counts it) is
// sampled every 100 µs while load runs.
func peakHeap(load func()) (peak, alloc uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	base := heap()
	done := make(chan struct{})
	peaks := make(chan uint64)
	go func() {
		var top uint64
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			top = max(top, heap())
			select {
			case <-done:
				peaks <- max(top, heap())
				return
			case <-tick.C:
			}
		}
	}()
	load()
	close(done)
	top := max(<-peaks, base)
	runtime.ReadMemStats(&after)
	return top - base, after.TotalAlloc - before.TotalAlloc
}

// TestHostileFilesLoadWithinMemory loads every hostile file in process:
// each gives its one expected problem (or loads, for the valid ones), and
// its peak heap stays within the stated bound.
func TestHostileFilesLoadWithinMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads files of up to 64 MB")
	}
	dir := t.TempDir()
	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(dir, c.Name)
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			limit, size := heapBound(path, data), len(data)
			data = nil
			var loadErr error
			peak, alloc := peakHeap(func() { _, loadErr = config.Load(path, config.Options{}) })
			if peak > limit {
				t.Errorf("loading %d bytes took a heap of %d, more than the bound %d", size, peak, limit)
			}
			t.Logf("%d bytes: peak heap %d (%.1f × the size), %d allocated (%.1f ×)", size, peak, float64(peak)/float64(size), alloc, float64(alloc)/float64(size))
			switch {
			case c.Valid() && loadErr != nil:
				t.Errorf("refused: %.500v", loadErr)
			case !c.Valid():
				var ps config.Problems
				if !errors.As(loadErr, &ps) {
					t.Fatalf("loaded, want %q", c.Want)
				}
				if !strings.Contains(ps[0].Msg, c.Want) {
					t.Errorf("first problem %.500v, want %q", ps[0], c.Want)
				}
			}
		})
	}
}

// FuzzLoadWithinMemory is the property of the bound: whatever the bytes,
// in any syntax, parsing them takes a heap within heapBound.
func FuzzLoadWithinMemory(f *testing.F) {
	for i, c := range hostile.Cases() {
		if i%3 == 0 && c.Name != "label_value_64mib.json" {
			path := filepath.Join(f.TempDir(), c.Name)
			if err := c.Make(path); err != nil {
				f.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(filepath.Ext(c.Name), data)
		}
	}
	f.Add(".yml", []byte("metrics:\n  - name: m\n    help: &h x\n    labels: [l]\n    figures: [{l: *h, value: 1}]\n"))
	f.Add(".json", []byte(`{"metrics": [{"name": "m", "help": "h", "labels": ["l"], "figures": [{"l": "\ud83d\ude00", "value": 1}]}]}`))
	f.Add(".toml", []byte("[[metrics]]\nname = \"m\"\nhelp = \"h\"\nlabels = [\"l\"]\nfigures = [{l = \"a\", value = 1}]\n"))
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		switch ext {
		case ".yml", ".json", ".toml":
		default:
			return
		}
		name := "f" + ext
		if peak, _ := peakHeap(func() { _, _ = config.Parse(name, data) }); peak > heapBound(name, data) {
			t.Fatalf("%d bytes of %s took a heap of %d, more than %d", len(data), ext, peak, heapBound(name, data))
		}
	})
}

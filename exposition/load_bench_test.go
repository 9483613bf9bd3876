package exposition

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// BenchmarkLoad measures what it takes to make a figures file servable:
// read, parse, validate (config.Load), then encode and compress what
// Prometheus asks for (Snapshot.Prepare), at 10k, 100k and 1M series, for
// YAML, JSON and CSV. It reports the two halves as load-s/op and
// prepare-s/op; MB/s is of the file holding the figures.
//
//	go test ./exposition -run '^$' -bench Load -benchtime 1x -timeout 30m
func BenchmarkLoad(b *testing.B) {
	for _, size := range []int{10_000, 100_000, 1_000_000} {
		for _, syntax := range []struct {
			name  string
			write func(path string, n int) error
		}{
			{"yml", func(path string, n int) error { return synth.WriteFile(path, n, synth.WriteYAML) }},
			{"json", func(path string, n int) error { return synth.WriteFile(path, n, synth.WriteJSON) }},
			// The main file declares the metrics; the figures are in
			// figures.csv beside it.
			{"csv", synth.WriteCSV},
		} {
			b.Run(fmt.Sprintf("series=%d/syntax=%s", size, syntax.name), func(b *testing.B) {
				ext := "." + syntax.name
				if syntax.name == "csv" {
					ext = ".yml"
				}
				path := filepath.Join(b.TempDir(), "figures"+ext)
				if err := syntax.write(path, size); err != nil {
					b.Fatal(err)
				}
				info, err := os.Stat(strings.TrimSuffix(path, ext) + "." + syntax.name)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(info.Size())
				b.ReportAllocs()
				var loading, preparing time.Duration
				for b.Loop() {
					start := time.Now()
					set, err := config.Load(path, config.Options{MaxFileBytes: 1 << 30})
					if err != nil {
						b.Fatal(err)
					}
					loaded := time.Now()
					if err := NewSnapshot(set).Prepare(); err != nil {
						b.Fatal(err)
					}
					loading += loaded.Sub(start)
					preparing += time.Since(loaded)
				}
				b.ReportMetric(loading.Seconds()/float64(b.N), "load-s/op")
				b.ReportMetric(preparing.Seconds()/float64(b.N), "prepare-s/op")
			})
		}
	}
}

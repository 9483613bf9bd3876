package exporter

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// BenchmarkLoad measures what it takes to make a figures file servable:
// read, parse, validate (config.Load), then encode and compress what
// Prometheus asks for (Snapshot.Prepare), at 10k, 100k and 1M series, for
// each syntax. It reports the two halves as load-s/op and prepare-s/op.
//
//	go test ./exporter -run '^$' -bench Load -benchtime 1x -timeout 30m
func BenchmarkLoad(b *testing.B) {
	for _, size := range []int{10_000, 100_000, 1_000_000} {
		for _, syntax := range []struct {
			ext   string
			write func(*bufio.Writer, int) error
		}{
			{".yml", func(w *bufio.Writer, n int) error { return synth.WriteYAML(w, n) }},
			{".json", func(w *bufio.Writer, n int) error { return synth.WriteJSON(w, n) }},
		} {
			b.Run(fmt.Sprintf("series=%d/syntax=%s", size, syntax.ext[1:]), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "figures"+syntax.ext)
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				w := bufio.NewWriter(f)
				if err := syntax.write(w, size); err != nil {
					b.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
				info, _ := f.Stat()
				f.Close()
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

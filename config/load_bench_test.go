package config_test

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// BenchmarkLoadMillion loads the synthetic file of a million series in
// each syntax the readers of documents take, with config.Load: reading,
// parsing and the schema walk. Run with
//
//	go test ./config -run '^$' -bench LoadMillion -benchmem -count 3 -timeout 30m
//
// ns/figure is per series; cpu-ns/figure is the process's CPU time (user
// and system, every thread: the garbage collector's too) per series,
// which a machine shared with other work disturbs much less than the
// elapsed time.
func BenchmarkLoadMillion(b *testing.B) {
	const series = 1_000_000
	for _, s := range synthSyntaxes {
		b.Run(s.syntax, func(b *testing.B) {
			path := synthFile(b, s.syntax, series, s.write)
			b.ReportAllocs()
			cpu := config.CPUTime()
			for b.Loop() {
				if _, err := config.Load(path, config.Options{MaxFileBytes: 1 << 30}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerFigure(b, series, cpu)
		})
	}
}

// reportPerFigure reports ns/figure and cpu-ns/figure (the CPU time used
// since cpu) of a benchmark of series figures.
func reportPerFigure(b *testing.B, series int, cpu time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(series), "ns/figure")
	b.ReportMetric(float64((config.CPUTime()-cpu).Nanoseconds())/float64(b.N)/float64(series), "cpu-ns/figure")
}

// synthFile writes the synthetic figures file of series in syntax with
// write, and returns its path.
func synthFile(b *testing.B, syntax string, series int, write func(io.Writer, int) error) string {
	path := filepath.Join(b.TempDir(), "figures."+syntax)
	if err := synth.WriteFile(path, series, write); err != nil {
		b.Fatal(err)
	}
	return path
}

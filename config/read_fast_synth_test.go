package config_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// synthSyntaxes are the synthetic files the fast readers are for.
var synthSyntaxes = []struct {
	syntax string
	write  func(io.Writer, int) error
}{
	{"yaml", synth.WriteYAML},
	{"json", synth.WriteJSON},
}

// TestReadFastSynth checks that the synthetic files, the shape of a large
// figures file, are read by the fast readers, and read as yaml.v3 reads
// them: were the fast path to stop applying to them, loading a large file
// would silently become several times slower.
func TestReadFastSynth(t *testing.T) {
	for _, s := range synthSyntaxes {
		for _, series := range []int{100, 1_000, 10_000} {
			var buf bytes.Buffer
			if err := s.write(&buf, series); err != nil {
				t.Fatal(err)
			}
			accepted, err := config.CheckFast(buf.Bytes(), s.syntax)
			if err != nil {
				t.Fatalf("%s, %d series: %v", s.syntax, series, err)
			}
			if !accepted {
				t.Fatalf("%s, %d series: declined by the fast reader", s.syntax, series)
			}
		}
	}
}

// BenchmarkReadFast reads the synthetic file of a million series with
// each fast reader alone (no schema walk). Run with
//
//	go test ./config -run '^$' -bench ReadFast -benchmem
//
// ns/figure and cpu-ns/figure are per series (see BenchmarkLoadMillion);
// MB/s is of the file.
func BenchmarkReadFast(b *testing.B) {
	const series = 1_000_000
	for _, s := range synthSyntaxes {
		b.Run(s.syntax, func(b *testing.B) {
			path := synthFile(b, s.syntax, series, s.write)
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			cpu := config.CPUTime()
			for b.Loop() {
				if _, ok := config.ReadFast(data, s.syntax); !ok {
					b.Fatal("declined")
				}
			}
			reportPerFigure(b, series, cpu)
		})
	}
}

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The benchmarks of this file show that checking a file grows linearly
// (or as n log n, where figures are sorted) with each count a file can
// hold: labels on one figure, metrics, figures of one metric, files of a
// set. cpu-ns/item is the process's CPU time per label, metric, figure or
// file: compare it across sizes; it stays flat when the growth is linear.
// Run with
//
//	go test ./config -run '^$' -bench Scale -benchmem
//
// (Checking one figure of 100,000 labels took 20 s when it was quadratic.)

// manyLabels is a YAML figures file of one metric with n labels and one
// figure giving each.
func manyLabels(n int) []byte {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: m\n    help: h\n    labels: [")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "l%d", i)
	}
	b.WriteString("]\n    figures:\n      - {value: 1")
	for i := range n {
		fmt.Fprintf(&b, ", l%d: v%d", i, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// manyMetrics is a YAML figures file of n metrics of one figure each.
func manyMetrics(n int) []byte {
	var b strings.Builder
	b.WriteString("metrics:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - name: m%d\n    help: h\n    labels: [year]\n    figures: [{year: 2011, value: %d}]\n", i, i)
	}
	return []byte(b.String())
}

// manyFigures is a YAML figures file of one metric of n figures, given
// in reverse order of their labels.
func manyFigures(n int) []byte {
	var b strings.Builder
	b.WriteString("metrics:\n  - name: m\n    help: h\n    labels: [id]\n    figures:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {id: i%d, value: %d}\n", n-i, i)
	}
	return []byte(b.String())
}

func BenchmarkScale(b *testing.B) {
	for _, c := range []struct {
		what  string
		sizes []int
		make  func(int) []byte
	}{
		{"labels", []int{10_000, 100_000}, manyLabels},
		{"metrics", []int{10_000, 100_000}, manyMetrics},
		{"figures", []int{100_000, 1_000_000}, manyFigures},
	} {
		for _, n := range c.sizes {
			data := c.make(n)
			b.Run(fmt.Sprintf("%s=%d", c.what, n), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				cpu := cpuTime()
				for b.Loop() {
					if _, err := Parse("scale.yml", data); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/item")
			})
		}
	}
	for _, n := range []int{100, 1_000, 5_000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			path := writeManyFiles(b, n)
			cpu := cpuTime()
			for b.Loop() {
				if _, err := Load(path, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/item")
		})
	}
}

// writeManyFiles writes a main file declaring one metric and n files
// giving one figure of it each, and returns the main file's path.
func writeManyFiles(tb testing.TB, n int) string {
	dir := tb.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "parts"), 0o755); err != nil {
		tb.Fatal(err)
	}
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte("figure_files: [parts/*.yml]\nmetrics:\n  - name: m\n    help: h\n    labels: [id]\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		part := fmt.Sprintf("metrics:\n  - name: m\n    figures: [{id: i%d, value: %d}]\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, "parts", fmt.Sprintf("p%d.yml", i)), []byte(part), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return main
}

// cpuTime is the CPU time the process has used so far (user and system,
// every thread: the garbage collector's too), which a machine shared with
// other work disturbs much less than the elapsed time.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

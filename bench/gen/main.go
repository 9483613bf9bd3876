// Command gen writes a synthetic figures file for the benchmarks: 20
// metrics × counties × 5 years, labelled county, province and year.
//
//	go run ./bench/gen -series 1000000 -o figures.yml
//
// The syntax follows the extension of -o (.yml, .yaml or .json).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

func main() {
	series := flag.Int("series", 10_000, "number of series: 30, or a multiple of 100")
	out := flag.String("o", "figures.yml", "file to write; .yml, .yaml or .json")
	flag.Parse()
	if err := run(*series, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(series int, out string) error {
	write := synth.WriteYAML
	switch ext := strings.ToLower(filepath.Ext(out)); ext {
	case ".yml", ".yaml":
	case ".json":
		write = synth.WriteJSON
	default:
		return fmt.Errorf("unknown extension %q: expected .yml, .yaml or .json", ext)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w, series); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

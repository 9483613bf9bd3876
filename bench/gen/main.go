// Command gen writes a synthetic figures file for the benchmarks: 20
// metrics × counties × 5 years, labelled county, province and year.
//
//	go run ./bench/gen -series 1000000 -o figures.yml
//
// The syntax follows the extension of -o (.yml, .yaml or .json). With .csv
// it writes the CSV file and, beside it with the extension .yml, the main
// file that declares the metrics and names the CSV: give that one to
// --config.file.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

func main() {
	series := flag.Int("series", 10_000, "number of series: 30, or a multiple of 100")
	out := flag.String("o", "figures.yml", "file to write; .yml, .yaml, .json or .csv")
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
	case ".csv":
		main := strings.TrimSuffix(out, filepath.Ext(out)) + ".yml"
		if err := synth.WriteCSV(main, series); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gen: wrote %s and %s; give %s to --config.file\n", main, out, main)
		return nil
	default:
		return fmt.Errorf("unknown extension %q: expected .yml, .yaml, .json or .csv", ext)
	}
	return synth.WriteFile(out, series, write)
}

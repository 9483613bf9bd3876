package synth

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteCSV writes the synthetic set as CSV, the fast path for large sets:
// mainPath gets a YAML file declaring the metrics, which names the CSV
// file (mainPath with the extension .csv) in figure_files, and the CSV file
// gets one row per figure. Give mainPath to --config.file.
func WriteCSV(mainPath string, series int) error {
	nMetrics, counties, err := Shape(series)
	if err != nil {
		return err
	}
	csvPath := strings.TrimSuffix(mainPath, filepath.Ext(mainPath)) + ".csv"
	src := source()
	var main strings.Builder
	fmt.Fprintf(&main, "figure_files:\n  - path: %s\n    source: {title: %s, publisher: %s}\nmetrics:\n", filepath.Base(csvPath), src.Title, src.Publisher)
	for m := range nMetrics {
		fmt.Fprintf(&main, "  - {name: %s, help: %q, labels: [county, province, year]}\n", metrics[m].name, metrics[m].help)
	}
	if err := os.WriteFile(mainPath, []byte(main.String()), 0o644); err != nil {
		return err
	}
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	if err := writeCSVRows(f, nMetrics, counties); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeCSVRows(w io.Writer, nMetrics, counties int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("metric,county,province,year,value\n")
	line := make([]byte, 0, 128)
	for m := range nMetrics {
		for c := range counties {
			county, province := County(c), Province(c)
			for y := range Years {
				line = append(line[:0], metrics[m].name...)
				line = append(line, ',')
				line = append(line, county...)
				line = append(line, ',')
				line = append(line, province...)
				line = append(line, ',')
				line = append(line, Year(y)...)
				line = append(line, ',')
				line = append(line, formatValue(Value(m, c, y))...)
				line = append(line, '\n')
				bw.Write(line)
			}
		}
	}
	return bw.Flush()
}

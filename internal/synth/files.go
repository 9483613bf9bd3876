package synth

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
)

// WriteYAML writes the synthetic set of the given size as a YAML figures
// file in flow style, one figure per line: the most compact YAML a person
// would write by hand.
func WriteYAML(w io.Writer, series int) error {
	return write(w, series, yamlSyntax)
}

// WriteJSON writes the synthetic set as a JSON figures file, one figure
// per line.
func WriteJSON(w io.Writer, series int) error {
	return write(w, series, jsonSyntax)
}

type syntax int

const (
	yamlSyntax syntax = iota
	jsonSyntax
)

func write(w io.Writer, series int, s syntax) error {
	nMetrics, counties, err := Shape(series)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	src := source()
	if s == yamlSyntax {
		fmt.Fprintf(bw, "source:\n  title: %s\n  publisher: %s\nmetrics:\n", src.Title, src.Publisher)
	} else {
		fmt.Fprintf(bw, "{\"source\": {\"title\": %q, \"publisher\": %q},\n\"metrics\": [\n", src.Title, src.Publisher)
	}
	line := make([]byte, 0, 128)
	for m := range nMetrics {
		mt := metrics[m]
		if s == yamlSyntax {
			fmt.Fprintf(bw, "  - name: %s\n    help: %q\n    labels: [county, province, year]\n    figures:\n", mt.name, mt.help)
		} else {
			if m > 0 {
				bw.WriteString(",\n")
			}
			fmt.Fprintf(bw, "{\"name\": %q, \"help\": %q, \"labels\": [\"county\", \"province\", \"year\"], \"figures\": [\n", mt.name, mt.help)
		}
		for c := range counties {
			county, province := County(c), Province(c)
			for y := range Years {
				line = line[:0]
				if s == yamlSyntax {
					line = append(line, "      - {county: "...)
					line = append(line, county...)
					line = append(line, ", province: "...)
					line = append(line, province...)
					line = append(line, ", year: \""...)
					line = append(line, Year(y)...)
					line = append(line, "\", value: "...)
					line = append(line, formatValue(Value(m, c, y))...)
					line = append(line, "}\n"...)
				} else {
					line = append(line, "{\"county\": \""...)
					line = append(line, county...)
					line = append(line, "\", \"province\": \""...)
					line = append(line, province...)
					line = append(line, "\", \"year\": \""...)
					line = append(line, Year(y)...)
					line = append(line, "\", \"value\": "...)
					line = append(line, formatValue(Value(m, c, y))...)
					line = append(line, '}')
					if c < counties-1 || y < Years-1 {
						line = append(line, ',')
					}
					line = append(line, '\n')
				}
				bw.Write(line)
			}
		}
		if s == jsonSyntax {
			bw.WriteString("]}")
		}
	}
	if s == jsonSyntax {
		bw.WriteString("\n]}\n")
	}
	return bw.Flush()
}

// formatValue writes a value as the files carry it: the shortest text that
// reads back as the same float64.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// WriteFile writes n synthetic series to path with write (WriteYAML,
// WriteJSON, WriteCSV), through a buffer.
func WriteFile(path string, n int, write func(io.Writer, int) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w, n); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

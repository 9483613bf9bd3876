package config

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeMappedSet writes a main file with one mapped entry and its table,
// written by rows, and returns the main file's path.
func writeMappedSet(tb testing.TB, entry, table string, rows func(w io.Writer)) string {
	tb.Helper()
	dir := tb.TempDir()
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte("figure_files:\n  - "+entry+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, table))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rows(w)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return main
}

// The two mapped CSV layouts of a million data cells, with the values of
// BenchmarkLoadCSVMillionRows (scaled, 12.3万), so the three compare.
const (
	mappedLongEntry = "{path: aid.csv, metric: aid_by_county_yuan, labels: {county: County Name, year: Year}, value: Aid (yuan), source: {title: Bench, publisher: Bench}}"
	mappedWideEntry = "{path: aid.csv, metric: aid_by_county_yuan, labels: {county: County Name}, columns_as: {label: year, match: '^(\\d{4})年$'}, source: {title: Bench, publisher: Bench}}"
)

func writeMappedLong(tb testing.TB, rows int) string {
	return writeMappedSet(tb, mappedLongEntry, "aid.csv", func(w io.Writer) {
		fmt.Fprintln(w, "Code,County Name,Year,Aid (yuan),Note")
		for i := range rows {
			fmt.Fprintf(w, "C%d,县%d,%d,%d.%d万,\n", i/1000, i/1000, 1000+i%1000, i, i%10)
		}
	})
}

func writeMappedWide(tb testing.TB, rows int) string {
	const years = 1000
	return writeMappedSet(tb, mappedWideEntry, "aid.csv", func(w io.Writer) {
		fmt.Fprint(w, "County Name")
		for y := range years {
			fmt.Fprintf(w, ",%d年", 1000+y)
		}
		fmt.Fprintln(w)
		for r := range rows / years {
			fmt.Fprintf(w, "县%d", r)
			for y := range years {
				i := r*years + y
				fmt.Fprintf(w, ",%d.%d万", i, i%10)
			}
			fmt.Fprintln(w)
		}
	})
}

// writeMappedWorkbook writes the wide table as a workbook, values stored
// as numbers and scaled by the entry (万), through excelize's stream
// writer.
func writeMappedWorkbook(tb testing.TB, cells int) string {
	tb.Helper()
	const years = 1000
	dir := tb.TempDir()
	main := filepath.Join(dir, "figures.yml")
	entry := "{path: aid.xlsx, metric: aid_by_county_yuan, labels: {county: County Name}, columns_as: {label: year, match: '^(\\d{4})年$'}, scale: 万, source: {title: Bench, publisher: Bench}}"
	if err := os.WriteFile(main, []byte("figure_files:\n  - "+entry+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	row := make([]any, years+1)
	row[0] = "County Name"
	for y := range years {
		row[y+1] = fmt.Sprintf("%d年", 1000+y)
	}
	if err := sw.SetRow("A1", row); err != nil {
		tb.Fatal(err)
	}
	for r := range cells / years {
		row[0] = fmt.Sprintf("县%d", r)
		for y := range years {
			i := r*years + y
			// i.(i%10) as text: a float64 would print as the
			// nearest binary value's shortest form, the same digits.
			v, err := strconv.ParseFloat(fmt.Sprintf("%d.%d", i, i%10), 64)
			if err != nil {
				tb.Fatal(err)
			}
			row[y+1] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "aid.xlsx")); err != nil {
		tb.Fatal(err)
	}
	return main
}

// BenchmarkLoadMappedMillionCells loads a million data cells through a
// mapping, as a long table (a row per figure, unmapped columns beside),
// as a wide one (a thousand year columns) and as that wide table in a
// workbook, to compare with
// BenchmarkLoadCSVMillionRows:
//
//	go test ./config -run '^$' -bench 'LoadCSVMillionRows|LoadMappedMillionCells' -benchmem
func BenchmarkLoadMappedMillionCells(b *testing.B) {
	const cells = 1_000_000
	for _, c := range []struct {
		name  string
		write func(testing.TB, int) string
	}{{"long", writeMappedLong}, {"wide", writeMappedWide}, {"xlsx", writeMappedWorkbook}} {
		b.Run(c.name, func(b *testing.B) {
			main := c.write(b, cells)
			b.ResetTimer()
			for b.Loop() {
				set, err := Load(main, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if set.Series() != cells {
					b.Fatalf("%d series, want %d", set.Series(), cells)
				}
			}
		})
	}
}

func TestMappedMillionCellsShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads 100000 cells three times")
	}
	for _, write := range []func(testing.TB, int) string{writeMappedLong, writeMappedWide, writeMappedWorkbook} {
		set, err := Load(write(t, 100_000), Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := set.Metrics[0]
		if f := m.Figures[12345]; len(m.Figures) != 100_000 || f.LabelValues[0] != "县12" || f.LabelValues[1] != "1345" || f.Value != 123455000 {
			t.Errorf("%d figures, 12345th %+v", len(m.Figures), f)
		}
	}
}

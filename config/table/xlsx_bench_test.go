package table

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// largeWorkbook is a sheet of a million cells, written with excelize's
// stream writer: 100,000 rows of a name, a date and eight numbers.
func largeWorkbook(b *testing.B) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Region", "Date"}
	for i := range 8 {
		header = append(header, "Measure "+strconv.Itoa(i))
	}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	row := make([]any, 10)
	for r := 2; r <= benchRows+1; r++ {
		row[0] = "Region " + strconv.Itoa(r%500)
		row[1] = excelize.Cell{StyleID: dateStyle, Value: 40000 + r%3000}
		for i := 2; i < 10; i++ {
			row[i] = float64(r*i) + 0.25
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkXLSXLarge reads a million cells of a workbook with dates
// (so with both iterators). peak-heap-MB is the largest live heap seen
// while reading, sampled every 10,000 rows: it shows memory following the
// rows, not the sheet.
func BenchmarkXLSXLarge(b *testing.B) {
	data := largeWorkbook(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	start := cpuTime()
	for b.Loop() {
		runtime.GC()
		r, err := Open(data, Options{Format: XLSX})
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for r.Next() {
			cells += len(r.Row())
			if r.Place().Row%10_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		r.Close()
		if cells != benchRows*10+10 {
			b.Fatalf("%d cells", cells)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(len(data))/1e6, "file-MB")
}

// benchRows is the data rows of largeWorkbook.
var benchRows = 100_000

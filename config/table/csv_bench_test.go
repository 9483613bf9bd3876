package table

import (
	"bytes"
	"strconv"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// longTable is a long table of a million cells: 250,000 rows of entity,
// code, year and a value, as Our World in Data publishes them.
func longTable() []byte {
	var b bytes.Buffer
	b.WriteString("Entity,Code,Year,Deaths\n")
	for i := range 250_000 {
		b.WriteString("Country ")
		b.WriteString(strconv.Itoa(i / 100))
		b.WriteString(",C")
		b.WriteString(strconv.Itoa(i / 100))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(1900 + i%100))
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(i * 37 % 100003))
		b.WriteString(".5\n")
	}
	return b.Bytes()
}

// wideTable is a wide table of a million cells: 10,000 rows of a quoted
// name and 99 yearly values, CRLF line ends, as the World Bank publishes.
func wideTable() []byte {
	var b bytes.Buffer
	b.WriteString(`"Country Name"`)
	for y := range 99 {
		b.WriteString(`,"`)
		b.WriteString(strconv.Itoa(1925 + y))
		b.WriteByte('"')
	}
	b.WriteString("\r\n")
	for i := range 10_000 {
		b.WriteString(`"Country, `)
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('"')
		for y := range 99 {
			b.WriteString(`,"`)
			b.WriteString(strconv.Itoa(i*y + 12345))
			b.WriteString(`.25"`)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func benchRead(b *testing.B, data []byte, opts Options) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r, err := Open(data, opts)
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for r.Next() {
			cells += len(r.Row())
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		if cells < 1_000_000 {
			b.Fatalf("%d cells", cells)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkCSVLong reads a million cells of a long table, the separator
// detected.
func BenchmarkCSVLong(b *testing.B) { benchRead(b, longTable(), Options{}) }

// BenchmarkCSVWide reads a million quoted cells of a wide table.
func BenchmarkCSVWide(b *testing.B) { benchRead(b, wideTable(), Options{}) }

// BenchmarkCSVGB18030 reads the long table encoded in GB18030, so that
// decoding is in the time.
func BenchmarkCSVGB18030(b *testing.B) {
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.ReplaceAll(longTable(), []byte("Country"), []byte("国家")))
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, data, Options{Encoding: "gb18030"})
}

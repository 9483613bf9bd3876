package table

import (
	"bytes"
	"strconv"
	"testing"
)

// BenchmarkJSONRecords reads a million cells of JSON records: 200,000
// records of five keys, one nested, one per line.
func BenchmarkJSONRecords(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i := range 200_000 {
		if i > 0 {
			buf.WriteString(",\n")
		}
		buf.WriteString(`{"entity": "Country `)
		buf.WriteString(strconv.Itoa(i / 100))
		buf.WriteString(`", "year": `)
		buf.WriteString(strconv.Itoa(1900 + i%100))
		buf.WriteString(`, "deaths": `)
		buf.WriteString(strconv.Itoa(i * 37 % 100003))
		buf.WriteString(`.5, "source": {"name": "EM-DAT", "page": 3}}`)
	}
	buf.WriteString("\n]\n")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r, err := Open(data, Options{Format: JSON})
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for r.Next() {
			cells += len(r.Row())
		}
		if r.Err() != nil || cells != 1_000_005 {
			b.Fatalf("%d cells, %v", cells, r.Err())
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

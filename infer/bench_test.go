package infer

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkInferLong: init on a long table of 200,000 rows and three
// measures (a million cells), read and shaped.
func BenchmarkInferLong(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Region,Year,Population,Births,Deaths\n")
	for i := range 200000 {
		fmt.Fprintf(&sb, "R%d,%d,%d,%d,%d.%02d\n", i/50, 1970+i%50, 1000+i*7%9999991, 10+i%99991, i%1000, i%100)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := Infer([]Input{{Path: "big.csv", Data: data}}); err != nil {
			b.Fatal(err)
		}
	}
}

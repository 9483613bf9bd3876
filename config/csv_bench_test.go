package config

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeLargeCSVSet writes a main file declaring one metric and a CSV of
// rows unique series for it, and returns the main file's path.
func writeLargeCSVSet(tb testing.TB, rows int) string {
	tb.Helper()
	dir := tb.TempDir()
	main := filepath.Join(dir, "figures.yml")
	if err := os.WriteFile(main, []byte("figure_files:\n  - {path: aid.csv, metric: aid_by_county_yuan, source: {title: Bench, publisher: Bench}}\nmetrics:\n  - {name: aid_by_county_yuan, help: Aid by county., labels: [county, year]}\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "aid.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "county,year,value")
	for i := range rows {
		fmt.Fprintf(w, "县%d,%d,%d.%d万\n", i/1000, 1000+i%1000, i, i%10)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return main
}

// BenchmarkLoadCSVMillionRows loads a million-row CSV file of scaled
// values (12.3万), the fast path for very large sets, and reports the heap
// the loaded set keeps (MB-retained). Run with
//
//	go test ./config -run '^$' -bench LoadCSVMillionRows -benchmem
func BenchmarkLoadCSVMillionRows(b *testing.B) {
	const rows = 1_000_000
	main := writeLargeCSVSet(b, rows)
	b.ResetTimer()
	for b.Loop() {
		set, err := Load(main, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if set.Series() != rows {
			b.Fatalf("%d series, want %d", set.Series(), rows)
		}
	}
	b.StopTimer()
	// What a loaded set keeps in memory once loading is done.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	set, err := Load(main, Options{})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, "MB-retained")
	runtime.KeepAlive(set)
}

func TestLargeCSVLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads 100000 rows")
	}
	const rows = 100_000
	set, err := Load(writeLargeCSVSet(t, rows), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := set.Metrics[0]
	if len(m.Figures) != rows {
		t.Fatalf("%d figures, want %d", len(m.Figures), rows)
	}
	if f := m.Figures[12345]; f.LabelValues[0] != "县12" || f.LabelValues[1] != "1345" || f.Value != 123455000 {
		t.Errorf("row 12345 = %+v", f)
	}
}

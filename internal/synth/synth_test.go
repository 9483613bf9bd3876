package synth

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// TestFilesLoadAsSet holds the written files to the set built directly, so
// that a benchmark of loading and a benchmark of serving measure the same
// figures.
func TestFilesLoadAsSet(t *testing.T) {
	for _, series := range []int{30, 1000} {
		want, err := Set(series)
		if err != nil {
			t.Fatal(err)
		}
		if got := want.Series(); got != series {
			t.Fatalf("Set(%d) has %d series", series, got)
		}
		for _, ext := range []string{".yml", ".json"} {
			var buf bytes.Buffer
			write := WriteYAML
			if ext == ".json" {
				write = WriteJSON
			}
			if err := write(&buf, series); err != nil {
				t.Fatal(err)
			}
			got, err := config.Parse(filepath.Join("synthetic"+ext), buf.Bytes())
			if err != nil {
				t.Fatalf("%d series as %s: %v", series, ext, err)
			}
			if !reflect.DeepEqual(got.Metrics, want.Metrics) || !reflect.DeepEqual(got.Sources, want.Sources) {
				t.Errorf("%d series as %s: the file does not load as Set(%d)", series, ext, series)
			}
		}
	}
}

// TestCSVLoadsAsSet: the CSV form of a synthetic set loads as Set too.
func TestCSVLoadsAsSet(t *testing.T) {
	for _, series := range []int{30, 1000} {
		want, err := Set(series)
		if err != nil {
			t.Fatal(err)
		}
		main := filepath.Join(t.TempDir(), "figures.yml")
		if err := WriteCSV(main, series); err != nil {
			t.Fatal(err)
		}
		got, err := config.Load(main, config.Options{})
		if err != nil {
			t.Fatalf("%d series as CSV: %v", series, err)
		}
		if !reflect.DeepEqual(got.Metrics, want.Metrics) || !reflect.DeepEqual(got.Sources, want.Sources) {
			t.Errorf("%d series as CSV: the files do not load as Set(%d)", series, series)
		}
	}
}

func TestShape(t *testing.T) {
	for _, tc := range []struct{ series, metrics, counties int }{
		{30, 6, 1}, {10_000, 20, 100}, {100_000, 20, 1000}, {1_000_000, 20, 10_000},
	} {
		m, c, err := Shape(tc.series)
		if err != nil || m != tc.metrics || c != tc.counties {
			t.Errorf("Shape(%d) = %d, %d, %v; want %d, %d", tc.series, m, c, err, tc.metrics, tc.counties)
		}
	}
	for _, bad := range []int{0, -5, 31, 1010} {
		if _, _, err := Shape(bad); err == nil {
			t.Errorf("Shape(%d) accepted", bad)
		}
	}
}

func TestRealShapedYAMLLoads(t *testing.T) {
	set, err := config.Parse("real.yml", RealShapedYAML())
	if err != nil {
		t.Fatal(err)
	}
	if n := set.Series(); n != RealShapedSeries {
		t.Errorf("%d figures, want %d", n, RealShapedSeries)
	}
	if len(entities()) != 118 || len(countries()) != 62 || len(states()) != 51 {
		t.Errorf("%d entities, %d countries, %d states; want 118, 62, 51", len(entities()), len(countries()), len(states()))
	}
}

package exposition

import (
	"reflect"
	"runtime"
	"testing"
	"unsafe"
	"weak"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// edgeSet has what the synthetic and default sets lack: a metric without
// labels, figures with and without sources, values that need escaping,
// an empty label value, and one value under two label names.
func edgeSet() *config.Set {
	return &config.Set{
		Metrics: []config.Metric{
			{Name: "a_total", Help: "Plain.", Labels: []string{}, Figures: []config.Figure{{LabelValues: []string{}, Value: -0.5}}},
			{Name: "b", Help: `Quote " and \ back`, Labels: []string{"x", "y"}, Figures: []config.Figure{
				{LabelValues: []string{"same", "same"}, Value: 1e300, Source: 2},
				{LabelValues: []string{"", "line\nbreak \"q\" \\"}, Value: 0},
				{LabelValues: []string{"same", "other"}, Value: 3, Source: 1},
			}},
			{Name: "c", Help: "No figures.", Labels: []string{"x"}},
		},
		Sources:  []config.Source{{Title: "T", Publisher: "P"}, {URL: "https://example.org/", Page: "7"}},
		Files:    []string{"/f/figures.yml", "/f/more.csv"},
		Digest:   [32]byte{1, 2, 3},
		Warnings: config.Problems{{File: "/f/figures.yml", Line: 3, Msg: "w"}},
	}
}

// TestCompactRoundTrips: the compact form gives back exactly the set it was
// made from (every label value, value, source, and every other field), and
// leaves the set as it was.
func TestCompactRoundTrips(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	big, err := synth.Set(10_000)
	if err != nil {
		t.Fatal(err)
	}
	for name, set := range map[string]*config.Set{"default": def, "synthetic": big, "edge": edgeSet()} {
		before := *set
		c := compact(set)
		if got := c.set(); !reflect.DeepEqual(got, set) {
			t.Errorf("%s: the compact form does not give back the set", name)
		}
		if !reflect.DeepEqual(*set, before) {
			t.Errorf("%s: compact changed the set", name)
		}
		if c.series() != set.Series() {
			t.Errorf("%s: %d series, want %d", name, c.series(), set.Series())
		}
		// Head is the set without figures.
		for i, m := range c.head.Metrics {
			if m.Figures != nil || m.Name != set.Metrics[i].Name || m.Help != set.Metrics[i].Help || !reflect.DeepEqual(m.Labels, set.Metrics[i].Labels) {
				t.Errorf("%s: head metric %d is %+v", name, i, m)
			}
		}
		if c.head.Digest != set.Digest || !reflect.DeepEqual(c.head.Files, set.Files) || !reflect.DeepEqual(c.head.Sources, set.Sources) {
			t.Errorf("%s: head lost fields of the set", name)
		}
	}
}

// TestCompactStoresEachValueOnce: every distinct label value is stored
// once, and a series costs its label indexes, value and source: no string
// header or slice per figure.
func TestCompactStoresEachValueOnce(t *testing.T) {
	set, err := synth.Set(10_000)
	if err != nil {
		t.Fatal(err)
	}
	c := compact(set)
	seen := map[string]bool{}
	for _, v := range c.dict {
		if seen[v] {
			t.Fatalf("label value %q stored twice", v)
		}
		seen[v] = true
	}
	// 10k series: 20 metrics of 100 counties, 31 provinces, 5 years.
	if want := 100 + min(100, synth.Provinces) + synth.Years; len(c.dict) > want {
		t.Errorf("%d values in the dictionary, want at most %d", len(c.dict), want)
	}
	perSeries := 0
	for _, m := range c.metrics {
		perSeries += len(m.labels)*int(unsafe.Sizeof(uint32(0))) + len(m.values)*8 + len(m.sources)*4
	}
	if n := perSeries / c.series(); n > 3*4+8+4 {
		t.Errorf("%d bytes a series of three labels, want at most 24", n)
	}
}

// TestSnapshotKeepsNothingOfTheSet: a snapshot, encoded in every format,
// does not hold the set it was made from (whose strings and slices sit
// among a parser's garbage in a loaded set).
func TestSnapshotKeepsNothingOfTheSet(t *testing.T) {
	set, err := synth.Set(1000)
	if err != nil {
		t.Fatal(err)
	}
	setRef := weak.Make(set)
	figuresRef := weak.Make(&set.Metrics[0].Figures[0])
	valueRef := weak.Make(unsafe.StringData(set.Metrics[0].Figures[0].LabelValues[0]))
	s := NewSnapshot(set)
	s.prepare(^uint32(0))
	set = nil
	for range 5 {
		runtime.GC()
	}
	if setRef.Value() != nil || figuresRef.Value() != nil || valueRef.Value() != nil {
		t.Errorf("the snapshot holds the set (%v), its figures (%v) or a label value (%v)", setRef.Value() != nil, figuresRef.Value() != nil, valueRef.Value() != nil)
	}
	if s.Series() != 1000 {
		t.Errorf("%d series, want 1000", s.Series())
	}
}

// TestSnapshotKeepsNoStringOfTheLoader: a loader may cut every string of a
// set (names, help, label values, sources, files, warnings) from the bytes
// of the files it read; the snapshot copies them all, so that it does not
// keep those bytes whole.
func TestSnapshotKeepsNoStringOfTheLoader(t *testing.T) {
	file := make([]byte, 1<<20)
	for i := range file {
		file[i] = 'a' + byte(i%26)
	}
	fileRef := weak.Make(&file[0])
	at := 0
	cut := func(n int) string {
		s := unsafe.String(&file[at], n)
		at += n
		return s
	}
	set := &config.Set{
		Metrics: []config.Metric{{Name: cut(3), Help: cut(10), Labels: []string{cut(1), cut(2)}, Figures: []config.Figure{
			{LabelValues: []string{cut(4), cut(5)}, Value: 1, Source: 1},
			{LabelValues: []string{cut(4), cut(5)}, Value: 2},
		}}},
		Sources:   []config.Source{{Title: cut(5), Publisher: cut(6), URL: cut(7), Page: cut(1)}},
		Files:     []string{cut(9)},
		WatchDirs: []string{cut(8)},
		Globs:     []string{cut(7)},
		Warnings:  config.Problems{{File: cut(9), Line: 2, Path: cut(6), Msg: cut(12)}},
	}
	want := compact(set).set()
	file = nil
	s := NewSnapshot(set)
	s.prepare(^uint32(0))
	set = nil
	for range 5 {
		runtime.GC()
	}
	if fileRef.Value() != nil {
		t.Errorf("the snapshot keeps the loader's bytes")
	}
	if got := s.Set(); !reflect.DeepEqual(got, want) {
		t.Errorf("the snapshot's set is %+v, want %+v", got, want)
	}
}

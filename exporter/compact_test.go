package exporter

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestCompactKeepsTheSet: the compact copy is the same set, with each
// distinct label value stored once and each metric's values in one slice,
// and the original is left as it was.
func TestCompactKeepsTheSet(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	big, err := synth.Set(10_000)
	if err != nil {
		t.Fatal(err)
	}
	for name, set := range map[string]*config.Set{"default": def, "synthetic": big} {
		before := *set
		c := compact(set)
		if !reflect.DeepEqual(c, set) {
			t.Errorf("%s: the compact copy differs from the set", name)
		}
		if !reflect.DeepEqual(*set, before) {
			t.Errorf("%s: compact changed the set", name)
		}
		for _, m := range c.Metrics {
			seen := map[string]*byte{}
			for j, f := range m.Figures {
				if len(m.Labels) > 0 && j > 0 {
					prev := uintptr(unsafe.Pointer(unsafe.SliceData(m.Figures[j-1].LabelValues)))
					if uintptr(unsafe.Pointer(unsafe.SliceData(f.LabelValues))) != prev+uintptr(len(m.Labels))*unsafe.Sizeof("") {
						t.Fatalf("%s: %s: figure %d's values do not follow figure %d's in one slice", name, m.Name, j, j-1)
					}
				}
				for _, v := range f.LabelValues {
					p := unsafe.StringData(v)
					if q, ok := seen[v]; ok && q != p {
						t.Fatalf("%s: %s: label value %q stored twice", name, m.Name, v)
					}
					seen[v] = p
				}
			}
		}
	}
}

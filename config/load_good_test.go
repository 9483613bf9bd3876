package config

import (
	"reflect"
	"testing"
)

// TestLabelCaseIsKept: label names are served exactly as written, which a
// viper decode (lowercasing keys) would break.
func TestLabelCaseIsKept(t *testing.T) {
	set, err := Load("testdata/good/label_case.yml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := set.Metrics[0]
	if !reflect.DeepEqual(m.Labels, []string{"Year", "Region"}) {
		t.Errorf("labels %q, want [Year Region]", m.Labels)
	}
	if !reflect.DeepEqual(m.Figures[0].LabelValues, []string{"2011", "West"}) {
		t.Errorf("label values %q, want [2011 West]: a year written as a number is the text written", m.Figures[0].LabelValues)
	}
}

// TestSyntaxesAgree: the same figures in JSON and TOML give the same set.
func TestSyntaxesAgree(t *testing.T) {
	fromJSON, err := Load("testdata/good/aid.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromTOML, err := Load("testdata/good/aid.toml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Metric{{
		Name:   "aid_yuan",
		Help:   "Financial aid, in yuan.",
		Labels: []string{"Year"},
		Figures: []Figure{
			{LabelValues: []string{"2011"}, Value: 840264000, Source: 1},
			{LabelValues: []string{"2010"}, Value: 689871100, Source: 1},
		},
	}}
	wantSources := []Source{{Title: "East-West report", Publisher: "IPRCC", Page: "3"}}
	for name, set := range map[string]*Set{"json": fromJSON, "toml": fromTOML} {
		if !reflect.DeepEqual(set.Metrics, want) {
			t.Errorf("%s: metrics %+v, want %+v", name, set.Metrics, want)
		}
		if !reflect.DeepEqual(set.Sources, wantSources) {
			t.Errorf("%s: sources %+v, want %+v", name, set.Sources, wantSources)
		}
	}
	if fromJSON.Digest == fromTOML.Digest {
		t.Error("different files have the same digest")
	}
}

// TestDigestFollowsBytes: the same bytes give the same digest, any changed
// byte another, so that a reload can skip an unchanged file.
func TestDigestFollowsBytes(t *testing.T) {
	data := []byte("metrics:\n  - name: a\n    help: A.\n    figures:\n      - {value: 1}\n")
	a, err := Parse("a.yml", data)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse("a.yml", data)
	if a.Digest != b.Digest {
		t.Error("equal bytes, different digests")
	}
	changed := append([]byte{}, data...)
	changed[len(changed)-3] = '2'
	c, err := Parse("a.yml", changed)
	if err != nil {
		t.Fatal(err)
	}
	if a.Digest == c.Digest {
		t.Error("changed bytes, same digest")
	}
}

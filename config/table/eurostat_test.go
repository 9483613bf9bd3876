package table

import (
	"reflect"
	"strings"
	"testing"
)

func TestEurostatFirstColumnSplit(t *testing.T) {
	text := "unit,geo\\time\t2012 \t2011 \nMIO_EUR,AT\t1.5 \t: \n\nMIO_EUR,BE\t2 p\t: c\n"
	got := readAll(t, []byte(text), Options{})
	want := []row{
		{1, []string{"unit", "geo", "2012 ", "2011 "}},
		{2, []string{"MIO_EUR", "AT", "1.5 ", ": "}},
		{3, []string{}},
		{4, []string{"MIO_EUR", "BE", "2 p", ": c"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// The 2023 API's header names the dimension across TIME_PERIOD.
	got = readAll(t, []byte("freq,unit,geo\\TIME_PERIOD\t2021 \nA,PC,AT\t3 \n"), Options{})
	if w := []string{"A", "PC", "AT", "3 "}; !reflect.DeepEqual(got[1].cells, w) {
		t.Fatalf("got %q, want %q", got[1].cells, w)
	}
}

func TestEurostatNotSplit(t *testing.T) {
	for _, text := range []string{
		"unit,geo\\time,2012\nA,AT,1\n",    // not tab-separated
		"a\tb\nunit,geo\\time\t2012\n",     // not the first line
		"unit, geo\\time\t2012\nA,AT\t1\n", // a space: not Eurostat's codes
	} {
		got := readAll(t, []byte(text), Options{})
		first := strings.Split(strings.SplitN(text, "\n", 2)[0], "\t")
		if len(first) == 1 {
			first = strings.Split(first[0], ",")
		}
		if !reflect.DeepEqual(got[0].cells, first) {
			t.Errorf("%q: header read as %q, want it as written %q", text, got[0].cells, first)
		}
	}
}

func TestEurostatOneDimension(t *testing.T) {
	got := readAll(t, []byte("geo\\time\t2012 \nAT\t1 \n"), Options{})
	if w := []string{"geo", "2012 "}; !reflect.DeepEqual(got[0].cells, w) {
		t.Fatalf("header %q, want %q: the column of one dimension is named by it", got[0].cells, w)
	}
}

func TestEurostatCodesMissing(t *testing.T) {
	_, err := readRows([]byte("unit,geo\\time\t2012 \nMIO_EUR,AT\t1 \nAT\t2 \n"), Options{})
	if err == nil {
		t.Fatal("a row with one code for two dimensions was read")
	}
	for _, w := range []string{"line 3, column 1", `"AT" holds 1 codes`, "2 dimensions (unit, geo)"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

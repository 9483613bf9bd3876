package table

import (
	"errors"
	"testing"
)

// FuzzOpen: no input makes a reader panic or loop, every error is an
// *Error, and rows come in the order of their places.
func FuzzOpen(f *testing.F) {
	for _, seed := range []string{
		"a,b\n1,2\n", "\"x\ny\",1\r\n\"\"\"\",\n", "a;b\r\n1,5;2\r", "\uFEFFa\tb\n",
		`[{"a": 1, "b": {"c": "x"}}, {"d": [1, 2]}]`, `{"data": {"items": [{"a": null}]}}`,
		"PK\x03\x04", "\xff\xfea\x00,\x00b\x00",
	} {
		f.Add([]byte(seed), uint8(0), "")
		f.Add([]byte(seed), uint8(2), "data.items")
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8, path string) {
		opts := Options{Format: Format(format % 3), Records: path, Sheet: path}
		if format&4 != 0 {
			opts.Encoding = "gb18030"
		}
		r, err := Open(data, opts)
		var e *Error
		if err != nil {
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			return
		}
		defer r.Close()
		last := 0
		for n := 0; r.Next(); n++ {
			if n > len(data)+2 {
				t.Fatalf("more rows than bytes")
			}
			row := r.Place().Row
			if row < last || row < 1 && opts.Format != XLSX {
				t.Fatalf("row at %d after one at %d", row, last)
			}
			last = row
			_ = r.Row()
		}
		if err := r.Err(); err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not an *Error", err, err)
		}
	})
}

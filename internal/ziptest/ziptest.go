// Package ziptest rewrites parts of zip archives (xlsx workbooks) for the
// tests of config/table and infer, which make damaged or unusual
// workbooks out of real ones. It is apart from internal/testutil, which
// imports config, so that config/table's tests can use it.
package ziptest

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// Rewrite rewrites every part of a zip archive through edit (nil: as
// is), keeping the parts' names and order.
func Rewrite(t testing.TB, data []byte, edit func(name string, x []byte) []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, zf := range z.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			x = edit(zf.Name, x)
		}
		out, err := w.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := out.Write(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

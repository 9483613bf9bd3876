package table

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbookWith saves a workbook whose sheet Data holds a header, a row of
// numbers and a formula cell; edit rewrites the saved XML parts.
func workbookWith(t *testing.T, edit func(name string, xml []byte) []byte) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Data")
	f.SetSheetRow("Data", "A1", &[]any{"item", "value"})
	f.SetSheetRow("Data", "A2", &[]any{"a", 2})
	f.SetSheetRow("Data", "A3", &[]any{"b", 3})
	f.SetCellValue("Data", "A4", "total")
	f.SetCellFormula("Data", "B4", "SUM(B2:B3)")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return rezip(t, buf.Bytes(), edit)
}

// TestFormulasWithoutResults: a formula whose result is not stored is
// refused, naming its cell, rather than read as an empty cell or 0.
func TestFormulasWithoutResults(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(name string, x []byte) []byte
		want string // "" reads
	}{
		{"no stored result", nil, `sheet Data row 4, column 2: the formula =SUM(B2:B3) has no stored result`},
		{"a stored result", func(name string, x []byte) []byte {
			return bytes.Replace(x, []byte("</f>"), []byte("</f><v>5</v>"), 1)
		}, ""},
		{"a result stored but recalculation asked", func(name string, x []byte) []byte {
			x = bytes.Replace(x, []byte("</f>"), []byte("</f><v>0</v>"), 1)
			return bytes.Replace(x, []byte("<calcPr "), []byte(`<calcPr fullCalcOnLoad="1" `), 1)
		}, `sheet Data row 4, column 2: the formula =SUM(B2:B3) has a stored result that may not be its value: the workbook asks to be recalculated when opened (fullCalcOnLoad)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := workbookWith(t, tc.edit)
			rows, err := Open(data, Options{Format: XLSX})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				rows.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// rezip rewrites every part of a zip archive through edit (nil: as is).
func rezip(t *testing.T, data []byte, edit func(name string, x []byte) []byte) []byte {
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
		out.Write(x)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

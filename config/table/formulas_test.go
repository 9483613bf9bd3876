package table

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
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

// TestMergedCellsFilledDown: a cell merged down several rows gives its
// text to each of them (the Census Bureau's "Geographic Area" over the
// two rows of its header); ranges merged across (titles, notes, a group
// over its columns) stay in their first cell. The merged ranges are read
// independently, with excelize's own (not streaming) reader.
func TestMergedCellsFilledDown(t *testing.T) {
	path := filepath.Join(realTables, "census_nst-est2019-01.xlsx")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	merged, err := f.GetMergeCells("NST01")
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]int]string{} // cell -> text, for the cells below a range's top row
	across := 0
	for _, m := range merged {
		c0, r0, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		_, r1, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		if r1 == r0 {
			across++
		}
		for r := r0 + 1; r <= r1; r++ {
			want[[2]int{r, c0}] = m.GetCellValue()
		}
	}
	if len(want) != 1 || across < 5 {
		t.Fatalf("the workbook has %d cells under merged tops and %d ranges across", len(want), across)
	}
	rows, err := Open(data, Options{Format: XLSX})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	raw, _ := f.GetRows("NST01", excelize.Options{RawCellValue: true})
	for rows.Next() {
		r := rows.Place().Row
		for c, got := range rows.Row() {
			w, ok := want[[2]int{r, c + 1}]
			if !ok {
				if c < len(raw[r-1]) && raw[r-1][c] == "" && got != "" {
					t.Errorf("row %d, column %d: %q, want it empty", r, c+1, got)
				}
				continue
			}
			if got != w {
				t.Errorf("row %d, column %d: %q, want %q", r, c+1, got, w)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

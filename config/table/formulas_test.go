package table

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/figures-exporter/figures_exporter/internal/ziptest"
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
	return ziptest.Rewrite(t, buf.Bytes(), edit)
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

// TestScanAcrossChunks: a sheet's XML larger than a chunk is scanned in
// pieces; a cell or a merged range cut by a chunk's end is read whole.
func TestScanAcrossChunks(t *testing.T) {
	for pad := 0; pad < 64; pad += 5 {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		row := 1
		filler := func(upTo int) {
			for b.Len() < upTo {
				fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, row, row)
				row++
			}
		}
		filler(scanChunk - 48 + pad)
		formulaRow := row
		fmt.Fprintf(&b, `<row r="%d"><c r="B%d"><f>SUM(A1:A2)</f><v>2</v></c><c r="C%d"><f>A1&amp;"x"</f></c></row>`, row, row, row)
		row++
		filler(2*scanChunk - 40 + pad)
		b.WriteString(`</sheetData><mergeCells count="2"><mergeCell ref="A1:A3"/><mergeCell ref="B5:C9"/></mergeCells></worksheet>`)
		var sc sheetScan
		sc.scan(&b)
		if want := fmt.Sprintf("C%d", formulaRow); sc.formulaRef != want || sc.formula != `A1&"x"` {
			t.Errorf("pad %d: formula %s =%s, want %s =A1&\"x\"", pad, sc.formulaRef, sc.formula, want)
		}
		if len(sc.merges.ranges) != 2 || *sc.merges.ranges[1] != (mergeRange{top: 5, bottom: 9, left: 2, right: 3}) {
			t.Errorf("pad %d: merged ranges %d", pad, len(sc.merges.ranges))
		}
	}
}

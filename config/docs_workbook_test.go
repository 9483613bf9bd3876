package config

import (
	"flag"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

var updateWorkbook = flag.Bool("update-workbook", false, "write docs/examples/tables/agriculture.xlsx again")

// agricultureCells are the cells of the example workbook of docs/tables.md,
// by row: a merged title, a blank row, the header (years as numbers, as
// Gapminder's sheets have them), the data with a gap, a note.
var agricultureCells = [][]any{
	{"Agricultural land (% of land area), example"},
	nil,
	{"Country", 1961, 1962},
	{"Albania", 45, 45.5},
	{"Algeria", 16.2, nil},
	{"Angola", 45.9, 45.9},
	nil,
	{"Source: example figures in the layout of Gapminder's indicator sheets."},
}

const agricultureWorkbook = "../docs/examples/tables/agriculture.xlsx"

// writeAgricultureWorkbook writes the example workbook.
func writeAgricultureWorkbook(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		return err
	}
	for i, row := range agricultureCells {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if err := f.SetCellValue("Data", cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.MergeCell("Data", "A1", "C1"); err != nil {
		return err
	}
	// Shown with one decimal, stored as written: the mapping reads what
	// is stored.
	style, err := f.NewStyle(&excelize.Style{NumFmt: 2})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle("Data", "B4", "C6", style); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// TestDocsTablesWorkbook keeps the committed example workbook equal to
// the cells above; -update-workbook writes it again.
func TestDocsTablesWorkbook(t *testing.T) {
	if *updateWorkbook {
		if err := writeAgricultureWorkbook(agricultureWorkbook); err != nil {
			t.Fatal(err)
		}
	}
	f, err := excelize.OpenFile(agricultureWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Data", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range agricultureCells {
		var got []string
		if i < len(rows) {
			got = rows[i]
		}
		var w []string
		for _, v := range want {
			s := ""
			if v != nil {
				s = excelizeText(v)
			}
			w = append(w, s)
		}
		for len(w) > 0 && w[len(w)-1] == "" {
			w = w[:len(w)-1]
		}
		if !slices.Equal(got, w) {
			t.Errorf("row %d: %q, want %q", i+1, got, w)
		}
	}
}

func excelizeText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

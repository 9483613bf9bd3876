package infer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/figures-exporter/figures_exporter/internal/ziptest"
)

// TestWorkbookErrorCellsAreGaps: Excel's error values (#N/A, #DIV/0!)
// stored as error cells are the text Excel shows; init reads them as
// gaps, and what it writes passes check and serves the other figures.
func TestWorkbookErrorCellsAreGaps(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"region", "2021", "2022"}, {"North", 1.5, 2.5}, {"South", 3, 4}, {"East", 5, 6}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	// Error cells as Excel stores them: t="e" and the error's text.
	data := rewritePart(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(x string) string {
		x = strings.Replace(x, `<c r="C3"><v>4</v></c>`, `<c r="C3" t="e"><v>#N/A</v></c>`, 1)
		return strings.Replace(x, `<c r="B4"><v>5</v></c>`, `<c r="B4" t="e"><v>#DIV/0!</v></c>`, 1)
	})
	res, err := Infer([]Input{{Path: "regions.xlsx", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.File), "#N/A") || !strings.Contains(string(res.File), "#DIV/0!") {
		t.Errorf("the error values are not among the gaps:\n%s", res.File)
	}
	if res.Stats.Figures != 4 || res.Stats.Gaps != 2 {
		t.Errorf("%d figures and %d gaps, want 4 and 2:\n%s", res.Stats.Figures, res.Stats.Gaps, res.File)
	}
	if err := initInvariant(t, "regions.xlsx", data, false); err != nil {
		t.Fatal(err)
	}
}

// rewritePart rewrites one part of a zip archive.
func rewritePart(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	return ziptest.Rewrite(t, data, func(part string, x []byte) []byte {
		if part != name {
			return x
		}
		edited := edit(string(x))
		if edited == string(x) {
			t.Fatalf("%s: nothing rewritten", name)
		}
		return []byte(edited)
	})
}

// TestWorkbookSheetsSummary: init's summary names the sheet of each
// table of a workbook read sheet by sheet.
func TestWorkbookSheetsSummary(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "tables", "dft_avi0102.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Infer([]Input{{Path: "dft_avi0102.xlsx", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	want := `dft_avi0102.xlsx, sheet "TSGB0202a": 1 metrics, 88 figures, 0 gaps skipped`
	if got := res.Summary(); !strings.Contains(got, want) || !strings.Contains(got, `dft_avi0102.xlsx, sheet "TSGB0202b": 1 metrics, 484 figures, 26 gaps skipped`) {
		t.Errorf("summary:\n%s", got)
	}
}

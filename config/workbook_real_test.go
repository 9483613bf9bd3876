package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRealWorkbookSheets: two entries map two sheets of one workbook of
// the Department for Transport (a cover, contents and notes before
// them); each reads its own sheet. The second entry was silently not
// read: a file matched twice was read for the first entry only.
func TestRealWorkbookSheets(t *testing.T) {
	path := realTable(t, "dft_avi0102.xlsx")
	set := loadMain(t, `figure_files:
  - path: `+path+`
    sheet: TSGB0202a
    metric: movements_by_service
    labels: {service: Service}
    columns_as: {label: year, match: '^\d{4}$'}
    time_label: year
  - path: `+path+`
    sheet: TSGB0202b
    metric: movements_by_airport
    labels: {airport: Reporting Airport}
    columns_as: {label: year, match: '^\d{4}$'}
    gaps: ["", "[n]", "[Note 2]"]
    time_label: year
    source: {title: Air transport movements (TSGB0202), publisher: Department for Transport}
`)
	// Read independently, with excelize's own (not streaming) reader.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]float64{}
	for _, s := range []struct{ sheet, metric, label string }{{"TSGB0202a", "movements_by_service", "service"}, {"TSGB0202b", "movements_by_airport", "airport"}} {
		rows, err := f.GetRows(s.sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		header := rows[6] // row 7
		n := 0
		for _, r := range rows[7:] {
			if len(r) < 2 {
				continue // notes below the table
			}
			names, values := []string{s.label, "year"}, []string{r[0], ""}
			for c := 1; c < len(r) && c < len(header); c++ {
				if len(header[c]) != 4 || r[c] == "[n]" || r[c] == "[Note 2]" {
					continue
				}
				values[1] = header[c]
				want[seriesName(s.metric, names, values)] = mustFloat(t, r[c])
				n++
			}
		}
		if n < 80 {
			t.Fatalf("sheet %s: only %d cells", s.sheet, n)
		}
	}
	checkEveryCell(t, set, want)
}

// TestRealXLSRefused: an Excel 97-2003 workbook of the Australian Bureau
// of Statistics is refused saying what it is and what to do, not read as
// an unknown file type or as text.
func TestRealXLSRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	main := "figure_files:\n  - path: " + realTable(t, "abs_6202021.xls") + "\n    metric: m\n    value: x\n"
	if err := os.WriteFile(path, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, Options{})
	want := "abs_6202021.xls: the file is an Excel 97-2003 workbook (.xls, BIFF), which figures_exporter does not read: open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), or export the sheet as CSV"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

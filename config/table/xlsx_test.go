package table

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds an .xlsx in memory as a statistics office would: a
// merged title cell, a notes row, a header on row 3, numbers with display
// formats, dates in several formats, a gap, a skipped row, a footnote; and
// a second sheet.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Data"))
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	thousands := style(&excelize.Style{NumFmt: 4})             // #,##0.00
	percent := style(&excelize.Style{NumFmt: 9})               // 0%
	shortDate := style(&excelize.Style{NumFmt: 14})            // built-in date
	custom := "yyyy/m/d"                                       //
	slashDate := style(&excelize.Style{CustomNumFmt: &custom}) // custom date
	cn := `yyyy"年"m"月"`                                        //
	cnMonth := style(&excelize.Style{CustomNumFmt: &cn})       // a month
	stamp := "yyyy-mm-dd hh:mm"                                //
	dateTime := style(&excelize.Style{CustomNumFmt: &stamp})   //
	clock := style(&excelize.Style{NumFmt: 21})                // hh:mm:ss, a time of day
	money := `#,##0 "EUR";[Red]-#,##0 "EUR"`                   // quoted text with d and y-free letters
	eur := style(&excelize.Style{CustomNumFmt: &money})        //

	must(f.SetCellValue("Data", "A1", "Table 1. Population and output"))
	must(f.MergeCell("Data", "A1", "F1"))
	must(f.SetCellValue("Data", "A2", "Source: a statistics office"))
	must(f.SetSheetRow("Data", "A3", &[]any{"Region", "Date", "Population", "Share", "Output", "Updated"}))
	day := time.Date(2011, 3, 31, 0, 0, 0, 0, time.UTC)
	must(f.SetSheetRow("Data", "A4", &[]any{"North", day, 1234.5, 0.25, 1000, day.Add(14*time.Hour + 30*time.Minute)}))
	must(f.SetCellStyle("Data", "B4", "B4", shortDate))
	must(f.SetCellStyle("Data", "C4", "C4", thousands))
	must(f.SetCellStyle("Data", "D4", "D4", percent))
	must(f.SetCellStyle("Data", "E4", "E4", eur))
	must(f.SetCellStyle("Data", "F4", "F4", dateTime))
	must(f.SetSheetRow("Data", "A5", &[]any{"South", day.AddDate(0, 0, 1), 0.1, nil, 123456789012}))
	must(f.SetCellStyle("Data", "B5", "B5", slashDate))
	// Row 6 is left out: the iterator gives it as an empty row.
	must(f.SetSheetRow("Data", "A7", &[]any{"East", day.AddDate(0, 1, 0), -7}))
	must(f.SetCellStyle("Data", "B7", "B7", cnMonth))
	must(f.SetCellValue("Data", "A8", "West"))
	must(f.SetCellValue("Data", "B8", 0.5)) // noon as a time of day: a number
	must(f.SetCellStyle("Data", "B8", "B8", clock))
	must(f.SetCellValue("Data", "A9", "Note: provisional figures."))
	_, err := f.NewSheet("Notes")
	must(err)
	must(f.SetCellValue("Notes", "A1", "Notes sheet"))
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

func TestXLSXRows(t *testing.T) {
	data := workbook(t)
	for _, sheet := range []string{"", "Data", "1"} {
		r, err := Open(data, Options{Format: XLSX, Sheet: sheet})
		if err != nil {
			t.Fatal(err)
		}
		var got []row
		for r.Next() {
			if p := r.Place(); p.Sheet != "Data" {
				t.Errorf("place %v, want sheet Data", p)
			}
			got = append(got, row{r.Place().Row, append([]string{}, r.Row()...)})
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		want := []row{
			{1, []string{"Table 1. Population and output"}},
			{2, []string{"Source: a statistics office"}},
			{3, []string{"Region", "Date", "Population", "Share", "Output", "Updated"}},
			// Numbers as stored whatever their display format; dates as
			// ISO dates; a date with a time of day with its time.
			{4, []string{"North", "2011-03-31", "1234.5", "0.25", "1000", "2011-03-31T14:30:00"}},
			{5, []string{"South", "2011-04-01", "0.1", "", "123456789012"}},
			{6, nil},
			{7, []string{"East", "2011-05-01", "-7"}}, // March 31 plus a month
			{8, []string{"West", "0.5"}},
			{9, []string{"Note: provisional figures."}},
		}
		for i := range got {
			if len(got[i].cells) == 0 {
				got[i].cells = nil
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sheet %q:\ngot  %v\nwant %v", sheet, got, want)
		}
	}
}

// TestXLSXCloseEarly: closing before the last row ends the reading
// (run with -race).
func TestXLSXCloseEarly(t *testing.T) {
	r, err := Open(workbook(t), Options{Format: XLSX})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4 && r.Next(); i++ {
	}
	if got := r.Row(); len(got) < 2 || got[1] != "2011-03-31" {
		t.Errorf("row 4: got %q", got)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if r.Next() {
		t.Error("Next after Close")
	}
}

func TestXLSXSheets(t *testing.T) {
	data := workbook(t)
	for _, sheet := range []string{"Notes", "2"} {
		rows := readAll(t, data, Options{Format: XLSX, Sheet: sheet})
		if len(rows) != 1 || rows[0].cells[0] != "Notes sheet" {
			t.Errorf("sheet %q: got %v", sheet, rows)
		}
	}
	for sheet, says := range map[string]string{
		"Summary": `sheet "Summary" is not in the workbook: expected one of "Data", "Notes", or a 1-based index`,
		"3":       `sheet 3 is not in the workbook: it has 2 sheets ("Data", "Notes")`,
	} {
		_, err := Open(data, Options{Format: XLSX, Sheet: sheet})
		var e *Error
		if !errors.As(err, &e) || err.Error() != says {
			t.Errorf("sheet %q: got %v, want %q", sheet, err, says)
		}
	}
	for name, data := range map[string][]byte{"CSV text": []byte("a,b\n1,2\n"), "a broken zip": []byte("PK\x03\x04 not really")} {
		_, err := Open(data, Options{Format: XLSX})
		if err == nil || !strings.Contains(err.Error(), ".xlsx") {
			t.Errorf("%s: got %v, want an error saying an .xlsx workbook was expected", name, err)
		}
	}
}

func TestDateKindOfCode(t *testing.T) {
	for code, want := range map[string]dateKind{
		"yyyy-mm-dd": dateOnly, "d/m/yyyy": dateOnly, "mmm-yy": dateOnly, `yyyy"年"m"月"d"日"`: dateOnly,
		"[$-409]d-mmm-yyyy;@": dateOnly, "dd.mm.yyyy hh:mm": dateTime, "m/d/yy h:mm AM/PM": dateTime,
		"h:mm": notDate, "[h]:mm:ss": notDate, "mm:ss": notDate, "#,##0.00": notDate, "General": notDate,
		`#,##0 "days"`: notDate, `0.0\d`: notDate, "0.00E+00": notDate, "[Red]#,##0": notDate, "@": notDate,
	} {
		if got := dateKindOfCode(code); got != want {
			t.Errorf("%q: got %v, want %v", code, got, want)
		}
	}
}

// TestRealXLSX reads the Gapminder workbook (six sheets, the data on the
// first): a header of years stored as text, a row per country, and gaps
// as missing cells. The cells were read from the sheet's XML by hand.
func TestRealXLSX(t *testing.T) {
	data := readReal(t, "gapminder_agriculture_land.xlsx")
	rows := readAll(t, data, Options{Format: XLSX})
	if len(rows) != 214 || rows[213].line != 214 {
		t.Fatalf("%d rows, the last on row %d; want 214", len(rows), rows[len(rows)-1].line)
	}
	for i, want := range [][]string{
		{"Agricultural land (% of land area)", "1960", "1961", "1962"},
		{"Afghanistan", "", "57.8016957208347", "57.893687809515"},
	} {
		if got := rows[i].cells[:len(want)]; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: got %q, want %q", i+1, got, want)
		}
	}
	if got := rows[213].cells[2]; got != "28.3960191288613" {
		t.Errorf("row 214, column C: got %q", got)
	}
}

// TestXLSXWithoutDateStyles reads a workbook that has no date styles, so
// that no dates are looked for: Next once waited for date marks for ever
// there.
func TestXLSXWithoutDateStyles(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{{"country", "2011"}, {"Chile", 562}, {"Haiti", 222570}} {
		if err := f.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan [][]string, 1)
	go func() {
		rows, err := Open(buf.Bytes(), Options{Format: XLSX})
		if err != nil {
			t.Error(err)
			done <- nil
			return
		}
		defer rows.Close()
		var got [][]string
		for rows.Next() {
			got = append(got, append([]string(nil), rows.Row()...))
		}
		if err := rows.Err(); err != nil {
			t.Error(err)
		}
		done <- got
	}()
	select {
	case got := <-done:
		want := [][]string{{"country", "2011"}, {"Chile", "562"}, {"Haiti", "222570"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rows = %q, want %q", got, want)
		}
	case <-time.After(time.Minute):
		t.Fatal("reading a workbook without date styles did not end")
	}
}

package table

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNotWorkbook: a file given as a workbook that is not an .xlsx one is
// refused saying what it is and what to do, whether opened as a
// workbook or, named .csv, as text.
func TestNotWorkbook(t *testing.T) {
	abs, err := os.ReadFile(filepath.Join(realTables, "abs_6202021.xls"))
	if err != nil {
		t.Fatal(err)
	}
	imf, err := os.ReadFile(filepath.Join(realTables, "imf_weo_apr2023_groups.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	cfb := func(stream string) []byte {
		return append(append(bytes.Clone(cfbMagic), make([]byte, 504)...), utf16Name(stream)...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"ABS Labour Force table 2 as .xls", abs, "an Excel 97-2003 workbook (.xls, BIFF), which figures_exporter does not read: open it in Excel or LibreOffice and save it as .xlsx"},
		{"an encrypted workbook", cfb("EncryptedPackage"), "a password-protected workbook (it is encrypted)"},
		{"an OpenDocument spreadsheet", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), "an OpenDocument spreadsheet (.ods)"},
		{"an Excel binary workbook", zipOf(t, map[string]string{"xl/workbook.bin": "", "[Content_Types].xml": ""}), "an Excel binary workbook (.xlsb)"},
		{"a Word document", zipOf(t, map[string]string{"word/document.xml": ""}), "a Word document (.docx)"},
		{"an HTML table named .xls", []byte("\r\n<html><body><table><tr><td>1</td></tr></table></body></html>"), "an HTML page"},
		{"SpreadsheetML", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`), "an Excel 2003 XML spreadsheet"},
		{"CSV named .xlsx", []byte("a,b\n1,2\n"), "text, not an .xlsx workbook"},
		{"the IMF's WEO download named .xls", imf, "UTF-16 text, not an .xlsx workbook (the IMF's World Economic Outlook downloads named .xls are such text, tab-separated): if it is a table, name it .tsv or .csv"},
		{"a PDF", []byte("%PDF-1.7\n"), "a PDF document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.data, Options{Format: XLSX})
			if err == nil || !strings.Contains(err.Error(), "the file is "+tc.want) {
				t.Errorf("Open: %v\nwant it to say: the file is %s", err, tc.want)
			}
			if _, err := Sheets(tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Sheets: %v", err)
			}
			if bytes.HasPrefix(tc.data, []byte("PK")) || bytes.HasPrefix(tc.data, cfbMagic) {
				if _, err := Open(tc.data, Options{Format: CSV}); err == nil || !strings.Contains(err.Error(), "not delimited text but "+tc.want) {
					t.Errorf("Open as CSV: %v", err)
				}
			}
		})
	}
	// An .xlsx workbook named .csv is told to be named .xlsx.
	xlsx, err := os.ReadFile(filepath.Join(realTables, "dft_avi0102.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(xlsx, Options{Format: CSV}); err == nil || !strings.Contains(err.Error(), "an .xlsx workbook: name it .xlsx") {
		t.Errorf("an .xlsx workbook opened as CSV: %v", err)
	}
}

// TestSheets lists a real workbook's sheets in order.
func TestSheets(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(realTables, "dft_avi0102.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := Sheets(data)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sheets {
		names = append(names, s.Name)
		if s.Hidden {
			t.Errorf("sheet %q is listed hidden", s.Name)
		}
	}
	if got := strings.Join(names, ","); got != "Cover,Contents,Notes,TSGB0202a,TSGB0202b" {
		t.Errorf("sheets %s", got)
	}
}

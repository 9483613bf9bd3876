package table

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode/utf8"
)

// The first bytes of an OLE compound file: Excel 97-2003 workbooks
// (.xls, BIFF) and password-protected (encrypted) Office files of any
// kind are stored in one.
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// utf16Name is a stream name as a compound file's directory stores it.
func utf16Name(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

const saveAs = "open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), or export the sheet as CSV"

// notWorkbook says what a file given as a workbook is when it is not an
// Office Open XML workbook, with what to do, by its content: files are
// often named .xlsx or .xls whatever they hold (an HTML table served as
// .xls, an .xls renamed). "" when it looks like an .xlsx workbook (a zip
// archive holding xl/workbook.xml), which excelize then reads.
func notWorkbook(data []byte) string {
	switch {
	case bytes.HasPrefix(data, cfbMagic):
		// The directory of a small compound file is near its start, but
		// in a large one it may be anywhere: search it all (names are
		// UTF-16, so text does not match them by chance).
		switch {
		case bytes.Contains(data, utf16Name("EncryptedPackage")):
			return "a password-protected workbook (it is encrypted): figures_exporter cannot open it; save a copy without a password to open (File → Info → Protect Workbook) as .xlsx"
		case bytes.Contains(data, utf16Name("Workbook")), bytes.Contains(data, utf16Name("Book")):
			return "an Excel 97-2003 workbook (.xls, BIFF), which figures_exporter does not read: " + saveAs
		}
		return "an OLE compound file (an Office 97-2003 document), not an .xlsx workbook: " + saveAs
	case bytes.HasPrefix(data, []byte("PK")):
		return notWorkbookZip(data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document, not a workbook: figures_exporter reads tables as .xlsx, CSV or JSON"
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return "an RTF document, not a workbook: " + saveAs
	}
	head := data[:min(len(data), 4096)]
	text := strings.ToLower(string(bytes.TrimLeft(bytes.TrimPrefix(head, bomUTF8), " \t\r\n")))
	switch {
	case strings.Contains(text, "urn:schemas-microsoft-com:office:spreadsheet"):
		return "an Excel 2003 XML spreadsheet (SpreadsheetML), not an .xlsx workbook: " + saveAs
	case strings.HasPrefix(text, "<!doctype html"), strings.HasPrefix(text, "<html"), strings.Contains(text, "<table"), strings.Contains(text, "<html"):
		return "an HTML page (sites often serve an HTML table named .xls), not a workbook: " + saveAs
	case strings.HasPrefix(text, "<"):
		return "an XML or HTML document, not an .xlsx workbook (an Office Open XML workbook is a zip archive): " + saveAs
	}
	if _, _, utf16 := detectUTF16(head); utf16 || bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		return "UTF-16 text, not an .xlsx workbook (the IMF's World Economic Outlook downloads named .xls are such text, tab-separated): if it is a table, name it .tsv or .csv"
	}
	switch {
	case utf8.Valid(head):
		return "text, not an .xlsx workbook (an Office Open XML workbook is a zip archive): if it is a CSV or TSV table, name it .csv or .tsv"
	}
	return "not an .xlsx workbook (an Office Open XML workbook is a zip archive holding xl/workbook.xml): " + saveAs
}

// notWorkbookZip tells the zip archives that are not .xlsx workbooks.
func notWorkbookZip(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "" // damaged: excelize says how
	}
	has := map[string]bool{}
	for _, f := range z.File {
		has[strings.ToLower(f.Name)] = true
	}
	switch {
	case has["xl/workbook.xml"]:
		return ""
	case has["xl/workbook.bin"]:
		return "an Excel binary workbook (.xlsb), which figures_exporter does not read: " + saveAs
	case has["content.xml"] && has["mimetype"]:
		if zipText(z, "mimetype", "spreadsheet") {
			return "an OpenDocument spreadsheet (.ods), which figures_exporter does not read: open it in LibreOffice or Excel and save it as .xlsx, or export the sheet as CSV"
		}
		return "an OpenDocument file that is not a spreadsheet, not a workbook"
	case has["word/document.xml"]:
		return "a Word document (.docx), not a workbook"
	case has["ppt/presentation.xml"]:
		return "a PowerPoint presentation (.pptx), not a workbook"
	case has["index/document.iwa"]:
		return "an Apple Numbers document, not an .xlsx workbook: export it from Numbers as Excel (.xlsx) or CSV"
	}
	return "a zip archive without xl/workbook.xml, not an .xlsx workbook: if it holds tables, unpack it and give them one by one"
}

// zipText says whether the small file name of the archive holds text.
func zipText(z *zip.Reader, name, text string) bool {
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) && f.UncompressedSize64 < 1024 {
			r, err := f.Open()
			if err != nil {
				return false
			}
			var b [1024]byte
			n, _ := r.Read(b[:])
			r.Close()
			return bytes.Contains(b[:n], []byte(text))
		}
	}
	return false
}

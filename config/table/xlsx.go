package table

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxRows reads a worksheet with excelize's streaming row iterator, so
// memory follows the rows rather than the sheet. Cells come as stored
// (raw): 1234.5 with the format "#,##0.00" is "1234.5", not "1,234.50".
//
// Dates are numbers in a workbook (days since 1900); only the cell's
// style says a number is a date, and the iterator does not give styles.
// So the workbook's styles are classified (date, date and time, neither)
// and a dateScanner finds, in the sheet's XML, the cells whose style is a
// date's, row by row as the iterator goes; their stored serial numbers
// are turned into ISO dates. (A second excelize iterator, formatting the
// date styles into marks, did the same at the cost of decoding the whole
// sheet twice.)
type xlsxRows struct {
	f        *excelize.File
	raw      *excelize.Rows
	dates    *dateScanner // nil without date styles
	sheet    string
	merges   merges
	date1904 bool
	row      int
	cells    []string
	err      error
}

var rawCells = excelize.Options{RawCellValue: true}

// unzipLimit bounds what a workbook may unpack to: two hundred times its
// size (spreadsheets compress five to twenty times), at least 64 MiB and
// at most 4 GiB, so that a zip bomb is refused rather than unpacked.
func unzipLimit(size int) int64 {
	return min(max(200*int64(size), 64<<20), 4<<30)
}

// damaged turns a panic inside excelize (a malformed workbook it does not
// check) into an error, so that no file can stop the exporter.
func damaged(p Place, err *error) {
	if v := recover(); v != nil {
		*err = &Error{Place: p, Msg: fmt.Sprintf("the workbook is damaged: excelize failed reading it (%v)", v)}
	}
}

func openXLSX(data []byte, opts Options) (rows Rows, err error) {
	defer damaged(Place{Sheet: opts.Sheet}, &err)
	f, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	sheet, err := chooseSheet(f, opts.Sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	scan := scanSheet(data, f, sheet)
	if err := scan.uncalculated(sheet); err != nil {
		f.Close()
		return nil, err
	}
	kinds, err := dateKinds(f)
	if err != nil {
		f.Close()
		return nil, &Error{Place: Place{Sheet: sheet}, Msg: fmt.Sprintf("cannot read the workbook's styles: %v", err)}
	}
	r := &xlsxRows{f: f, sheet: sheet, merges: scan.merges}
	if kinds != nil {
		r.dates = newDateScanner(data, f, sheet, kinds)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	if r.raw, err = f.Rows(sheet); err != nil {
		r.Close()
		return nil, &Error{Place: Place{Sheet: sheet}, Msg: fmt.Sprintf("cannot read the sheet: %v", err)}
	}
	return r, nil
}

// openWorkbook opens an .xlsx workbook, or says what the file is instead.
func openWorkbook(data []byte) (*excelize.File, error) {
	if what := notWorkbook(data); what != "" {
		return nil, &Error{Msg: "the file is " + what}
	}
	limit := unzipLimit(len(data))
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, excelize.StreamChunkSize)})
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("cannot open the workbook: %v: expected an .xlsx workbook (Office Open XML)", err)}
	}
	return f, nil
}

// chooseSheet finds a sheet by its name, else by its 1-based position;
// "" is the first sheet.
func chooseSheet(f *excelize.File, want string) (string, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return "", &Error{Msg: "the workbook has no sheet"}
	}
	if want == "" {
		return sheets[0], nil
	}
	for _, s := range sheets {
		if s == want {
			return s, nil
		}
	}
	if i, err := strconv.Atoi(want); err == nil {
		if i >= 1 && i <= len(sheets) {
			return sheets[i-1], nil
		}
		return "", &Error{Msg: fmt.Sprintf("sheet %d is not in the workbook: it has %d sheets (%s)", i, len(sheets), quoteList(sheets))}
	}
	return "", &Error{Msg: fmt.Sprintf("sheet %q is not in the workbook: expected one of %s, or a 1-based index", want, quoteList(sheets))}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

type dateKind int

const (
	notDate dateKind = iota
	dateOnly
	dateTime
)

// builtInDateKind classifies Excel's built-in number formats (ECMA-376
// part 1, 18.8.30): 14-17 and the East Asian 27-31, 34-36, 50-58 are
// dates, 22 a date and time; 18-21, 32, 33 and 45-47 are times of day or
// durations, read as the numbers they are.
func builtInDateKind(id int) dateKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return dateOnly
	case id == 22:
		return dateTime
	}
	return notDate
}

// dateKindOfCode classifies a custom number format by its date and time
// letters outside quoted text, escapes and [brackets] (colours, locales),
// in its first section: y or d make a date, h or s a time, and m alone a
// month (mmm-yy); a time without a date is a number.
func dateKindOfCode(code string) dateKind {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case c == '"':
			quoted = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal, or padding
		case c == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				return notDate
			}
			inner := strings.ToLower(code[i+1 : i+end])
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				return notDate // elapsed time: a duration
			}
			i += end
		case c == ';':
			i = len(code)
		default:
			b.WriteByte(c | 0x20) // ASCII lower case
		}
	}
	s := b.String()
	if strings.Contains(s, "general") {
		return notDate
	}
	date := strings.ContainsAny(s, "yd") || strings.Contains(s, "m") && !strings.ContainsAny(s, "hs")
	switch {
	case date && strings.ContainsAny(s, "hs"):
		return dateTime
	case date:
		return dateOnly
	}
	return notDate
}

func (r *xlsxRows) Next() (ok bool) {
	r.cells = nil
	if r.err != nil || r.raw == nil {
		return false
	}
	defer func() {
		if v := recover(); v != nil {
			r.err, ok = errorf(Place{Sheet: r.sheet, Row: r.row}, 0, "the workbook is damaged: excelize failed reading it (%v)", v), false
		}
	}()
	if !r.raw.Next() {
		if err := r.raw.Error(); err != nil {
			r.err = errorf(Place{Sheet: r.sheet, Row: r.row + 1}, 0, "cannot read the row: %v", err)
		}
		return false
	}
	r.row++
	cells, err := r.raw.Columns(rawCells)
	if err != nil {
		r.err = errorf(Place{Sheet: r.sheet, Row: r.row}, 0, "cannot read the row: %v", err)
		return false
	}
	if r.dates != nil {
		if d := r.dates.at(r.row); d != nil {
			for i, c := range d.cols {
				if c <= len(cells) {
					cells[c-1] = r.isoDate(cells[c-1], d.kinds[i] == dateTime)
				}
			}
		}
	}
	r.cells = r.merges.fill(r.row, cells)
	return true
}

// isoDate turns a serial date as stored into 2011-03-31, or
// 2011-03-31T14:30:00 for a date with a time of day; a cell that is not a
// number (text in a date column) is left as it is.
func (r *xlsxRows) isoDate(serial string, withTime bool) string {
	v, err := strconv.ParseFloat(serial, 64)
	if err != nil {
		return serial
	}
	t, err := excelize.ExcelDateToTime(v, r.date1904)
	if err != nil {
		return serial
	}
	if withTime {
		return t.Round(time.Second).Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02")
}

func (r *xlsxRows) Row() []string { return r.cells }
func (r *xlsxRows) Place() Place  { return Place{Sheet: r.sheet, Row: r.row} }
func (r *xlsxRows) Err() error {
	if r.err == nil {
		return nil
	}
	return r.err
}

func (r *xlsxRows) Close() error {
	var errs []error
	if r.dates != nil {
		r.dates.Close()
		r.dates = nil
	}
	if r.raw != nil {
		errs = append(errs, r.raw.Close())
		r.raw = nil
	}
	if r.f != nil {
		errs = append(errs, r.f.Close())
		r.f = nil
	}
	return errors.Join(errs...)
}

// Sheet is a sheet of a workbook, as Sheets lists it.
type Sheet struct {
	Name string
	// Hidden is a sheet the workbook does not show (hidden or very
	// hidden): publishers keep lookups and working data there.
	Hidden bool
}

// Sheets lists the sheets of a workbook in their order, for init, which
// reads each one. The workbook is refused as Open refuses it.
func Sheets(data []byte) (sheets []Sheet, err error) {
	defer damaged(Place{}, &err)
	f, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		sheets = append(sheets, Sheet{Name: name, Hidden: err == nil && !visible})
	}
	if len(sheets) == 0 {
		return nil, &Error{Msg: "the workbook has no sheet"}
	}
	return sheets, nil
}

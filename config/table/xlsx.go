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
// So the styles of the opened (in-memory, never saved) workbook are
// rewritten before reading: every date style gets a format that shows the
// letter D (or T when it shows a time of day), every other style a number
// format that excelize does not know, which it leaves unformatted (cheap:
// formatting every cell through excelize's formatter would cost more than
// reading the sheet). A second iterator over the same sheet then marks
// the date cells, whose stored serial numbers are turned into ISO dates;
// the first gives every cell raw. Workbooks without a date style are read
// with one iterator.
type xlsxRows struct {
	f         *excelize.File
	raw       *excelize.Rows
	formatted *excelize.Rows // nil without date styles
	// marks brings the formatted rows from a goroutine, which reads them
	// while the raw rows are read here, so that the two passes use two
	// processors; stop ends it early, done says it has ended.
	marks      chan markedRow
	stop, done chan struct{}
	sheet      string
	merges     merges
	date1904   bool
	row        int
	cells      []string
	err        error
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
	dates, err := rewriteDateStyles(f)
	if err != nil {
		f.Close()
		return nil, &Error{Place: Place{Sheet: sheet}, Msg: fmt.Sprintf("cannot read the workbook's styles: %v", err)}
	}
	r := &xlsxRows{f: f, sheet: sheet, merges: scan.merges}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	if r.raw, err = f.Rows(sheet); err != nil {
		f.Close()
		return nil, &Error{Place: Place{Sheet: sheet}, Msg: fmt.Sprintf("cannot read the sheet: %v", err)}
	}
	if dates {
		if r.formatted, err = f.Rows(sheet); err != nil {
			r.Close()
			return nil, &Error{Place: Place{Sheet: sheet}, Msg: fmt.Sprintf("cannot read the sheet: %v", err)}
		}
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

// rewriteDateStyles gives every date style of the workbook an ISO format
// and every other style the General format, and tells whether there was
// a date style. See xlsxRows.
func rewriteDateStyles(f *excelize.File) (bool, error) {
	// GetStyle loads the style sheet into f.Styles, whose exported fields
	// are the parsed XML; excelize has no call to change a style in place.
	if _, err := f.GetStyle(0); err != nil {
		return false, err
	}
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return false, nil
	}
	custom := map[int]string{}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	kinds := make([]dateKind, len(ss.CellXfs.Xf))
	found := false
	for i, xf := range ss.CellXfs.Xf {
		if xf.NumFmtID == nil {
			continue
		}
		if code, ok := custom[*xf.NumFmtID]; ok {
			kinds[i] = dateKindOfCode(code)
		} else {
			kinds[i] = builtInDateKind(*xf.NumFmtID)
		}
		found = found || kinds[i] != notDate
	}
	if !found {
		return false, nil
	}
	// Two new styles carry the marking formats; their number formats are
	// then given to the date styles. NewStyle appends to the same list, so
	// the loop above has already classified every older style.
	dateID, err := numFmtOfNewStyle(f, `"`+dateMark+`"`)
	if err != nil {
		return false, err
	}
	timeID, err := numFmtOfNewStyle(f, `"`+timeMark+`"`)
	if err != nil {
		return false, err
	}
	// A format excelize knows neither as built-in nor as custom: it
	// returns such cells as they are.
	plainID := 163
	for ; plainID > 100; plainID-- {
		if _, ok := custom[plainID]; !ok {
			break
		}
	}
	for i, kind := range kinds {
		xf := ss.CellXfs.Xf[i]
		switch kind {
		case dateOnly:
			xf.NumFmtID = &dateID
		case dateTime:
			xf.NumFmtID = &timeID
		default:
			xf.NumFmtID = &plainID
		}
		ss.CellXfs.Xf[i] = xf
	}
	return true, nil
}

// The formats given to date styles show these instead of the date.
const (
	dateMark = "\u0001date"
	timeMark = "\u0001datetime"
)

func numFmtOfNewStyle(f *excelize.File, code string) (int, error) {
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return 0, err
	}
	xf := f.Styles.CellXfs.Xf[id]
	if xf.NumFmtID == nil {
		return 0, errors.New("a new style has no number format")
	}
	return *xf.NumFmtID, nil
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
	if r.formatted != nil && r.marks == nil {
		// Started after the first raw row, which has loaded the shared
		// strings: from here on both iterators only read the workbook.
		r.startMarks()
	}
	// A workbook without date styles has no marks to wait for: a receive
	// from the nil channel would block for ever.
	if r.marks != nil {
		if m, ok := <-r.marks; ok {
			if m.err != nil {
				r.err = errorf(Place{Sheet: r.sheet, Row: r.row}, 0, "cannot read the row: %v", m.err)
				return false
			}
			for i, s := range m.shown {
				if i < len(cells) && (s == dateMark || s == timeMark) {
					cells[i] = r.isoDate(cells[i], s == timeMark)
				}
			}
		}
	}
	r.cells = r.merges.fill(r.row, cells)
	return true
}

// markedRow is a row of the formatted iterator, date cells marked.
type markedRow struct {
	shown []string
	err   error
}

func (r *xlsxRows) startMarks() {
	r.marks = make(chan markedRow, 256)
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go func(it *excelize.Rows) {
		defer close(r.done)
		defer close(r.marks)
		defer func() {
			if v := recover(); v != nil {
				select {
				case r.marks <- markedRow{err: fmt.Errorf("the workbook is damaged: excelize failed reading it (%v)", v)}:
				case <-r.stop:
				}
			}
		}()
		for it.Next() {
			shown, err := it.Columns()
			select {
			case r.marks <- markedRow{shown, err}:
			case <-r.stop:
				return
			}
			if err != nil {
				return
			}
		}
	}(r.formatted)
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
	if r.stop != nil {
		close(r.stop)
		<-r.done
		r.stop = nil
	}
	var errs []error
	for _, it := range []*excelize.Rows{r.raw, r.formatted} {
		if it != nil {
			errs = append(errs, it.Close())
		}
	}
	r.raw, r.formatted = nil, nil
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

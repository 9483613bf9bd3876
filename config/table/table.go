// Package table reads published tables (CSV and TSV text in any common
// encoding, Excel workbooks, JSON arrays of records) as rows of text
// cells, each with its place in the file. It does not interpret the
// cells: which row is the header, which columns are labels or values, and
// what a gap looks like is the mapping's business (package config).
package table

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Format is how a table is stored.
type Format int

const (
	// CSV is delimited text: .csv, .tsv and .txt files.
	CSV Format = iota
	// XLSX is an Office Open XML workbook.
	XLSX
	// JSON is an array of records (objects).
	JSON
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "CSV"
	case XLSX:
		return "XLSX"
	case JSON:
		return "JSON"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// FormatOf tells a table's format by its file extension (any case):
// .csv, .tsv, .txt, .xlsx, .json. Workbooks of other kinds (.xlsm, and
// .xls, .xlsb, .ods, which are not read) are XLSX too, so that opening
// one says from its content what it is and what to do: an .xlsm is an
// .xlsx with macros, and files named .xls are often .xlsx workbooks or
// HTML tables.
func FormatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return CSV, true
	case ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods":
		return XLSX, true
	case ".json":
		return JSON, true
	}
	return 0, false
}

// Options say how to read a table. The zero value reads UTF-8 CSV with a
// detected separator.
type Options struct {
	Format Format
	// Encoding of CSV text: "" is UTF-8 (a byte order mark is cut) or
	// UTF-16 when the file starts with its byte order mark; else a name
	// such as gb18030, gbk, windows-1252, iso-8859-1, shift_jis,
	// utf-16le (WHATWG and IANA names, any case). A byte order mark at
	// the start of the file wins over the name, as in browsers.
	Encoding string
	// Separator of CSV cells; 0 detects it among , ; TAB | from the first
	// lines (see DetectSeparator).
	Separator rune
	// Sheet of a workbook: its name or its 1-based index; "" is the
	// first sheet.
	Sheet string
	// Records is the dotted path to the array of records in a JSON
	// document; "" is the top-level array.
	Records string
}

// Place is where a row is in its file.
type Place struct {
	// Sheet is the workbook sheet's name; "" for CSV and JSON.
	Sheet string
	// Row is the line a CSV record starts on, the row number in a sheet,
	// or the line a JSON record starts on; 1-based. A JSON header row,
	// which is made rather than read, has the line of the array.
	Row int
}

// String is "12", or "sheet Data row 12" in a workbook.
func (p Place) String() string {
	if p.Sheet != "" {
		return "sheet " + p.Sheet + " row " + strconv.Itoa(p.Row)
	}
	return strconv.Itoa(p.Row)
}

// Rows iterates over the rows of a table.
type Rows interface {
	// Next moves to the next row; false at the end or on an error.
	Next() bool
	// Row is the current row's cells, valid until the next call of Next.
	// Rows may have different lengths (title rows, notes); trailing empty
	// cells are kept; an empty line is a row with no cells.
	Row() []string
	// Place is where the current row is.
	Place() Place
	// Err is what stopped Next, an *Error with its place; nil at the end.
	Err() error
	Close() error
}

// Error is a problem at a place in a table.
type Error struct {
	Place Place
	// Column is the 1-based position of the cell the problem is in; 0
	// when it is about the row or the file.
	Column int
	Msg    string
}

// Error is "line 12, column 3: …" in text, "sheet Data row 12: …" in a
// workbook, or the message alone for a problem of the whole file.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Place.Sheet != "":
		b.WriteString("sheet ")
		b.WriteString(e.Place.Sheet)
		if e.Place.Row > 0 {
			b.WriteString(" row ")
			b.WriteString(strconv.Itoa(e.Place.Row))
		}
	case e.Place.Row > 0:
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Place.Row))
	}
	if e.Column > 0 {
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(e.Column))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func errorf(p Place, column int, format string, args ...any) *Error {
	return &Error{Place: p, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// Open reads a table from the whole content of its file. Errors of the
// file as a whole (its encoding, a workbook that cannot be opened, a sheet
// that is not there) come from Open; errors in the rows stop Next, and
// Err tells them.
func Open(data []byte, opts Options) (Rows, error) {
	switch opts.Format {
	case CSV:
		return openCSV(data, opts)
	case XLSX:
		return openXLSX(data, opts)
	case JSON:
		return openJSON(data, opts)
	}
	return nil, fmt.Errorf("reading %v tables is not supported yet", opts.Format)
}

package table

import (
	"regexp"
	"strings"
)

// eurostatHeader is the first header cell of Eurostat's TSV bulk
// downloads: the codes of the row dimensions joined by commas, then a
// backslash and the name of the dimension across (unit,geo\time, or
// freq,unit,geo\TIME_PERIOD in the files of the 2023 dissemination API).
var eurostatHeader = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*(?:,[A-Za-z][A-Za-z0-9_]*)*)\\([A-Za-z][A-Za-z0-9_]*)$`)

// EurostatDimensions says whether a header cell is the combined first
// cell of a Eurostat TSV (unit,geo\time) and returns the row dimensions
// it names (unit, geo) and the dimension across the columns (time).
func EurostatDimensions(cell string) (dims []string, across string, ok bool) {
	m := eurostatHeader.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil {
		return nil, "", false
	}
	return strings.Split(m[1], ","), m[2], true
}

// eurostatRows splits the combined first column of a Eurostat TSV into a
// column per dimension: the header unit,geo\time becomes the two columns
// unit and geo, and a row's MIO_EUR,AT its two cells MIO_EUR and AT; the
// cells after it (a column per period) are as read. A row whose first
// cell holds another number of codes is an error with its place: which
// code is which could only be guessed.
type eurostatRows struct {
	Rows
	dims  []string
	cells []string
	err   error
}

// splitEurostat wraps rows of a tab-separated table whose first cell is a
// Eurostat combined header; other tables are returned as they are. It
// reads the first row to tell.
func splitEurostat(rows Rows) Rows {
	if !rows.Next() {
		return &pushedBack{Rows: rows, done: true}
	}
	first := rows.Row()
	if len(first) == 0 || rows.Place().Row != 1 {
		return &pushedBack{Rows: rows, row: first, pending: true}
	}
	dims, _, ok := EurostatDimensions(first[0])
	if !ok {
		return &pushedBack{Rows: rows, row: first, pending: true}
	}
	// One dimension (geo\time) has nothing to split, but its column is
	// named geo, as it would be beside others.
	e := &eurostatRows{Rows: rows, dims: dims}
	e.cells = append(append(e.cells, dims...), first[1:]...)
	return &pushedBack{Rows: e, row: e.cells, pending: true}
}

func (e *eurostatRows) Next() bool {
	if e.err != nil || !e.Rows.Next() {
		return false
	}
	row := e.Rows.Row()
	e.cells = e.cells[:0]
	if len(row) == 0 || strings.TrimSpace(strings.Join(row, "")) == "" {
		e.cells = append(e.cells, row...)
		return true
	}
	codes := strings.Split(row[0], ",")
	if len(codes) != len(e.dims) {
		e.err = errorf(e.Rows.Place(), 1, "%q holds %d codes separated by commas, but the header %s names %d dimensions (%s): expected one code for each",
			clipText(row[0]), len(codes), strings.Join(e.dims, ",")+`\…`, len(e.dims), strings.Join(e.dims, ", "))
		return false
	}
	for _, c := range codes {
		e.cells = append(e.cells, strings.TrimSpace(c))
	}
	e.cells = append(e.cells, row[1:]...)
	return true
}

func (e *eurostatRows) Row() []string { return e.cells }

func (e *eurostatRows) Err() error {
	if e.err != nil {
		return e.err
	}
	return e.Rows.Err()
}

// pushedBack gives a row already read before the rows that follow it.
type pushedBack struct {
	Rows
	row     []string
	place   Place
	pending bool // row is the current row once Next is called
	current bool // the current row is row
	done    bool
}

func (p *pushedBack) Next() bool {
	if p.pending {
		p.pending, p.current = false, true
		p.place = p.Rows.Place()
		return true
	}
	p.current = false
	if p.done {
		return false
	}
	return p.Rows.Next()
}

func (p *pushedBack) Row() []string {
	if p.current {
		return p.row
	}
	return p.Rows.Row()
}

func (p *pushedBack) Place() Place {
	if p.current {
		return p.place
	}
	return p.Rows.Place()
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

package table

import (
	"bytes"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// dateKinds classifies every cell style (cellXfs) of a workbook: a date,
// a date with a time of day, or neither; nil when no style is a date.
func dateKinds(f *excelize.File) ([]dateKind, error) {
	// GetStyle loads the style sheet into f.Styles, whose exported fields
	// are the parsed XML.
	if _, err := f.GetStyle(0); err != nil {
		return nil, err
	}
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil {
		return nil, nil
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
		return nil, nil
	}
	return kinds, nil
}

// dateRow is a row's cells whose style is a date's.
type dateRow struct {
	row   int
	cols  []int // 1-based
	kinds []dateKind
}

// dateScanner finds the date cells of a sheet, row by row, in its XML:
// the row iterator gives no styles, and a second iterator through
// excelize's formatter decoded the whole sheet again (half the reading's
// time). It reads the tags as bytes: <row r="12">, and <c r="B12" s="3">
// whose style s is a date's and whose type t is a number's.
type dateScanner struct {
	src    io.Reader // nil: buf is the whole sheet, or all of it is read
	closer io.Closer
	buf    []byte
	pos    int
	prefix string
	kinds  []dateKind
	// row and col are the last row and cell seen, for rows and cells
	// that do not say where they are (r is optional).
	row, col int
	cur      dateRow
	inRow    bool
	pending  *dateRow
	done     bool
}

func newDateScanner(data []byte, f *excelize.File, sheet string, kinds []dateKind) *dateScanner {
	d := &dateScanner{kinds: kinds}
	src, mem := sheetSource(data, f, sheet)
	switch {
	case mem != nil:
		d.buf = mem
	case src != nil:
		d.src, d.closer, d.buf = src, src, make([]byte, 0, 2*scanChunk)
		d.fill()
	default:
		d.done = true
	}
	d.prefix = xmlPrefix(d.buf)
	return d
}

// fill reads the next chunk after the bytes not yet scanned.
func (d *dateScanner) fill() bool {
	if d.src == nil {
		return false
	}
	n := copy(d.buf, d.buf[d.pos:])
	d.buf, d.pos = d.buf[:n], 0
	if cap(d.buf)-n < scanChunk {
		d.buf = append(make([]byte, 0, n+2*scanChunk), d.buf...)
	}
	m, err := io.ReadFull(d.src, d.buf[n:n+scanChunk])
	d.buf = d.buf[:n+m]
	if err != nil {
		d.src = nil
	}
	return m > 0
}

// tag is the next tag's text, between < and >.
func (d *dateScanner) tag() ([]byte, bool) {
	for {
		i := bytes.IndexByte(d.buf[d.pos:], '<')
		if i < 0 {
			d.pos = len(d.buf)
			if !d.fill() {
				return nil, false
			}
			continue
		}
		start := d.pos + i
		j := bytes.IndexByte(d.buf[start:], '>')
		if j < 0 {
			d.pos = start
			if !d.fill() {
				return nil, false
			}
			continue
		}
		d.pos = start + j + 1
		return d.buf[start+1 : start+j], true
	}
}

// isTag says whether the tag's text t is element name (with the
// sheet's prefix), and gives its attributes.
func (d *dateScanner) isTag(t []byte, name string) ([]byte, bool) {
	n := len(d.prefix)
	if len(t) < n+len(name) || string(t[:n]) != d.prefix || string(t[n:n+len(name)]) != name {
		return nil, false
	}
	rest := t[n+len(name):]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '/' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r' {
		return nil, false
	}
	return rest, true
}

// attr is the value of attribute name in a tag's attributes.
func attr(attrs []byte, name string) ([]byte, bool) {
	key := []byte(" " + name + `="`)
	i := bytes.Index(attrs, key)
	if i < 0 {
		return nil, false
	}
	v := attrs[i+len(key):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return nil, false
	}
	return v[:j], true
}

// next gives the next row that has date cells.
func (d *dateScanner) next() (dateRow, bool) {
	for !d.done {
		t, ok := d.tag()
		if !ok {
			d.done = true
			if d.inRow && len(d.cur.cols) > 0 {
				d.inRow = false
				return d.cur, true
			}
			return dateRow{}, false
		}
		if attrs, ok := d.isTag(t, "row"); ok {
			d.row++
			if v, ok := attr(attrs, "r"); ok {
				if n, err := strconv.Atoi(string(v)); err == nil {
					d.row = n
				}
			}
			d.col = 0
			d.cur = dateRow{row: d.row}
			d.inRow = !bytes.HasSuffix(attrs, []byte("/"))
			continue
		}
		if len(t) > 0 && t[0] == '/' {
			if name := string(t[1:]); (name == d.prefix+"row" || name == d.prefix+"sheetData") && d.inRow {
				d.inRow = false
				if len(d.cur.cols) > 0 {
					return d.cur, true
				}
			}
			continue
		}
		if attrs, ok := d.isTag(t, "c"); ok && d.inRow {
			d.col++
			if v, ok := attr(attrs, "r"); ok {
				if c, _, err := excelize.CellNameToCoordinates(string(v)); err == nil {
					d.col = c
				}
			}
			if v, ok := attr(attrs, "t"); ok && string(v) != "n" {
				continue // text, a boolean, an error: not a serial date
			}
			s := 0
			if v, ok := attr(attrs, "s"); ok {
				s, _ = strconv.Atoi(string(v))
			}
			if s >= 0 && s < len(d.kinds) && d.kinds[s] != notDate {
				d.cur.cols = append(d.cur.cols, d.col)
				d.cur.kinds = append(d.cur.kinds, d.kinds[s])
			}
		}
	}
	return dateRow{}, false
}

// at gives the date cells of row n (1-based), rows being asked in order.
func (d *dateScanner) at(n int) *dateRow {
	for d.pending == nil || d.pending.row < n {
		r, ok := d.next()
		if !ok {
			return nil
		}
		d.pending = &r
	}
	if d.pending.row == n {
		return d.pending
	}
	return nil
}

func (d *dateScanner) Close() error {
	if d.closer != nil {
		d.closer.Close()
		d.closer = nil
	}
	return nil
}

package table

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// mergeRange is a range of merged cells: its text shows across all of it,
// but the workbook stores it in the top-left cell only.
type mergeRange struct {
	top, bottom, left, right int // 1-based, inclusive
	text                     string
}

// merges are a sheet's merged ranges by their top row, and the ones that
// reach down to the row being read.
type merges struct {
	ranges []*mergeRange
	next   int
	open   []*mergeRange
}

// mergeCellsIn reads the <mergeCell ref="A7:A9"/> elements in a part of
// a sheet's XML (they follow its rows).
func mergeCellsIn(x []byte, prefix string) []*mergeRange {
	var out []*mergeRange
	tag := []byte("<" + prefix + "mergeCell ")
	for at := 0; ; {
		i := bytes.Index(x[at:], tag)
		if i < 0 {
			return out
		}
		at += i + len(tag)
		end := bytes.IndexByte(x[at:], '>')
		if end < 0 {
			return out
		}
		attrs := x[at : at+end]
		j := bytes.Index(attrs, []byte(`ref="`))
		if j < 0 {
			continue
		}
		ref := attrs[j+5:]
		if q := bytes.IndexByte(ref, '"'); q >= 0 {
			ref = ref[:q]
		}
		from, to, ok := strings.Cut(string(ref), ":")
		if !ok {
			continue
		}
		c0, r0, err0 := excelize.CellNameToCoordinates(from)
		c1, r1, err1 := excelize.CellNameToCoordinates(to)
		if err0 != nil || err1 != nil || r1 < r0 || c1 < c0 {
			continue
		}
		out = append(out, &mergeRange{top: r0, bottom: r1, left: c0, right: c1})
	}
}

// fill gives the text of a merged range to the cells below its top row
// (1-based row), as the sheet shows it down the rows of the range: a
// group label merged down its rows ("Age (head of household)" over
// "< 66", "> 65"), a header cell merged down the rows of a header. It is
// not given across the columns of a range: one header row names the
// columns (docs/tables.md), and a title or a note merged across a row
// must stay one cell, which is how rows of titles and notes are told.
// Numbers are never repeated: a figure shown over several cells is one
// figure. Cells that hold a value of their own keep it.
func (m *merges) fill(row int, cells []string) []string {
	if len(m.ranges) == 0 {
		return cells
	}
	for m.next < len(m.ranges) && m.ranges[m.next].top <= row {
		mr := m.ranges[m.next]
		m.next++
		if mr.top < row {
			continue // a row the iterator did not give
		}
		text := cellAt(cells, mr.left)
		if text == "" || isNumber(text) {
			continue
		}
		mr.text = text
		if mr.bottom > mr.top {
			m.open = append(m.open, mr)
		}
	}
	kept := m.open[:0]
	for _, mr := range m.open {
		if mr.bottom < row {
			continue
		}
		kept = append(kept, mr)
		if row > mr.top && cellAt(cells, mr.left) == "" {
			for len(cells) < mr.left {
				cells = append(cells, "")
			}
			cells[mr.left-1] = mr.text
		}
	}
	m.open = kept
	return cells
}

func cellAt(cells []string, col int) string {
	if col-1 < len(cells) {
		return strings.TrimSpace(cells[col-1])
	}
	return ""
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

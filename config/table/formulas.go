package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetScan is what the streaming iterator does not tell of a sheet,
// read from its XML as bytes (decoding it as XML would double the cost
// of reading it): its merged ranges, and the first formula whose result
// the workbook does not hold.
type sheetScan struct {
	merges          merges
	formulaRef      string // "" when every formula has its result
	formula         string
	recalcOnOpening bool
}

// scanSheet reads a sheet's XML: from excelize's copy in memory when it
// holds one (sheets up to excelize.StreamChunkSize unpacked), else
// unpacked again from the archive in chunks, so that memory does not
// follow the sheet.
func scanSheet(data []byte, f *excelize.File, sheet string) sheetScan {
	sc := sheetScan{recalcOnOpening: f.WorkBook != nil && f.WorkBook.CalcPr != nil && f.WorkBook.CalcPr.FullCalcOnLoad != nil && *f.WorkBook.CalcPr.FullCalcOnLoad}
	src, mem := sheetSource(data, f, sheet)
	switch {
	case mem != nil:
		sc.scan(bytes.NewReader(mem))
	case src != nil:
		sc.scan(src)
		src.Close()
	}
	return sc
}

// sheetSource gives a sheet's XML: excelize's copy in memory when it
// holds one (sheets up to excelize.StreamChunkSize unpacked), else a
// reader unpacking it again from the archive; neither when the sheet is
// not found.
func sheetSource(data []byte, f *excelize.File, sheet string) (io.ReadCloser, []byte) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil // excelize has read it; nothing more to say
	}
	name := sheetPath(z, f, sheet)
	if name == "" {
		return nil, nil
	}
	if x, ok := f.Pkg.Load(name); ok {
		if b, ok := x.([]byte); ok {
			return nil, b
		}
	}
	for _, zf := range z.File {
		if zf.Name == name {
			if r, err := zf.Open(); err == nil {
				return struct {
					io.Reader
					io.Closer
				}{io.LimitReader(r, unzipLimit(len(data))), r}, nil
			}
		}
	}
	return nil, nil
}

// scanChunk is how much of a sheet's XML is scanned at a time.
const scanChunk = 1 << 20

// scan reads the XML in chunks, each cut before the last cell that
// starts in it (a cell is whole in one chunk: its formula and its value
// are seen together) and before a tag cut by the chunk's end.
func (sc *sheetScan) scan(r io.Reader) {
	buf := make([]byte, 0, 2*scanChunk)
	prefix, first := "", true
	var openC []byte
	for eof := false; !eof; {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)][:scanChunk])
		buf = buf[:len(buf)+n]
		eof = err != nil
		if first {
			prefix, first = xmlPrefix(buf), false
			openC = []byte("<" + prefix + "c ")
		}
		cut := len(buf)
		if !eof {
			if i := bytes.LastIndex(buf, openC); i > 0 {
				cut = i
			} else if i := bytes.LastIndexByte(buf, '<'); i > 0 {
				cut = i
			}
		}
		seg := buf[:cut]
		if sc.formulaRef == "" {
			sc.formulaRef, sc.formula, _ = formulaWithoutValue(seg, prefix, sc.recalcOnOpening)
		}
		sc.merges.ranges = append(sc.merges.ranges, mergeCellsIn(seg, prefix)...)
		rest := copy(buf, buf[cut:])
		buf = buf[:rest]
		if cap(buf)-len(buf) < scanChunk {
			// A cell longer than a chunk: keep reading into a larger buffer.
			buf = append(make([]byte, 0, len(buf)+2*scanChunk), buf...)
		}
	}
	sort.SliceStable(sc.merges.ranges, func(a, b int) bool { return sc.merges.ranges[a].top < sc.merges.ranges[b].top })
}

// uncalculated refuses a sheet with a formula whose result the workbook
// does not hold: a formula cell with no stored value, or any formula
// when the workbook asks to be recalculated on opening (fullCalcOnLoad,
// which libraries that cannot calculate set, storing 0 or nothing). The
// streaming iterator gives such a cell as "" or 0, a figure that is not
// the formula's.
func (sc *sheetScan) uncalculated(sheet string) error {
	if sc.formulaRef == "" {
		return nil
	}
	col, row, _ := excelize.CellNameToCoordinates(sc.formulaRef)
	if sc.recalcOnOpening {
		return errorf(Place{Sheet: sheet, Row: row}, col, "the formula =%s has a stored result that may not be its value: the workbook asks to be recalculated when opened (fullCalcOnLoad), as programs that cannot calculate write it; open it in Excel or LibreOffice and save it again, so that every formula's result is stored", sc.formula)
	}
	return errorf(Place{Sheet: sheet, Row: row}, col, "the formula =%s has no stored result: the workbook was written by a program that does not calculate; open it in Excel or LibreOffice and save it again, so that every formula's result is stored", sc.formula)
}

// sheetPath is the part of the zip archive holding a sheet's XML.
func sheetPath(z *zip.Reader, f *excelize.File, sheet string) string {
	if f.WorkBook == nil {
		return ""
	}
	id := ""
	for _, s := range f.WorkBook.Sheets.Sheet {
		if s.Name == sheet {
			id = s.ID
		}
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, zf := range z.File {
		if zf.Name == "xl/_rels/workbook.xml.rels" && zf.UncompressedSize64 < 1<<20 {
			r, err := zf.Open()
			if err != nil {
				return ""
			}
			err = xml.NewDecoder(r).Decode(&rels)
			r.Close()
			if err != nil {
				return ""
			}
		}
	}
	for _, rel := range rels.Rel {
		if rel.ID == id {
			if strings.HasPrefix(rel.Target, "/") {
				return strings.TrimPrefix(rel.Target, "/")
			}
			return path.Join("xl", rel.Target)
		}
	}
	return ""
}

// formulaWithoutValue finds in a sheet's XML the first formula cell with
// no stored value (any formula cell when all is set), and gives its
// reference and formula.
func formulaWithoutValue(x []byte, prefix string, all bool) (ref, formula string, found bool) {
	openF, openV, closeC := []byte("<"+prefix+"f"), []byte("<"+prefix+"v"), []byte("</"+prefix+"c>")
	openC := []byte("<" + prefix + "c ")
	for at := 0; ; {
		i := bytes.Index(x[at:], openF)
		if i < 0 {
			return "", "", false
		}
		i += at
		at = i + len(openF)
		if at >= len(x) || (x[at] != '>' && x[at] != ' ' && x[at] != '/') {
			continue // <filterColumn>, <firstHeader>…
		}
		end := bytes.Index(x[at:], closeC)
		if end < 0 {
			end = len(x) - at
		}
		cell := x[at : at+end]
		if !all && bytes.Contains(cell, openV) {
			continue
		}
		if c := bytes.LastIndex(x[:i], openC); c >= 0 {
			if r := bytes.Index(x[c:i], []byte(`r="`)); r >= 0 {
				rest := x[c+r+3 : i]
				if q := bytes.IndexByte(rest, '"'); q >= 0 {
					ref = string(rest[:q])
				}
			}
		}
		if gt := bytes.IndexByte(cell, '>'); gt >= 0 && cell[max(gt-1, 0)] != '/' {
			text := cell[gt+1:]
			if lt := bytes.IndexByte(text, '<'); lt >= 0 {
				formula = string(text[:lt])
			}
		}
		if formula == "" {
			formula = "…" // a shared formula, written once for a range
		}
		return ref, strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(formula), true
	}
}

// xmlPrefix is the namespace prefix of a sheet's elements (<x:c>), as
// the .NET Open XML SDK writes them; the root element's says which.
func xmlPrefix(x []byte) string {
	if i := bytes.Index(x, []byte("worksheet")); i > 0 && x[i-1] == ':' {
		if j := bytes.LastIndexByte(x[:i], '<'); j >= 0 {
			return string(x[j+1 : i])
		}
	}
	return ""
}

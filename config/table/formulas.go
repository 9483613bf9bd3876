package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// uncalculated finds a formula of the sheet whose result the workbook
// does not hold: a formula cell with no stored value, or any formula
// when the workbook asks to be recalculated on opening (fullCalcOnLoad,
// which libraries that cannot calculate set, storing 0 or nothing). The
// streaming iterator gives such a cell as "" or 0, a figure that is not
// the formula's; so the table is refused. The sheet's XML (see sheetXML)
// is scanned for its formula elements as bytes: decoding it as XML would
// double the cost of reading it.
func uncalculated(f *excelize.File, x []byte, sheet string) error {
	recalc := f.WorkBook != nil && f.WorkBook.CalcPr != nil && f.WorkBook.CalcPr.FullCalcOnLoad != nil && *f.WorkBook.CalcPr.FullCalcOnLoad
	ref, formula, found := formulaWithoutValue(x, recalc)
	if !found {
		return nil
	}
	col, row, _ := excelize.CellNameToCoordinates(ref)
	if recalc {
		return errorf(Place{Sheet: sheet, Row: row}, col, "the formula =%s has a stored result that may not be its value: the workbook asks to be recalculated when opened (fullCalcOnLoad), as programs that cannot calculate write it; open it in Excel or LibreOffice and save it again, so that every formula's result is stored", formula)
	}
	return errorf(Place{Sheet: sheet, Row: row}, col, "the formula =%s has no stored result: the workbook was written by a program that does not calculate; open it in Excel or LibreOffice and save it again, so that every formula's result is stored", formula)
}

// sheetXML is the XML of a sheet as the workbook stores it, for what the
// streaming iterator does not tell: formulas and merged cells. nil when
// it is larger than maxFormulaScan or cannot be found.
func sheetXML(data []byte, f *excelize.File, sheet string) []byte {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // excelize has read it; nothing more to say
	}
	name := sheetPath(z, f, sheet)
	for _, zf := range z.File {
		if name == "" || zf.Name != name || zf.UncompressedSize64 > maxFormulaScan {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			return nil
		}
		defer r.Close()
		x, err := io.ReadAll(io.LimitReader(r, maxFormulaScan))
		if err != nil {
			return nil
		}
		return x
	}
	return nil
}

// maxFormulaScan bounds the sheets whose formulas and merged cells are
// read: the scan holds the sheet's XML in memory, which the streaming
// reading does not.
const maxFormulaScan = 64 << 20

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
func formulaWithoutValue(x []byte, all bool) (ref, formula string, found bool) {
	prefix := xmlPrefix(x)
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

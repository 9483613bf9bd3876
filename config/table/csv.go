package table

import (
	"bytes"
	"unicode/utf8"
)

// csvRows reads delimited text. It is written by hand rather than on
// encoding/csv because published tables need what that reader does not
// give: an empty line is a row (so that rows line up with the lines a user
// sees, and a header_row counts them), a lone CR ends a line as in old
// Mac exports, separators other than a single-byte comma need no
// rewrite, and every error says in words where and what was expected. It
// reads the decoded text in place: one pass, no bufio layer, and one
// string per row, in which the row's cells are cut (so a label kept by
// the caller holds its row, not the file).
type csvRows struct {
	text []byte
	pos  int // where the next record starts
	line int // the line of pos
	sep  []byte
	// stop marks the bytes that end an unquoted cell: CR, LF and the
	// separator's first byte.
	stop *[256]bool

	buf   []byte // the current row's cells, unquoted, one after the other
	ends  []int  // where each cell ends in buf
	cells []string
	place Place
	err   error
}

func openCSV(data []byte, opts Options) (Rows, error) {
	if bytes.HasPrefix(data, cfbMagic) || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		// A workbook named .csv or .txt: say what it is rather than
		// fail on its first byte that is not text.
		what := notWorkbook(data)
		if what == "" {
			what = "an .xlsx workbook: name it .xlsx"
		}
		return nil, &Error{Msg: "the file is not delimited text but " + what}
	}
	text, err := decodeText(data, opts.Encoding)
	if err != nil {
		return nil, err
	}
	sep := opts.Separator
	start, line := 0, 1
	// Excel writes and reads a first line "sep=;" naming the separator:
	// an instruction, not a row.
	if s, n := excelSepLine(text); n > 0 {
		if sep == 0 {
			sep = s
		}
		start, line = n, 2
	}
	if sep == 0 {
		sep = DetectSeparator(text[start:])
	}
	if sep == '"' || sep == '\r' || sep == '\n' || sep == utf8.RuneError || !utf8.ValidRune(sep) {
		return nil, errorf(Place{Row: 1}, 0, "the separator %q cannot separate cells: expected a character such as , ; | or a tab", sep)
	}
	r := &csvRows{text: text, pos: start, line: line, sep: utf8.AppendRune(nil, sep), stop: new([256]bool)}
	r.stop['\r'] = true
	r.stop['\n'] = true
	r.stop[r.sep[0]] = true
	if sep == '\t' {
		// Eurostat's bulk downloads join their row dimensions in the
		// first column (unit,geo\time): split it, for the mapping and
		// init to see a column per dimension.
		return splitEurostat(r), nil
	}
	return r, nil
}

// excelSepLine reads a first line such as "sep=;" and returns the
// separator it names and the length of the line with its end, or 0.
func excelSepLine(text []byte) (rune, int) {
	if !bytes.HasPrefix(text, []byte("sep=")) {
		return 0, 0
	}
	end := bytes.IndexAny(text, "\r\n")
	if end < 0 {
		end = len(text)
	}
	sep, size := utf8.DecodeRune(text[4:end])
	if size == 0 || 4+size != end {
		return 0, 0
	}
	n := end
	if n < len(text) && text[n] == '\r' {
		n++
	}
	if n < len(text) && text[n] == '\n' {
		n++
	}
	return sep, n
}

func (r *csvRows) Next() bool {
	r.cells = r.cells[:0]
	if r.err != nil || r.pos >= len(r.text) {
		return false
	}
	text, i := r.text, r.pos
	r.place.Row = r.line
	r.buf, r.ends = r.buf[:0], r.ends[:0]
	if c := text[i]; c == '\n' || c == '\r' {
		// An empty line: a row without cells.
		r.pos = r.endLine(i)
		return true
	}
	for {
		if text[i] == '"' {
			var ok bool
			if i, ok = r.quoted(i); !ok {
				return false
			}
		} else {
			j := i
			for j < len(text) {
				if r.stop[text[j]] && (text[j] == '\r' || text[j] == '\n' || bytes.HasPrefix(text[j:], r.sep)) {
					break
				}
				j++
			}
			r.buf = append(r.buf, text[i:j]...)
			i = j
		}
		r.ends = append(r.ends, len(r.buf))
		if i >= len(text) {
			r.pos = i
			break
		}
		if c := text[i]; c == '\n' || c == '\r' {
			r.pos = r.endLine(i)
			break
		}
		i += len(r.sep) // the separator: another cell follows, maybe empty
		if i >= len(text) {
			r.ends = append(r.ends, len(r.buf))
			r.pos = i
			break
		}
	}
	s := string(r.buf)
	start := 0
	for _, end := range r.ends {
		r.cells = append(r.cells, s[start:end])
		start = end
	}
	return true
}

// endLine steps over the line end at i (LF, CRLF or a lone CR) and
// returns where the next line starts.
func (r *csvRows) endLine(i int) int {
	r.line++
	if r.text[i] == '\r' && i+1 < len(r.text) && r.text[i+1] == '\n' {
		return i + 2
	}
	return i + 1
}

// quoted reads the quoted cell whose opening quote is at i into buf, and
// returns where the text after its closing quote starts. A doubled quote
// is a quote; CRLF in the cell is a line feed.
func (r *csvRows) quoted(i int) (int, bool) {
	text := r.text
	startLine := r.line
	i++
	for {
		j := bytes.IndexByte(text[i:], '"')
		if j < 0 {
			r.err = errorf(Place{Row: startLine}, len(r.ends)+1, "a quoted cell is not closed: its opening quote is on line %d and no closing quote follows to the end of the file (a quote inside a quoted cell is written twice: \"\")", startLine)
			return 0, false
		}
		chunk := text[i : i+j]
		if bytes.IndexByte(chunk, '\r') < 0 {
			r.buf = append(r.buf, chunk...)
			r.line += bytes.Count(chunk, []byte{'\n'})
		} else {
			for k := 0; k < len(chunk); k++ {
				switch c := chunk[k]; c {
				case '\r':
					r.line++
					if k+1 < len(chunk) && chunk[k+1] == '\n' {
						k++
					}
					r.buf = append(r.buf, '\n')
				case '\n':
					r.line++
					r.buf = append(r.buf, '\n')
				default:
					r.buf = append(r.buf, c)
				}
			}
		}
		i += j + 1
		if i < len(text) && text[i] == '"' {
			r.buf = append(r.buf, '"')
			i++
			continue
		}
		if i >= len(text) || text[i] == '\n' || text[i] == '\r' || bytes.HasPrefix(text[i:], r.sep) {
			return i, true
		}
		c, _ := utf8.DecodeRune(text[i:])
		r.err = errorf(Place{Row: r.line}, len(r.ends)+1, "a quoted cell (opened on line %d) is followed by %q after its closing quote: expected the separator %q or the end of the line (a quote inside a quoted cell is written twice: \"\")", startLine, c, string(r.sep))
		return 0, false
	}
}

func (r *csvRows) Row() []string { return r.cells }
func (r *csvRows) Place() Place  { return r.place }
func (r *csvRows) Err() error {
	if r.err == nil {
		return nil
	}
	return r.err
}

func (r *csvRows) Close() error {
	r.text, r.buf, r.cells = nil, nil, nil
	return nil
}

package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// jsonRows reads an array of records (JSON objects) as a table: first a
// header, the keys in the order they first appear across the records
// (nested objects flattened as a.b), then one row per record with each
// key's value in its column: strings unquoted, numbers as their literal
// text (1.50 stays 1.50, 1e3 stays 1e3), true and false as words, null as
// "", an array as its compact JSON text. The records are read twice from
// the bytes in memory: once for the header, once for the rows.
type jsonRows struct {
	data   []byte
	dec    *jsontext.Decoder
	path   string
	header []string
	column map[string]int
	cells  []string
	place  Place
	err    error
	// arrayLine is the line of the array of records: the header's place.
	arrayLine  int
	started    bool
	lines      lineCounter
	recordSeen []bool // the columns the current record has set
}

func openJSON(data []byte, opts Options) (Rows, error) {
	data = bytes.TrimPrefix(data, bomUTF8)
	r := &jsonRows{data: data, path: opts.Records, column: map[string]int{}}
	r.lines.text = data
	// First pass: the header.
	dec, err := r.seekRecords()
	if err != nil {
		return nil, err
	}
	for {
		line, more, err := r.beginRecord(dec)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		err = r.flatten(dec, "", line, func(key, _ string) error {
			if _, ok := r.column[key]; !ok {
				r.column[key] = len(r.header)
				r.header = append(r.header, key)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// Second pass, from Next: the rows.
	r.lines = lineCounter{text: data}
	if r.dec, err = r.seekRecords(); err != nil {
		return nil, err
	}
	r.cells = make([]string, len(r.header))
	r.recordSeen = make([]bool, len(r.header))
	return r, nil
}

// seekRecords reads up to the opening bracket of the array of records.
func (r *jsonRows) seekRecords() (*jsontext.Decoder, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(r.data))
	where := "the document"
	var segments []string
	if r.path != "" {
		segments = strings.Split(r.path, ".")
	}
	for i := 0; ; i++ {
		kind := dec.PeekKind()
		if kind == 0 { // an error or the end: ReadToken says which
			_, err := dec.ReadToken()
			return nil, r.syntaxError(err)
		}
		if i == len(segments) {
			if kind != '[' {
				return nil, errorf(Place{Row: r.nextLine(dec)}, 0, "%s is %s: expected an array of records%s", where, kindName(kind), recordsHint(r.path))
			}
			if _, err := dec.ReadToken(); err != nil {
				return nil, r.syntaxError(err)
			}
			r.arrayLine = r.lines.at(int(dec.InputOffset()) - 1)
			return dec, nil
		}
		seg := segments[i]
		switch kind {
		case '{':
			if _, err := dec.ReadToken(); err != nil {
				return nil, r.syntaxError(err)
			}
			var keys []string
			found := false
			for dec.PeekKind() != '}' {
				name, err := dec.ReadToken()
				if err != nil {
					return nil, r.syntaxError(err)
				}
				if name.String() == seg {
					found = true
					break
				}
				keys = append(keys, name.String())
				if err := dec.SkipValue(); err != nil {
					return nil, r.syntaxError(err)
				}
			}
			if !found {
				return nil, errorf(Place{Row: r.lines.at(int(dec.InputOffset()))}, 0, "records %q: %s has no key %q: its keys are %s", r.path, where, seg, quoteList(keys))
			}
		case '[':
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 {
				return nil, errorf(Place{Row: r.nextLine(dec)}, 0, "records %q: %s is an array, so %q should be an index (0, 1, …)", r.path, where, seg)
			}
			if _, err := dec.ReadToken(); err != nil {
				return nil, r.syntaxError(err)
			}
			for j := 0; j < n; j++ {
				if dec.PeekKind() == ']' {
					return nil, errorf(Place{Row: r.lines.at(int(dec.InputOffset()))}, 0, "records %q: %s has %d elements, so no element %d", r.path, where, j, n)
				}
				if err := dec.SkipValue(); err != nil {
					return nil, r.syntaxError(err)
				}
			}
			if dec.PeekKind() == ']' {
				return nil, errorf(Place{Row: r.lines.at(int(dec.InputOffset()))}, 0, "records %q: %s has %d elements, so no element %d", r.path, where, n, n)
			}
		default:
			return nil, errorf(Place{Row: r.nextLine(dec)}, 0, "records %q: %s is %s, so it has no %q", r.path, where, kindName(kind), seg)
		}
		where = strconv.Quote(strings.Join(segments[:i+1], "."))
	}
}

func recordsHint(path string) string {
	if path == "" {
		return " at the top level (set records: to the dotted path of the array, such as data.items)"
	}
	return " at " + strconv.Quote(path)
}

// beginRecord reads the opening brace of the next record and returns its
// line, or more false at the closing bracket of the array.
func (r *jsonRows) beginRecord(dec *jsontext.Decoder) (line int, more bool, err error) {
	kind := dec.PeekKind()
	switch kind {
	case ']':
		if _, err := dec.ReadToken(); err != nil {
			return 0, false, r.syntaxError(err)
		}
		return 0, false, nil
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return 0, false, r.syntaxError(err)
		}
		return r.lines.at(int(dec.InputOffset()) - 1), true, nil
	case 0:
		_, err := dec.ReadToken()
		return 0, false, r.syntaxError(err)
	}
	return 0, false, errorf(Place{Row: r.nextLine(dec)}, 0, "a record is %s: expected an object such as {\"year\": 2011, \"value\": 1.5}", kindName(kind))
}

// flatten reads the members of an object whose opening brace is read,
// giving each scalar its dotted key; nested objects are flattened.
func (r *jsonRows) flatten(dec *jsontext.Decoder, prefix string, line int, put func(key, value string) error) error {
	for {
		if dec.PeekKind() == '}' {
			_, err := dec.ReadToken()
			return r.syntaxError(err)
		}
		name, err := dec.ReadToken()
		if err != nil {
			return r.syntaxError(err)
		}
		key := prefix + name.String()
		switch dec.PeekKind() {
		case '{':
			if _, err := dec.ReadToken(); err != nil {
				return r.syntaxError(err)
			}
			if err := r.flatten(dec, key+".", line, put); err != nil {
				return err
			}
			continue
		case '[':
			v, err := dec.ReadValue()
			if err != nil {
				return r.syntaxError(err)
			}
			if err := v.Compact(); err != nil {
				return r.syntaxError(err)
			}
			if err := put(key, string(v)); err != nil {
				return err
			}
			continue
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return r.syntaxError(err)
		}
		value := "" // null
		if tok.Kind() != 'n' {
			// The literal text of a number, the words true and false,
			// a string unquoted.
			value = tok.String()
		}
		if err := put(key, value); err != nil {
			return err
		}
	}
}

func (r *jsonRows) Next() bool {
	if r.err != nil || r.dec == nil {
		return false
	}
	if !r.started {
		r.started = true
		r.place = Place{Row: r.arrayLine}
		copy(r.cells, r.header)
		return true
	}
	line, more, err := r.beginRecord(r.dec)
	if err != nil || !more {
		r.err = err
		r.dec = nil
		return false
	}
	r.place = Place{Row: line}
	clear(r.cells)
	clear(r.recordSeen)
	err = r.flatten(r.dec, "", line, func(key, value string) error {
		i := r.column[key]
		if r.recordSeen[i] {
			return errorf(Place{Row: line}, i+1, "the record has the key %q twice (a nested key a.b and a key \"a.b\" are the same column)", key)
		}
		r.recordSeen[i] = true
		r.cells[i] = value
		return nil
	})
	if err != nil {
		r.err = err
		r.dec = nil
		return false
	}
	return true
}

func (r *jsonRows) Row() []string { return r.cells }
func (r *jsonRows) Place() Place  { return r.place }
func (r *jsonRows) Err() error {
	if r.err == nil {
		return nil
	}
	return r.err
}
func (r *jsonRows) Close() error { r.dec, r.data = nil, nil; return nil }

// syntaxError turns a decoder's error into an *Error at its line.
func (r *jsonRows) syntaxError(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(Place{Row: r.lines.at(len(r.data))}, 0, "the JSON ends too early: expected the rest of the array of records")
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return errorf(Place{Row: r.lines.at(int(se.ByteOffset))}, 0, "invalid JSON: %v", se.Err)
	}
	return errorf(Place{Row: 1}, 0, "invalid JSON: %v", err)
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return fmt.Sprintf("%v", k)
}

// nextLine is the line of the token the decoder would read next: past
// the white space and separators after the last one read.
func (r *jsonRows) nextLine(dec *jsontext.Decoder) int {
	off := int(dec.InputOffset())
	for off < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[off]) >= 0 {
		off++
	}
	return r.lines.at(off)
}

// lineCounter finds the lines of increasing offsets in one pass.
type lineCounter struct {
	text []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	if c.line == 0 {
		c.line = 1
	}
	if off > len(c.text) {
		off = len(c.text)
	}
	if off < c.off { // not increasing: count from the start
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.text[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

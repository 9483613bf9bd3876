package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
)

// readJSON reads a JSON text into a document, with JSON's own semantics
// and nothing else: jsontext (RFC 8259 to the letter) tokenizes, and the
// builder places the nodes. Every escape is read, surrogate pairs and \/
// included; a number is a number whatever its size (its text is kept,
// and read as a figure or a label value like any other); a key given
// twice in one object is refused with both places; every problem names
// its line, and its column in the message. Nesting is bounded by
// maxDepth like the other syntaxes.
//
// Scalars are tagged as JSON means them: strings !!str (quoted), numbers
// !!int or !!float by their form, true and false !!bool, null !!null.
// Strings without escapes and numbers alias data, which must not change
// while the document is in use.
//
// It replaces a hand-written reader that declined whatever it did not
// know (big integers, surrogate escapes) and handed the whole file to
// yaml.v3, which is not JSON: it refuses \/ and reads a file differently
// from the fast reader.
func readJSON(data []byte, problems *problemList) *document {
	if len(data) > maxDocumentText {
		problems.add(0, "", "the file has %d bytes: at most %d can be read", len(data), maxDocumentText)
		return nil
	}
	text := unsafe.String(unsafe.SliceData(data), len(data))
	r := jsonReader{
		data: data,
		line: 1,
		// jsontext reads a bytes.Buffer in place, so that offsets are
		// offsets in data. Duplicate names are found below, where both
		// places are known.
		dec:     jsontext.NewDecoder(bytes.NewBuffer(data), jsontext.AllowDuplicateNames(true)),
		builder: builder{doc: &document{nodes: make([]node, 1, nodeCapacity(data, 1, '{')), text: text}},
	}
	root, err := r.read()
	if err != nil {
		line, col := r.place(err.at)
		problems.add(line, "", "invalid JSON at column %d: %s", col, err.msg)
		return nil
	}
	r.doc.nodes[0] = root
	return r.doc
}

// jsonReader reads one JSON text into a document.
type jsonReader struct {
	data []byte
	dec  *jsontext.Decoder
	// line is the line of offset lineOff, counted so far.
	line    int32
	lineOff int
	// open are the objects and arrays being read, innermost last.
	open []jsonFrame
	// keyOffs are the offsets of the keys of the objects being read,
	// for a duplicate's message.
	keyOffs []int
	builder
}

// jsonFrame is an object or array being read: its node, where its
// children start on the builder's stack, and, for an object, where its
// keys' offsets start and a map of its keys once it has many.
type jsonFrame struct {
	out     node
	base    int
	keyBase int
	seen    map[string]int
}

// manyKeys is the number of keys from which an object's keys are looked
// up in a map rather than compared one by one.
const manyKeys = 16

// jsonError is why a text is not read, and where.
type jsonError struct {
	at  int
	msg string
}

// read reads the text's one value and checks that nothing follows it.
func (r *jsonReader) read() (node, *jsonError) {
	for {
		start := int(r.dec.InputOffset())
		kind := r.peek(start)
		switch kind {
		case '{', '[':
			if _, err := r.dec.ReadToken(); err != nil {
				return node{}, r.syntaxError(err, start)
			}
			at := int(r.dec.InputOffset()) - 1
			if len(r.open) == maxDepth {
				return node{}, &jsonError{at, depthError("objects and arrays are")}
			}
			out := node{kind: mappingNode, style: styleFlow, line: r.lineAt(at)}
			if kind == '[' {
				out.kind = sequenceNode
			}
			r.open = append(r.open, jsonFrame{out: out, base: len(r.stack), keyBase: len(r.keyOffs)})
			continue
		case '}', ']':
			if _, err := r.dec.ReadToken(); err != nil {
				return node{}, r.syntaxError(err, start)
			}
			f := &r.open[len(r.open)-1]
			out := r.complete(f.out, f.base)
			r.keyOffs = r.keyOffs[:f.keyBase]
			r.open = r.open[:len(r.open)-1]
			if len(r.open) == 0 {
				return out, r.end()
			}
			r.stack = append(r.stack, out)
			continue
		}
		v, err := r.dec.ReadValue()
		if err != nil {
			return node{}, r.syntaxError(err, start)
		}
		end := int(r.dec.InputOffset())
		at := end - len(v)
		out := node{kind: scalarNode, line: r.lineAt(at)}
		// No line break inside a scalar: count the next from its end.
		r.lineOff = end
		switch kind {
		case '"':
			out.tag = tagStr
			r.setString(&out, v, at)
		case '0':
			out.tag, out.style = tagInt, stylePlain
			for _, c := range v {
				if c == '.' || c == 'e' || c == 'E' {
					out.tag = tagFloat
					break
				}
			}
			out.start, out.size = uint32(at), uint32(len(v))
		case 't', 'f':
			out.tag, out.style = tagBool, stylePlain
			out.start, out.size = uint32(at), uint32(len(v))
		case 'n':
			out.tag, out.style = tagNull, stylePlain
			out.start, out.size = uint32(at), uint32(len(v))
		}
		if len(r.open) == 0 {
			// A scalar at the top: the walk says what it expected.
			return out, r.end()
		}
		f := &r.open[len(r.open)-1]
		if f.out.kind == mappingNode && (len(r.stack)-f.base)%2 == 0 {
			// A key: jsontext reads names as strings.
			if jerr := r.addKey(f, &out, at); jerr != nil {
				return node{}, jerr
			}
		}
		r.stack = append(r.stack, out)
	}
}

// peek returns the kind of the next token after offset from (what
// jsontext's PeekKind tells, for less): its first byte past whitespace and
// the ',' or ':' before it, which the read that follows checks; '0' for a
// number. Whatever else is there is for the read to refuse.
func (r *jsonReader) peek(from int) byte {
	for i := from; i < len(r.data); i++ {
		switch c := r.data[i]; c {
		case ' ', '\t', '\r', '\n', ',', ':':
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			return '0'
		default:
			return c
		}
	}
	return 0
}

// setString makes the string v (quoted, at offset at) the value of n:
// the text between its quotes when it has no escape, else its unquoted
// value in extra.
func (r *jsonReader) setString(n *node, v jsontext.Value, at int) {
	if bytes.IndexByte(v, '\\') < 0 {
		n.start, n.size = uint32(at+1), uint32(len(v)-2)
		return
	}
	d := r.doc
	start := len(d.extra)
	// jsontext has validated the string; unquoting it cannot fail.
	d.extra, _ = jsontext.AppendUnquote(d.extra, v)
	n.start, n.size, n.inExtra = uint32(start), uint32(len(d.extra)-start), true
}

// addKey records the key n of the object f, at offset at, refusing one
// the object already has.
func (r *jsonReader) addKey(f *jsonFrame, n *node, at int) *jsonError {
	key := r.doc.value(n)
	first := -1
	keys := r.keyOffs[f.keyBase:]
	if f.seen != nil {
		if i, ok := f.seen[key]; ok {
			first = i
		}
	} else {
		for i := range keys {
			if r.doc.value(&r.stack[f.base+2*i]) == key {
				first = i
				break
			}
		}
	}
	if first >= 0 {
		line, col := r.place(keys[first])
		return &jsonError{at, fmt.Sprintf("key %q appears twice in one object: first at line %d column %d", key, line, col)}
	}
	switch {
	case f.seen != nil:
		f.seen[key] = len(keys)
	case len(keys)+1 == manyKeys:
		f.seen = make(map[string]int, 2*manyKeys)
		for i := range keys {
			f.seen[r.doc.value(&r.stack[f.base+2*i])] = i
		}
		f.seen[key] = len(keys)
	}
	r.keyOffs = append(r.keyOffs, at)
	return nil
}

// end checks that only whitespace follows the top-level value.
func (r *jsonReader) end() *jsonError {
	at := int(r.dec.InputOffset())
	if r.dec.PeekKind() == 0 {
		if _, err := r.dec.ReadToken(); err != nil && !errors.Is(err, io.EOF) {
			return r.syntaxError(err, at)
		}
		return nil
	}
	at += len(r.data[at:]) - len(bytes.TrimLeft(r.data[at:], " \t\r\n"))
	return &jsonError{at, "a second value after the first: a JSON file holds one object"}
}

// syntaxError turns an error of jsontext into a jsonError at its offset
// (at, where jsontext gives none).
func (r *jsonReader) syntaxError(err error, at int) *jsonError {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(bytes.TrimLeft(r.data, " \t\r\n")) == 0 {
			return &jsonError{len(r.data), "the file is empty: expected an object with a \"metrics\" array"}
		}
		return &jsonError{len(r.data), "the file ends in the middle of a value"}
	}
	var serr *jsontext.SyntacticError
	if errors.As(err, &serr) {
		at := int(serr.ByteOffset)
		if serr.Err == nil {
			return &jsonError{at, "syntax error"}
		}
		if at < len(r.data) && r.data[at] == ',' {
			// jsontext blames the comma of [1,] as the start of a
			// value; the usual mistake deserves its own words.
			rest := bytes.TrimLeft(r.data[at+1:], " \t\r\n")
			if len(rest) > 0 && (rest[0] == '}' || rest[0] == ']') {
				return &jsonError{at, fmt.Sprintf("a comma before %q: JSON allows none after the last item", rest[0])}
			}
		}
		return &jsonError{at, serr.Err.Error()}
	}
	return &jsonError{at, err.Error()}
}

// lineAt returns the line of offset at, no earlier than the last asked
// for. Lines are counted as YAML counts them, the messages of every
// syntax alike: CRLF is one line break, and so is a lone CR. No CRLF is
// split between two calls: an offset asked for is a value's, not
// whitespace.
func (r *jsonReader) lineAt(at int) int32 {
	seg := r.data[r.lineOff:at]
	r.lineOff = at
	if len(seg) > 64 {
		n := bytes.Count(seg, []byte{'\n'})
		if bytes.IndexByte(seg, '\r') >= 0 {
			n += bytes.Count(seg, []byte{'\r'}) - bytes.Count(seg, []byte("\r\n"))
		}
		r.line += int32(n)
		return r.line
	}
	// Mostly a few bytes between two values: a loop costs less than
	// the calls.
	for i, c := range seg {
		if c == '\n' || c == '\r' && (i+1 == len(seg) || seg[i+1] != '\n') {
			r.line++
		}
	}
	return r.line
}

// place returns the line and column (in characters, from 1) of offset
// at, counted afresh: for messages only.
func (r *jsonReader) place(at int) (line, col int) {
	at = min(max(at, 0), len(r.data))
	before := r.data[:at]
	line = 1 + bytes.Count(before, []byte{'\n'})
	if bytes.IndexByte(before, '\r') >= 0 {
		line += bytes.Count(before, []byte{'\r'}) - bytes.Count(before, []byte("\r\n"))
	}
	lineStart := bytes.LastIndexAny(before, "\r\n") + 1
	return line, 1 + len([]rune(string(before[lineStart:])))
}

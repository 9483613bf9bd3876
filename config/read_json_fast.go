package config

import (
	"unicode/utf8"
	"unsafe"
)

// readJSONFast reads data as a document, when it is JSON (it declines
// anything else, which json.Valid would refuse, so the caller need not run
// it first), its nodes as yaml.v3 makes them from JSON: objects and
// arrays in flow style, strings double-quoted !!str, numbers plain and
// resolved as yaml.v3 resolves them, lines where each value starts.
//
// Where yaml.v3 reads data, the document is the one it gives; yaml.v3 also
// refuses some valid JSON ("\/", a tab before the top object), which this
// reader reads as JSON means it. ok is false, and the caller reads data
// with yaml.v3, for a top level that is not an object, an escaped
// surrogate, an integer of more than 18 digits, characters YAML takes for
// line breaks, a key longer than yaml.v3 takes as a key, or a key and its
// ':' on different lines.
//
// Strings without escapes and numbers alias data, which must not change
// while the document is in use.
func readJSONFast(data []byte) (doc *document, ok bool) {
	if len(data) > maxDocumentText {
		return nil, false
	}
	r := jsonReader{
		s:       unsafe.String(unsafe.SliceData(data), len(data)),
		line:    1,
		builder: builder{doc: &document{nodes: make([]node, 1, len(data)/8+16), text: unsafe.String(unsafe.SliceData(data), len(data))}},
	}
	r.space()
	if r.pos == len(r.s) || r.s[r.pos] != '{' {
		return nil, false
	}
	root, ok := r.value()
	if !ok {
		return nil, false
	}
	r.space()
	if r.pos != len(r.s) {
		return nil, false
	}
	r.doc.nodes[0] = root
	return r.doc, true
}

// jsonReader reads one JSON text. Reading functions return false to
// decline; the reader is then abandoned.
type jsonReader struct {
	s     string
	pos   int
	line  int32
	depth int
	builder
}

// space moves past whitespace, counting lines as YAML does: CRLF is one
// line break, and so is a lone CR.
func (r *jsonReader) space() {
	for r.pos < len(r.s) {
		switch r.s[r.pos] {
		case ' ', '\t':
		case '\n':
			r.line++
		case '\r':
			if r.pos+1 == len(r.s) || r.s[r.pos+1] != '\n' {
				r.line++
			}
		default:
			return
		}
		r.pos++
	}
}

func (r *jsonReader) value() (node, bool) {
	if r.pos == len(r.s) {
		return node{}, false
	}
	switch c := r.s[r.pos]; c {
	case '{', '[':
		return r.collection(c)
	case '"':
		line := r.line
		v, ok := r.str()
		out := node{kind: scalarNode, tag: tagStr, line: line}
		r.doc.setValue(&out, v)
		return out, ok
	case 't', 'f', 'n':
		return r.word()
	}
	return r.number()
}

// collection reads an object or an array.
func (r *jsonReader) collection(open byte) (node, bool) {
	if r.depth++; r.depth > maxFastDepth {
		return node{}, false
	}
	defer func() { r.depth-- }()
	out := node{kind: mappingNode, style: styleFlow, line: r.line}
	closing := byte('}')
	if open == '[' {
		out.kind, closing = sequenceNode, ']'
	}
	r.pos++
	base := len(r.stack)
	r.space()
	if r.pos < len(r.s) && r.s[r.pos] == closing {
		r.pos++
		return r.complete(out, base), true
	}
	for {
		if open == '{' {
			start, line := r.pos, r.line
			if r.pos == len(r.s) || r.s[r.pos] != '"' {
				return node{}, false
			}
			key, ok := r.str()
			if !ok {
				return node{}, false
			}
			r.space()
			// yaml.v3 takes a key only if its ':' is on its line and
			// within 1024 characters of its start.
			if r.line != line || r.pos-start > maxFastKey || r.pos == len(r.s) || r.s[r.pos] != ':' {
				return node{}, false
			}
			r.pos++
			k := node{kind: scalarNode, tag: tagStr, line: line}
			r.doc.setValue(&k, key)
			r.stack = append(r.stack, k)
			r.space()
		}
		v, ok := r.value()
		if !ok {
			return node{}, false
		}
		r.stack = append(r.stack, v)
		r.space()
		if r.pos == len(r.s) {
			return node{}, false
		}
		switch r.s[r.pos] {
		case closing:
			r.pos++
			return r.complete(out, base), true
		case ',':
			r.pos++
			r.space()
		default:
			return node{}, false
		}
	}
}

// str reads a string; its value aliases the text unless it has escapes.
func (r *jsonReader) str() (string, bool) {
	s := r.s
	start := r.pos + 1
	var buf []byte
	for i := start; i < len(s); {
		switch c := s[i]; {
		case c == '"':
			r.pos = i + 1
			if buf == nil {
				return s[start:i], true
			}
			return string(append(buf, s[start:i]...)), true
		case c == '\\':
			if buf == nil {
				buf = make([]byte, 0, i-start+16)
			}
			buf = append(buf, s[start:i]...)
			var n int
			var ok bool
			buf, n, ok = jsonEscape(buf, s[i+1:])
			if !ok {
				return "", false
			}
			i += 1 + n
			start = i
		case c < 0x20:
			return "", false
		case c < 0x80:
			i++
		default:
			ch, size := utf8.DecodeRuneInString(s[i:])
			if ch == utf8.RuneError && size == 1 || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff {
				// Invalid UTF-8 (yaml.v3 refuses it, encoding/json
				// replaces it), or what YAML reads as a line break.
				return "", false
			}
			i += size
		}
	}
	return "", false
}

// jsonEscape appends what the escape after a backslash at the start of
// rest stands for, and returns how many bytes of rest it took. Escaped
// surrogates are declined: yaml.v3 refuses them.
func jsonEscape(buf []byte, rest string) ([]byte, int, bool) {
	if rest == "" {
		return buf, 0, false
	}
	switch c := rest[0]; c {
	case '"', '\\', '/':
		return append(buf, c), 1, true
	case 'b':
		return append(buf, '\b'), 1, true
	case 'f':
		return append(buf, '\f'), 1, true
	case 'n':
		return append(buf, '\n'), 1, true
	case 'r':
		return append(buf, '\r'), 1, true
	case 't':
		return append(buf, '\t'), 1, true
	case 'u':
		if len(rest) < 5 {
			return buf, 0, false
		}
		v := 0
		for _, h := range []byte(rest[1:5]) {
			switch {
			case h >= '0' && h <= '9':
				v = v<<4 + int(h-'0')
			case h >= 'a' && h <= 'f':
				v = v<<4 + int(h-'a'+10)
			case h >= 'A' && h <= 'F':
				v = v<<4 + int(h-'A'+10)
			default:
				return buf, 0, false
			}
		}
		if v >= 0xd800 && v <= 0xdfff {
			return buf, 0, false
		}
		return utf8.AppendRune(buf, rune(v)), 5, true
	}
	return buf, 0, false
}

// word reads true, false or null.
func (r *jsonReader) word() (node, bool) {
	out := node{kind: scalarNode, style: stylePlain, line: r.line}
	for _, w := range [...]struct {
		text string
		tag  scalarTag
	}{{"true", tagBool}, {"false", tagBool}, {"null", tagNull}} {
		if len(r.s)-r.pos >= len(w.text) && r.s[r.pos:r.pos+len(w.text)] == w.text {
			out.tag = w.tag
			r.doc.setValue(&out, r.s[r.pos:r.pos+len(w.text)])
			r.pos += len(w.text)
			return out, true
		}
	}
	return node{}, false
}

// number reads a number, plain and resolved as yaml.v3 resolves it:
// 1e400 is too large a float for it, and so text. It takes exactly JSON's
// grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, so that what the
// reader accepts is JSON without json.Valid reading the file first.
func (r *jsonReader) number() (node, bool) {
	s, start := r.s, r.pos
	digitsFrom := func(i int) int {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	i := start
	if i < len(s) && s[i] == '-' {
		i++
	}
	digitsStart := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digitsFrom(i)
	default:
		return node{}, false
	}
	integerEnd, integer := i, true
	if i < len(s) && s[i] == '.' {
		end := digitsFrom(i + 1)
		if end == i+1 {
			return node{}, false
		}
		i, integer = end, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		end := digitsFrom(i)
		if end == i {
			return node{}, false
		}
		i, integer = end, false
	}
	text := s[start:i]
	if integer && integerEnd-digitsStart > 18 {
		return node{}, false
	}
	tag, _, ok := resolvePlain(text)
	if !ok || tag == tagOther {
		return node{}, false
	}
	r.pos = i
	out := node{kind: scalarNode, style: stylePlain, tag: tag, line: r.line}
	r.doc.setValue(&out, text)
	return out, true
}

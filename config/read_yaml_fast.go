package config

import (
	"encoding/binary"
	"unicode/utf8"
	"unsafe"
)

// readYAMLFast reads data as a figures document when it is written in the
// common subset of YAML that figures files use; ok is false when anything
// falls outside that subset, and the caller then reads data with yaml.v3.
//
// yaml.v3 builds a tree of a hundred-odd-byte node per scalar and spends
// most of a large file's load doing so; this reader builds the document
// directly, its scalars aliasing data. It must read every file it accepts
// exactly as yaml.v3 would (kinds, tags, styles, values, lines), so it
// accepts only what it is sure of, one line at a time: block mappings and
// lists, flow collections that close on the line they open, and
// single-line scalars. Anything else (anchors, tags, block scalars,
// multi-line scalars, implicit nulls, tabs…) is declined, never guessed.
//
// Scalars without escapes alias data, which must not change while the
// document is in use.
func readYAMLFast(data []byte) (doc *document, ok bool) {
	if len(data) > maxDocumentText || !fastYAMLText(data) {
		return nil, false
	}
	r := yamlReader{
		s:       unsafe.String(unsafe.SliceData(data), len(data)),
		line:    1,
		builder: builder{doc: &document{nodes: make([]node, 1, nodeCapacity(data, 2, '-')), text: unsafe.String(unsafe.SliceData(data), len(data))}},
	}
	root, ok := r.readDocument()
	if !ok {
		return nil, false
	}
	r.doc.nodes[0] = root
	return r.doc, true
}

// fastYAMLText is whether data holds only characters whose reading the
// fast reader is sure of: printable UTF-8, spaces, and line feeds (CRLF
// too). It refuses tabs (which YAML allows some places and not others),
// a byte order mark, and the characters YAML 1.1 counts as line breaks
// (NEL, LS, PS), since those move yaml.v3's line numbers.
func fastYAMLText(data []byte) bool {
	for i := 0; i < len(data); {
		// Eight printable ASCII bytes at a time: most of a file.
		if i+8 <= len(data) && plainASCII8(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
			continue
		}
		c := data[i]
		switch {
		case c >= 0x20 && c < 0x7f, c == '\n':
			i++
		case c == '\r':
			if i+1 == len(data) || data[i+1] != '\n' {
				return false
			}
			i += 2
		case c < 0x80:
			return false
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 ||
				r == 0xfeff || r == 0xfffe || r == 0xffff {
				return false
			}
			i += size
		}
	}
	return true
}

// plainASCII8 is whether each byte of w is printable ASCII, 0x20 to
// 0x7e: none has its top bit set, none is below 0x20, none is 0x7f.
func plainASCII8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below20 := (w - 0x20*ones) & ^w
	del := w ^ (0x7f * ones)
	isDel := (del - ones) & ^del
	return (w|below20|isDel)&highs == 0
}

// maxFastDepth bounds nesting, so that a hostile file cannot exhaust the
// stack; the fast readers decline what is deeper, and yaml.v3's path
// refuses it.
const maxFastDepth = maxDepth

// maxFastKey bounds a key's length up to its ':'. yaml.v3 forgets a
// possible key 1024 characters on; bytes are at least characters, so a
// key within this many bytes is one yaml.v3 reads as a key.
const maxFastKey = 1000

// yamlReader reads one document. Reading functions return false to
// decline; the reader is then abandoned.
type yamlReader struct {
	s         string
	pos       int
	line      int32
	lineStart int
	// indent is the column of the content at pos after nextContent, -1
	// at the end of the text.
	indent int
	depth  int
	builder
}

func (r *yamlReader) readDocument() (node, bool) {
	if !r.nextContent(true) || r.indent < 0 {
		return node{}, false
	}
	if r.indent == 0 && r.hasPrefix("...") {
		// A document end before any document.
		return node{}, false
	}
	if r.indent == 0 && r.hasPrefix("---") {
		r.pos += 3
		if !r.endLine() || !r.nextContent(false) || r.indent < 0 {
			return node{}, false
		}
	}
	var root node
	var ok bool
	switch c := r.s[r.pos]; c {
	case '{':
		root, ok = r.flow()
		if ok {
			ok = r.endLine() && r.nextContent(false)
		}
	default:
		if !r.atKey() {
			return node{}, false
		}
		root, ok = r.blockMapping(r.indent)
	}
	return root, ok && r.indent < 0
}

func (r *yamlReader) hasPrefix(p string) bool {
	return len(r.s)-r.pos >= len(p) && r.s[r.pos:r.pos+len(p)] == p
}

// blank is whether the byte at i ends a token: a space, a line end or
// the end of the text.
func (r *yamlReader) blank(i int) bool {
	return i >= len(r.s) || r.s[i] == ' ' || r.s[i] == '\n' || r.s[i] == '\r'
}

// nextContent moves from the start of a line past blank lines and
// comment lines to the first character of the next content line, and
// sets indent. A document marker at its start is refused but for the
// first, which the caller reads.
func (r *yamlReader) nextContent(first bool) bool {
	for {
		n := 0
		for r.pos+n < len(r.s) && r.s[r.pos+n] == ' ' {
			n++
		}
		if r.pos+n == len(r.s) {
			r.pos += n
			r.indent = -1
			return true
		}
		switch r.s[r.pos+n] {
		case '\n', '\r', '#':
			r.pos += n
			r.skipLine()
			continue
		}
		r.pos += n
		r.indent = n
		if n == 0 && !first && (r.hasPrefix("---") || r.hasPrefix("...")) {
			return false
		}
		return true
	}
}

// skipLine moves past a comment (or nothing) and the line's end.
func (r *yamlReader) skipLine() {
	for r.pos < len(r.s) && r.s[r.pos] != '\n' {
		r.pos++
	}
	if r.pos < len(r.s) {
		r.pos++
		r.line++
		r.lineStart = r.pos
	}
}

// endLine moves past spaces, a comment, and the line's end, and is false
// if anything else is left on the line.
func (r *yamlReader) endLine() bool {
	for r.pos < len(r.s) && r.s[r.pos] == ' ' {
		r.pos++
	}
	if r.pos == len(r.s) {
		return true
	}
	switch r.s[r.pos] {
	case '#':
		if r.pos > r.lineStart && r.s[r.pos-1] != ' ' {
			// "a"#b: a comment needs a space before it.
			return false
		}
	case '\n', '\r':
	default:
		return false
	}
	r.skipLine()
	return true
}

// atKey is whether a block mapping's key starts at pos: a scalar on this
// line followed by ": " (or ':' at the line's end).
func (r *yamlReader) atKey() bool {
	save, tags, extra := r.pos, len(r.doc.tags), len(r.doc.extra)
	_, ok := r.scalar(false)
	ok = ok && r.colon(save)
	r.pos = save
	r.doc.tags, r.doc.extra = r.doc.tags[:tags], r.doc.extra[:extra]
	return ok
}

// colon moves past the spaces and the ':' that end a key that started at
// start, and is false if they are not there.
func (r *yamlReader) colon(start int) bool {
	for r.pos < len(r.s) && r.s[r.pos] == ' ' {
		r.pos++
	}
	if r.pos-start > maxFastKey || r.pos == len(r.s) || r.s[r.pos] != ':' || !r.blank(r.pos+1) {
		return false
	}
	r.pos++
	return true
}

// blockMapping reads the mapping whose first key is at pos, in column col
// (which may be inside a line: "- name: x").
func (r *yamlReader) blockMapping(col int) (node, bool) {
	if r.depth++; r.depth > maxFastDepth {
		return node{}, false
	}
	defer func() { r.depth-- }()
	out := node{kind: mappingNode, line: r.line}
	base := len(r.stack)
	for {
		keyStart := r.pos
		key, ok := r.scalar(false)
		if !ok || !r.colon(keyStart) {
			return node{}, false
		}
		r.stack = append(r.stack, key)
		value, ok := r.blockValue(col, true)
		if !ok {
			return node{}, false
		}
		r.stack = append(r.stack, value)
		if r.indent != col {
			break
		}
	}
	if r.indent > col {
		return node{}, false
	}
	return r.complete(out, base), true
}

// blockSequence reads the list whose first '-' is at pos, in column col.
func (r *yamlReader) blockSequence(col int) (node, bool) {
	if r.depth++; r.depth > maxFastDepth {
		return node{}, false
	}
	defer func() { r.depth-- }()
	out := node{kind: sequenceNode, line: r.line}
	base := len(r.stack)
	for {
		// At an entry's '-': the first is checked by the caller.
		r.pos++
		item, ok := r.blockValue(col, false)
		if !ok {
			return node{}, false
		}
		r.stack = append(r.stack, item)
		if r.indent != col || !r.atEntry() {
			break
		}
	}
	if r.indent > col {
		return node{}, false
	}
	return r.complete(out, base), true
}

// atEntry is whether a list entry, "-" then a space or the line's end,
// starts at pos.
func (r *yamlReader) atEntry() bool {
	return r.pos < len(r.s) && r.s[r.pos] == '-' && r.blank(r.pos+1)
}

// blockValue reads what follows a key's ':' (inMapping) or an entry's
// '-', of a collection in column col, and leaves pos at the next content
// line.
func (r *yamlReader) blockValue(col int, inMapping bool) (node, bool) {
	for r.pos < len(r.s) && r.s[r.pos] == ' ' {
		r.pos++
	}
	if r.pos == len(r.s) || r.s[r.pos] == '\n' || r.s[r.pos] == '\r' || r.s[r.pos] == '#' {
		// The value is on the lines below.
		if !r.endLine() || !r.nextContent(false) || r.indent < 0 {
			return node{}, false
		}
		switch {
		case r.indent > col && r.atEntry():
			return r.blockSequence(r.indent)
		case r.indent == col && inMapping && r.atEntry():
			// "key:\n- item": a list may sit at its key's column.
			return r.blockSequence(col)
		case r.indent > col && r.atKey():
			return r.blockMapping(r.indent)
		}
		// An implicit null, or a scalar on a line of its own.
		return node{}, false
	}
	// The value starts on this line.
	if col := r.pos - r.lineStart; !inMapping {
		if r.atEntry() {
			return r.blockSequence(col)
		}
		if r.atKey() {
			return r.blockMapping(col)
		}
	}
	var v node
	var ok bool
	switch r.s[r.pos] {
	case '{', '[':
		v, ok = r.flow()
	default:
		v, ok = r.scalar(false)
	}
	if !ok || !r.endLine() || !r.nextContent(false) {
		return node{}, false
	}
	return v, true
}

// flow reads a flow mapping or list that closes on this line.
func (r *yamlReader) flow() (node, bool) {
	if r.depth++; r.depth > maxFastDepth {
		return node{}, false
	}
	defer func() { r.depth-- }()
	open := r.s[r.pos]
	out := node{kind: mappingNode, style: styleFlow, line: r.line}
	closing := byte('}')
	if open == '[' {
		out.kind, closing = sequenceNode, ']'
	}
	r.pos++
	base := len(r.stack)
	r.flowSpaces()
	if r.pos < len(r.s) && r.s[r.pos] == closing {
		r.pos++
		return r.complete(out, base), true
	}
	for {
		if open == '{' {
			keyStart := r.pos
			key, ok := r.flowItem(true)
			if !ok || key.kind != scalarNode {
				return node{}, false
			}
			r.flowSpaces()
			if r.pos-keyStart > maxFastKey || r.pos == len(r.s) || r.s[r.pos] != ':' {
				return node{}, false
			}
			r.pos++
			r.stack = append(r.stack, key)
			r.flowSpaces()
		}
		v, ok := r.flowItem(false)
		if !ok {
			return node{}, false
		}
		r.stack = append(r.stack, v)
		r.flowSpaces()
		if r.pos == len(r.s) {
			return node{}, false
		}
		switch r.s[r.pos] {
		case closing:
			r.pos++
			return r.complete(out, base), true
		case ',':
			r.pos++
			r.flowSpaces()
			if r.pos < len(r.s) && (r.s[r.pos] == '}' || r.s[r.pos] == ']') {
				// A trailing comma: left to yaml.v3.
				return node{}, false
			}
		default:
			return node{}, false
		}
	}
}

func (r *yamlReader) flowSpaces() {
	for r.pos < len(r.s) && r.s[r.pos] == ' ' {
		r.pos++
	}
}

// flowItem reads a scalar or a nested flow collection inside a flow
// collection: a key of a flow mapping, or a value or list item.
func (r *yamlReader) flowItem(key bool) (node, bool) {
	if r.pos == len(r.s) {
		return node{}, false
	}
	if c := r.s[r.pos]; c == '{' || c == '[' {
		return r.flow()
	}
	v, ok := r.scalar(true)
	if ok && !key && r.pos < len(r.s) && r.s[r.pos] == ':' {
		// "[a: b]", a mapping of one pair inside a list, or "{a:b}".
		return node{}, false
	}
	return v, ok
}

// scalar reads a plain, single-quoted or double-quoted scalar that ends
// on this line; inFlow is whether it is inside a flow collection, where
// ",[]{}" end a plain scalar.
func (r *yamlReader) scalar(inFlow bool) (node, bool) {
	if r.pos == len(r.s) {
		return node{}, false
	}
	out := node{kind: scalarNode, line: r.line, tag: tagStr}
	switch r.s[r.pos] {
	case '"':
		v, ok := r.doubleQuoted()
		r.doc.setValue(&out, v)
		return out, ok
	case '\'':
		v, ok := r.singleQuoted()
		r.doc.setValue(&out, v)
		return out, ok
	}
	v, ok := r.plain(inFlow)
	if !ok {
		return node{}, false
	}
	tag, other, ok := resolvePlain(v)
	if !ok {
		return node{}, false
	}
	out.tag, out.style = tag, stylePlain
	r.doc.setValue(&out, v)
	if tag == tagOther {
		out.first = int32(len(r.doc.tags))
		r.doc.tags = append(r.doc.tags, other)
	}
	return out, true
}

// plain reads an unquoted scalar on this line: up to ": ", " #", the
// line's end, or in a flow collection one of ",[]{}". It declines what
// could start something else (indicators) and, in flow, ':' and '?'.
func (r *yamlReader) plain(inFlow bool) (string, bool) {
	s, start := r.s, r.pos
	switch c := s[start]; c {
	case '-':
		if r.blank(start + 1) {
			return "", false
		}
	case ' ', '\n', '\r', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return "", false
	}
	end := start
	for i := start; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n', '\r':
			r.pos = end
			return s[start:end], true
		case ' ':
			continue
		case '#':
			if s[i-1] == ' ' {
				r.pos = end
				return s[start:end], true
			}
		case ':':
			if r.blank(i + 1) {
				r.pos = end
				return s[start:end], true
			}
			if inFlow {
				return "", false
			}
		case ',', '[', ']', '{', '}':
			if inFlow {
				r.pos = end
				return s[start:end], true
			}
		case '?':
			if inFlow {
				return "", false
			}
		}
		end = i + 1
	}
	r.pos = end
	return s[start:end], true
}

// singleQuoted reads a '…' scalar that closes on this line, ” standing
// for a quote.
func (r *yamlReader) singleQuoted() (string, bool) {
	s := r.s
	start := r.pos + 1
	var buf []byte
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return "", false
		case '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				if buf == nil {
					buf = make([]byte, 0, i-start+16)
				}
				buf = append(buf, s[start:i+1]...)
				start = i + 2
				i++
				continue
			}
			r.pos = i + 1
			if buf == nil {
				return s[start:i], true
			}
			buf = append(buf, s[start:i]...)
			return string(buf), true
		}
	}
	return "", false
}

// doubleQuoted reads a "…" scalar that closes on this line, with YAML's
// escapes.
func (r *yamlReader) doubleQuoted() (string, bool) {
	s := r.s
	start := r.pos + 1
	var buf []byte
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r':
			return "", false
		case '"':
			r.pos = i + 1
			if buf == nil {
				return s[start:i], true
			}
			buf = append(buf, s[start:i]...)
			return string(buf), true
		case '\\':
			if buf == nil {
				buf = make([]byte, 0, i-start+16)
			}
			buf = append(buf, s[start:i]...)
			var n int
			var ok bool
			buf, n, ok = yamlEscape(buf, s[i+1:])
			if !ok {
				return "", false
			}
			i += n
			start = i + 1
		}
	}
	return "", false
}

// yamlEscape appends what the escape after a backslash at the start of
// rest stands for, and returns how many bytes of rest it took. An escaped
// line break, an unknown escape or an invalid code point is declined.
func yamlEscape(buf []byte, rest string) ([]byte, int, bool) {
	if rest == "" {
		return buf, 0, false
	}
	size := 0
	switch c := rest[0]; c {
	case '0':
		return append(buf, 0), 1, true
	case 'a':
		return append(buf, '\a'), 1, true
	case 'b':
		return append(buf, '\b'), 1, true
	case 't':
		return append(buf, '\t'), 1, true
	case 'n':
		return append(buf, '\n'), 1, true
	case 'v':
		return append(buf, '\v'), 1, true
	case 'f':
		return append(buf, '\f'), 1, true
	case 'r':
		return append(buf, '\r'), 1, true
	case 'e':
		return append(buf, 0x1b), 1, true
	case ' ', '"', '\'', '\\':
		return append(buf, c), 1, true
	case 'N':
		return append(buf, "\u0085"...), 1, true
	case '_':
		return append(buf, "\u00a0"...), 1, true
	case 'L':
		return append(buf, "\u2028"...), 1, true
	case 'P':
		return append(buf, "\u2029"...), 1, true
	case 'x':
		size = 2
	case 'u':
		size = 4
	case 'U':
		size = 8
	default:
		return buf, 0, false
	}
	if len(rest) < 1+size {
		return buf, 0, false
	}
	v := 0
	for _, h := range []byte(rest[1 : 1+size]) {
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
	if (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff {
		return buf, 0, false
	}
	return utf8.AppendRune(buf, rune(v)), 1 + size, true
}

package config

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// checkEncoding refuses a file that is not UTF-8 text (a binary file, or
// text saved in another encoding) before any decoder sees it, so that the
// problem names the line and the byte rather than each decoder's own words ("invalid leading UTF-8 octet", with no line). A
// figure's labels and help are served to Prometheus and browsers, which
// require UTF-8; nothing is guessed or replaced.
func checkEncoding(data []byte, problems *problemList) bool {
	// The common case, checked at memory speed: large CSV files pass here.
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return true
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		problems.add(1, "", "the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8")
		return false
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			problems.add(line, "", "invalid UTF-8: byte 0x%02X at offset %d is not part of a UTF-8 character: figures files must be UTF-8 text (was it saved as Latin-1, GBK or another encoding?)", data[i], i)
			return false
		}
		if r == 0 {
			problems.add(line, "", "not a text file: a NUL byte at offset %d: expected a figures file saved as UTF-8 text", i)
			return false
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return true
}

// printable refuses control characters in a text that is served (a help,
// a label value, a source): escapes such as "\0" or "\r" in a YAML or JSON
// string can put them there, no report contains them, and they would be
// silently changed by browsers (which turn \r into \n and \0 into U+FFFD)
// or shown raw by terminals. Tab and newline are text and are kept; the
// exposition formats escape the newline.
func (w *walker) printable(n *node, path string) bool {
	if r, at, found := controlCharacter(w.doc.value(n)); found {
		w.problems.add(int(n.line), path, "%s", controlMessage(r, at))
		return false
	}
	return true
}

// controlCharacter finds the first control character other than tab and
// newline, and its 1-based position in characters.
func controlCharacter(s string) (rune, int, bool) {
	i := 0
	for _, r := range s {
		i++
		if r == '\t' || r == '\n' {
			continue
		}
		if r < 0x20 || (r >= 0x7F && r <= 0x9F) {
			return r, i, true
		}
	}
	return 0, 0, false
}

func controlMessage(r rune, at int) string {
	return fmt.Sprintf("contains the control character %U at character %d: expected printable text (tab and newline are allowed)", r, at)
}

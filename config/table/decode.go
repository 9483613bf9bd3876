package table

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText turns a text file into UTF-8 without a byte order mark.
// UTF-8 input is returned as is (a subslice of data, never written to);
// other encodings are decoded into a new slice. A byte order mark decides
// the encoding whatever name is given, as it does in browsers: a file
// saved again as "CSV UTF-8" keeps working with its old encoding option.
func decodeText(data []byte, name string) ([]byte, error) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return checkUTF8(data[len(bomUTF8):], len(bomUTF8), "")
	case bytes.HasPrefix(data, bomUTF16LE):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		name = "UTF-16 (little-endian, by its byte order mark)"
	case bytes.HasPrefix(data, bomUTF16BE):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
		name = "UTF-16 (big-endian, by its byte order mark)"
	case strings.TrimSpace(name) == "":
		return checkUTF8(data, 0, "")
	default:
		var err error
		enc, err = lookupEncoding(name)
		if err != nil {
			return nil, err
		}
		if enc == unicode.UTF8 {
			return checkUTF8(data, 0, name)
		}
	}
	text, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		// Decoders of x/text replace what they cannot read rather than
		// fail; an error here is a truncated multi-byte sequence at the end.
		return nil, errorf(Place{Row: lineAt(data, len(data))}, 0, "cannot decode the file as %s: %v", name, err)
	}
	text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	// x/text decoders put U+FFFD in place of bytes the encoding does not
	// define: refuse them rather than serve a changed label.
	if i := bytes.Index(text, []byte("\uFFFD")); i >= 0 {
		return nil, errorf(Place{Row: lineAt(text, i)}, 0, "bytes that are not %s (decoded as U+FFFD): is the file in another encoding? (%s)", name, guessHint(data))
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return nil, errorf(Place{Row: lineAt(text, i)}, 0, "not a text file: a NUL character: expected text in %s", name)
	}
	return text, nil
}

// checkUTF8 returns data if it is UTF-8 text, or an error naming the line
// of the first byte that is not. skipped is the length of a cut byte
// order mark, so that offsets are the file's.
func checkUTF8(data []byte, skipped int, name string) ([]byte, error) {
	// The common case, checked at memory speed.
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return data, nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			hint := "set the table's encoding (" + guessHint(data) + ")"
			if name != "" {
				hint = "but its encoding is set to " + name + ": " + guessHint(data)
			}
			return nil, errorf(Place{Row: lineAt(data, i)}, 0, "invalid UTF-8: byte 0x%02X at offset %d is not part of a UTF-8 character: the file is in another encoding, %s", data[i], i+skipped, hint)
		}
		if r == 0 {
			hint := ""
			if n, _ := DetectEncoding(data); strings.HasPrefix(n, "utf-16") {
				hint = " (it looks like " + n + " without a byte order mark: set encoding " + n + ")"
			}
			return nil, errorf(Place{Row: lineAt(data, i)}, 0, "not a text file: a NUL byte at offset %d: expected text%s", i+skipped, hint)
		}
		i += size
	}
	return data, nil
}

// guessHint names the likely encoding of a file that is not UTF-8, and
// why, for error messages.
func guessHint(data []byte) string {
	name, why := DetectEncoding(data)
	return "it looks like " + name + ": " + why
}

// lookupEncoding finds an encoding by its WHATWG label (gbk, gb18030,
// windows-1252, latin1, shift_jis, utf-16le, ...) or its IANA name.
func lookupEncoding(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if enc, err := htmlindex.Get(n); err == nil {
		return enc, nil
	}
	if enc, err := ianaindex.IANA.Encoding(n); err == nil && enc != nil {
		return enc, nil
	}
	return nil, errorf(Place{Row: 1}, 0, "unknown encoding %q: expected a name such as utf-8, gb18030, gbk, big5, shift_jis, windows-1252, iso-8859-15 or utf-16le", name)
}

// lineAt is the 1-based line of byte offset i: lines end with LF, CRLF or
// a lone CR, as they do for the CSV reader.
func lineAt(text []byte, i int) int {
	if i > len(text) {
		i = len(text)
	}
	line := 1
	for j := 0; j < i; j++ {
		switch text[j] {
		case '\n':
			line++
		case '\r':
			if j+1 >= len(text) || text[j+1] != '\n' {
				line++
			}
		}
	}
	return line
}

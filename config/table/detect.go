package table

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// detectSample bounds how much of a file the guesses read: a table's
// encoding and separator show in its first lines.
const detectSample = 1 << 20

// DetectEncoding guesses the encoding of a text file, for init: the byte
// order mark if there is one; UTF-8 when every byte sequence is valid
// UTF-8; UTF-16 without a byte order mark when NUL bytes alternate with
// text; else GB18030 or Windows-1252 by content. why says what decided,
// in words for the user.
//
// GB18030 against Windows-1252: any byte string of Western text is close
// to valid GBK (a letter with an accent, 0x80-0xFF, followed by an ASCII
// letter is a valid two-byte GBK code), so validity alone does not
// decide. Chinese text is made of pairs of bytes both in 0xA1-0xFE (the
// GB2312 range, where every common character and full-width punctuation
// is), one after the other; Western text has bytes 0x80-0xFF alone
// between ASCII letters (é, ü, £, the euro sign). So: when the file is
// valid GB18030 and at least four in five of its non-ASCII characters
// are such GB2312 pairs, it is GB18030; else Windows-1252, which reads
// any byte.
func DetectEncoding(data []byte) (name string, why string) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return "utf-8", "it starts with the UTF-8 byte order mark"
	case bytes.HasPrefix(data, bomUTF16LE):
		return "utf-16le", "it starts with the UTF-16 little-endian byte order mark"
	case bytes.HasPrefix(data, bomUTF16BE):
		return "utf-16be", "it starts with the UTF-16 big-endian byte order mark"
	}
	sample := data
	if len(sample) > detectSample {
		sample = sample[:detectSample]
		// Do not judge a character cut by the sample's end.
		for i := 0; i < 3 && len(sample) > 0 && sample[len(sample)-1] >= 0x80; i++ {
			sample = sample[:len(sample)-1]
		}
	}
	if name, why, ok := detectUTF16(sample); ok {
		return name, why
	}
	if utf8.Valid(sample) {
		if isASCII(sample) {
			return "utf-8", "it is plain ASCII, which is valid UTF-8"
		}
		return "utf-8", "every non-ASCII byte sequence is valid UTF-8"
	}
	if name, why, ok := detectCJK(sample); ok {
		return name, why
	}
	pairs, others, bad := gbStats(sample)
	if bad >= 0 {
		return "windows-1252", fmt.Sprintf("it is not UTF-8, and bytes at line %d are not GB18030 either (0x%02X)", lineAt(sample, bad), sample[bad])
	}
	total := pairs + others
	if pairs*5 >= total*4 {
		return "gb18030", fmt.Sprintf("it is not UTF-8, and %d of its %d non-ASCII characters read as GB18030 are common Chinese characters or full-width punctuation (pairs of bytes 0xA1-0xFE)", pairs, total)
	}
	return "windows-1252", fmt.Sprintf("it is not UTF-8, and only %d of its %d non-ASCII characters would be common Chinese characters in GB18030: bytes 0x80-0xFF mostly stand alone, as accented letters do in Windows-1252", pairs, total)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// detectUTF16 tells UTF-16 text without a byte order mark by its NUL
// bytes: ASCII characters in UTF-16 have a zero byte, on the odd offsets
// in little-endian and on the even ones in big-endian.
func detectUTF16(b []byte) (string, string, bool) {
	n := len(b) &^ 1
	if n < 4 {
		return "", "", false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*4 && even*10 < half:
		return "utf-16le", fmt.Sprintf("it has no byte order mark, but %d of its %d odd bytes are zero, as in UTF-16 little-endian text", odd, half), true
	case even*10 >= half*4 && odd*10 < half:
		return "utf-16be", fmt.Sprintf("it has no byte order mark, but %d of its %d even bytes are zero, as in UTF-16 big-endian text", even, half), true
	}
	return "", "", false
}

// gbStats reads b as GB18030: pairs counts two-byte characters with both
// bytes in 0xA1-0xFE, others every other non-ASCII character; bad is the
// offset of the first byte that is not GB18030, or -1.
func gbStats(b []byte) (pairs, others, bad int) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			i++
			continue
		}
		if c == 0x80 || c == 0xFF || i+1 >= len(b) {
			return pairs, others, i
		}
		d := b[i+1]
		switch {
		case d >= 0x30 && d <= 0x39: // four-byte sequence
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] > 0xFE || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return pairs, others, i
			}
			others++
			i += 4
		case d >= 0x40 && d <= 0xFE && d != 0x7F:
			if c >= 0xA1 && d >= 0xA1 {
				pairs++
			} else {
				others++
			}
			i += 2
		default:
			return pairs, others, i
		}
	}
	return pairs, others, -1
}

// separators are the candidates of DetectSeparator, in the order that
// breaks ties: a tab or a semicolon that splits the records as well as
// a comma is the separator, since commas are also in numbers (1,5) and
// text, and those two rarely are.
var separators = []byte{'\t', ';', '|', ','}

// detectRecords bounds the records DetectSeparator reads.
const detectRecords = 50

// DetectSeparator guesses the separator of CSV text (UTF-8) among comma,
// semicolon, tab and bar, from its first records. For each candidate it
// splits the records as the reader would (quotes respected, so a quoted
// "1,5" or a line break in a quoted cell does not count) and finds the
// most common number of cells above one; the candidate giving that number
// to the most records wins, then the one giving more cells, then
// tab, semicolon, bar and comma in this order. Title rows
// above a header (one cell, or a different count) and notes below do not
// decide, since the header and the data rows agree with each other. With
// no candidate splitting any record, it is a comma (a one-column table).
// A first line such as "sep=;", which Excel writes, decides.
func DetectSeparator(text []byte) rune {
	text = bytes.TrimPrefix(text, bomUTF8)
	if sep, n := excelSepLine(text); n > 0 {
		return sep // Excel's "sep=;" line says it
	}
	if i := bytes.IndexByte(text, '\t'); i > 0 && !bytes.ContainsAny(text[:i], "\r\n") {
		if _, _, ok := EurostatDimensions(string(text[:i])); ok {
			// Eurostat's unit,geo\time then a tab: its commas join the
			// codes of one cell, however many of them there are.
			return '\t'
		}
	}
	if len(text) > detectSample {
		text = text[:detectSample]
	}
	best, bestFreq, bestCells := byte(','), 0, 0 // a comma when none splits
	counts := make(map[int]int)
	for _, sep := range separators {
		clear(counts)
		for i, n := 0, 0; i < len(text) && n < detectRecords; n++ {
			cells, next := countCells(text, i, sep)
			i = next
			if cells > 1 {
				counts[cells]++
			}
		}
		freq, cells := 0, 0
		for c, f := range counts {
			if f > freq || f == freq && c > cells {
				freq, cells = f, c
			}
		}
		if freq > bestFreq || freq == bestFreq && cells > bestCells {
			best, bestFreq, bestCells = sep, freq, cells
		}
	}
	return rune(best)
}

// countCells counts the cells of the record starting at i, split by sep,
// and returns where the next record starts. A quote opens a quoted cell
// only as the cell's first character, as in the reader.
func countCells(text []byte, i int, sep byte) (cells, next int) {
	cells = 1
	start := true
	for i < len(text) {
		c := text[i]
		switch {
		case c == '"' && start:
			i++
			for i < len(text) {
				if text[i] == '"' {
					if i+1 < len(text) && text[i+1] == '"' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++ // the closing quote
			start = false
			continue
		case c == sep:
			cells++
			start = true
		case c == '\n':
			return cells, i + 1
		case c == '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return cells, i + 2
			}
			return cells, i + 1
		default:
			start = false
		}
		i++
	}
	return cells, i
}

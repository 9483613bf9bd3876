package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Published tables print more in a cell than the number: a currency
// ($1,234, 1 234 €), accounting parentheses ((1,234)), a statistical
// office's flag after it (Eurostat's 12.3 p and 12.3b), footnote marks
// (123*, 5¹, 7 [1], 8 (e)), spaces grouping thousands (1 234, 12 345.6)
// and full-width digits (１２３). readCell takes a cell of a mapped table
// apart into the number, written in the value grammar's form, and what it
// carried; the number is then read by ParseValue, so the figure is exactly
// the number printed. ParseValue itself, the grammar of the figures files'
// own values, stays as strict as it was.

// Parentheses around a number: accounts write a negative so, while some
// statistical tables (Destatis, the Swiss FSO) mark an estimate of low
// reliability so. Neither is guessed: an entry says which.
const (
	parensNegative = "negative"
	parensMark     = "mark"
)

// cellOptions are the keys of a mapped entry that read a value cell.
type cellOptions struct {
	comma  bool   // decimal: ","
	parens string // "" (refused), parensNegative or parensMark
	bFlag  bool   // b is a flag even where it may be billions or basis points (marks: names b)
	scale  string // written after the number, as the value grammar reads it
}

// CellMarks is what a table's cell carried besides its number.
type CellMarks struct {
	Currency string   // as printed: "$", "€", "US$", "EUR", "円"
	Marks    []string // flags and footnote marks by name: "p", "bp" as "b" and "p", "*", "†", "1" for ¹ or [1], "e" for (e)
	Parens   bool     // the number was in parentheses
	// AmbiguousB says the marks hold a b that may be a scale or a unit
	// rather than Eurostat's flag: 12 bn, $1.2b (billions), 27 bp (basis
	// points). A mapped entry reads it as a flag only when its marks:
	// names b.
	AmbiguousB bool
}

func (m CellMarks) any() bool { return m.Currency != "" || len(m.Marks) > 0 || m.Parens }

// ReadCell reads a value cell of a published table as a mapped entry
// without parentheses: or scale: does, with a decimal comma when comma is
// true; parentheses are read as a mark and b as a flag (marks.AmbiguousB
// says where it may not be one). init judges its columns with it,
// so that what it calls a number is what check reads.
func ReadCell(text string, comma bool) (float64, CellMarks, error) {
	return readCell(text, cellOptions{comma: comma, parens: parensMark, bFlag: true})
}

// CellNumber is the number of a cell as printed, without its currency,
// marks and parentheses, with the digits narrowed: what init weighs to
// tell a decimal comma from a point. ok is false for a cell that holds
// no number.
func CellNumber(text string) (string, bool) {
	p, reason := splitCell(text)
	return p.number, reason == "" && p.number != ""
}

// readCell reads a value cell. Errors are *ValueError with the cell's
// text and the reason, as ParseValue's.
func readCell(text string, o cellOptions) (float64, CellMarks, error) {
	if s := strings.TrimSpace(text); s != "" {
		// Most cells are numbers the value grammar reads: read as before,
		// without taking them apart, which costs many times the reading.
		// (Whatever the grammar reads, the full path reads the same:
		// FuzzReadCell holds it.)
		if o.comma {
			s = decimalComma(s)
		}
		if o.scale != "" {
			s += " " + o.scale
		}
		if v, err := ParseValue(s); err == nil {
			return v, CellMarks{}, nil
		}
		// The full path explains it.
	}
	fail := func(reason string) (float64, CellMarks, error) {
		return 0, CellMarks{}, &ValueError{Text: text, Reason: reason}
	}
	p, reason := splitCell(text)
	if reason != "" {
		return fail(reason)
	}
	if p.marks.AmbiguousB && !o.bFlag {
		return fail(fmt.Sprintf("%q after the number may mean billions (bn, $1.2b), basis points (bp) or Eurostat's flags (b break in series): none is guessed; if they are flags, say so with marks: {b: number} in the table's figure_files entry", strings.Join(p.marks.Marks, "")))
	}
	s := p.number
	if o.comma {
		s = decimalComma(s)
	} else {
		s = spaceGroups(s)
	}
	if p.marks.Parens {
		switch {
		case p.sign != "":
			return fail("a sign and parentheses together: expected -1,234 or (1,234), not both")
		case o.parens == "":
			return fail("parentheses around a number mean a negative in accounts and a figure of low reliability in some statistical tables: say which with parentheses: negative or parentheses: mark in the table's figure_files entry")
		case o.parens == parensNegative:
			p.sign = "-"
		}
	}
	s = p.sign + s
	if o.scale != "" {
		s += " " + o.scale
	}
	v, err := ParseValue(s)
	if err != nil {
		reason := err.Error()
		if ve, ok := err.(*ValueError); ok {
			reason = ve.Reason
		}
		if p.marks.any() || p.narrowed {
			reason += " (read as " + strconv.Quote(s) + ")"
		}
		return fail(reason)
	}
	return v, p.marks, nil
}

// cellParts is a cell taken apart: sign, the number as printed (digits,
// separators, a scale or %), and what it carried.
type cellParts struct {
	sign, number string
	marks        CellMarks
	narrowed     bool // full-width characters were read as ASCII
}

// splitCell takes a cell apart. A reason is given only for a cell whose
// marks could mean a figure other than the number (12 bn, $1.2b); any
// other text is left in number for the value grammar to refuse with its
// own reason.
func splitCell(text string) (cellParts, string) {
	var p cellParts
	s := strings.TrimSpace(text)
	if digits, ok := plainNumber(s); ok {
		// Most cells: nothing around the number to take off.
		if len(digits) < len(s) {
			p.sign = "-"
		}
		p.number = digits
		return p, ""
	}
	if strings.IndexFunc(s, unicode.IsDigit) < 0 {
		// No number to take apart (a label, a word): the value grammar
		// refuses it with its own reason.
		p.number = s
		return p, ""
	}
	if !isASCII(s) {
		// Full-width digits, points, commas, signs and brackets, as
		// Chinese and Japanese tables print them, are the ASCII ones.
		// (The Chinese scales 万 and 亿 are wide, not full-width: kept.)
		n := strings.TrimSpace(width.Narrow.String(s))
		p.narrowed, s = n != s, n
	}
	// What follows the number: marks and a currency, in any order.
	letters := false
	for range 6 {
		rest, mark, isLetters, ok := cutMark(s, letters)
		if !ok {
			if rest, cur, ok := cutSuffix(s, currencySuffixes); ok && p.marks.Currency == "" {
				s, p.marks.Currency = rest, cur
				continue
			}
			break
		}
		s = rest
		letters = letters || isLetters
		p.marks.Marks = append(mark, p.marks.Marks...)
	}
	// What precedes it: one sign, one currency, parentheses, in the
	// orders printed: -$1,234, $-1,234, ($1,234), $(1,234).
	for range 3 {
		switch {
		case p.sign == "" && strings.HasPrefix(s, "-"), p.sign == "" && strings.HasPrefix(s, "+"):
			p.sign, s = s[:1], strings.TrimSpace(s[1:])
		case p.sign == "" && strings.HasPrefix(s, "−"):
			p.sign, s = "-", strings.TrimSpace(s[len("−"):])
		case p.sign == "" && (strings.HasPrefix(s, "△") || strings.HasPrefix(s, "▲")):
			// Japanese tables print a negative number △1,234 or ▲1,234
			// (the Statistics Bureau's symbols: △ 負数).
			_, size := utf8.DecodeRuneInString(s)
			p.sign, s = "-", strings.TrimSpace(s[size:])
		case p.marks.Currency == "" && startsCurrency(s):
			p.marks.Currency = currencyPrefix(s)
			s = strings.TrimSpace(s[len(p.marks.Currency):])
		case !p.marks.Parens && len(s) > 2 && s[0] == '(' && s[len(s)-1] == ')':
			p.marks.Parens = true
			s = strings.TrimSpace(s[1 : len(s)-1])
		default:
			continue
		}
	}
	if p.sign == "+" {
		p.sign = ""
	}
	p.number = s
	// b is Eurostat's break in series, but 12 bn and $1.2b are billions
	// and +27 bp basis points.
	if slices.Contains(p.marks.Marks, "b") && (p.marks.Currency != "" || slices.Contains(p.marks.Marks, "n") || slices.Contains(p.marks.Marks, "p")) {
		p.marks.AmbiguousB = true
	}
	return p, ""
}

// plainNumber says whether s is digits with points or commas, ending in a
// digit, after at most a minus sign, and returns them without the sign:
// a cell that splitCell's loops would leave as it is.
func plainNumber(s string) (string, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || !isDigit(digits[len(digits)-1]) {
		return "", false
	}
	for i := 0; i < len(digits); i++ {
		if c := digits[i]; !isDigit(c) && c != '.' && c != ',' {
			return "", false
		}
	}
	return digits, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// flagLetters are Eurostat's flags, printed after a value: b break in
// time series, c confidential, d definition differs, e estimated, f
// forecast, n not significant, p provisional, r revised, s Eurostat
// estimate, u low reliability, z not applicable. ONS and BLS use p and r
// the same way.
const flagLetters = "bcdefnprsuz"

// footnoteMarks are the symbols printed after a number to point to a
// note or to mark significance.
const footnoteMarks = "*†‡§¶"

const superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹"

// cutMark cuts one mark from the end of s: a run of flag letters (only
// one run: haveLetters), footnote symbols, superscript digits, or a short
// note in brackets ((e), (P), [1], [u]). ok is false when s ends with no
// mark, or when what precedes the mark is not a number's end.
func cutMark(s string, haveLetters bool) (rest string, marks []string, letters, ok bool) {
	end := len(s)
	switch {
	case end == 0:
		return s, nil, false, false
	case s[end-1] == ']' || s[end-1] == ')':
		open := strings.LastIndexByte(s, "[("[boolIndex(s[end-1] == ')')])
		if open < 0 {
			return s, nil, false, false
		}
		inner := s[open+1 : end-1]
		if !bracketMark(inner, s[end-1] == ')') {
			return s, nil, false, false
		}
		rest = strings.TrimSpace(s[:open])
		if !numberEnd(rest) {
			return s, nil, false, false
		}
		return rest, []string{strings.ToLower(inner)}, false, true
	}
	r, size := utf8.DecodeLastRuneInString(s)
	switch {
	case strings.ContainsRune(footnoteMarks, r):
		start := len(s) - size
		for start > 0 {
			q, n := utf8.DecodeLastRuneInString(s[:start])
			if q != r {
				break
			}
			start -= n
		}
		rest = strings.TrimSpace(s[:start])
		if !numberEnd(rest) {
			return s, nil, false, false
		}
		return rest, []string{s[start:]}, false, true
	case strings.ContainsRune(superscripts, r):
		start := len(s)
		var digits []byte
		for start > 0 {
			q, n := utf8.DecodeLastRuneInString(s[:start])
			i := strings.IndexRune(superscripts, q)
			if i < 0 {
				break
			}
			digits = append([]byte{byte('0' + utf8.RuneCountInString(superscripts[:i]))}, digits...)
			start -= n
		}
		rest = strings.TrimSpace(s[:start])
		if !numberEnd(rest) {
			return s, nil, false, false
		}
		return rest, []string{string(digits)}, false, true
	case !haveLetters && strings.ContainsRune(flagLetters, r):
		start := len(s)
		for start > 0 && strings.IndexByte(flagLetters, s[start-1]) >= 0 {
			start--
		}
		run := s[start:]
		if len(run) > 4 || repeats(run) {
			return s, nil, false, false
		}
		attached := start > 0 && isDigit(s[start-1])
		if attached && run[0] == 'e' {
			// 3.5e is a number cut short, not 3.5 estimated.
			return s, nil, false, false
		}
		if start > 0 && !attached && s[start-1] != ' ' && s[start-1] != '%' {
			return s, nil, false, false
		}
		rest = strings.TrimSpace(s[:start])
		if !numberEnd(rest) {
			return s, nil, false, false
		}
		for i := range len(run) {
			marks = append(marks, run[i:i+1])
		}
		return rest, marks, true, true
	}
	return s, nil, false, false
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bracketMark says whether the text inside brackets is a note mark: one
// or two letters ((e), (P), [u]), or in square brackets up to three
// digits or a star ([1], [12], [*]). Parentheses around digits are not a
// mark: 5.2 (0.3) prints a second figure, a standard error.
func bracketMark(inner string, paren bool) bool {
	if inner == "" || len(inner) > 3 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(inner); i++ {
		switch c := inner[i]; {
		case isASCIILetter(c):
			letters++
		case isDigit(c) || c == '*':
			digits++
		default:
			return false
		}
	}
	if paren {
		return digits == 0 && letters <= 2
	}
	return (digits == 0 && letters <= 2) || letters == 0
}

// numberEnd says whether s can end a number a mark follows: a digit, a
// percent sign, a closing parenthesis, a currency or a scale.
func numberEnd(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsDigit(r) || r == '%' || r == ')' || unicode.IsLetter(r) || unicode.Is(unicode.Sc, r)
}

func repeats(run string) bool {
	for i := range len(run) {
		if strings.IndexByte(run[i+1:], run[i]) >= 0 {
			return true
		}
	}
	return false
}

// Currencies as tables print them. Longer forms first, so that US$ is
// not read as a stray US before $.
var (
	currencySymbols = []string{"US$", "CN¥", "RMB¥", "HK$", "NZ$", "AU$", "CA$", "A$", "C$", "R$", "S$", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₫", "฿", "₱", "₦"}
	currencyCodes   = []string{"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CHF", "CAD", "AUD", "NZD", "INR", "HKD", "SGD", "KRW", "TWD", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "RUB", "UAH", "TRY", "BRL", "MXN", "ZAR"}
	// A code or word after the number needs a space before it; 円 and 元
	// are the yen and yuan as Japanese and Chinese tables print them
	// after it, kr, zł, Kč and Ft the Nordic crowns, the zloty, the
	// Czech crown and the forint as their banks and offices print them.
	currencySuffixes = append(append([]string{"円", "元", "kr", "zł", "Kč", "Ft"}, currencySymbols...), currencyCodes...)
)

// startsCurrency is currencyPrefix(s) != "", quick for a digit.
func startsCurrency(s string) bool { return s != "" && !isDigit(s[0]) && currencyPrefix(s) != "" }

// currencyPrefix is the currency s starts with, "" for none. A code
// must be followed by a space or a digit (USD 12, USD12).
func currencyPrefix(s string) string {
	for _, c := range currencySymbols {
		if strings.HasPrefix(s, c) {
			return c
		}
	}
	for _, c := range currencyCodes {
		if strings.HasPrefix(s, c) && len(s) > len(c) && (s[len(c)] == ' ' || isDigit(s[len(c)])) {
			return c
		}
	}
	return ""
}

// cutSuffix cuts one of suffixes from the end of s when a number's end
// precedes it; a code (letters) needs a space before it.
func cutSuffix(s string, suffixes []string) (string, string, bool) {
	for _, c := range suffixes {
		rest, found := strings.CutSuffix(s, c)
		if !found {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(c); unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) && !strings.HasSuffix(rest, " ") {
			continue
		}
		rest = strings.TrimSpace(rest)
		if r, _ := utf8.DecodeLastRuneInString(rest); rest == "" || !(unicode.IsDigit(r) || r == '%' || r == ')' || unicode.Is(unicode.Han, r) || unicode.IsLetter(r)) {
			continue
		}
		return rest, c, true
	}
	return s, "", false
}

package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValueError reports a figure that ParseValue could not read. It is a type of
// its own so that callers can add where the text came from (file, line, path)
// without parsing the message.
type ValueError struct {
	Text   string // the text exactly as given, before trimming
	Reason string // what was wrong and what was expected instead
}

// Error quotes the text so that invisible mistakes (stray spaces, a wrong
// minus sign) show in the message.
func (e *ValueError) Error() string {
	return fmt.Sprintf("cannot read %q as a number: %s", e.Text, e.Reason)
}

// Reasons shared by several paths; each says what was expected so that a
// user can fix the figure without reading the grammar.
const (
	reasonExpected   = "expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%"
	reasonEmpty      = "the value is empty; " + reasonExpected
	reasonSign       = "expected digits after the sign"
	reasonNotFinite  = "NaN and infinities are not figures"
	reasonBoolean    = "booleans are not figures; write 1 or 0"
	reasonHex        = "only decimal numbers are accepted, not hexadecimal"
	reasonPercentNum = "expected a number before %"
	reasonGrouping   = "thousands separators must group three digits, as in 1,012.71"
	reasonZeroGroup  = "a number with thousands separators cannot start with 0; the decimal separator must be a point, as in 0.5"
	reasonFracComma  = "thousands separators cannot follow the decimal point, which must be a point"
	reasonExponent   = "expected digits after the exponent e, as in 8.40264e+08"
	reasonUnderscore = "underscores cannot separate digits; use commas in groups of three, as in 1,000,000"
	reasonSpaces     = "spaces cannot separate digits; use commas in groups of three, as in 1,000,000"
	reasonTwoScales  = "only one scale word may follow the number"
	reasonPercentMix = "a percentage cannot be combined with a scale word, a unit or another %"
	reasonOutOfRange = "out of range: the largest figure is about 1.8e308"
	scaleList        = "thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or %"
)

// ParseValue reads a figure as reports and spreadsheets write it and returns its exact value.
//
// It accepts a decimal number with an optional sign (ASCII '-' or '−' U+2212,
// or '+'), optional commas grouping the integer digits by three, an optional
// exponent, and then at most one scale: an English scale word (thousand,
// million, billion, trillion; any case, space optional), a Chinese unit (千,
// 万, 百万, 千万, 亿, 万亿) or a percent sign (% or ％). Surrounding white
// space is ignored. The result is the float64 nearest to the exact decimal
// value, so "840.264 million" is exactly 840264000 and "21.8%" is the float64
// nearest to 0.218. Units such as "Yuan" are refused: they belong in the
// metric name. Errors are *ValueError.
func ParseValue(text string) (float64, error) {
	s := strings.TrimSpace(text)
	if v, ok, err := parsePlain(text, s); ok {
		return v, err
	}
	return parseFigure(text, s)
}

// parsePlain is the fast path for the common plain forms (840264000, -12.5,
// 8.40264e+08). strconv.ParseFloat rounds correctly, so for these it already
// returns the float64 nearest to the decimal. ok is false when the text needs
// the full grammar, either to be read or to explain why it cannot be.
func parsePlain(text, s string) (v float64, ok bool, err error) {
	neg := false
	if rest, found := strings.CutPrefix(s, "−"); found {
		// U+2212 is not understood by strconv; only strip it when a digit
		// or point follows, so that "−-5" still goes to the full grammar.
		if rest == "" || (rest[0] != '.' && !isDigit(rest[0])) {
			return 0, false, nil
		}
		neg, s = true, rest
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return 0, false, nil
		}
	}
	v, err = strconv.ParseFloat(s, 64)
	switch {
	case err == nil:
		if neg {
			v = -v
		}
		return positiveZero(v), true, nil
	case errors.Is(err, strconv.ErrRange):
		return 0, true, &ValueError{Text: text, Reason: reasonOutOfRange}
	default:
		return 0, false, nil
	}
}

// parseFigure reads s with the full grammar and scales it exactly, by
// moving the decimal exponent, so that no digit is lost before the single
// final rounding.
func parseFigure(text, s string) (float64, error) {
	fail := func(reason string) (float64, error) {
		return 0, &ValueError{Text: text, Reason: reason}
	}
	if s == "" {
		return fail(reasonEmpty)
	}
	neg, rest := cutSign(s)
	if reason := notANumber(rest, len(rest) < len(s)); reason != "" {
		return fail(reason)
	}
	n, rest, reason := lexNumber(rest)
	if reason != "" {
		return fail(reason)
	}
	scale, reason := lexSuffix(rest)
	if reason != "" {
		return fail(reason)
	}
	v, reason := n.float64(neg, scale)
	if reason != "" {
		return fail(reason)
	}
	return v, nil
}

// cutSign removes one leading sign and reports whether it was a minus.
func cutSign(s string) (neg bool, rest string) {
	switch {
	case strings.HasPrefix(s, "-"):
		return true, s[1:]
	case strings.HasPrefix(s, "−"):
		return true, s[len("−"):]
	case strings.HasPrefix(s, "+"):
		return false, s[1:]
	}
	return false, s
}

// notANumber explains why s (the text after the sign) cannot start a number,
// or returns "" when it can. It singles out the look-alikes that other
// parsers accept (NaN, Inf, hexadecimal, booleans) so the error says why.
func notANumber(s string, signed bool) string {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return reasonHex
	}
	if s != "" && (isDigit(s[0]) || len(s) > 1 && s[0] == '.' && isDigit(s[1])) {
		return ""
	}
	switch {
	case strings.EqualFold(s, "nan"), strings.EqualFold(s, "inf"), strings.EqualFold(s, "infinity"):
		return reasonNotFinite
	case signed:
		return reasonSign
	case strings.EqualFold(s, "true"), strings.EqualFold(s, "false"):
		return reasonBoolean
	case strings.HasPrefix(s, "%"), strings.HasPrefix(s, "％"):
		return reasonPercentNum
	case strings.HasPrefix(s, ","):
		return reasonGrouping
	}
	return reasonExpected
}

// number is a decimal read from the text: digits × 10^exp, where digits
// holds the significant digits without separators.
type number struct {
	digits string
	exp    int64
}

// maxExponent bounds the exponent that lexNumber keeps. Anything beyond it is
// out of range (or rounds to zero) whatever the digits, and the bound keeps
// the exponent arithmetic far from overflow.
const maxExponent = 1_000_000_000

// lexNumber reads the number at the start of s (which notANumber accepted)
// and returns it with the text after it.
func lexNumber(s string) (n number, rest string, reason string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits := s[:i]
	if i < len(s) && s[i] == ',' {
		if i > 3 {
			return n, "", reasonGrouping
		}
		if s[0] == '0' {
			return n, "", reasonZeroGroup
		}
		grouped := []byte(digits)
		for i < len(s) && s[i] == ',' {
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j-(i+1) != 3 {
				return n, "", reasonGrouping
			}
			grouped = append(grouped, s[i+1:j]...)
			i = j
		}
		digits = string(grouped)
	}
	if i < len(s) && s[i] == '.' {
		start := i + 1
		i = start
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		digits += s[start:i]
		n.exp = -int64(i - start)
		if i < len(s) && s[i] == ',' {
			return n, "", reasonFracComma
		}
	}
	n.digits = digits
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		exp, after, ok := lexExponent(s[i+1:])
		switch {
		case ok:
			n.exp += exp
			i = len(s) - len(after)
		case i+1 < len(s) && isASCIILetter(s[i+1]):
			// "12eur": a word, not an exponent; lexSuffix explains it.
		default:
			return n, "", reasonExponent
		}
	}
	return n, s[i:], ""
}

// lexExponent reads the signed digits of an exponent, saturating at
// ±maxExponent.
func lexExponent(s string) (exp int64, rest string, ok bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		exp = min(exp*10+int64(s[i]-'0'), maxExponent)
		i++
	}
	if neg {
		exp = -exp
	}
	return exp, s[i:], i > 0
}

// The kinds of token that may follow a number.
const (
	tokenEnd = iota
	tokenPercent
	tokenScale
	tokenWord
	tokenOther
)

// token is one element after the number: a scale (with its power of ten),
// a percent sign, a word, or anything else.
type token struct {
	kind int
	text string
	exp  int32
}

// lexSuffix reads what follows the number and returns the power of ten it
// multiplies the number by.
func lexSuffix(s string) (exp int32, reason string) {
	first, s := nextToken(s)
	second, _ := nextToken(s)
	switch first.kind {
	case tokenEnd:
		return 0, ""
	case tokenPercent:
		if second.kind != tokenEnd {
			return 0, reasonPercentMix
		}
		return -2, ""
	case tokenWord:
		return 0, fmt.Sprintf("unknown scale or unit %q: only %s may follow the number; units belong in the metric name", first.text, scaleList)
	case tokenOther:
		switch {
		case first.text[0] == '_':
			return 0, reasonUnderscore
		case isDigit(first.text[0]):
			return 0, reasonSpaces
		}
		return 0, fmt.Sprintf("unexpected %q after the number", first.text)
	}
	switch second.kind {
	case tokenEnd:
		return first.exp, ""
	case tokenScale:
		return 0, reasonTwoScales
	case tokenPercent:
		return 0, reasonPercentMix
	case tokenWord:
		return 0, fmt.Sprintf("unexpected %q after the scale: units belong in the metric name (such as aid_yuan), not in the value", second.text)
	}
	return 0, fmt.Sprintf("unexpected %q after the scale", second.text)
}

// chineseScale reads a Chinese unit at the start of s. Longer units are
// tried first, so that 万亿 is read as one unit and not as 万 then 亿.
func chineseScale(s string) (token, bool) {
	for _, t := range [...]token{
		{kind: tokenScale, text: "万亿", exp: 12},
		{kind: tokenScale, text: "千万", exp: 7},
		{kind: tokenScale, text: "百万", exp: 6},
		{kind: tokenScale, text: "亿", exp: 8},
		{kind: tokenScale, text: "万", exp: 4},
		{kind: tokenScale, text: "千", exp: 3},
	} {
		if strings.HasPrefix(s, t.text) {
			return t, true
		}
	}
	return token{}, false
}

// englishScale returns the power of ten of an English scale word.
func englishScale(word string) (int32, bool) {
	for _, w := range [...]struct {
		name string
		exp  int32
	}{{"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12}} {
		if strings.EqualFold(word, w.name) {
			return w.exp, true
		}
	}
	return 0, false
}

// nextToken skips white space and reads one token. Words are runs of ASCII
// letters or runs of other letters, so "million元" is two tokens.
func nextToken(s string) (token, string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	switch {
	case s == "":
		return token{kind: tokenEnd}, ""
	case strings.HasPrefix(s, "%"):
		return token{kind: tokenPercent, text: "%"}, s[1:]
	case strings.HasPrefix(s, "％"):
		return token{kind: tokenPercent, text: "％"}, s[len("％"):]
	}
	if t, ok := chineseScale(s); ok {
		return t, s[len(t.text):]
	}
	if isASCIILetter(s[0]) {
		end := runEnd(s, func(r rune) bool { return r < utf8.RuneSelf && isASCIILetter(byte(r)) })
		if exp, ok := englishScale(s[:end]); ok {
			return token{kind: tokenScale, text: s[:end], exp: exp}, s[end:]
		}
		return token{kind: tokenWord, text: s[:end]}, s[end:]
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsLetter(r) {
		end := runEnd(s, func(r rune) bool { return r >= utf8.RuneSelf && unicode.IsLetter(r) })
		return token{kind: tokenWord, text: s[:end]}, s[end:]
	}
	end := runEnd(s, func(r rune) bool { return !unicode.IsSpace(r) })
	return token{kind: tokenOther, text: s[:end]}, s[end:]
}

// runEnd returns the byte length of the longest prefix of s whose runes all
// satisfy in.
func runEnd(s string, in func(rune) bool) int {
	for i, r := range s {
		if !in(r) {
			return i
		}
	}
	return len(s)
}

// float64 returns ±n × 10^scale rounded once to the nearest float64. The
// scale only moves the decimal exponent: the exact decimal is written out
// (its digits and the shifted exponent) and strconv.ParseFloat, which
// rounds correctly whatever the number of digits, converts it once.
// (This replaced apd's decimal multiplication, whose Float64 is the same
// conversion of the same digits.)
func (n number) float64(neg bool, scale int32) (float64, string) {
	digits := strings.TrimLeft(n.digits, "0")
	if digits == "" {
		return 0, ""
	}
	// Decide the extremes before converting: the adjusted exponent (that
	// of the leading digit) beyond ±400 is far outside float64's range.
	exp := n.exp + int64(scale)
	adjusted := exp + int64(len(digits)) - 1
	switch {
	case adjusted > 400:
		return 0, reasonOutOfRange
	case adjusted < -400:
		return 0, "" // rounds to zero, as strconv.ParseFloat does
	}
	// Written as 0.digits × 10^(adjusted+1), so that the exponent stays
	// within ±401 however many digits there are: strconv saturates longer
	// exponents (at 10000) and would misread a long number's.
	exact := make([]byte, 0, len(digits)+24)
	if neg {
		exact = append(exact, '-')
	}
	exact = append(exact, '.')
	exact = append(exact, digits...)
	exact = append(exact, 'e')
	exact = strconv.AppendInt(exact, adjusted+1, 10)
	v, err := strconv.ParseFloat(string(exact), 64)
	if err != nil {
		return 0, reasonOutOfRange
	}
	return positiveZero(v), ""
}

// positiveZero turns -0 into 0: a figure of zero has no sign, and -0 would
// be exposed as "-0".
func positiveZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

package config

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// FuzzParseValue checks properties that hold for every input:
//   - ParseValue never panics, and every error is a *ValueError quoting the
//     text as given;
//   - a value it returns is finite, and its shortest formatting reads back to
//     the same value;
//   - where strconv.ParseFloat (which rounds correctly) reads the text as a
//     finite number, ParseValue agrees exactly, and so does the slow decimal
//     path on its own;
//   - adding "%" or "万" to such a number gives what strconv.ParseFloat gives
//     for the same digits with "e-2" or "e4", i.e. scaling is exact.
//
// Texts with letters other than e/E, or with underscores, are left out of the
// strconv comparison on purpose: strconv also reads hexadecimal, "Inf" and Go
// digit separators ("1_000"), which figures refuse.
func FuzzParseValue(f *testing.F) {
	for _, tc := range acceptedValues() {
		f.Add(tc.text)
	}
	for _, tc := range rejectedValues() {
		f.Add(tc.text)
	}
	for _, s := range []string{
		"1e308", "1e309", "-1e-320", "0.000001e-318", "123456789012345678901234567890",
		"1.5e+3万", "1,234,567,890.123456789 trillion", "-0%", "0e999999999", "1e-999999999 亿",
		"\u3000840.264\u3000million\u3000", "840.264\u202fmillion", "1\u00a0000",
		// Forms of tables' cells (readCell), which the grammar refuses.
		"$1,234", "(123)", "12.3 p", "12.3b", "123*", "123¹", "1 234", "１２３", "12 bn", "+27.0 bp",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v, err := ParseValue(text)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Text != text || ve.Reason == "" {
				t.Fatalf("ParseValue(%q): error %v is not a *ValueError for the text", text, err)
			}
		} else {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("ParseValue(%q) = %v, want a finite value", text, v)
			}
			formatted := strconv.FormatFloat(v, 'g', -1, 64)
			back, err := ParseValue(formatted)
			if err != nil || back != v {
				t.Fatalf("ParseValue(%q) = %v, but ParseValue(%q) = %v, %v", text, v, formatted, back, err)
			}
		}

		if !strconvComparable(text) {
			return
		}
		want, werr := strconv.ParseFloat(text, 64)
		if werr == nil {
			if err != nil || v != want {
				t.Fatalf("ParseValue(%q) = %v, %v; strconv.ParseFloat says %v", text, v, err, want)
			}
			if slow, err := parseFigure(text, text); err != nil || slow != want {
				t.Fatalf("parseFigure(%q) = %v, %v; strconv.ParseFloat says %v", text, slow, err, want)
			}
		}
		if strings.ContainsAny(text, "eE") || (werr != nil && !errors.Is(werr, strconv.ErrRange)) {
			return
		}
		for _, scale := range []struct{ suffix, exponent string }{{"%", "e-2"}, {"万", "e4"}} {
			want, werr := strconv.ParseFloat(text+scale.exponent, 64)
			got, err := ParseValue(text + scale.suffix)
			switch {
			case werr == nil && (err != nil || got != want):
				t.Fatalf("ParseValue(%q) = %v, %v; strconv.ParseFloat(%q) says %v", text+scale.suffix, got, err, text+scale.exponent, want)
			case werr != nil && err == nil:
				t.Fatalf("ParseValue(%q) = %v, but strconv.ParseFloat(%q) fails: %v", text+scale.suffix, got, text+scale.exponent, werr)
			}
		}
	})
}

// strconvComparable reports whether strconv.ParseFloat's reading of text is
// also the one figures intend: no letters but the exponent's e, and no
// underscores.
func strconvComparable(text string) bool {
	for _, r := range text {
		if r == '_' || (unicode.IsLetter(r) && r != 'e' && r != 'E') {
			return false
		}
	}
	return true
}

package config

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

// FuzzReadCell holds readCell to what a table's cell may be read as: a
// finite number or a *ValueError naming the cell; the number the value
// grammar reads from the same text, when it reads one; and the number
// printed whatever currency or mark is put beside it.
func FuzzReadCell(f *testing.F) {
	for _, tc := range cellCases {
		f.Add(tc.text, false)
	}
	for _, s := range []string{
		"3.5e", "12 bn", "$1.2b", "+27.0 bp", "5.2 (0.3)", "12 34", "2011 2012", "-(123)", "(-123)",
		"1 234,5 €", "1.234,5", "(1.234,5)", "１．２３４，５", "12,3 p", "1’234,5", "1\u2009234,5",
		"12.3 bp", "123 [12]", "123 (ab)", "45.6% p", "12.3万元", "¥", "US$", "((1))", "$$5", "5$$",
		"1e400 p", "-0 p", "0e999999999 *", "\u3000１２\u3000", "12 ep", "12 pe", "12 bpp", "１２３¹²³", "△1,234", "▲(5)", "△ $5", "$△5",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, comma bool) {
		for _, parens := range []string{"", parensNegative, parensMark} {
			v, marks, err := readCell(text, cellOptions{comma: comma, parens: parens, bFlag: parens == parensMark})
			if err != nil {
				var ve *ValueError
				if !errors.As(err, &ve) || ve.Text != text || ve.Reason == "" {
					t.Fatalf("readCell(%q): error %v is not a *ValueError for the cell", text, err)
				}
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("readCell(%q) = %v, want a finite number", text, v)
			}
			if marks.Parens && parens == "" {
				t.Fatalf("readCell(%q) read parentheses without parentheses:", text)
			}
		}
		if comma {
			return
		}
		want, err := ParseValue(text)
		if err != nil {
			return
		}
		got, marks, err := readCell(text, cellOptions{})
		if err != nil || got != want || marks.any() {
			t.Fatalf("ParseValue(%q) = %v, but readCell = %v, %+v, %v: a table reads a plain figure as the grammar does", text, want, got, marks, err)
		}
		printed := strconv.FormatFloat(want, 'f', -1, 64)
		for _, cell := range []string{printed + " p", printed + "*", "$" + printed, printed + " [1]"} {
			got, marks, err := readCell(cell, cellOptions{})
			if err != nil || got != want || len(marks.Marks)+len(marks.Currency) == 0 {
				t.Fatalf("readCell(%q) = %v, %+v, %v; want %v with its mark", cell, got, marks, err, want)
			}
		}
		if want > 0 {
			got, _, err := readCell("("+printed+")", cellOptions{parens: parensNegative})
			if err != nil || got != -want {
				t.Fatalf("readCell(%q) with parentheses: negative = %v, %v; want %v", "("+printed+")", got, err, -want)
			}
		}
	})
}

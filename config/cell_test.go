package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cellCases are cells as published tables print them, with the number
// (as the value grammar writes it) each must be exactly, and what it
// carried.
var cellCases = []struct {
	text, plain string
	currency    string
	marks       []string
	parens      bool
}{
	{"$1,234", "1234", "$", nil, false},
	{"-$1,234.50", "-1234.5", "$", nil, false},
	{"$-1,234.50", "-1234.5", "$", nil, false},
	{"US$ 5", "5", "US$", nil, false},
	{"CN¥12.5", "12.5", "CN¥", nil, false},
	{"€ 7", "7", "€", nil, false},
	{"£0.25", "0.25", "£", nil, false},
	{"¥1,000", "1000", "¥", nil, false},
	{"1,234 USD", "1234", "USD", nil, false},
	{"1,234円", "1234", "円", nil, false},
	{"-19.99 PLN", "-19.99", "PLN", nil, false},
	{"1 234.56 kr", "1234.56", "kr", nil, false},
	{"12 zł", "12", "zł", nil, false},
	{"12.3万元", "123000", "元", nil, false},
	{"12.3 p", "12.3", "", []string{"p"}, false},
	{"12.3p", "12.3", "", []string{"p"}, false},
	{"12.3b", "12.3", "", []string{"b"}, false},
	{"0 n", "0", "", []string{"n"}, false},
	{"3.5 e", "3.5", "", []string{"e"}, false},
	{"123r", "123", "", []string{"r"}, false},
	{"123*", "123", "", []string{"*"}, false},
	{"123 **", "123", "", []string{"**"}, false},
	{"123†", "123", "", []string{"†"}, false},
	{"123‡", "123", "", []string{"‡"}, false},
	{"123¹", "123", "", []string{"1"}, false},
	{"123¹²", "123", "", []string{"12"}, false},
	{"123 (e)", "123", "", []string{"e"}, false},
	{"123.4(P)", "123.4", "", []string{"p"}, false},
	{"123 [1]", "123", "", []string{"1"}, false},
	{"123 [u]", "123", "", []string{"u"}, false},
	{"45.6% p", "0.456", "", []string{"p"}, false},
	{"$1,234*", "1234", "$", []string{"*"}, false},
	{"1 234", "1234", "", nil, false},
	{"12 345", "12345", "", nil, false},
	{"1 234 567.5", "1234567.5", "", nil, false},
	{"1\u00a0234", "1234", "", nil, false},
	{"1\u202f234", "1234", "", nil, false},
	{"1\u2009234", "1234", "", nil, false},
	{"1'234.5", "1234.5", "", nil, false},
	{"-12 345", "-12345", "", nil, false},
	{"12 345 thousand", "12345000", "", nil, false},
	{"１２３", "123", "", nil, false},
	{"１，２３４．５", "1234.5", "", nil, false},
	{"－１２．５", "-12.5", "", nil, false},
	{"１２．５％", "0.125", "", nil, false},
	{"△1,234", "-1234", "", nil, false},
	{"▲12.5", "-12.5", "", nil, false},
	{"△１２．５", "-12.5", "", nil, false},
	{"(123)", "123", "", nil, true},
	{"(1,234.5)", "1234.5", "", nil, true},
	{"($1,234)", "1234", "$", nil, true},
	{"$(1,234)", "1234", "$", nil, true},
	{"(1,234) p", "1234", "", []string{"p"}, true},
}

func TestReadCellAsPrinted(t *testing.T) {
	for _, tc := range cellCases {
		want, err := ParseValue(tc.plain)
		if err != nil {
			t.Fatal(err)
		}
		got, marks, err := ReadCell(tc.text, false)
		if err != nil {
			t.Errorf("ReadCell(%q): %v", tc.text, err)
			continue
		}
		if got != want {
			t.Errorf("ReadCell(%q) = %v, want exactly %v", tc.text, got, want)
		}
		if marks.Currency != tc.currency || !slices.Equal(marks.Marks, tc.marks) || marks.Parens != tc.parens {
			t.Errorf("ReadCell(%q) carried %+v, want currency %q, marks %q, parens %v", tc.text, marks, tc.currency, tc.marks, tc.parens)
		}
	}
}

func TestReadCellParentheses(t *testing.T) {
	for _, tc := range []struct {
		text, parens string
		want         float64
		err          string
	}{
		{"(123)", parensNegative, -123, ""},
		{"($1,234.5)", parensNegative, -1234.5, ""},
		{"(123)", parensMark, 123, ""},
		{"(123)", "", 0, "say which with parentheses: negative or parentheses: mark"},
		{"-(123)", parensNegative, 0, "a sign and parentheses together"},
		{"(-123)", parensNegative, 0, "a sign and parentheses together"},
	} {
		got, _, err := readCell(tc.text, cellOptions{parens: tc.parens})
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("readCell(%q, parentheses: %q) = %v, %v; want an error saying %q", tc.text, tc.parens, got, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("readCell(%q, parentheses: %q) = %v, %v; want %v", tc.text, tc.parens, got, err, tc.want)
		}
	}
}

// TestReadCellRefused: cells that could mean another figure than the
// number they start with are refused, with the value grammar's reason
// or one of their own.
func TestReadCellRefused(t *testing.T) {
	for _, tc := range []struct{ text, reason string }{
		{"3.5e", "expected digits after the exponent"},
		{"3.5ep", `unknown scale or unit "ep"`},
		{"12 bn", "may mean billions"},
		{"12bn", "may mean billions"},
		{"$1.2b", "may mean billions"},
		{"+27.0 bp", "basis points"},
		{"12.3 bp", "marks: {b: number}"},
		{"5.2 (0.3)", `unexpected "(0.3)"`},
		{"12 34", "thousands separators must group three digits"},
		{"1 2345", "thousands separators must group three digits"},
		{"1,234 567", "spaces cannot separate digits"},
		{"2011 2012", "thousands separators must group three digits"},
		{"12 m", `unknown scale or unit "m"`},
		{"12 pp", `unknown scale or unit "pp"`},
		{"12 million元 p x", "unexpected"},
		{"p", "expected a number"},
		{"(e)", "expected a number"},
		{"$", "expected a number"},
		{"12 abc", `unknown scale or unit "abc"`},
		{"--5", "expected digits after the sign"},
		{"12kr", `unknown scale or unit "kr"`},
		{"△-5", "expected digits after the sign"},
		{"-△5", "expected digits after the sign"},
	} {
		_, _, err := readCell(tc.text, cellOptions{parens: parensMark})
		var ve *ValueError
		if err == nil || !errors.As(err, &ve) || ve.Text != tc.text || !strings.Contains(ve.Reason, tc.reason) {
			t.Errorf("readCell(%q): %v; want a *ValueError saying %q", tc.text, err, tc.reason)
		}
	}
}

// TestReadCellDecimalComma keeps decimalComma's reading: with a decimal
// comma, 1,234 is 1.234 and 1.234 is 1234; marks and currencies come off
// the same way.
func TestReadCellDecimalComma(t *testing.T) {
	for _, tc := range []struct {
		text  string
		comma bool
		want  float64
	}{
		{"1,234", false, 1234},
		{"1.234", false, 1.234},
		{"1,234", true, 1.234},
		{"1.234", true, 1234},
		{"1 234,5 €", true, 1234.5},
		{"1\u2009234,5", true, 1234.5},
		{"1’234,5", true, 1234.5},
		{"12,3 p", true, 12.3},
		{"(1.234,5)", true, 1234.5},
		{"１．２３４，５", true, 1234.5},
	} {
		got, _, err := ReadCell(tc.text, tc.comma)
		if err != nil || got != tc.want {
			t.Errorf("ReadCell(%q, comma %v) = %v, %v; want %v", tc.text, tc.comma, got, err, tc.want)
		}
	}
	if _, _, err := ReadCell("1 234,5", false); err == nil {
		t.Errorf("ReadCell(%q) with a decimal point: read, want refused", "1 234,5")
	}
}

// TestValueGrammarStaysStrict: the figures files' own values do not take
// a table's formatting.
func TestValueGrammarStaysStrict(t *testing.T) {
	for _, text := range []string{"$1,234", "12.3 p", "123*", "1 234", "(123)", "１２３"} {
		if v, err := ParseValue(text); err == nil {
			t.Errorf("ParseValue(%q) = %v; want refused", text, v)
		}
	}
}

// TestMappedCellsAsPrinted reads a table of cells as published: the
// figures are the numbers printed, and check says what they carried.
func TestMappedCellsAsPrinted(t *testing.T) {
	table := "Country,Year,Value\nA,2011,\"$1,234\"\nB,2011,12.3 p\nC,2011,12.3b\nD,2011,123*\nE,2011,1 234\nF,2011,１２３\nG,2011,(5)\nH,2011,: c\n"
	main := "figure_files:\n  - {path: t.csv, metric: m, labels: {country: Country, year: Year}, value: Value, gaps: [': c'], parentheses: %s%s}\n"
	set, got := mustLoadTables(t, fmt.Sprintf(main, "negative", ""), map[string]string{"t.csv": table})
	checkFigures(t, got, `m{country="A",year="2011"} 1234 (no source)
m{country="B",year="2011"} 12.3 (no source)
m{country="C",year="2011"} 12.3 (no source)
m{country="D",year="2011"} 123 (no source)
m{country="E",year="2011"} 1234 (no source)
m{country="F",year="2011"} 123 (no source)
m{country="G",year="2011"} -5 (no source)
`)
	if got, want := warningsOf(set), `t.csv:9: column "Value": gap: no figure for m{country="H",year="2011"}: the cell is ": c"
t.csv:2: marks: figures carried currency $ ×1, mark p ×1, mark b ×1, mark * ×1, parentheses read as negatives ×1 (the first at line 2): served as the numbers printed; marks: {p: gap} or marks: error in its figure_files entry makes a marked cell a gap or an error`; got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}

	set, got = mustLoadTables(t, fmt.Sprintf(main, "mark", ", marks: {p: gap, b: gap}"), map[string]string{"t.csv": table})
	if !strings.Contains(got, `m{country="G",year="2011"} 5 (no source)`) || strings.Contains(got, `country="B"`) || strings.Contains(got, `country="C"`) {
		t.Errorf("with parentheses: mark and marks {p: gap, b: gap}:\n%s", got)
	}
	if w := warningsOf(set); !strings.Contains(w, `t.csv:3: column "Value": gap: no figure for m{country="B",year="2011"}: the cell "12.3 p" carries the mark p (marks: in its figure_files entry makes it a gap)`) {
		t.Errorf("warnings:\n%s", w)
	}

	if got, want := problemsOf(t, fmt.Sprintf(main, "mark", ", marks: error"), map[string]string{"t.csv": table}), `t.csv:3: column "Value": "12.3 p" carries the mark p, which marks: makes an error (a figure without it was expected)
t.csv:4: column "Value": "12.3b" carries the mark b, which marks: makes an error (a figure without it was expected)
t.csv:5: column "Value": "123*" carries the mark *, which marks: makes an error (a figure without it was expected)`; got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestMappedCellsRefused(t *testing.T) {
	main := "figure_files:\n  - {path: t.csv, metric: m, labels: {country: Country}, value: Value%s}\n"
	for _, tc := range []struct{ entry, table, want string }{
		{"", "Country,Value\nA,(5)\n", `t.csv:2: column "Value": cannot read "(5)" as a number: parentheses around a number mean a negative in accounts and a figure of low reliability in some statistical tables: say which with parentheses: negative or parentheses: mark in the table's figure_files entry`},
		{"", "Country,Value\nA,$5\nB,€6\n", `t.csv:3: column "Value": "€6" is in €, but the figure of m at line 2 is in $: a metric holds figures of one currency; map the columns to two metrics`},
		{", parentheses: minus", "Country,Value\nA,5\n", `figures.yml:2: figure_files[0].parentheses: unknown meaning "minus" of parentheses: expected negative ((1,234) is -1234, as accounts write it) or mark ((123) is 123 with a mark, as statistical tables print a figure of low reliability)`},
		{", marks: {p: drop}", "Country,Value\nA,5\n", `figures.yml:2: figure_files[0].marks.p: expected number, gap or error, or a mapping of marks to them, such as {p: gap, "*": number}, found the text "drop"`},
		{", scale: thousand", "Country,Value\nA,12 bn\n", `t.csv:2: column "Value": cannot read "12 bn" as a number: "bn" after the number may mean billions (bn, $1.2b), basis points (bp) or Eurostat's flags (b break in series): none is guessed; if they are flags, say so with marks: {b: number} in the table's figure_files entry (with the column's scale thousand)`},
	} {
		if got := problemsOf(t, fmt.Sprintf(main, tc.entry), map[string]string{"t.csv": tc.table}); got != tc.want {
			t.Errorf("%s %q:\n%s\nwant:\n%s", tc.entry, tc.table, got, tc.want)
		}
	}
}

// TestEurostatBreakAndProvisional: 12.3 bp is Eurostat's b and p only
// where the entry says b is a flag; elsewhere it may be basis points.
func TestEurostatBreakAndProvisional(t *testing.T) {
	if _, _, err := readCell("12.3 bp", cellOptions{}); err == nil {
		t.Errorf(`readCell("12.3 bp") without marks: naming b: read, want refused`)
	}
	v, marks, err := readCell("12.3 bp", cellOptions{bFlag: true})
	if err != nil || v != 12.3 || !slices.Equal(marks.Marks, []string{"b", "p"}) {
		t.Errorf(`readCell("12.3 bp") with b a flag = %v, %+v, %v`, v, marks, err)
	}
	main := "figure_files:\n  - {path: t.csv, metric: m, labels: {geo: geo}, value: v, marks: {b: number}}\n"
	_, got := mustLoadTables(t, main, map[string]string{"t.csv": "geo,v\nAT,12.3 bp\nBE,4 b\n"})
	checkFigures(t, got, "m{geo=\"AT\"} 12.3 (no source)\nm{geo=\"BE\"} 4 (no source)\n")
}

// TestMarksNamedButNotCarried: a mark marks: names that no cell carries
// (a capital P, a bracket) is said, not silently without effect.
func TestMarksNamedButNotCarried(t *testing.T) {
	main := "figure_files:\n  - {path: t.csv, metric: m, labels: {geo: geo}, value: v, marks: {P: gap, p: gap}}\n"
	set, got := mustLoadTables(t, main, map[string]string{"t.csv": "geo,v\nAT,12.3(P)\nBE,4\n"})
	checkFigures(t, got, "m{geo=\"BE\"} 4 (no source)\n")
	if w := warningsOf(set); !strings.Contains(w, `t.csv: marks: names "P" (figure_files entry at line 2), which no cell of the table carries`) || strings.Contains(w, `names "p"`) {
		t.Errorf("warnings:\n%s", w)
	}
}

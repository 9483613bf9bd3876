package infer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
)

// defaultGaps are the gap tokens a mapped table has when it names none
// (the contract of figure_files' gaps: key).
var defaultGaps = []string{"", "..", "…", "-", "n/a", "NA", "N/A"}

// likelyGaps are further tokens published tables use for a missing
// figure: Eurostat's ":", the "x" of confidential cells, dashes, BLS's
// "**" for an estimate not released, and the error values a spreadsheet
// writes into a CSV it saves (#N/A, #DIV/0!). A value column may hold
// them; gaps: then lists them with the defaults.
var likelyGaps = []string{"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "**", "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", ":", ".", "None", "none", ": c", ": z", ": u", "x", "X", "—", "–", "--", "...", "*", "na", "n.a.", "N.A.", "NaN", "nan", "null", "NULL", "(NA)", "(X)", "(D)", "(S)", "z", "c", "e"}

func isDefaultGap(s string) bool { return slices.Contains(defaultGaps, strings.TrimSpace(s)) }

// isGapToken says whether a cell that is not a number stands for a
// missing figure.
func isGapToken(s string) bool {
	return isDefaultGap(s) || slices.Contains(likelyGaps, strings.TrimSpace(s))
}

// footnoteRef says whether a cell is a footnote's number in parentheses
// standing alone, (1) to (9), as BLS and Census tables print one where
// a figure is not given: a gap, not the figure 1 or -1.
func footnoteRef(s string) bool {
	return len(s) == 3 && s[0] == '(' && s[1] >= '1' && s[1] <= '9' && s[2] == ')'
}

// decimalMark is "." or ",".
type decimalMark string

// number says whether a cell reads as a figure with the decimal mark d,
// as config reads a table's value cell (config.ReadCell: 1 234,5 and
// 2.345,7 with a comma; $1,234, 12.3 p, 123*, １２３ and (123) with
// either), so that init's numbers are check's.
func (d decimalMark) number(s string) bool {
	_, ok := d.read(s)
	return ok
}

// read is number with what the cell carried besides its number.
func (d decimalMark) read(s string) (config.CellMarks, bool) {
	s = strings.TrimSpace(s)
	if s == "" || footnoteRef(s) {
		return config.CellMarks{}, false
	}
	_, marks, err := config.ReadCell(s, d == ",")
	return marks, err == nil
}

var (
	// Evidence of the decimal mark in a cell, among cells made of digits
	// and separators only.
	numberShape   = regexp.MustCompile(`^[-+−]?[0-9][0-9., \x{00a0}\x{202f}\x{2009}'’]*%?$`)
	commaDecimal  = regexp.MustCompile(`^[-+−]?([0-9]+,([0-9]{1,2}|[0-9]{4,})|0,[0-9]+|[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[0-9]{1,3}([ \x{00a0}\x{202f}\x{2009}][0-9]{3})+,[0-9]+)%?$`)
	pointDecimal  = regexp.MustCompile(`^[-+−]?([0-9]+\.([0-9]{1,2}|[0-9]{4,})|0\.[0-9]+|[0-9]{1,3}(,[0-9]{3})+\.[0-9]+|[0-9]{1,3}(,[0-9]{3}){2,})%?$`)
	groupedPoints = regexp.MustCompile(`^[-+−]?[0-9]{1,3}(\.[0-9]{3}){2,}$`)
	ambiguous     = regexp.MustCompile(`^[-+−]?[0-9]{1,3}[.,][0-9]{3}$`)
)

const decimalSample = 100000

// detectDecimal weighs the cells that can only be read one way (0,5 and
// 2.345,7 against 0.5 and 1,234.5). ambiguousCells counts cells such as
// 1,234 that read either way; with no evidence the mark is a point.
//
// It reads at most decimalSample cells: the mark shows in the first rows,
// and a million cells through these patterns would cost seconds.
func detectDecimal(cells func(yield func(string) bool)) (mark decimalMark, comma, point, ambiguousCells int) {
	n := 0
	for c := range cells {
		if n++; n > decimalSample {
			break
		}
		// The number as printed, without a currency or marks ($1,234.5,
		// 2.345,7 p): its separators are the evidence.
		c, _ = config.CellNumber(c)
		if !numberShape.MatchString(c) {
			continue
		}
		switch {
		case commaDecimal.MatchString(c) || groupedPoints.MatchString(c):
			comma++
		case pointDecimal.MatchString(c):
			point++
		case ambiguous.MatchString(c):
			ambiguousCells++
		}
	}
	if comma > point {
		return ",", comma, point, ambiguousCells
	}
	return ".", comma, point, ambiguousCells
}

// yearValue is a number that reads as a year: a column of them only is
// a time label, not figures.
var yearValue = regexp.MustCompile(`^(1[89][0-9]{2}|20[0-9]{2}|2100)(\.0)?$`)

// headerPeriod is a pattern of period headers in a wide table; group 1
// is the label value.
type headerPeriod struct {
	match, label string
	// ok says whether a header the pattern matches is one (nil: all).
	ok func(m []string) bool
}

// matches says whether the header's match m is a period of hp's kind.
func (hp headerPeriod) matches(m []string) bool {
	switch {
	case hp.label == "year":
		return inYears(m[1])
	case hp.ok != nil:
		return hp.ok(m)
	}
	return true
}

// fiscalYear says whether 1998-99 or 2014/15 is a year and the next, as
// the UK, Australia and others write financial years; config reads them
// as text, not periods.
func fiscalYear(m []string) bool {
	y, err1 := strconv.Atoi(m[1][:4])
	yy, err2 := strconv.Atoi(m[1][5:])
	return err1 == nil && err2 == nil && inYears(m[1][:4]) && yy == (y+1)%100
}

// headerPeriods are tried in order; the one matching most headers wins.
var headerPeriods = []headerPeriod{
	{`^(\d{4})$`, "year", nil},
	{`^(\d{4})年$`, "year", nil},
	{`^FY ?(\d{4})$`, "year", nil},
	{`^(\d{4}) \[YR\d{4}\]$`, "year", nil},
	{`^(\d{4})JJ00$`, "year", nil}, // Statistics Netherlands
	{`^(\d{4}-?Q[1-4])$`, "quarter", nil},
	{`^(\d{4}(?:[TK][1-4]|KW0[1-4]))$`, "quarter", nil}, // INE, SSB and SCB, CBS
	{`^(\d{4}年第[一二三四1-4]季度)$`, "quarter", nil},
	{`^(\d{4}-(?:0[1-9]|1[0-2]))$`, "month", nil},
	{`^(\d{4}M(?:0[1-9]|1[0-2]))$`, "month", nil},  // Eurostat's and SDMX's 2020M01
	{`^(\d{4}MM(?:0[1-9]|1[0-2]))$`, "month", nil}, // CBS
	{`^(\d{4}年\d{1,2}月)$`, "month", nil},
	{`^(\d{4}-\d{2}-\d{2})$`, "date", nil},
	// After the months: 2011-12 alone is December 2011; a run of
	// 1998-99, 1999-00… is financial years.
	{`^(\d{4}[-/]\d{2})$`, "fiscal_year", fiscalYear},
}

// inYears says whether a year taken from a header or a cell is a year
// and not some other four-digit number.
func inYears(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1800 && y <= 2100
}

// carried counts what the numbers of value columns carried besides the
// number, as config reads them: parentheses, a currency, marks.
type carried struct {
	parens, minus int
	firstParens   string
	// ambiguousB counts cells whose b may be billions or basis points
	// (12 bn, 12.3 bp); letters the cells flagged by letters otherwise.
	ambiguousB, letters int
	firstB              string
	currency            map[string]int
	marks               map[string]int
}

func (c *carried) add(v string, m config.CellMarks) {
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "−") || strings.HasPrefix(v, "△") || strings.HasPrefix(v, "▲") {
		c.minus++
	}
	switch {
	case m.AmbiguousB:
		if c.ambiguousB == 0 {
			c.firstB = v
		}
		c.ambiguousB++
	case slices.ContainsFunc(m.Marks, func(k string) bool { return len(k) == 1 && strings.Contains("bcdefnprsuz", k) }):
		c.letters++
	}
	if m.Parens {
		if c.parens == 0 {
			c.firstParens = v
		}
		c.parens++
	}
	if m.Currency != "" {
		if c.currency == nil {
			c.currency = map[string]int{}
		}
		c.currency[m.Currency]++
	}
	for _, k := range m.Marks {
		if c.marks == nil {
			c.marks = map[string]int{}
		}
		c.marks[k]++
	}
}

func (c *carried) merge(o carried) {
	if c.parens == 0 {
		c.firstParens = o.firstParens
	}
	if c.ambiguousB == 0 {
		c.firstB = o.firstB
	}
	c.ambiguousB += o.ambiguousB
	c.letters += o.letters
	c.parens += o.parens
	c.minus += o.minus
	for _, m := range []struct {
		to   *map[string]int
		from map[string]int
	}{{&c.currency, o.currency}, {&c.marks, o.marks}} {
		for k, n := range m.from {
			if *m.to == nil {
				*m.to = map[string]int{}
			}
			(*m.to)[k] += n
		}
	}
}

// counted lists a count by key, most first: "p ×3, e ×1".
func counted(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// carried writes what the value cells carried: the meaning of their
// parentheses when the table shows it (a guess either way), or a comment
// saying check refuses them until the user says it; notes on marks and
// currencies, which are served as the numbers printed.
func (s *shaper) carried(c carried) {
	if len(c.currency) > 0 {
		s.e.note("", fmt.Sprintf("figures carry a currency (%s): served as the numbers printed, without it; a metric's name may say it (such as _dollars)", counted(c.currency)))
	}
	if len(c.marks) > 0 {
		s.e.note("", fmt.Sprintf("figures carry marks after the number (%s: flags such as Eurostat's p provisional, e estimated, or footnote marks): served as the numbers printed, and check counts them; marks: {p: gap} or marks: error makes a marked cell a gap or an error", counted(c.marks)))
	}
	switch {
	case c.ambiguousB == 0:
	case c.letters > 0 && len(c.currency) == 0:
		s.e.Marks = map[string]string{"b": "number"}
		s.guess("marks", "%d figures end in b with another letter, such as %q, and %d others in flag letters alone: these are flags (Eurostat's b, break in series), not billions (bn) or basis points (bp); served as the numbers printed", c.ambiguousB, c.firstB, c.letters)
	default:
		s.guess("", "%d figures end in b with another letter or a currency, such as %q: billions (bn, $1.2b), basis points (bp) or Eurostat's flags; nothing in the table says which, so check refuses them until you add marks: {b: number} to this entry (if they are flags) or rewrite them", c.ambiguousB, c.firstB)
	}
	switch {
	case c.parens == 0:
	case len(c.currency) > 0 && c.minus == 0:
		s.e.Parentheses = "negative"
		s.guess("parentheses", "%d figures are in parentheses, such as %q, and figures carry a currency, as accounts print them: read as negatives; if the parentheses mark figures of low reliability, write parentheses: mark", c.parens, c.firstParens)
	case c.minus > 0:
		s.e.Parentheses = "mark"
		s.guess("parentheses", "%d figures are in parentheses, such as %q, while %d negatives are written with a minus: the parentheses read as a mark (a figure of low reliability, as statistical tables print it) and the number as printed; if they are negatives, write parentheses: negative", c.parens, c.firstParens, c.minus)
	default:
		s.guess("parentheses", "%d figures are in parentheses, such as %q: negatives in accounts, figures of low reliability in some statistical tables; nothing in the table says which, so check refuses them until you add parentheses: negative or parentheses: mark to this entry", c.parens, c.firstParens)
	}
}

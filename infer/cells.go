package infer

import (
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
// figure: Eurostat's ":", the "x" of confidential cells, dashes. A value
// column may hold them; gaps: then lists them with the defaults.
var likelyGaps = []string{":", ".", "None", "none", ": c", ": z", ": u", "x", "X", "—", "–", "--", "...", "*", "na", "n.a.", "N.A.", "NaN", "nan", "null", "NULL", "(NA)", "(X)", "(D)", "(S)", "z", "c", "e"}

func isDefaultGap(s string) bool { return slices.Contains(defaultGaps, strings.TrimSpace(s)) }

// isGapToken says whether a cell that is not a number stands for a
// missing figure.
func isGapToken(s string) bool {
	return isDefaultGap(s) || slices.Contains(likelyGaps, strings.TrimSpace(s))
}

// decimalMark is "." or ",".
type decimalMark string

// number says whether a cell reads as a figure with the decimal mark d,
// as config reads it: config.ParseValue after a decimal comma is turned
// into a point (1 234,5 and 2.345,7 give 1234.5 and 2345.7).
func (d decimalMark) number(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if d == "," {
		s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
		if groupedPoints.MatchString(s) || strings.Contains(s, ",") {
			s = strings.ReplaceAll(s, ".", "")
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	_, err := config.ParseValue(s)
	return err == nil
}

var (
	// Evidence of the decimal mark in a cell, among cells made of digits
	// and separators only.
	numberShape   = regexp.MustCompile(`^[-+−]?[0-9][0-9., \x{00a0}\x{202f}]*%?$`)
	commaDecimal  = regexp.MustCompile(`^[-+−]?([0-9]+,([0-9]{1,2}|[0-9]{4,})|0,[0-9]+|[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[0-9]{1,3}([ \x{00a0}\x{202f}][0-9]{3})+,[0-9]+)%?$`)
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
		c = strings.TrimSpace(c)
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
}

// headerPeriods are tried in order; the one matching most headers wins.
var headerPeriods = []headerPeriod{
	{`^(\d{4})$`, "year"},
	{`^(\d{4})年$`, "year"},
	{`^FY ?(\d{4})$`, "year"},
	{`^(\d{4}) \[YR\d{4}\]$`, "year"},
	{`^(\d{4}-?Q[1-4])$`, "quarter"},
	{`^(\d{4}年第[一二三四1-4]季度)$`, "quarter"},
	{`^(\d{4}-\d{2})$`, "month"},
	{`^(\d{4}年\d{1,2}月)$`, "month"},
	{`^(\d{4}-\d{2}-\d{2})$`, "date"},
}

// inYears says whether a year taken from a header or a cell is a year
// and not some other four-digit number.
func inYears(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1800 && y <= 2100
}

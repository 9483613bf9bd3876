// Package period reads what a label value says about time: a year
// (2011), a quarter (2011-Q1), a month (2011-03) or a date (2011-03-31),
// in the forms statistical tables write them, and which of a metric's
// labels holds it.
//
// One rule for every reader: backfill stamps figures by it, the dashboard
// draws history panels by it and the figures page orders by it.
package period

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kind is how long a period is. The zero Kind is no period.
type Kind int

// The kinds of period, from the longest.
const (
	Year Kind = iota + 1
	Quarter
	Month
	Day
)

// String names the kind: year, quarter, month or date.
func (k Kind) String() string {
	switch k {
	case Year:
		return "year"
	case Quarter:
		return "quarter"
	case Month:
		return "month"
	case Day:
		return "date"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Period is a year, a quarter, a month or a day of the Gregorian
// calendar, in UTC. Fields finer than Kind are zero: a Quarter has Year
// and Quarter, a Month has Year and Month, a Day has Year, Month and Day.
type Period struct {
	Kind                      Kind
	Year, Quarter, Month, Day int
}

// errNotAPeriod is what Parse says of a value that has no form of a
// period. The error does not repeat the value: callers name the figure.
var errNotAPeriod = errors.New("not a period: expected a year, quarter, month or date, such as 2011, 2011-Q1, 2011-03 or 2011-03-31")

// Parse reads a period from a label value. Blanks around it are ignored
// and full-width digits (２０１１年) read as digits.
//
//	year     2011, 2011年, FY2011, FY 2011, 2011.0
//	quarter  2011-Q1, 2011Q1, 2011 Q1, Q1 2011, 2011年第一季度 (第1季度, 一季度, 1季度)
//	month    2011-03, 2011-3, 2011M03, 2011年3月, Mar 2011, March 2011
//	date     2011-03-31, 2011年3月31日, 2011-03-31T00:00:00 (midnight only)
//
// Years have four digits; FY2011 is read as the calendar year 2011.
// 2011/03/31, 20110331, 11 and 2011.5 are not periods, nor is a date
// or month that does not exist (2011-02-29, 2011-13).
func Parse(s string) (Period, error) {
	t := strings.TrimSpace(s)
	if hasFullWidthDigit(t) {
		t = halfWidthDigits(t)
	}
	p, ok := parse(t)
	if !ok {
		return Period{}, errNotAPeriod
	}
	if err := p.check(); err != nil {
		return Period{}, err
	}
	return p, nil
}

// MustParse is Parse for values known to be periods; it panics otherwise.
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(fmt.Sprintf("period.MustParse(%q): %v", s, err))
	}
	return p
}

// check says whether a period of the right form exists.
func (p Period) check() error {
	if p.Year == 0 {
		return errors.New("year 0000 is not a year")
	}
	switch p.Kind {
	case Quarter:
		if p.Quarter < 1 || p.Quarter > 4 {
			return fmt.Errorf("no quarter %d: quarters are 1 to 4", p.Quarter)
		}
	case Month, Day:
		if p.Month < 1 || p.Month > 12 {
			return fmt.Errorf("no month %d: months are 1 to 12", p.Month)
		}
		if p.Kind == Day {
			last := time.Date(p.Year, time.Month(p.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if p.Day < 1 || p.Day > last {
				return fmt.Errorf("no day %d in %s %04d: it has %d days", p.Day, time.Month(p.Month), p.Year, last)
			}
		}
	}
	return nil
}

// String writes the period canonically: 2011, 2011-Q1, 2011-03 or
// 2011-03-31.
func (p Period) String() string {
	switch p.Kind {
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Quarter)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
	}
	return "no period"
}

// Start is the first instant of the period, in UTC.
func (p Period) Start() time.Time {
	switch p.Kind {
	case Quarter:
		return time.Date(p.Year, time.Month(3*p.Quarter-2), 1, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(p.Year, time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
	case Day:
		return time.Date(p.Year, time.Month(p.Month), p.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(p.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
}

// End is the last second of the period, such as 2011-03-31T23:59:59Z for
// 2011-Q1: Prometheus stamps samples in milliseconds, and a figure of a
// whole period is best put at its last whole second, still inside it.
func (p Period) End() time.Time {
	start := p.Start()
	var next time.Time
	switch p.Kind {
	case Quarter:
		next = start.AddDate(0, 3, 0)
	case Month:
		next = start.AddDate(0, 1, 0)
	case Day:
		next = start.AddDate(0, 0, 1)
	default:
		next = start.AddDate(1, 0, 0)
	}
	return next.Add(-time.Second)
}

// Compare orders periods by their start, then the longer first.
func (p Period) Compare(q Period) int {
	if c := p.Start().Compare(q.Start()); c != 0 {
		return c
	}
	return int(p.Kind) - int(q.Kind)
}

// timeLabelNames are the label names that say a label holds periods.
var timeLabelNames = []string{"year", "quarter", "month", "date", "period", "time_period", "time"}

// IsTimeLabelName says whether a label of this name holds periods: year,
// quarter, month, date, period, time_period or time, in any case.
func IsTimeLabelName(name string) bool {
	return slices.ContainsFunc(timeLabelNames, func(n string) bool { return strings.EqualFold(n, name) })
}

// TimeLabel is the label of a metric that holds its periods: the declared
// one (time_label: on the metric), or else the first of labels whose name
// IsTimeLabelName. ok is false when there is none, or when the declared
// label is not one of labels.
func TimeLabel(labels []string, declared string) (label string, ok bool) {
	if declared != "" {
		return declared, slices.Contains(labels, declared)
	}
	for _, l := range labels {
		if IsTimeLabelName(l) {
			return l, true
		}
	}
	return "", false
}

// parse reads the forms of a period, without checking that it exists.
func parse(t string) (Period, bool) {
	if y, ok := year(t); ok {
		return parseAfterYear(y, t[4:])
	}
	if len(t) >= 2 && (t[0] == 'F' || t[0] == 'f') && (t[1] == 'Y' || t[1] == 'y') {
		rest := strings.TrimPrefix(t[2:], " ")
		if y, ok := year(rest); ok && len(rest) == 4 {
			return Period{Kind: Year, Year: y}, true
		}
		return Period{}, false
	}
	if len(t) >= 2 && (t[0] == 'Q' || t[0] == 'q') {
		// Q1 2011, Q1-2011
		q, ok := digit(t[1])
		rest := t[2:]
		if !ok || len(rest) != 5 || (rest[0] != ' ' && rest[0] != '-') {
			return Period{}, false
		}
		y, ok := year(rest[1:])
		return Period{Kind: Quarter, Year: y, Quarter: q}, ok
	}
	return monthName(t)
}

// parseAfterYear reads what follows the four digits of a year.
func parseAfterYear(y int, rest string) (Period, bool) {
	p := Period{Kind: Year, Year: y}
	switch {
	case rest == "" || rest == "年":
		return p, true
	case rest[0] == '.':
		// 2011.0: a year that went through a spreadsheet as a number.
		return p, len(rest) > 1 && strings.Trim(rest[1:], "0") == ""
	case rest[0] == 'Q' || rest[0] == 'q':
		return quarter(p, rest[1:])
	case (rest[0] == 'T' || rest[0] == 'K') && len(rest) == 2:
		// 2011T1 (INE's trimestre), 2011K1 (the kvartal of Statistics
		// Norway and Sweden).
		return quarter(p, rest[1:])
	case len(rest) == 4 && (rest[:2] == "JJ" || rest[:2] == "KW" || rest[:2] == "MM"):
		// Statistics Netherlands' period codes: 2011JJ00 the year,
		// 2011KW01 a quarter, 2011MM03 a month.
		return cbsPeriod(p, rest)
	case rest[0] == ' ' && len(rest) > 1 && (rest[1] == 'Q' || rest[1] == 'q'):
		return quarter(p, rest[2:])
	case rest[0] == ' ' && len(rest) > 3:
		// 1948 JAN, as the UK's ONS writes months in its time series.
		if m, ok := monthOf(rest[1:]); ok {
			return Period{Kind: Month, Year: y, Month: m}, true
		}
		return p, false
	case rest[0] == 'M' && len(rest) == 3:
		// 2011M03, as SDMX writes months.
		m, ok := number(rest[1:], 2, 2)
		return Period{Kind: Month, Year: y, Month: m}, ok
	case rest[0] == '-':
		return afterDash(p, rest[1:])
	case strings.HasPrefix(rest, "年"):
		return afterNian(p, rest[len("年"):])
	}
	return p, false
}

// cbsPeriod reads the code after the year of Statistics Netherlands'
// Perioden: JJ00, KW01-KW04, MM01-MM12.
func cbsPeriod(p Period, rest string) (Period, bool) {
	n, ok := number(rest[2:], 2, 2)
	switch {
	case !ok:
		return p, false
	case rest[:2] == "JJ":
		return p, n == 0
	case rest[:2] == "KW":
		p.Kind, p.Quarter = Quarter, n
		return p, n >= 1 && n <= 4
	}
	p.Kind, p.Month = Month, n
	return p, true
}

// afterDash reads Q1, 03 or 03-31 after "2011-".
func afterDash(p Period, rest string) (Period, bool) {
	if rest == "" {
		return p, false
	}
	if rest[0] == 'Q' || rest[0] == 'q' || rest[0] == 'T' {
		// 2011-T1: a trimestre, as INSEE and INE write quarters.
		return quarter(p, rest[1:])
	}
	m, n := leadingNumber(rest, 2)
	if n == 0 {
		return p, false
	}
	p.Kind, p.Month = Month, m
	rest = rest[n:]
	if rest == "" {
		return p, true
	}
	if rest[0] != '-' {
		return p, false
	}
	d, n := leadingNumber(rest[1:], 2)
	if n == 0 {
		return p, false
	}
	p.Kind, p.Day = Day, d
	return p, midnight(rest[1+n:])
}

// midnight says whether rest is nothing or a time of day at midnight,
// as spreadsheets and data frames write a date: T00:00:00, " 00:00:00",
// optionally with Z or .000.
func midnight(rest string) bool {
	if rest == "" {
		return true
	}
	if rest[0] != 'T' && rest[0] != ' ' {
		return false
	}
	rest = strings.TrimSuffix(rest[1:], "Z")
	rest, frac, _ := strings.Cut(rest, ".")
	return (rest == "00:00:00" || rest == "00:00") && strings.Trim(frac, "0") == ""
}

// chineseQuarters are the quarters as 第一季度 writes them.
var chineseQuarters = []string{"一", "二", "三", "四"}

// afterNian reads 第一季度, 3月 or 3月31日 after "2011年".
func afterNian(p Period, rest string) (Period, bool) {
	rest = strings.TrimPrefix(rest, "第")
	if q, tail, ok := chineseQuarter(rest); ok {
		p.Kind, p.Quarter = Quarter, q
		return p, tail == "季度" || tail == "季"
	}
	m, n := leadingNumber(rest, 2)
	if n == 0 || !strings.HasPrefix(rest[n:], "月") {
		return p, false
	}
	p.Kind, p.Month = Month, m
	rest = rest[n+len("月"):]
	if rest == "" {
		return p, true
	}
	d, n := leadingNumber(rest, 2)
	p.Kind, p.Day = Day, d
	return p, n > 0 && rest[n:] == "日"
}

// chineseQuarter reads the number of a quarter, 一 to 四 or 1 to 4,
// before 季度 or 季.
func chineseQuarter(rest string) (int, string, bool) {
	for i, q := range chineseQuarters {
		if tail, ok := strings.CutPrefix(rest, q); ok {
			return i + 1, tail, true
		}
	}
	if len(rest) > 1 && strings.HasPrefix(rest[1:], "季") {
		q, ok := digit(rest[0])
		return q, rest[1:], ok
	}
	return 0, "", false
}

// quarter reads the digit of 2011-Q1 after the Q, and nothing after it.
func quarter(p Period, rest string) (Period, bool) {
	if len(rest) != 1 {
		return p, false
	}
	q, ok := digit(rest[0])
	p.Kind, p.Quarter = Quarter, q
	return p, ok
}

// monthNames are the English months, each of whose first three letters
// and full name read as it (and Sept as September).
var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthName reads Mar 2011, March 2011, Mar. 2011 and Mar-2011.
func monthName(t string) (Period, bool) {
	name, y, ok := cutYearSuffix(t)
	if !ok {
		return Period{}, false
	}
	if m, ok := monthOf(name); ok {
		return Period{Kind: Month, Year: y, Month: m}, true
	}
	return Period{}, false
}

// monthOf reads an English month's name, its first three letters (Mar,
// MAR, Mar.) or Sept, in any case.
func monthOf(name string) (int, bool) {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if name == "sept" {
		name = "sep"
	}
	for i, full := range monthNames {
		if name == full || name == full[:3] {
			return i + 1, true
		}
	}
	return 0, false
}

// cutYearSuffix splits "Mar 2011" into "Mar" and 2011: a year after a
// blank or dash.
func cutYearSuffix(t string) (string, int, bool) {
	if len(t) < 6 {
		return "", 0, false
	}
	y, ok := year(t[len(t)-4:])
	sep := t[len(t)-5]
	if !ok || (sep != ' ' && sep != '-') {
		return "", 0, false
	}
	return strings.TrimRight(t[:len(t)-5], " ,"), y, true
}

// year reads four leading digits that are not followed by a fifth.
func year(t string) (int, bool) {
	if len(t) < 4 {
		return 0, false
	}
	y := 0
	for i := range 4 {
		d, ok := digit(t[i])
		if !ok {
			return 0, false
		}
		y = 10*y + d
	}
	if len(t) > 4 {
		if _, ok := digit(t[4]); ok {
			return 0, false
		}
	}
	return y, true
}

// leadingNumber reads one to max leading digits; n is how many.
func leadingNumber(t string, max int) (v, n int) {
	for n < len(t) && n < max {
		d, ok := digit(t[n])
		if !ok {
			break
		}
		v = 10*v + d
		n++
	}
	if n < len(t) {
		if _, ok := digit(t[n]); ok {
			return 0, 0 // too many digits
		}
	}
	return v, n
}

// number reads exactly min to max digits and nothing else.
func number(t string, min, max int) (int, bool) {
	v, n := leadingNumber(t, max)
	return v, n >= min && n == len(t)
}

func digit(c byte) (int, bool) {
	if c < '0' || c > '9' {
		return 0, false
	}
	return int(c - '0'), true
}

func hasFullWidthDigit(t string) bool {
	for _, r := range t {
		if r >= '０' && r <= '９' {
			return true
		}
	}
	return false
}

// halfWidthDigits turns the full-width digits ０ to ９ into 0 to 9.
func halfWidthDigits(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	for _, r := range t {
		if r >= '０' && r <= '９' {
			r = '0' + (r - '０')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// In is the period of kind that p falls in (2011-03-31 in a year is 2011),
// or p itself when p is not finer than kind. config cleans a time label
// named year, quarter or month this way, and init predicts what it will
// serve by the same rule.
func (p Period) In(kind Kind) Period {
	if p.Kind <= kind {
		return p
	}
	q := Period{Kind: kind, Year: p.Year}
	month := p.Month
	if p.Kind == Quarter {
		month = 3*p.Quarter - 2
	}
	switch kind {
	case Quarter:
		q.Quarter = (month + 2) / 3
	case Month:
		q.Month = month
	}
	return q
}

package infer

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/period"
)

// grid is a table as rows of cells, as config/table reads it.
type grid struct {
	name string // file name, for names, help and messages
	path string // as the figures file names it
	// sheet is the sheet of a workbook of several sheets, each read as
	// a table of its own; "" otherwise.
	sheet string
	rows  [][]string
	// literal says numbers are as stored (xlsx, JSON): the decimal mark
	// is a point whatever the cells look like.
	literal bool
	reading Reading
	// rowNo are the rows' numbers in the file (CSV line, sheet row), as
	// config counts header_row and names rows; nil counts from 1.
	rowNo []int
	// pre are notes from reading the table (encoding, separator).
	pre []prenote
	// records says the rows are JSON records: messages number them, as
	// a document on one line gives every record the same line.
	records bool
	// force are the columns given as labels (--label); forced the ones
	// found in the table.
	force, forced []string
	// across is the dimension across the columns that a Eurostat TSV's
	// first header cell names after its backslash (geo in
	// unit,time\geo); its row dimensions, the first columns, are dims.
	across string
	dims   int
}

type prenote struct {
	key, text string
	guess     bool
}

// title names the table in messages: its file, and its sheet.
func (g *grid) title() string {
	if g.sheet != "" {
		return fmt.Sprintf("%s, sheet %q", g.name, g.sheet)
	}
	return g.name
}

// row is the number in the file of row i.
func (s *shaper) row(i int) int {
	if i < len(s.g.rowNo) {
		return s.g.rowNo[i]
	}
	return i + 1
}

// rowName names data row k for a message: "row 12", or for JSON
// "record 3 (line 12)".
func (s *shaper) rowName(k int) string {
	if s.g.records {
		return fmt.Sprintf("record %d (line %d)", s.data[k]-s.header, s.row(s.data[k]))
	}
	return fmt.Sprintf("row %d", s.row(s.data[k]))
}

// twoRows names data rows a and b for a message: "rows 2 and 5".
func (s *shaper) twoRows(a, b int) string {
	if s.g.records {
		return s.rowName(a) + " and " + s.rowName(b)
	}
	return fmt.Sprintf("rows %d and %d", s.row(s.data[a]), s.row(s.data[b]))
}

// Stats counts what a table gave.
type Stats struct {
	Tables, Metrics, Figures, Gaps, Guesses int
}

func (s *Stats) add(o Stats) {
	s.Tables += o.Tables
	s.Metrics += o.Metrics
	s.Figures += o.Figures
	s.Gaps += o.Gaps
	s.Guesses += o.Guesses
}

// column is what the data rows hold in one column.
type column struct {
	index  int
	header string // as the mapping names it: the header, or #N
	// name is the text names are made from: the header, or for a column
	// with none the nearest cell above it in a header of several rows.
	name string
	// below is the unit stated under the header (Prozent, 1000, 万人).
	below   unit
	cells   []string // trimmed, one per data row ("" past a short row)
	numeric int
	gaps    int
	text    int
	// tokens are the non-numeric cells that read as gaps, by count.
	tokens map[string]int
	// carried is what the numbers carried besides the number.
	carried                carried
	years, periods, leadZ  int         // values that are years, periods (period.Parse), codes with leading zeros
	finest                 period.Kind // the finest kind of period among the values
	dates                  int         // values that are dates written 31.03.2011
	nonEmpty, distinctText int
	role                   role
	why                    string // why a label or an ignored column, for the comment
	guess                  bool
	time                   bool
}

type role int

const (
	roleLabel role = iota
	roleValue
	roleIgnored
)

// shaper works out one table's shape.
type shaper struct {
	g       *grid
	e       *Entry
	stats   Stats
	metrics namer // metric names of the whole figures file
	header  int   // index of the header row
	data    []int // indexes of the data rows
	cols    []*column
	mark    decimalMark
	stem    string
	// block are the rows of a header that spans several rows, nil for a
	// header of one row.
	block []int
	// several says the table has several value columns (values:).
	several bool
	// ons is the layout of a UK ONS time series, nil for other tables;
	// onsSuffix the unit ending its metrics have.
	ons       *onsSeries
	onsSuffix string
	// periodGuess is timeLabelKind's guess naming a time label period
	// (its values mix kinds), which byKind takes back when it splits the
	// entry by kind.
	periodGuess string
	// dropped are the data rows the written drop: leaves out.
	dropped []bool
	// copyOf[k] is the earlier data row that data row k repeats cell for
	// cell, or -1.
	copyOf []int
}

// dottedDate is a date as German and French tables write it, 31.03.2011.
var dottedDate = regexp.MustCompile(`^\d{2}\.\d{2}\.\d{4}$`)

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) > 6 {
		parts = append(parts[:5], fmt.Sprintf("… (%d in all)", len(ns)))
	}
	return strings.Join(parts, ", ")
}

// guess records a choice that was not certain: a comment above key and
// one more guess in the summary.
func (s *shaper) guess(key, format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	s.e.note(key, text)
	s.e.guesses = append(s.e.guesses, text)
	s.stats.Guesses++
}

// shape infers the entry of one table; metrics are the names taken so
// far in the figures file.
func shape(g *grid, metrics namer) ([]*Entry, Stats, error) {
	s := &shaper{g: g, e: &Entry{Path: g.path, Reading: g.reading}, metrics: metrics}
	s.stats.Tables = 1
	for _, p := range g.pre {
		s.guessOrNote(p.guess, p.key, p.text)
	}
	base := strings.TrimSuffix(g.name, filepath.Ext(g.name))
	if g.sheet != "" {
		base += " " + g.sheet
	}
	s.stem = validMetric(snake(base))
	if s.stem == "figures" || readable(base) == "" {
		// A file named in Chinese with no known term: the numbered
		// fallback, like a header's.
		s.stem = "table"
	}
	if err := s.findRows(); err != nil {
		return nil, Stats{}, err
	}
	if err := s.numericHeader(); err != nil {
		return nil, Stats{}, err
	}
	s.readColumns()
	s.findCopies()
	if err := s.roles(); err != nil {
		return nil, Stats{}, err
	}
	s.dropped = make([]bool, len(s.data))
	if err := s.sparseLabels(); err != nil {
		return nil, Stats{}, err
	}
	if err := s.unique(); err != nil {
		return nil, Stats{}, err
	}
	s.totals()
	s.e.Source = g.name
	entries := s.bls()
	if entries == nil {
		entries = s.byKind()
	}
	s.stats.Metrics = 0
	for _, e := range entries {
		s.stats.Metrics += len(e.Metrics())
	}
	return entries, s.stats, nil
}

func nonEmpty(row []string) int {
	n := 0
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

func firstCell(row []string) (int, string) {
	for i, c := range row {
		if t := strings.TrimSpace(c); t != "" {
			return i, t
		}
	}
	return -1, ""
}

// findRows finds the header below any title rows, and the data rows
// above any footnotes.
func (s *shaper) findRows() error {
	rows := s.g.rows
	if len(rows) == 0 {
		return fmt.Errorf("the table is empty")
	}
	counts := make([]int, len(rows))
	most := 0
	for i, r := range rows {
		counts[i] = nonEmpty(r)
		most = max(most, counts[i])
	}
	if most < 2 {
		return fmt.Errorf("no row has two cells or more: expected a header row and rows of figures below it")
	}
	// The header names every column, so it has about as many cells as
	// the fullest row; titles above it have one or two.
	s.header = -1
	for i, c := range counts {
		if c >= 2 && 2*c >= most {
			s.header = i
			break
		}
	}
	end := len(rows)
	for end > s.header+1 && counts[end-1] <= 1 {
		// Blank rows and rows of one cell at the end are notes, as config
		// reads them ("Source: …", "注：…", a rule of underscores).
		end--
	}
	notes := 0
	var first string
	for i := end; i < len(rows); i++ {
		if counts[i] > 0 {
			if notes == 0 {
				_, first = firstCell(rows[i])
			}
			notes++
		}
	}
	if notes > 0 {
		s.e.note("", fmt.Sprintf("%d row(s) below the data look like notes (%q): they hold no figures and are not read", notes, clip(first)))
	}
	var start int
	if o, ok := s.onsLayout(); ok {
		// The UK ONS series: its codes (CDID) name the columns, the
		// metadata rows below them are read by config as continuing
		// the header (no figure, no period).
		s.ons, s.header, start = o, o.cdid, o.first
		s.e.HeaderRow = s.row(s.header)
		what := "a UK ONS time series: row %d holds the series' codes (CDID); rows %d-%d are its metadata (Title, PreUnit, Unit, Release date, …), not figures"
		switch o.office {
		case "INSEE":
			what = "an INSEE series: row %d holds the series' codes (idBank); rows %d-%d are its metadata (Libellé, idBank, Période), not figures"
		case "ABS":
			what = "an ABS time series: row %d holds the series' IDs; rows %d-%d are their titles and metadata (Unit, Frequency, Series Start, No. Obs, …), not figures"
		}
		s.e.note("header_row", fmt.Sprintf(what, s.row(s.header), s.row(0), s.row(start-1)))
	} else {
		start = s.headerBlock(end)
	}
	if s.header > 0 && s.ons == nil {
		_, title := firstCell(rows[0])
		s.e.HeaderRow = s.row(s.header)
		if len(s.block) == 0 {
			s.guess("header_row", "rows %d-%d look like titles (%q): the header is row %d, the first with as many cells as the rows below it", s.row(0), s.row(s.header-1), clip(title), s.row(s.header))
		}
	}
	for i := start; i < end; i++ {
		if counts[i] > 0 {
			s.data = append(s.data, i)
		}
	}
	if len(s.data) == 0 {
		return fmt.Errorf("no rows below the header (row %d): expected rows of figures", s.row(s.header))
	}
	return nil
}

// headerBlock finds a header that spans rows (measure, item, unit, as
// GENESIS tables print it): rows right below the first header row whose
// first cell is empty and which hold words. Of these rows, the one whose
// cells differ most names the columns (header_row); the rows below it
// hold units, which config skips as continuing the header. It returns
// the first row of data.
func (s *shaper) headerBlock(end int) int {
	block := []int{s.header}
	for r := s.header + 1; r < end; r++ {
		row := s.g.rows[r]
		if i, _ := firstCell(row); i == 0 || nonEmpty(row) < 2 || !hasWord(row) {
			break
		}
		block = append(block, r)
	}
	if len(block) == 1 {
		return s.header + 1
	}
	best, most := block[0], 0
	for _, r := range block {
		seen := map[string]bool{}
		for _, c := range s.g.rows[r] {
			if c = strings.TrimSpace(c); c != "" {
				seen[c] = true
			}
		}
		if len(seen) >= most {
			best, most = r, len(seen)
		}
	}
	s.block, s.header = block, best
	s.guess("header_row", "the header spans rows %d-%d: row %d, whose cells differ most, names the columns; the rows above it are titles, the rows below it units", s.row(block[0]), s.row(block[len(block)-1]), s.row(best))
	return block[len(block)-1] + 1
}

// hasWord says whether a row has a cell that is neither a number nor a gap.
func hasWord(row []string) bool {
	for _, c := range row {
		c = strings.TrimSpace(c)
		if c != "" && !decimalMark(".").number(c) && !decimalMark(",").number(c) && !isGapToken(c) {
			return true
		}
	}
	return false
}

// clip shortens text for a comment.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func (s *shaper) readColumns() {
	width := 0
	for _, i := range append([]int{s.header}, s.data...) {
		for j := len(s.g.rows[i]) - 1; j >= width; j-- {
			if strings.TrimSpace(s.g.rows[i][j]) != "" {
				width = j + 1
				break
			}
		}
	}
	if extra := maxLen(s.g.rows) - width; extra > 0 {
		s.e.note("", fmt.Sprintf("%d empty column(s) at the right of the table are not read", extra))
	}
	cell := func(i, j int) string {
		if j < len(s.g.rows[i]) {
			return strings.TrimSpace(s.g.rows[i][j])
		}
		return ""
	}
	s.mark = "."
	if !s.g.literal {
		var comma, point, amb int
		s.mark, comma, point, amb = detectDecimal(func(yield func(string) bool) {
			for _, i := range s.data {
				for j := range width {
					if !yield(cell(i, j)) {
						return
					}
				}
			}
		})
		switch {
		case s.mark == ",":
			s.e.Decimal = ","
			s.guess("decimal", "%d cells such as 0,5 or 2.345,7 read only with a decimal comma (%d only with a point)", comma, point)
		case comma > 0:
			s.guess("", "decimal point: %d cells read only with a point, %d only with a comma", point, comma)
		case amb > 0 && point == 0:
			s.guess("", "decimal point assumed: %d cells such as 1,234 read either way, none decides", amb)
		}
	}
	below := map[string]unit{}
	defer func() {
		texts := make([]string, 0, len(below))
		for t := range below {
			texts = append(texts, t)
		}
		slices.Sort(texts)
		for _, t := range texts {
			u := below[t]
			s.e.note("header_row", fmt.Sprintf("%q under the header is a unit: name ending %s, scale %s", t, orNone(u.suffix), orNone(u.scale)))
		}
	}()
	for j := range width {
		c := &column{index: j, tokens: map[string]int{}}
		if j < len(s.g.rows[s.header]) {
			// config matches headers with the spaces around them cut.
			c.header = strings.TrimSpace(s.g.rows[s.header][j])
		}
		c.name = c.header
		for _, r := range s.block {
			text := ""
			if j < len(s.g.rows[r]) {
				text = strings.TrimSpace(s.g.rows[r][j])
			}
			switch {
			case r < s.header && text != "":
				if c.header == "" {
					c.name = text
				}
			case r > s.header && c.below == (unit{}):
				if u, ok := parseUnit(text); ok {
					c.below = u
					if u != (unit{}) {
						below[text] = u
					}
				}
			}
		}
		texts := map[string]bool{}
		for _, i := range s.data {
			v := cell(i, j)
			c.cells = append(c.cells, v)
			if v != "" {
				c.nonEmpty++
			}
			marks, number := s.mark.read(v)
			switch {
			case number:
				c.numeric++
				c.carried.add(v, marks)
				// A year with a mark (2021p, 2020*) is a year all the same:
				// a column of them is a time label, not figures.
				if n, _ := config.CellNumber(v); yearValue.MatchString(n) {
					c.years++
				}
				if len(v) > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '9' {
					c.leadZ++
				}
			case isGapToken(v):
				c.gaps++
				c.tokens[v]++
			default:
				c.text++
				texts[v] = true
			}
			if dottedDate.MatchString(v) {
				c.dates++
			}
			if p, err := period.Parse(v); v != "" && err == nil {
				c.periods++
				c.finest = max(c.finest, p.Kind)
			}
		}
		c.distinctText = len(texts)
		s.cols = append(s.cols, c)
	}
}

func maxLen(rows [][]string) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}

var (
	timeHeader = regexp.MustCompile(`(?i)^(year|yr|years|fy|fiscal year|period|time|time_period|time period|date|quarter|month|jahr|année|annee|año|ano|anno|年|年份|年度|时间|日期|季度|月份)$`)
	idHeader   = regexp.MustCompile(`(?i)(^id$|_id$| id$|^code$|_code$| code$|^iso|^fips|^geo$|^ref_area$|^zip|postal|代码|编码|编号|区划)`)
	// camelID: RespondentID, CountryId (an id in camel case).
	camelID         = regexp.MustCompile(`[a-z](ID|Id)$`)
	notesHeader     = regexp.MustCompile(`(?i)^(foot ?notes?|footnote_codes|notes?|remarks?|comments?|flags?|注|注释|备注|说明|anmerkungen?|fußnoten?)$`)
	indicatorHeader = regexp.MustCompile(`(?i)^(指标|指标名称|项目|indicator|indicator name|series|series name|variable|measure|item|subject)$`)
	genericValue    = regexp.MustCompile(`(?i)^(value|values|obs_value|obs value|amount|figure|数值|数据|值)$`)
	unitInTitle     = regexp.MustCompile(`(?i)(单位|unit|units)\s*[:：]\s*([^\s,，;；]+)`)
	totalValue      = regexp.MustCompile(`(?i)^(total|all|grand total|totals|world|合计|总计|全国|总数|全部|all countries|all regions)$`)
)

// valueLike says whether a column holds figures: at least one number and
// otherwise gaps.
func (c *column) valueLike() bool { return c.numeric > 0 && c.text == 0 }

// roles decides which columns are labels and which values, and the
// layout: long, several measures, wide, indicators in rows, SDMX-CSV.
func (s *shaper) roles() error {
	// config names columns by their header, so a column without one, or
	// with one that another column has too, cannot be mapped.
	where := map[string][]int{}
	for _, c := range s.cols {
		if c.header != "" {
			where[c.header] = append(where[c.header], c.index+1)
		}
	}
	var usable []*column
	for _, c := range s.cols {
		switch n := where[c.header]; {
		case c.header == "" && c.nonEmpty == 0:
			c.role = roleIgnored
			s.e.note("", fmt.Sprintf("column %d is empty: not read", c.index+1))
			continue
		case c.header == "":
			c.header = fmt.Sprintf("#%d", c.index+1)
			s.e.note("", fmt.Sprintf("column %d has no header: the mapping names it by its place, %s", c.index+1, c.header))
		case strings.IndexFunc(c.header, isControl) >= 0:
			// config refuses control characters in a figures file's
			// text, so the header cannot name the column.
			c.header, c.name = fmt.Sprintf("#%d", c.index+1), ""
			s.e.note("", fmt.Sprintf("column %d's header holds a control character: the mapping names it by its place, %s", c.index+1, c.header))
		case len(n) > 1:
			if n[0] == c.index+1 {
				s.e.note("", fmt.Sprintf("columns %s have the same header %q: the mapping names them by their places (#%d, …)", joinInts(n), c.header, n[0]))
			}
			c.header = fmt.Sprintf("#%d", c.index+1)
		}
		usable = append(usable, c)
	}
	if sdmx := s.find(usable, "OBS_VALUE"); sdmx != nil {
		return s.sdmx(usable, sdmx)
	}
	if s.statcan(usable) {
		return nil
	}
	if s.eurostatAcross(usable) {
		return nil
	}
	if s.wide(usable) {
		return nil
	}
	return s.long(usable)
}

func (s *shaper) find(cols []*column, header string) *column {
	for _, c := range cols {
		if c.header == header {
			return c
		}
	}
	return nil
}

// labelOrValue classifies a column of a long table.
func (s *shaper) labelOrValue(c *column) {
	if s.ons != nil {
		if s.onsColumn(c) {
			return
		}
	}
	switch {
	case slices.Contains(s.g.force, c.header):
		c.role, c.why = roleLabel, "is given with --label"
		s.g.forced = append(s.g.forced, c.header)
	case notesHeader.MatchString(c.name):
		c.role, c.why, c.guess = roleIgnored, "holds notes (footnote markers), not figures", true
	case timeHeader.MatchString(c.name):
		// A label; its time only when config can read every value as a
		// period (a month column of 1 to 12 is not one).
		c.role, c.time = roleLabel, c.allPeriods()
	case c.numeric == 0 && c.text > 0 && c.periods == c.text:
		c.role, c.time, c.why = roleLabel, c.allPeriods(), "holds periods"
	case idHeader.MatchString(c.name) || camelID.MatchString(c.name):
		c.role = roleLabel
		if c.valueLike() {
			c.why, c.guess = "looks like an identifier", true
		}
	case c.valueLike() && c.leadZ > 0:
		c.role, c.why, c.guess = roleLabel, "holds codes with leading zeros (such as "+firstWith(c.cells, func(v string) bool { return len(v) > 1 && v[0] == '0' })+")", true
	case c.valueLike() && c.years == c.numeric:
		c.role, c.time, c.why, c.guess = roleLabel, c.allPeriods(), "holds only years", true
	case c.valueLike():
		c.role = roleValue
	case c.numeric == 0 && c.text == 0:
		c.role, c.why, c.guess = roleIgnored, "holds no figures, only gaps", true
	default:
		c.role = roleLabel
		if c.numeric > 0 {
			c.why, c.guess = fmt.Sprintf("holds text such as %q among its numbers", firstWith(c.cells, func(v string) bool { return v != "" && !s.mark.number(v) && !isGapToken(v) })), true
		}
	}
}

// allPeriods says whether config can read every value of the column as a
// period, as it must a time label's: a cell that is a gap in a value
// column ("X", "..") is a value like any other in a label's.
func (c *column) allPeriods() bool { return c.nonEmpty > 0 && c.periods == c.nonEmpty }

func firstWith(cells []string, ok func(string) bool) string {
	for _, v := range cells {
		if ok(v) {
			return v
		}
	}
	return ""
}

// long maps a table with one column per label and one per measure.
func (s *shaper) long(cols []*column) error {
	var values []*column
	for _, c := range cols {
		s.labelOrValue(c)
		if c.role == roleValue {
			values = append(values, c)
		}
	}
	if len(values) == 0 {
		return fmt.Errorf("no column holds numbers: expected at least one column of figures below the header (row %d)", s.row(s.header))
	}
	values = s.numericKeys(cols, values)
	values = s.yearFigures(cols, values)
	if ind := s.indicator(cols); ind != nil && len(values) == 1 {
		if s.rowsAsMetrics(ind, values) {
			s.labels(cols, ind)
			s.e.Value = values[0].header
			s.e.note("value", fmt.Sprintf("column %q holds the figures of every indicator", values[0].header))
			s.gaps(values, nil)
			return nil
		}
	}
	s.labels(cols, nil)
	if len(values) == 1 {
		v := values[0]
		s.e.Metric, s.e.Scale, s.e.Help = s.metricOf(v.name, v.index, false, v.below)
		s.e.Scale = s.ownPercent(v, s.e.Scale)
		s.e.Value = v.header
	} else {
		s.several = true
		for _, v := range values {
			name, scale, help := s.metricOf(v.name, v.index, false, v.below)
			scale = s.ownPercent(v, scale)
			s.e.Values = append(s.e.Values, Measure{Metric: name, Column: v.header, Scale: scale, Help: help})
		}
	}
	s.gaps(values, nil)
	return nil
}

// indicator is the label column that names an indicator per row, if any.
func (s *shaper) indicator(cols []*column) *column {
	for _, c := range cols {
		if c.role == roleLabel && indicatorHeader.MatchString(c.name) {
			return c
		}
	}
	return nil
}

// rowsAsMetrics maps each indicator with figures onto a metric. It says
// false when the indicator cannot name metrics (too many, or repeated
// where no other label tells the rows apart), and the column stays a label.
func (s *shaper) rowsAsMetrics(ind *column, values []*column) bool {
	var order []string
	rowsOf := map[string][]int{}
	for k, v := range ind.cells {
		hasFigure := false
		for _, c := range values {
			if s.mark.number(c.cells[k]) {
				hasFigure = true
			}
		}
		if v == "" || !hasFigure {
			continue
		}
		if rowsOf[v] == nil {
			order = append(order, v)
		}
		rowsOf[v] = append(rowsOf[v], k)
	}
	if len(order) == 0 || len(order) > 200 {
		return false
	}
	empty := map[string]bool{}
	for _, v := range ind.cells {
		if v != "" && rowsOf[v] == nil {
			empty[v] = true
		}
	}
	if len(empty) > 0 {
		s.e.note("rows_as_metrics", fmt.Sprintf("%d indicator(s) of the table have no figures, only gaps, and are left out", len(empty)))
	}
	ram := &RowsAsMetrics{Column: ind.header}
	for n, v := range order {
		name, scale, help := s.metricOf(v, n, true, unit{})
		ram.Metrics = append(ram.Metrics, RowMetric{Row: v, Metric: name, Scale: scale, Help: help})
	}
	ind.role = roleIgnored
	s.e.RowsAsMetrics = ram
	s.e.note("rows_as_metrics", fmt.Sprintf("column %q names an indicator per row: each with figures becomes a metric, its unit and scale taken from its parentheses ((%% of GDP) → _ratio, scale %%; (current US$) → _usd; (亿元) → _yuan, scale 亿)", ind.header))
	return true
}

// metricOf names the metric of a column header (or, with row, of an
// indicator), with the scale and help that go with it. n numbers the
// fallback name.
func (s *shaper) metricOf(header string, n int, row bool, below unit) (name, scale, help string) {
	base, u, ok := splitUnit(header)
	if !ok {
		u = below
	}
	part := readable(base)
	key := "metric"
	switch {
	case row:
		key = "rows_as_metrics"
	case s.several:
		key = "values"
	}
	switch {
	case genericValue.MatchString(strings.TrimSpace(base)):
		name = joinName(s.stem, u.words, u.suffix)
	case part == "" && row:
		name = joinName(s.stem, fmt.Sprintf("indicator_%d", n+1), u.words, u.suffix)
		s.guess(key, "indicator %q has no English name known to init: named %s by its order", header, name)
	case part == "" && strings.TrimSpace(header) == "":
		name = joinName(s.stem, fmt.Sprintf("col_%d", n+1), u.words, u.suffix)
		s.guess(key, "column %d has no header: named %s by its place", n+1, name)
	case part == "":
		name = joinName(s.stem, fmt.Sprintf("col_%d", n+1), u.words, u.suffix)
		s.guess(key, "column %q has no English name known to init: named %s by its place", header, name)
	case row:
		name = joinName(part, u.words, u.suffix)
	case part == s.stem || strings.HasPrefix(part, s.stem+"_"):
		name = joinName(part, u.words, u.suffix)
	case !s.several && strings.HasSuffix(s.stem, "_"+part):
		// A file named after its column (ons_gdp_abmi.csv, ABMI).
		name = joinName(s.stem, u.words, u.suffix)
	default:
		name = joinName(s.stem+"_"+part, u.words, u.suffix)
	}
	name = s.metrics.unique(validMetric(name))
	switch {
	case row || (!ok && u != unit{}):
		// The line shows the metric and scale; one note says where
		// they come from (an indicator's parentheses, the unit row).
	case u.scale != "" || u.suffix != "":
		s.e.note(key, fmt.Sprintf("%q gives %s: unit %s, scale %s, from the header", header, name, orNone(u.suffix), orNone(u.scale)))
	case !isASCII(header) && part != "":
		s.e.note(key, fmt.Sprintf("%q gives %s", header, name))
	}
	help = strings.TrimSpace(header) + ", from " + s.g.name + "."
	if strings.TrimSpace(header) == "" {
		help = fmt.Sprintf("Column %d (no header) of %s.", n+1, s.g.name)
	}
	if genericValue.MatchString(strings.TrimSpace(base)) {
		help = fmt.Sprintf("Figures of %s (column %s).", s.g.name, strings.TrimSpace(header))
	}
	return name, u.scale, help
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// labels maps every label column onto a label named from its header.
func (s *shaper) labels(cols []*column, skip *column) {
	names := namer{}
	var time *column
	for _, c := range cols {
		if c.role != roleLabel || c == skip {
			if c.role == roleIgnored && c.why != "" {
				s.guessOrNote(c.guess, "labels", fmt.Sprintf("column %q %s: not read", c.header, c.why))
			}
			continue
		}
		name := readable(c.name)
		switch {
		case name == "" && c.time:
			name = c.finest.String()
			s.e.note("labels", fmt.Sprintf("column %s, with no header of its own, holds %ss: label %s", c.header, name, name))
		case name == "" && c.dates == c.numeric+c.text && c.dates > 0:
			name = "date"
			s.guess("labels", "column %s holds dates such as %q: label date (not a time label: config reads dates as 2011-03-31)", c.header, firstWith(c.cells, func(v string) bool { return v != "" }))
		case name == "" && c.name == "":
			name = fmt.Sprintf("col_%d", c.index+1)
			s.guess("labels", "column %s has no header: label %s", c.header, name)
		case name == "":
			name = fmt.Sprintf("col_%d", c.index+1)
			s.guess("labels", "label %s is column %s, %q, whose header has no English name known to init", name, c.header, c.name)
		case !isASCII(c.name):
			s.e.note("labels", fmt.Sprintf("%s: %s", c.name, name))
		}
		if name[0] >= '0' && name[0] <= '9' {
			name = "l_" + name
		}
		if name == "value" {
			name = "value_label"
			s.e.note("labels", fmt.Sprintf("column %q is label value_label: a label cannot be named value", c.header))
		}
		name = names.unique(name)
		if c.why != "" {
			s.guessOrNote(c.guess, "labels", fmt.Sprintf("column %q %s, kept as a label", c.header, c.why))
		}
		s.e.Labels = append(s.e.Labels, Label{Name: name, Column: c.header})
		if c.time && (time == nil || c.finest > time.finest) {
			// Of several, the finest: a date column over a year column.
			time, s.e.TimeLabel = c, name
		}
	}
	if time != nil {
		s.timeLabelKind(time)
		s.periodStarts(time)
	}
}

// timeLabelKind keeps the time label's name from contradicting its
// values. config reads a time label named year, quarter, month or date
// as periods of that kind, taking a finer period for the one it starts
// (2001-01-01 in a year label is 2001) and refusing any other; a label
// whose values do not all fit its name is renamed period, whose values
// config keeps as they come.
func (s *shaper) timeLabelKind(c *column) {
	var kind period.Kind
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if s.e.TimeLabel == k.String() {
			kind = k
		}
	}
	if kind == 0 {
		return
	}
	fits := func(kind period.Kind) (string, period.Kind, bool) {
		for _, v := range c.cells {
			p, err := period.Parse(v)
			if v == "" || err != nil {
				continue
			}
			if p.Kind < kind || !p.In(kind).Start().Equal(p.Start()) {
				return v, p.Kind, false
			}
		}
		return "", 0, true
	}
	v, k, ok := fits(kind)
	if ok {
		return
	}
	// Name it by the kind of its values (Date holding 1958-03 is month),
	// or period when they mix kinds or the name is taken.
	old, name := s.e.TimeLabel, c.finest.String()
	if _, _, ok := fits(c.finest); !ok || slices.ContainsFunc(s.e.Labels, func(l Label) bool { return l.Name == name }) {
		name = "period"
	}
	for i := range s.e.Labels {
		if s.e.Labels[i].Name == old {
			s.e.Labels[i].Name = name
		}
	}
	s.e.TimeLabel = name
	what := fmt.Sprintf("a %s that is not the start of a %s", k, kind)
	if k < kind {
		what = fmt.Sprintf("a %s, not a %s", k, kind)
	}
	s.guess("labels", "column %q would be label %s, but holds %q, %s, and config reads a label named %s as %ss: label %s", c.header, old, v, what, old, old, name)
	if name == "period" {
		s.periodGuess = s.e.guesses[len(s.e.guesses)-1]
	}
}

func (s *shaper) guessOrNote(guess bool, key, text string) {
	if guess {
		s.guess(key, "%s", text)
	} else {
		s.e.note(key, text)
	}
}

// gaps counts the figures and gaps of the value columns (of the rows
// that are read: rows, or all when nil) and lists the gap tokens when
// the defaults do not cover them.
func (s *shaper) gaps(values []*column, rows []int) {
	found := map[string]int{}
	for _, c := range values {
		for k, v := range c.cells {
			if rows != nil && !slices.Contains(rows, k) {
				continue
			}
			switch {
			case s.mark.number(v):
				s.stats.Figures++
			default:
				s.stats.Gaps++
				found[v]++
			}
		}
	}
	tokens := make([]string, 0, len(found))
	for t := range found {
		tokens = append(tokens, t)
	}
	slices.Sort(tokens)
	var extra, list []string
	for _, t := range tokens {
		list = append(list, fmt.Sprintf("%q ×%d", t, found[t]))
		if !isDefaultGap(t) {
			extra = append(extra, t)
		}
	}
	if len(list) > 0 {
		s.e.note("gaps", fmt.Sprintf("%d gap(s) skipped: %s", s.stats.Gaps, strings.Join(list, ", ")))
	}
	if len(extra) > 0 {
		s.e.Gaps = append(slices.Clone(defaultGaps), extra...)
		s.guess("gaps", "cells %s stand where a figure would: read as gaps", quoteAll(extra))
	}
	var all carried
	for _, c := range values {
		all.merge(c.carried)
		if len(c.carried.currency) > 1 {
			s.guess("", "column %q holds figures in several currencies (%s): a metric holds one, so check refuses the figures in any but the first; convert them, or split the table", c.header, counted(c.carried.currency))
		}
	}
	s.carried(all)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// cleaned is a label value as config serves it: the time label's values
// as periods of the kind its name says (1947-01-01 under year is 1947).
func (s *shaper) cleaned(label, v string) string {
	p, err := period.Parse(v)
	if label != s.e.TimeLabel || err != nil {
		return v
	}
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if label == k.String() {
			p = p.In(k)
		}
	}
	return p.String()
}

// read says whether data row k is read: every row that drop: keeps,
// but only the rows of mapped indicators when rows are metrics.
func (s *shaper) read(k int) bool {
	if k < len(s.dropped) && s.dropped[k] {
		return false
	}
	return s.e.RowsAsMetrics == nil || s.mapped(k)
}

// mapped says whether data row k is one rows_as_metrics maps.
func (s *shaper) mapped(k int) bool {
	v := s.find(s.cols, s.e.RowsAsMetrics.Column).cells[k]
	for _, m := range s.e.RowsAsMetrics.Metrics {
		if m.Row == v {
			return true
		}
	}
	return false
}

// totals suggests dropping rows whose label says they total the others.
func (s *shaper) totals() {
	for _, l := range s.e.Labels {
		if l.Name == s.e.TimeLabel {
			continue
		}
		c := s.find(s.cols, l.Column)
		var found []string
		for _, v := range c.cells {
			if totalValue.MatchString(v) && !slices.Contains(found, v) {
				found = append(found, v)
			}
		}
		if len(found) > 0 {
			s.e.Drop = append(s.e.Drop, Drop{Label: l.Name, Values: found})
		}
	}
}

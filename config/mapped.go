package config

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/config/table"
	"github.com/figures-exporter/figures_exporter/period"
)

// tableExtensions are the files a mapped figure_files entry may match.
// Workbooks that are not .xlsx are matched so that reading one says what
// it is and to save it as .xlsx (table.FormatOf).
var tableExtensions = []string{".csv", ".tsv", ".txt", ".xlsx", ".json", ".xlsm", ".xls", ".xlsb", ".ods"}

func isTableFile(name string) bool {
	return slices.Contains(tableExtensions, strings.ToLower(filepath.Ext(name)))
}

// tableTypesHint adds the table types to "unknown file type" for an
// entry that maps tables, and to an entry that does not the way to map
// a table it matched.
func tableTypesHint(e *includeEntry, name string) string {
	switch {
	case e.table != nil:
		return ", or for a mapped table .csv, .tsv, .txt, .xlsx or .json"
	case isTableFile(name):
		return "; to read this table, say in its figure_files entry which columns hold what (labels:, value:; see docs/tables.md)"
	}
	return ""
}

// maxListedGaps is how many gaps of a file check lists one by one; the
// rest are counted, as unsourced figures are.
const maxListedGaps = 100

// maxHeaderSearch is how many rows may stand above a table's header
// (titles, notes, units) when the header is found by its columns.
const maxHeaderSearch = 1000

// maxPendingNotes bounds the rows held back as possible notes below the
// data (rows with at most one cell): past it they are read as data.
const maxPendingNotes = 1000

// declareMapped declares the metrics that mapped figure_files entries
// name and metrics: does not, and checks the labels of those it does.
func (l *loader) declareMapped() {
	main := l.files[0]
	declaredBy := map[string]*includeEntry{}
	for i := range main.content.includes {
		e := &main.content.includes[i]
		m := e.table
		if m == nil {
			continue
		}
		labels := m.labelNames()
		for _, out := range m.outputs(e.metric) {
			st := l.state(out.metric)
			switch {
			case st.broken:
			case st.declared.file >= 0 && !sameLabels(st.Labels, labels):
				where := l.at(0, st.declared)
				if by := declaredBy[st.Name]; by != nil {
					where = fmt.Sprintf("by figure_files entry %s (line %d)", by.path, by.line)
				}
				main.problems.add(e.line, e.path, "metric %q is declared with %s %s, but this table maps %s: map the same labels, or name another metric", st.Name, describeLabels(st.Labels), where, describeLabels(labels))
				st.broken = true
			case st.declared.file >= 0:
				if by := declaredBy[st.Name]; by != nil && out.help != "" && st.Help != out.help {
					main.problems.add(e.line, e.path, "metric %q has help %q here but %q in figure_files entry %s (line %d): give it once", st.Name, out.help, st.Help, by.path, by.line)
				}
			default:
				st.Help = out.help
				if st.Help == "" {
					// Column "Deaths" of tables/disasters.csv.
					st.Help = strings.ToUpper(out.about[:1]) + out.about[1:] + " of " + e.pattern + out.where + "."
				}
				st.Labels = labels
				st.TimeLabel = m.timeLabel
				st.declared = place{file: 0, line: int32(e.line), entry: -1}
				// Its figures are the table's: a table that is missing
				// or broken is reported as such, and one whose pattern
				// matches no file yet is warned of; "has no figures"
				// would point at a metrics: entry there is none of.
				st.offered = true
				declaredBy[st.Name] = e
			}
		}
	}
}

// mappedTable is one table being read through its entry's mapping.
type mappedTable struct {
	l     *loader
	fi    int
	f     *sourceFile
	m     *tableMapping
	rows  table.Rows
	sheet string
	// header is the header row, trimmed; headerRow where it was.
	header    []string
	headerRow int
	labelCols []int // the column of each of m.labels
	yearCol   int   // the column of period_year:, -1 without
	statusCol int   // -1 without status:
	// fixed are the values of every row (value: or values:, or the
	// columns of columns_as with metric:); with rows_as_metrics, the
	// values of a row are byIndicator's.
	fixed        []slot
	indicatorCol int
	byIndicator  map[string]*indicatorSlots
	wide         []wideColumn
	source       int
	labelValues  []string // the current row's, by m.labels then the columns_as label
	gaps         int
	carriedMarks carriedMarks
	// notes are the rows held back as possible notes below the data.
	notes   []pendingRow
	stopped bool
	// times caches cleanTime's results: a year column repeats its
	// values on every row.
	times map[string]string
	// started is set at the first data row with its labels.
	started bool
	// otherPeriods counts the rows left to other entries by periods:,
	// the first of them at otherRow, its period otherText.
	otherPeriods, otherRow int
	otherText              string
}

// slot is one value cell of a row: its column, the metric it is a figure
// of, and the scale applied to it.
type slot struct {
	col   int
	mm    *mappedMetric
	scale string
	// wide is the columns_as label value of the column, "" for others.
	wide string
}

type wideColumn struct {
	col   int
	value string
}

type indicatorSlots struct {
	slots []slot
	seen  bool // whether a row has the indicator
}

// mappedMetric is a metric a table gives figures to, with where each of
// its labels comes from: an index into mappedTable.labelValues.
type mappedMetric struct {
	st  *metricState
	src []int
}

type pendingRow struct {
	cells []string
	row   int
}

// loadTable reads the figures of a mapped table.
func (l *loader) loadTable(fi int) {
	f := l.files[fi]
	t := &mappedTable{l: l, fi: fi, f: f, m: f.include.table, statusCol: -1, indicatorCol: -1}
	format, _ := table.FormatOf(f.name)
	rows, err := table.Open(f.data, table.Options{Format: format, Encoding: t.m.encoding, Separator: t.m.separator, Sheet: t.m.sheet, Records: t.m.records})
	if err != nil {
		t.readError(err)
		l.incomplete = true
		return
	}
	t.rows = rows
	defer rows.Close()
	for _, out := range t.m.outputs(f.include.metric) {
		if st := l.metrics[out.metric]; st != nil {
			st.offered = true
		}
	}
	if !t.findHeader() {
		l.incomplete = true
		return
	}
	t.f.sheet = t.sheet
	if !t.layout() {
		return
	}
	t.source = l.sources.ref(f.source)
	t.grow()
	t.labelValues = make([]string, len(t.m.labels)+1)
	for !t.stopped && rows.Next() {
		t.row(rows.Row(), rows.Place().Row)
	}
	if err := rows.Err(); err != nil {
		t.readError(err)
		l.incomplete = true
	}
	t.finish()
}

// grow makes room at once for the figures a text table's lines can give
// its fixed columns: growing by appends copied a million-figure metric's
// slices over and over (it doubled the bytes a load allocated).
func (t *mappedTable) grow() {
	if !isTextTable(t.f.name) || len(t.fixed) == 0 {
		return
	}
	lines := bytes.Count(t.f.data, []byte{'\n'}) + 1
	per := map[*metricState]int{}
	for _, s := range t.fixed {
		if s.mm != nil {
			per[s.mm.st]++
		}
	}
	for st, n := range per {
		// A figure takes a digit and a separator at least: a file of
		// short lines under a wide header cannot reserve more.
		room := min(lines*n, len(t.f.data)/2+1)
		st.Figures = slices.Grow(st.Figures, room)
		st.places = slices.Grow(st.places, room)
	}
}

// isTextTable says whether a table's lines are its rows, more or less:
// not a workbook or JSON.
func isTextTable(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt":
		return true
	}
	return false
}

// readError reports what stopped the table's reader, at its place.
func (t *mappedTable) readError(err error) {
	var te *table.Error
	if !errors.As(err, &te) {
		t.f.problems.add(0, "", "%v", err)
		return
	}
	path := ""
	if te.Place.Sheet != "" {
		path = te.Place.String()
	}
	if te.Column > 0 {
		path = joinCellPath(path, fmt.Sprintf("column %d", te.Column))
	}
	t.f.problems.add(te.Place.Row, path, "%s", te.Msg)
}

func joinCellPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// cellPath names a column of the table for a problem: its header, and in
// a workbook its sheet and row.
func (t *mappedTable) cellPath(row, col int) string {
	name := ""
	switch {
	case col >= 0 && col < len(t.header) && t.header[col] != "":
		name = fmt.Sprintf("column %q", t.header[col])
	case col >= 0:
		name = fmt.Sprintf("column %d", col+1)
	}
	if t.sheet == "" {
		return name
	}
	where := fmt.Sprintf("sheet %s row %d", t.sheet, row)
	if name == "" {
		return where
	}
	return where + ", " + name
}

// required lists the columns the header must hold, each with the key of
// the entry that names it.
func (t *mappedTable) required() [][2]string {
	var cols [][2]string
	for _, lc := range t.m.labels {
		cols = append(cols, [2]string{lc.column, "labels." + lc.label})
	}
	if t.m.value != "" {
		cols = append(cols, [2]string{t.m.value, "value"})
	}
	for _, vc := range t.m.values {
		cols = append(cols, [2]string{vc.column, "values." + vc.metric})
	}
	if t.m.rowsAs != nil {
		cols = append(cols, [2]string{t.m.rowsAs.column, "rows_as_metrics.column"})
	}
	if t.m.status != nil {
		cols = append(cols, [2]string{t.m.status.column, "status.column"})
	}
	if t.m.periodYear != "" {
		cols = append(cols, [2]string{t.m.periodYear, "period_year"})
	}
	return cols
}

// findHeader reads rows up to the header: the row header_row names, or
// the first that holds every mapped column.
func (t *mappedTable) findHeader() bool {
	p := &t.f.problems
	req := t.required()
	var best []string
	bestRow, bestScore, searched := 0, -1, 0
	for t.rows.Next() {
		place := t.rows.Place()
		n := place.Row
		t.sheet = place.Sheet
		cells := trimmed(t.rows.Row())
		if t.m.headerRow > 0 {
			if n < t.m.headerRow {
				continue
			}
			t.header, t.headerRow = cells, n
			break
		}
		score := 0
		for _, c := range req {
			if _, ok := columnNumber(c[0]); ok || slices.Contains(cells, c[0]) {
				score++
			}
		}
		wideOK := t.m.columnsAs == nil || slices.ContainsFunc(cells, t.m.columnsAs.match.MatchString)
		if score == len(req) && wideOK {
			t.header, t.headerRow = cells, n
			break
		}
		if score > bestScore {
			best, bestRow, bestScore = cells, n, score
		}
		if searched++; searched >= maxHeaderSearch {
			break
		}
	}
	if err := t.rows.Err(); err != nil {
		t.readError(err)
		return false
	}
	if t.header == nil && t.m.headerRow > 0 {
		p.add(0, "", "header_row: %d, but the table has fewer rows", t.m.headerRow)
		return false
	}
	if t.header == nil && best == nil {
		p.add(0, "", "the table is empty: expected a header row holding %s", describeColumns(req))
		return false
	}
	if t.header == nil {
		// No row holds every column: name what the closest one lacks.
		t.header, t.headerRow = best, bestRow
	}
	return true
}

// trimmed returns the cells with spaces around them cut.
func trimmed(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Clone(strings.TrimSpace(c))
	}
	return out
}

func describeColumns(req [][2]string) string {
	names := make([]string, len(req))
	for i, c := range req {
		names[i] = strconv.Quote(c[0])
	}
	return "the columns " + strings.Join(names, ", ")
}

// describeHeader lists a header's columns for "not in the header".
func describeHeader(header []string) string {
	var names []string
	for _, h := range header {
		if h != "" {
			names = append(names, strconv.Quote(h))
		}
	}
	if len(names) == 0 {
		return "it has no named column"
	}
	return "its columns are " + strings.Join(names, ", ")
}

// columnNumber reads a column given by its position, #1 for the first:
// for columns whose header is empty, or not on the header row.
func columnNumber(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, "#")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n > 0
}

// column finds a mapped column in the header, or reports it missing.
func (t *mappedTable) column(name, key string) int {
	if n, ok := columnNumber(name); ok && !slices.Contains(t.header, name) {
		return n - 1 // a row shorter than n has an empty cell there
	}
	at := -1
	for i, h := range t.header {
		if h != name {
			continue
		}
		if at >= 0 {
			t.f.problems.add(t.headerRow, t.cellPath(t.headerRow, i), "column %q (%s) appears twice in the header, as columns %d and %d: rename one", name, key, at+1, i+1)
			return -1
		}
		at = i
	}
	if at < 0 {
		hint := ""
		for _, h := range t.header {
			if strings.EqualFold(h, name) {
				hint = fmt.Sprintf(" (headers are case-sensitive: did you mean %q?)", h)
			}
		}
		t.f.problems.add(t.headerRow, t.cellPath(t.headerRow, -1), "column %q (%s of %s, line %d) is not in the header (row %d): %s%s", name, key, t.l.files[0].name, t.m.line, t.headerRow, describeHeader(t.header), hint)
	}
	return at
}

// layout places every mapped column in the header and every metric's
// labels, and reports all that is missing at once.
func (t *mappedTable) layout() bool {
	m, p := t.m, &t.f.problems
	before := p.count()
	t.labelCols = make([]int, len(m.labels))
	for i, lc := range m.labels {
		t.labelCols[i] = t.column(lc.column, "labels."+lc.label)
	}
	if m.status != nil {
		t.statusCol = t.column(m.status.column, "status.column")
	}
	t.yearCol = -1
	if m.periodYear != "" {
		t.yearCol = t.column(m.periodYear, "period_year")
	}
	if m.rowsAs != nil {
		t.indicatorCol = t.column(m.rowsAs.column, "rows_as_metrics.column")
	}
	if m.columnsAs != nil {
		t.wideColumns()
	}
	scale := func(own string) string { return cmpOr(own, m.scale) }
	metric := t.f.include.metric
	switch {
	case m.rowsAs != nil:
		valueCol := -1
		if m.value != "" {
			valueCol = t.column(m.value, "value")
		}
		t.byIndicator = map[string]*indicatorSlots{}
		for _, in := range m.rowsAs.indicators {
			mm := t.metric(in.metric)
			is := &indicatorSlots{}
			if valueCol >= 0 {
				is.slots = append(is.slots, slot{col: valueCol, mm: mm, scale: scale(in.scale)})
			}
			for _, w := range t.wide {
				is.slots = append(is.slots, slot{col: w.col, mm: mm, scale: scale(in.scale), wide: w.value})
			}
			t.byIndicator[in.text] = is
		}
	case len(m.values) > 0:
		for _, vc := range m.values {
			t.fixed = append(t.fixed, slot{col: t.column(vc.column, "values."+vc.metric), mm: t.metric(vc.metric), scale: scale(vc.scale)})
		}
	case m.value != "":
		t.fixed = append(t.fixed, slot{col: t.column(m.value, "value"), mm: t.metric(metric), scale: scale("")})
	default:
		mm := t.metric(metric)
		for _, w := range t.wide {
			t.fixed = append(t.fixed, slot{col: w.col, mm: mm, scale: scale(""), wide: w.value})
		}
	}
	return p.count() == before
}

// wideColumns finds the columns whose headers are values of columns_as's
// label.
func (t *mappedTable) wideColumns() {
	ca, p := t.m.columnsAs, &t.f.problems
	seen := map[string]int{}
	for i, h := range t.header {
		sub := ca.match.FindStringSubmatch(h)
		if sub == nil || t.isMappedColumn(h) {
			continue
		}
		v := sub[0]
		if len(sub) > 1 {
			v = sub[1]
		}
		v = strings.TrimSpace(v)
		if v == "" {
			p.add(t.headerRow, t.cellPath(t.headerRow, i), "the header matches columns_as's pattern %q but gives an empty %s", ca.match, ca.label)
			continue
		}
		if r, at, found := controlCharacter(v); found {
			p.add(t.headerRow, t.cellPath(t.headerRow, i), "%s", controlMessage(r, at))
			continue
		}
		if ca.label == t.m.timeLabel {
			var ok bool
			if v, ok = t.cleanTime(v, t.headerRow, i); !ok {
				continue
			}
		}
		if j, dup := seen[v]; dup {
			p.add(t.headerRow, t.cellPath(t.headerRow, i), "columns %q and %q both give %s %q: every column of columns_as needs its own", t.header[j], h, ca.label, v)
			continue
		}
		seen[v] = i
		t.wide = append(t.wide, wideColumn{col: i, value: strings.Clone(v)})
	}
	if len(t.wide) == 0 {
		p.add(t.headerRow, t.cellPath(t.headerRow, -1), "no column of the header (row %d) matches columns_as's pattern %q: %s", t.headerRow, ca.match, describeHeader(t.header))
	}
}

func (t *mappedTable) isMappedColumn(h string) bool {
	for _, c := range t.required() {
		if c[0] == h {
			return true
		}
	}
	return false
}

// metric is the layout of a metric's labels over the row's label values.
func (t *mappedTable) metric(name string) *mappedMetric {
	st := t.l.metrics[name]
	if st == nil || st.broken || st.declared.file < 0 {
		return nil
	}
	mm := &mappedMetric{st: st, src: make([]int, len(st.Labels))}
	for j, label := range st.Labels {
		mm.src[j] = slices.IndexFunc(t.m.labels, func(lc labelColumn) bool { return lc.label == label })
		if mm.src[j] < 0 {
			mm.src[j] = len(t.m.labels) // columns_as's label
		}
	}
	return mm
}

// row reads one row after the header.
func (t *mappedTable) row(cells []string, n int) {
	filled := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			if filled++; filled > 1 {
				break
			}
		}
	}
	switch {
	case filled == 0:
		return // blank rows separate, they hold nothing
	case filled == 1 && len(t.notes) < maxPendingNotes:
		// A note below the data ("Source: …", "注：…") or a row of gaps:
		// which, only a later row can tell.
		kept := make([]string, len(cells))
		for i, c := range cells {
			kept[i] = strings.Clone(c) // the reader reuses its row
		}
		t.notes = append(t.notes, pendingRow{cells: kept, row: n})
		return
	}
	if len(t.notes) > 0 {
		notes := t.notes
		t.notes = nil
		for _, r := range notes {
			t.data(r.cells, r.row)
		}
	}
	t.data(cells, n)
}

// cell returns a row's cell in column c, "" when the row is shorter.
func cell(cells []string, c int) string {
	if c < 0 || c >= len(cells) {
		return ""
	}
	return cells[c]
}

// data reads the figures of one data row.
func (t *mappedTable) data(cells []string, n int) {
	l, p, m := t.l, &t.f.problems, t.m
	if len(p.list) >= csvMaxProblems {
		p.add(p.list[len(p.list)-1].Line, "", "stopping after %d problems in this file", len(p.list))
		t.stopped = true
		return
	}
	slots := t.fixed
	if t.byIndicator != nil {
		is := t.byIndicator[strings.TrimSpace(cell(cells, t.indicatorCol))]
		if is == nil {
			return // an indicator the entry does not map
		}
		is.seen = true
		slots = is.slots
	}
	if !t.started && t.continuesHeader(cells, slots) {
		// Between the header and the first figure, a row without labels
		// or numbers continues the header (units, codes), as in GENESIS
		// tables.
		return
	}
	valid := true
	for i, c := range t.labelCols {
		v := strings.TrimSpace(cell(cells, c))
		switch {
		case v == "" && t.dropped(m.labels[i].label, ""):
			// drop: {title: [""]} drops the rows without a title.
			return
		case v == "":
			p.add(n, t.cellPath(n, c), "empty label value: every row needs its %s (column %q), or drop: {%s: [\"\"]} in its figure_files entry to leave such rows out", m.labels[i].label, t.header[c], m.labels[i].label)
			valid = false
			continue
		case m.labels[i].label == m.timeLabel:
			if t.yearCol >= 0 {
				p, ok := t.periodOfYear(cell(cells, t.yearCol), v, n, c)
				switch {
				case ok:
					v = p
				case p != "":
					// A half-year, which periods: leaves to no entry.
					if t.otherPeriods++; t.otherPeriods == 1 {
						t.otherRow, t.otherText = n, strings.Clone(p)
					}
					return
				default:
					valid = false
					continue
				}
			}
			if m.periods != 0 {
				if p, err := period.Parse(v); err == nil && p.Kind != m.periods {
					if t.otherPeriods++; t.otherPeriods == 1 {
						t.otherRow, t.otherText = n, strings.Clone(v)
					}
					return
				}
			}
			var ok bool
			if v, ok = t.cleanTime(v, n, c); !ok {
				valid = false
				continue
			}
		}
		if r, at, found := controlCharacter(v); found {
			p.add(n, t.cellPath(n, c), "%s", controlMessage(r, at))
			valid = false
			continue
		}
		if t.dropped(m.labels[i].label, v) {
			return
		}
		t.labelValues[i] = l.kept.intern(v)
	}
	if !valid {
		return
	}
	t.started = true
	rowGap := t.statusCol >= 0 && slices.Contains(m.status.gaps, strings.TrimSpace(cell(cells, t.statusCol)))
	for i := range slots {
		s := &slots[i]
		if s.mm == nil {
			continue
		}
		text := cell(cells, s.col)
		if rowGap || t.isGap(text) {
			t.gap(s, text, n, cells, rowGap, "")
			continue
		}
		v, marks, ok := t.value(text, s.scale, n, s.col)
		if !ok {
			continue
		}
		if marks.any() {
			switch t.carried(s, marks, text, n) {
			case markGap:
				t.gap(s, text, n, cells, false, strings.Join(marks.Marks, ""))
				continue
			case markError:
				continue
			}
		}
		st := s.mm.st
		values := l.kept.take(len(st.Labels))
		t.labelValues[len(m.labels)] = s.wide
		for j, src := range s.mm.src {
			values[j] = t.labelValues[src]
		}
		l.addFigure(t.f, st, Figure{LabelValues: values, Value: v, Source: t.source}, place{file: int32(t.fi), line: int32(n), entry: -1})
	}
}

// continuesHeader says whether a row continues the header: every label
// cell empty, and words where the values are (units such as Anzahl,
// Prozent), not only numbers and gaps, which a data row missing its
// labels would have.
func (t *mappedTable) continuesHeader(cells []string, slots []slot) bool {
	notPeriod := false
	for i, c := range t.labelCols {
		v := strings.TrimSpace(cell(cells, c))
		if v == "" {
			continue
		}
		if t.m.labels[i].label != t.m.timeLabel {
			return false
		}
		if _, err := period.Parse(v); err == nil {
			return false
		}
		notPeriod = true
	}
	if notPeriod {
		// A time label that is not a period (the UK's ONS writes
		// "Release date", "PreUnit", "Unit" in the column of its
		// periods, below the series' code) continues the header when
		// no value of the row is a number.
		return !t.valueCells(cells, slots, true)
	}
	if len(t.labelCols) == 0 {
		// A table of values only: a row of units under the header holds
		// text and no number (a first row of figures with a typo holds
		// numbers too, and is read, to be refused).
		return t.valueCells(cells, slots, false) && !t.valueCells(cells, slots, true)
	}
	return t.valueCells(cells, slots, false)
}

// valueCells says whether a value cell of the row reads as a number
// (numbers true) or as no number (numbers false); gaps say neither.
func (t *mappedTable) valueCells(cells []string, slots []slot, numbers bool) bool {
	for _, s := range slots {
		text := strings.TrimSpace(cell(cells, s.col))
		if t.isGap(text) {
			continue
		}
		if _, _, err := readCell(text, cellOptions{comma: t.m.comma, parens: parensMark, bFlag: true}); (err == nil) == numbers {
			return true
		}
	}
	return false
}

// periodOfYear makes the period of a BLS period code in a year: M01-M12
// the months, Q01-Q04 the quarters, M13, Q05, S03 and A01 (annual
// averages and annual figures) the year. A half-year (S01, S02) is no
// period: with periods: it is left, as another kind, to no entry
// (ok false, v the code); without, it is a problem (ok false, v "").
func (t *mappedTable) periodOfYear(year, code string, n, col int) (string, bool) {
	year, code = strings.TrimSpace(year), strings.TrimSpace(code)
	y, err := period.Parse(year)
	if err != nil || y.Kind != period.Year {
		t.f.problems.add(n, t.cellPath(n, t.yearCol), "cannot read %q as the year of period %q (period_year: %s): expected a year such as 2011", year, code, t.m.periodYear)
		return "", false
	}
	num := 0
	if len(code) == 3 {
		if k, err := strconv.Atoi(code[1:]); err == nil {
			num = k
		}
	}
	switch {
	case len(code) == 3 && code[0] == 'M' && num >= 1 && num <= 12:
		return fmt.Sprintf("%s-%02d", year, num), true
	case len(code) == 3 && code[0] == 'Q' && num >= 1 && num <= 4:
		return fmt.Sprintf("%s-Q%d", year, num), true
	case code == "M13", code == "Q05", code == "S03", code == "A01":
		return year, true
	case (code == "S01" || code == "S02") && t.m.periods != 0:
		return code, false
	}
	t.f.problems.add(n, t.cellPath(n, col), "cannot read %q as a period code of %s (period_year: %s): expected M01-M12 (months), M13 (the annual average), Q01-Q04 (quarters), Q05, S03 or A01 (the year); half-years S01 and S02 are no period, which periods: leaves out", code, year, t.m.periodYear)
	return "", false
}

// dropped says whether a row is dropped by its label value.
func (t *mappedTable) dropped(label, v string) bool {
	for _, d := range t.m.drop {
		if d.label == label && slices.Contains(d.values, v) {
			return true
		}
	}
	return false
}

func (t *mappedTable) isGap(text string) bool {
	text = strings.TrimSpace(text)
	for _, g := range t.m.gaps {
		if text == g {
			return true
		}
	}
	return false
}

// gap counts a missing figure and lists it for check, or reports it when
// the entry makes gaps errors.
func (t *mappedTable) gap(s *slot, text string, n int, cells []string, byStatus bool, mark string) {
	t.gaps++
	why := fmt.Sprintf("the cell is %q", strings.TrimSpace(text))
	switch {
	case mark != "":
		why = fmt.Sprintf("the cell %q carries the mark %s (marks: in its figure_files entry makes it a gap)", strings.TrimSpace(text), mark)
	case byStatus:
		why = fmt.Sprintf("its status %s is %q", t.m.status.column, strings.TrimSpace(cell(cells, t.statusCol)))
	}
	st := s.mm.st
	series := func() string {
		values := make([]string, len(st.Labels))
		t.labelValues[len(t.m.labels)] = s.wide
		for j, src := range s.mm.src {
			values[j] = t.labelValues[src]
		}
		return seriesName(st.Name, st.Labels, values)
	}
	if t.m.gapsAreErrors {
		t.f.problems.add(n, t.cellPath(n, s.col), "no figure for %s: %s (gaps_are_errors: true in its figure_files entry; a number was expected)", series(), why)
		return
	}
	if t.gaps <= maxListedGaps {
		t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Line: n, Path: t.cellPath(n, s.col), Msg: fmt.Sprintf("gap: no figure for %s: %s", series(), why)})
	}
}

// value reads a value cell as published (docs/tables.md, Numbers): its
// currency, marks and parentheses apart, the number by the value grammar
// with the column's scale.
func (t *mappedTable) value(text, scale string, n, col int) (float64, CellMarks, bool) {
	_, bFlag := t.m.marks["b"]
	v, marks, err := readCell(text, cellOptions{comma: t.m.comma, parens: t.m.parens, scale: scale, bFlag: bFlag})
	if err == nil {
		return v, marks, true
	}
	reason := err.Error()
	var ve *ValueError
	if errors.As(err, &ve) {
		reason = ve.Reason
	}
	mark := ""
	if t.m.comma {
		mark = " with decimal: \",\""
	}
	if scale != "" {
		reason += fmt.Sprintf(" (with the column's scale %s)", scale)
	}
	t.f.problems.add(n, t.cellPath(n, col), "cannot read %q as a number%s: %s", strings.TrimSpace(text), mark, reason)
	return 0, marks, false
}

// carried weighs what a cell carried besides its number: it is counted
// for check's summary, a second currency in one metric is a problem, and
// marks: says whether a marked cell is a figure, a gap or an error.
func (t *mappedTable) carried(s *slot, marks CellMarks, text string, n int) string {
	c := &t.carriedMarks
	if marks.Currency != "" {
		name := s.mm.st.Name
		if c.currency == nil {
			c.currency = map[string]currencySeen{}
		}
		first, seen := c.currency[name]
		switch {
		case !seen:
			c.currency[name] = currencySeen{marks.Currency, n}
		case first.currency != marks.Currency:
			t.f.problems.add(n, t.cellPath(n, s.col), "%q is in %s, but the figure of %s at line %d is in %s: a metric holds figures of one currency; map the columns to two metrics", strings.TrimSpace(text), marks.Currency, name, first.line, first.currency)
			return markError
		}
		c.count(marks.Currency, n)
	}
	if marks.Parens {
		c.count("("+t.m.parens+")", n)
	}
	action := markNumber
	for _, m := range marks.Marks {
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		c.seen[m] = true
		a, ok := t.m.marks[m]
		if !ok {
			a = cmpOr(t.m.marks[""], markNumber)
		}
		if markRank(a) > markRank(action) {
			action = a
		}
	}
	if action == markError {
		t.f.problems.add(n, t.cellPath(n, s.col), "%q carries the mark %s, which marks: makes an error (a figure without it was expected)", strings.TrimSpace(text), strings.Join(marks.Marks, ""))
		return markError
	}
	if action == markNumber {
		for _, m := range marks.Marks {
			c.count(m, n)
		}
	}
	return action
}

func markRank(a string) int { return map[string]int{markNumber: 0, markGap: 1, markError: 2}[a] }

// carriedMarks counts what a table's cells carried besides their numbers.
type carriedMarks struct {
	byMark   map[string]int
	order    []string
	first    int
	currency map[string]currencySeen
	// seen are the marks cells carried, whatever marks: made of them.
	seen map[string]bool
}

type currencySeen struct {
	currency string
	line     int
}

func (c *carriedMarks) count(mark string, n int) {
	if c.byMark == nil {
		c.byMark = map[string]int{}
		c.first = n
	}
	if c.byMark[mark] == 0 {
		c.order = append(c.order, mark)
	}
	c.byMark[mark]++
}

// summary says what the marks were and that the figures are the numbers
// printed: a mark is never lost without a word.
func (c *carriedMarks) summary() string {
	if len(c.order) == 0 {
		return ""
	}
	parts := make([]string, 0, len(c.order))
	marks := false
	for _, m := range c.order {
		n, what := c.byMark[m], "mark"
		switch {
		case m == "("+parensNegative+")":
			what, m = "parentheses read as negatives", ""
		case m == "("+parensMark+")":
			what, m = "parentheses read as a mark", ""
		case currencyPrefix(m+" ") != "" || slices.Contains(currencySuffixes, m):
			what = "currency"
		default:
			marks = true
		}
		parts = append(parts, strings.Join(strings.Fields(fmt.Sprintf("%s %s ×%d", what, m, n)), " "))
	}
	hint := ""
	if marks {
		hint = "; marks: {p: gap} or marks: error in its figure_files entry makes a marked cell a gap or an error"
	}
	return fmt.Sprintf("marks: figures carried %s (the first at line %d): served as the numbers printed%s", strings.Join(parts, ", "), c.first, hint)
}

// finish reports what is known once every row is read: indicators that
// no row has, the gaps past the listed ones, the notes below the data.
func (t *mappedTable) finish() {
	if t.stopped {
		return
	}
	for _, in := range t.m.rowsAsIndicators() {
		if is := t.byIndicator[in.text]; is != nil && !is.seen {
			t.f.problems.add(0, t.cellPath(0, t.indicatorCol), "no row has %s %q (rows_as_metrics.metrics of %s, line %d): check its text against the table's", t.m.rowsAs.column, in.text, t.l.files[0].name, t.m.line)
		}
	}
	if t.otherPeriods > 0 {
		t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Line: t.otherRow, Msg: fmt.Sprintf("note: %d rows of other periods, the first %q, are not read by this entry (periods: %s)", t.otherPeriods, t.otherText, t.m.periods)})
	}
	if more := t.gaps - maxListedGaps; more > 0 && !t.m.gapsAreErrors {
		t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Msg: fmt.Sprintf("gap: %d more cells are gaps (%d in all; the first %d are listed above)", more, t.gaps, maxListedGaps)})
	}
	if msg := t.carriedMarks.summary(); msg != "" {
		t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Line: t.carriedMarks.first, Msg: msg})
	}
	for _, m := range slices.Sorted(maps.Keys(t.m.marks)) {
		if m != "" && !t.carriedMarks.seen[m] {
			t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Msg: fmt.Sprintf("marks: names %q (figure_files entry at line %d), which no cell of the table carries: marks are named in lower case without brackets (p for 12.3 p and (P), 1 for ¹ and [1], * for 123*)", m, t.m.line)})
		}
	}
	if len(t.notes) > 0 {
		first := t.notes[0]
		text := ""
		for _, c := range first.cells {
			if strings.TrimSpace(c) != "" {
				text = strings.TrimSpace(c)
			}
		}
		what := "row"
		if len(t.notes) > 1 {
			what = fmt.Sprintf("%d rows", len(t.notes))
		}
		t.l.warnings = append(t.l.warnings, Problem{File: t.f.name, Line: first.row, Msg: fmt.Sprintf("note: %s below the data read as notes, not figures: %q", what, truncate(text, 60))})
	}
}

func (m *tableMapping) rowsAsIndicators() []indicator {
	if m.rowsAs == nil {
		return nil
	}
	return m.rowsAs.indicators
}

// kindOfLabel is the kind of period a label's name says it holds.
func kindOfLabel(name string) (period.Kind, bool) {
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if strings.EqualFold(name, k.String()) {
			return k, true
		}
	}
	return 0, false
}

// decimalComma rewrites a number written with a decimal comma (1 234,5,
// 2.345,7, 1 234,5 with no-break spaces) in the value grammar's form
// (1,234.5), so that the grammar still checks the groups of three digits
// and reads the value exactly. What follows the number (a scale, %) is
// kept as written.
func decimalComma(s string) string { return regroup(s, true) }

// spaceGroups rewrites digits grouped by three with spaces (1 234 and
// 12 345.6, as SI and French style print them, with a space, a no-break,
// narrow no-break or thin space) or apostrophes (Swiss 1'234.5) in the
// value grammar's form, 1,234: the grammar then checks the groups. A
// number that also has commas is left as it is, for the grammar to
// refuse.
func spaceGroups(s string) string {
	if strings.ContainsRune(s, ',') {
		return s
	}
	return regroup(s, false)
}

// regroup writes the group separators of a number's integer digits as
// commas and, with comma, its decimal comma as a point.
func regroup(s string, comma bool) string {
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, sign := range []string{"-", "+", "−"} {
		if strings.HasPrefix(s, sign) {
			b.WriteString(sign)
			i = len(sign)
			break
		}
	}
	seenComma := false
	for i < len(s) {
		c := s[i]
		size := groupSeparator(s[i:])
		if c == '.' && !comma {
			break
		}
		switch {
		case isDigit(c):
			b.WriteByte(c)
			i++
			continue
		case comma && c == ',' && !seenComma:
			b.WriteByte('.')
			seenComma = true
			i++
			continue
		case size > 0 && !seenComma && i+size < len(s) && isDigit(s[i+size]):
			b.WriteByte(',')
			i += size
			continue
		}
		break
	}
	b.WriteString(s[i:])
	return b.String()
}

// groupSeparator returns the length of a digit-group separator at the
// start of s: a point (of decimal-comma numbers), a space, a no-break
// space (U+00A0), a narrow no-break space (U+202F), a thin space (U+2009)
// or an apostrophe (' or ’, Swiss style); 0 for none.
func groupSeparator(s string) int {
	switch {
	case strings.HasPrefix(s, "."), strings.HasPrefix(s, " "), strings.HasPrefix(s, "'"):
		return 1
	}
	for _, sep := range []string{"\u00a0", "\u202f", "\u2009", "’"} {
		if strings.HasPrefix(s, sep) {
			return len(sep)
		}
	}
	return 0
}

// cleanTime reads a value of the entry's time_label as a period and
// writes it canonically: 2011年, 2011.0 and FY2011 give 2011, 2011Q1
// gives 2011-Q1. A label named year, quarter, month or date holds periods
// of that kind: a value finer than it stands for it when it is its start
// (2011-01-01 in a year table, as tables of yearly figures date a year;
// 2011-04 in a quarter table), anything else is a problem rather than a
// period silently made of another.
func (t *mappedTable) cleanTime(v string, n, col int) (string, bool) {
	if c, ok := t.times[v]; ok {
		return c, true
	}
	p, err := period.Parse(v)
	if err != nil {
		t.f.problems.add(n, t.cellPath(n, col), "cannot read %q as a period (time_label: %s): %v", v, t.m.timeLabel, err)
		return "", false
	}
	if kind, ok := kindOfLabel(t.m.timeLabel); ok && p.Kind != kind {
		q := p.In(kind)
		if p.Kind < kind || !q.Start().Equal(p.Start()) {
			t.f.problems.add(n, t.cellPath(n, col), "%q is the %s %s, not a %s (time_label: %s): a %s is written as one, or as its first day (%s); name the label period to keep periods of any kind", v, p.Kind, p, kind, t.m.timeLabel, kind, q.Start().Format("2006-01-02"))
			return "", false
		}
		p = q
	}
	c := strings.Clone(p.String())
	if t.times == nil {
		t.times = map[string]string{}
	}
	if len(t.times) < maxInterned {
		t.times[strings.Clone(v)] = c
	}
	return c, true
}

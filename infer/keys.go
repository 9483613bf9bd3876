package infer

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file makes the labels tell every row apart, as config requires
// (two rows with the same labels would be one series with two figures):
// numeric columns that are keys become labels, rows without a label
// value and rows that no column tells apart are dropped with a comment,
// and a table whose rows nothing tells apart is refused saying why.

// keyColumns are the columns of labels, and the indicator's when rows
// are metrics.
func (s *shaper) keyColumns(labels []Label) []*column {
	var cols []*column
	for _, l := range labels {
		cols = append(cols, s.find(s.cols, l.Column))
	}
	if s.e.RowsAsMetrics != nil {
		cols = append(cols, s.find(s.cols, s.e.RowsAsMetrics.Column))
	}
	return cols
}

// keysOf are the rows' values of cols, joined.
func (s *shaper) keysOf(cols []*column) []string {
	keys := make([]string, len(s.data))
	parts := make([]string, len(cols))
	for k := range s.data {
		for i, c := range cols {
			parts[i] = c.cells[k]
		}
		keys[k] = strings.Join(parts, "\x00")
	}
	return keys
}

// Rows that repeat another cell for cell are left to unique, which
// names them: they say nothing of which columns are keys.
func (s *shaper) duplicateOf(cols []*column) (a, b int, dup bool) {
	return s.duplicateIn(cols, false)
}

// duplicateIn is duplicateOf, counting the rows that repeat another
// cell for cell when copies.
func (s *shaper) duplicateIn(cols []*column, copies bool) (a, b int, dup bool) {
	seen := map[string]int{}
	for k, key := range s.keysOf(cols) {
		if !s.read(k) || (!copies && s.copyOf[k] >= 0) {
			continue
		}
		if first, dup := seen[key]; dup {
			return first, k, true
		}
		seen[key] = k
	}
	return 0, 0, false
}

// sharedRows counts the rows that are read whose labels another row
// shares: a column is needed when leaving it out makes more of them
// (rows that share their labels with it too are unique's business).
func (s *shaper) sharedRows(labels []Label) int {
	count := map[string]int{}
	keys := s.keysOf(s.keyColumns(labels))
	for k, key := range keys {
		if s.read(k) && s.copyOf[k] < 0 {
			count[key]++
		}
	}
	n := 0
	for _, c := range count {
		if c > 1 {
			n += c
		}
	}
	return n
}

// findCopies finds the data rows that repeat an earlier one cell for cell.
func (s *shaper) findCopies() {
	s.copyOf = make([]int, len(s.data))
	seen := map[string]int{}
	for k, key := range s.keysOf(s.cols) {
		s.copyOf[k] = -1
		if first, ok := seen[key]; ok {
			s.copyOf[k] = first
		} else {
			seen[key] = k
		}
	}
}

// labelText writes row k's values of labels as a message shows them:
// year="1850", sex="1".
func (s *shaper) labelText(k int) string {
	var parts []string
	for _, l := range s.e.Labels {
		parts = append(parts, l.Name+"="+strconv.Quote(s.find(s.cols, l.Column).cells[k]))
	}
	if r := s.e.RowsAsMetrics; r != nil {
		parts = append(parts, fmt.Sprintf("%s %q", r.Column, s.find(s.cols, r.Column).cells[k]))
	}
	return strings.Join(parts, ", ")
}

// drop leaves data row k out: its figures and gaps are not served.
func (s *shaper) drop(k int) {
	if !s.read(k) {
		return
	}
	for _, v := range s.cols {
		if v.role != roleValue {
			continue
		}
		if s.mark.number(v.cells[k]) {
			s.stats.Figures--
		} else {
			s.stats.Gaps--
		}
	}
	s.dropped[k] = true
}

// readRows counts the data rows that are read.
func (s *shaper) readRows() int {
	n := 0
	for k := range s.data {
		if s.read(k) {
			n++
		}
	}
	return n
}

// numericKeys finds, among the value columns of a long table whose
// labels do not tell the rows apart, the numeric columns that are keys
// rather than figures: codes (sex 1 and 2), ages, the longitude and
// latitude of a grid. It returns the value columns left.
//
// A key is in every row (but a few, which sparseLabels drops) and its
// values repeat; the fewest such columns, whole numbers first, then
// leftmost first, that tell the rows apart are keys when the labels
// repeat in most rows (a key is missing throughout, not a row printed
// twice) and their values cross as a grid does: the rows are at least
// half the combinations of their values within the labels' groups.
// Measurements that happen to tell rows apart (penguins' beak lengths)
// do not cross so, and stay figures.
func (s *shaper) numericKeys(cols, values []*column) []*column {
	// Labels empty in most rows (a "partisan" flag set for a few polls)
	// cannot be the key: sparseLabels would drop most of the table.
	rows := len(s.data)
	var labels []*column
	for _, c := range cols {
		if c.role == roleLabel && 2*(rows-c.nonEmpty) <= rows {
			labels = append(labels, c)
		}
	}
	if _, _, dup := s.duplicateOf(labels); !dup {
		return values
	}
	// Rows with an empty label are dropped later (sparseLabels): they
	// count in no group, and an empty cell is no value of a key.
	groupRows := map[string]int{}
	for k, key := range s.keysOf(labels) {
		if !slices.ContainsFunc(labels, func(c *column) bool { return c.cells[k] == "" }) {
			groupRows[key]++
		}
	}
	repeated := 0
	for _, n := range groupRows {
		if n > 1 {
			repeated += n
		}
	}
	if 2*repeated < rows {
		// A few rows printed twice (a series break), not a key missing
		// throughout; but a column numbering the rows tells them apart.
		return s.rowID(values)
	}
	var cands []keyCand
	for _, c := range values {
		empty := 0
		for _, v := range c.cells {
			if v == "" {
				empty++
			}
		}
		if c.numeric+empty != rows || 10*empty > rows {
			// A gap token where a key would be; a few empty cells are
			// rows without the key, which sparseLabels drops.
			continue
		}
		seen := map[string]bool{}
		whole := true
		for _, v := range c.cells {
			if v != "" {
				seen[v] = true
			}
			whole = whole && wholeNumber.MatchString(v)
		}
		// Values that repeat; within the labels' groups, the grid test
		// below is enough.
		if len(seen) < rows && (2*len(seen) <= rows || len(groupRows) > 1) {
			cands = append(cands, keyCand{c, len(seen), whole})
		}
	}
	// Codes and ages are whole numbers: they are tried first.
	slices.SortStableFunc(cands, func(a, b keyCand) int {
		switch {
		case a.whole == b.whole:
			return 0
		case a.whole:
			return -1
		}
		return 1
	})
	// Few rows for many combinations: measurements, not keys.
	grid := func(chosen []keyCand) bool {
		combos := len(groupRows)
		for _, c := range chosen {
			if combos *= c.distinct; combos > 2*rows {
				return false
			}
		}
		return true
	}
	found := s.fewestKeys(labels, cands, min(3, len(values)-1), grid)
	if found == nil {
		return s.rowID(values)
	}
	var names, counts []string
	if len(labels) > 0 {
		counts = append(counts, strconv.Itoa(len(groupRows)))
	}
	for _, f := range found {
		names = append(names, strconv.Quote(f.c.header))
		counts = append(counts, strconv.Itoa(f.distinct))
	}
	others := "no other column tells the rows apart"
	if len(labels) > 0 {
		others = "the other labels repeat in most rows"
	}
	for _, f := range found {
		f.c.role, f.c.guess = roleLabel, true
		f.c.why = fmt.Sprintf("holds numbers but is a key: %s, %s tell every row apart, and their values cross as a grid's do (%d rows of %s combinations)", others, strings.Join(names, " and "), rows, strings.Join(counts, " × "))
	}
	return slices.DeleteFunc(slices.Clone(values), func(c *column) bool { return c.role == roleLabel })
}

// fewestKeys finds the fewest of cands, at most most, that with labels
// tell every row that is read apart and that fit accepts; of as many,
// the leftmost, as keys come first in a table. Only the leftmost eight
// candidates are tried.
func (s *shaper) fewestKeys(labels []*column, cands []keyCand, most int, fit func([]keyCand) bool) []keyCand {
	cands = cands[:min(len(cands), 8)]
	var found []keyCand
	var try func(from int, chosen []keyCand, size int) bool
	try = func(from int, chosen []keyCand, size int) bool {
		if len(chosen) == size {
			if !fit(chosen) {
				return false
			}
			key := slices.Clone(labels)
			for _, c := range chosen {
				key = append(key, c.c)
			}
			if _, _, dup := s.duplicateOf(key); dup {
				return false
			}
			found = slices.Clone(chosen)
			return true
		}
		for i := from; i < len(cands); i++ {
			if try(i+1, append(chosen, cands[i]), size) {
				return true
			}
		}
		return false
	}
	for size := 1; size <= most && size <= len(cands); size++ {
		if try(0, nil, size) {
			break
		}
	}
	return found
}

// rowID makes a label of the column that numbers the rows, when the
// labels do not tell them apart: whole numbers, a different one in every
// row, in the table's first column or under a header that says so
// (538's raw polls: pollno). It returns the value columns left.
func (s *shaper) rowID(values []*column) []*column {
	if len(values) < 2 {
		return values
	}
	for _, c := range values {
		if c.index != 0 && !rowNumberHeader.MatchString(c.name) {
			continue
		}
		seen := map[string]bool{}
		for _, v := range c.cells {
			if !wholeNumber.MatchString(v) || seen[v] {
				seen = nil
				break
			}
			seen[v] = true
		}
		if seen == nil {
			continue
		}
		where := "is the table's first column"
		if c.index != 0 {
			where = "has a header that numbers rows"
		}
		c.role, c.guess = roleLabel, true
		c.why = fmt.Sprintf("holds numbers, but a different whole number in each of the %d rows and %s, where the other labels do not tell the rows apart: it numbers the rows", len(s.data), where)
		return slices.DeleteFunc(slices.Clone(values), func(v *column) bool { return v == c })
	}
	return values
}

// rowNumberHeader: pollno, row_nr, Number, index, #.
var rowNumberHeader = regexp.MustCompile(`(?i)(no|nr|num|number|index|idx|#)$`)

// keyCand is a numeric column that may be a key, with its number of
// distinct values.
type keyCand struct {
	c        *column
	distinct int
	whole    bool
}

// sparseLabels handles label columns with empty cells, which config
// refuses (every row needs its labels). A column the other labels can do
// without (a code given for countries but not for regions) is left out.
// The rows without a value of a label that is needed (a movie without
// its title) are dropped, drop: {title: [""]}, with a comment counting
// them, so that the rest of the table is served; more than half the rows,
// and the table is refused.
func (s *shaper) sparseLabels() error {
	var needed []*column
	var neededLabels []string
	// The emptiest first: a flag set in a few rows is left out before a
	// column that is only sometimes empty.
	order := slices.Clone(s.e.Labels)
	slices.SortStableFunc(order, func(a, b Label) int {
		return s.find(s.cols, a.Column).nonEmpty - s.find(s.cols, b.Column).nonEmpty
	})
	for _, l := range order {
		i := slices.Index(s.e.Labels, l)
		c := s.find(s.cols, l.Column)
		if k, r, ok := s.controlCell(c); ok {
			// config refuses a label value holding a control character
			// (U+0092, a Windows-1252 quote read as UTF-8).
			rest := slices.Delete(slices.Clone(s.e.Labels), i, i+1)
			if s.sharedRows(rest) > s.sharedRows(s.e.Labels) {
				return fmt.Errorf("column %q holds the control character %U in %s, and is needed to tell the rows apart: a label value must be printable text; fix the cell (a Windows-1252 character read as UTF-8?), then run init again", l.Column, r, s.rowName(k))
			}
			s.e.Labels = rest
			s.guess("labels", "column %q holds the control character %U in %s, which a label value cannot hold, and the other labels tell the rows apart without it: not read", l.Column, r, s.rowName(k))
			continue
		}
		empty, first := 0, -1
		for k, v := range c.cells {
			if v == "" && s.read(k) {
				if empty++; first < 0 {
					first = k
				}
			}
		}
		if empty == 0 {
			continue
		}
		rest := slices.Delete(slices.Clone(s.e.Labels), i, i+1)
		if s.sharedRows(rest) <= s.sharedRows(s.e.Labels) {
			s.e.Labels = rest
			if s.e.TimeLabel == l.Name {
				s.e.TimeLabel = ""
			}
			s.guess("labels", "column %q is empty in %d row(s), first %s, and the other labels tell the rows apart without it: not read", l.Column, empty, s.rowName(first))
			continue
		}
		needed = append(needed, c)
		neededLabels = append(neededLabels, l.Name)
	}
	if len(needed) == 0 {
		return nil
	}
	var rows []int
	for k := range s.data {
		if s.read(k) && slices.ContainsFunc(needed, func(c *column) bool { return c.cells[k] == "" }) {
			rows = append(rows, k)
		}
	}
	var headers []string
	for _, c := range needed {
		headers = append(headers, strconv.Quote(c.header))
	}
	what := fmt.Sprintf("column %s is", headers[0])
	if len(needed) > 1 {
		what = fmt.Sprintf("columns %s are", strings.Join(headers, ", "))
	}
	if read := s.readRows(); 2*len(rows) > read {
		return fmt.Errorf("%s empty in %d of the %d rows (first %s) and needed to tell the rows apart: a figure needs a value of each of its labels; fill them in, then run init again", what, len(rows), read, s.rowName(rows[0]))
	}
	for _, k := range rows {
		s.drop(k)
	}
	for _, l := range neededLabels {
		s.dropRows(l, "")
	}
	s.guess("drop", "%s empty in %d row(s), first %s, and needed to tell the rows apart: a figure needs a value of each of its labels, so these rows are dropped (drop: %s: [\"\"]) and the rest of the table is served; fill them in to serve them", what, len(rows), s.rowName(rows[0]), neededLabels[0])
	return nil
}

// dropRows adds values to the written drop: of label.
func (s *shaper) dropRows(label string, values ...string) {
	for i := range s.e.DropRows {
		if d := &s.e.DropRows[i]; d.Label == label {
			d.Values = append(d.Values, values...)
			return
		}
	}
	s.e.DropRows = append(s.e.DropRows, Drop{Label: label, Values: values})
}

// unique checks that the labels tell every row apart; config would
// refuse two rows with the same series.
//
// Rows that no column tells apart (a series break printed as a second
// row for 1947) cannot both be served: they are dropped by the value of
// the label that drops fewest other rows, with a comment naming them, so
// that the rest of the table is served. More than half the rows
// dropped, and the table is refused, saying what would tell them apart.
func (s *shaper) unique() error {
	a, b, dup := s.duplicateIn(s.keyColumns(s.e.Labels), true)
	if !dup {
		return nil
	}
	same := fmt.Sprintf("%s have the same labels (%s)", s.twoRows(a, b), s.labelText(a))
	if s.copyOf[b] >= 0 {
		same = fmt.Sprintf("%s is %s again, cell for cell (labels %s)", s.rowName(b), s.rowName(s.copyOf[b]), s.labelText(b))
	}
	read := s.readRows()
	if len(s.e.Labels) == 0 {
		var figures []string
		for _, c := range s.cols {
			if c.role == roleValue {
				figures = append(figures, strconv.Quote(c.header))
			}
		}
		what := "every column holds figures (" + clipList(figures) + ") and none names what a row is about (a name, a code, a date)"
		if s.e.RowsAsMetrics != nil {
			what = fmt.Sprintf("only the indicator (%s) names what a row is about, and %s repeat it", s.e.RowsAsMetrics.Column, s.twoRows(a, b))
		}
		return fmt.Errorf("no column tells the rows apart: %s, so the figures of the %d rows would be one series. Add a column that names each row (an id), then run init again%s", what, read, s.keyHint())
	}
	keys := s.keysOf(s.keyColumns(s.e.Labels))
	count := map[string]int{}
	for k := range s.data {
		if s.read(k) {
			count[keys[k]]++
		}
	}
	repeated := 0
	for _, n := range count {
		if n > 1 {
			repeated += n
		}
	}
	best, bestRows := -1, read+1
	var bestValues []string
	for i, l := range s.e.Labels {
		c := s.find(s.cols, l.Column)
		values := map[string]bool{}
		for k := range s.data {
			if s.read(k) && count[keys[k]] > 1 {
				values[c.cells[k]] = true
			}
		}
		rows := 0
		for k := range s.data {
			if s.read(k) && values[c.cells[k]] {
				rows++
			}
		}
		if rows < bestRows {
			best, bestRows = i, rows
			bestValues = bestValues[:0]
			for k := range s.data {
				if v := c.cells[k]; s.read(k) && values[v] && !slices.Contains(bestValues, v) {
					bestValues = append(bestValues, v)
				}
			}
		}
	}
	if best < 0 || 2*bestRows > read {
		if s.copyOf[b] >= 0 {
			return fmt.Errorf("%s: a series has one figure, and dropping the rows with their labels would leave out most of the table; delete one of the two, then run init again", same)
		}
		return fmt.Errorf("%s, and %d of the %d rows share their labels with another: no column tells them apart, so their figures would be one series, and dropping them would leave out most of the table. A table of observations (a row per sample) names no row; add a column that names each row (an id), then run init again%s", same, repeated, read, s.keyHint())
	}
	l := s.e.Labels[best]
	c := s.find(s.cols, l.Column)
	written := make([]string, len(bestValues))
	for i, v := range bestValues {
		written[i] = s.cleaned(l.Name, v)
	}
	why := "which no column tells apart (a series break?)"
	if s.copyOf[b] >= 0 {
		why = "a row printed twice"
	}
	s.guess("drop", "%s, %s: a series has one figure, so the %d row(s) with %s %s are dropped and the rest of the table is served; edit the table to keep one", same, why, bestRows, l.Name, quoteAll(written))
	for k := range s.data {
		if s.read(k) && slices.Contains(bestValues, c.cells[k]) {
			s.drop(k)
		}
	}
	s.dropRows(l.Name, written...)
	return nil
}

// keyHint names the fewest numeric columns that, as labels, would tell
// the rows apart, as a hint to give them to init with --label; "" when
// none do.
func (s *shaper) keyHint() string {
	labels := s.keyColumns(s.e.Labels)
	var cands []keyCand
	var values []*column
	for _, c := range s.cols {
		if c.role != roleValue {
			continue
		}
		values = append(values, c)
		// Codes and ids: whole numbers in every row.
		seen := map[string]bool{}
		whole := c.numeric == len(s.data)
		for _, v := range c.cells {
			seen[v] = true
			whole = whole && wholeNumber.MatchString(v)
		}
		if whole {
			cands = append(cands, keyCand{c, len(seen), true})
		}
	}
	found := s.fewestKeys(labels, cands, 3, func([]keyCand) bool { return true })
	if found == nil {
		return ""
	}
	var names, flags []string
	for _, f := range found {
		names = append(names, strconv.Quote(f.c.header))
		flags = append(flags, "--label "+shellWord(f.c.header))
	}
	verb, them, tell := "names", "it tells", "tells"
	if len(found) > 1 {
		verb, them, tell = "name", "they tell", "tell"
	}
	if len(found) == len(values) {
		return fmt.Sprintf(". %s %s the rows apart, but then no column is left to hold figures: a list of pairs (a graph's edges) or of codes has no figures to serve", strings.Join(names, " and "), tell)
	}
	return fmt.Sprintf("; or, if %s %s what a row is about (codes, ids) rather than measure it, run init with %s: %s the rows apart", strings.Join(names, " and "), verb, strings.Join(flags, " "), them)
}

// fraction is a number with a fraction and nothing else (0.2137, 0,5),
// as no header is.
var fraction = regexp.MustCompile(`^[-+−]?[0-9]*[.,][0-9]+$`)

// wholeNumber is a number without a fraction, as codes and ids are.
var wholeNumber = regexp.MustCompile(`^-?[0-9]+$`)

// shellWord quotes a header for a command line when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// clipList joins a list for a message, cut after five.
func clipList(items []string) string {
	if len(items) > 5 {
		return strings.Join(items[:5], ", ") + fmt.Sprintf(", … (%d in all)", len(items))
	}
	return strings.Join(items, ", ")
}

// ownPercent is the scale of value column c: none when the header says %
// and the cells carry their own (538's "Primary %" holding 8%), which
// config reads as 0.08 already and refuses with a second %.
func (s *shaper) ownPercent(c *column, scale string) string {
	if scale != "%" {
		return scale
	}
	with, without := "", ""
	for _, v := range c.cells {
		switch t := strings.TrimSpace(v); {
		case !s.mark.number(t):
		case strings.HasSuffix(t, "%") || strings.HasSuffix(t, "％"):
			with = cmp.Or(with, t)
		default:
			without = cmp.Or(without, t)
		}
	}
	switch {
	case with == "":
		return scale
	case without == "":
		s.e.note("", fmt.Sprintf("column %q: its cells carry their own %% (such as %q): no scale", c.header, with))
	default:
		s.guess("", "column %q: some cells carry their own %% (%q, served as a fraction) and some do not (%q, served as written): no scale; check which the table means", c.header, with, without)
	}
	return ""
}

// isControl is a control character other than tab and newline, which
// config refuses in the text of a figures file.
func isControl(r rune) bool {
	return r != '\t' && r != '\n' && (r < 0x20 || (r >= 0x7F && r <= 0x9F))
}

// controlCell finds the first row that is read whose cell in c holds a
// control character other than tab and newline, as config's
// controlCharacter finds them in label values.
func (s *shaper) controlCell(c *column) (int, rune, bool) {
	for k, v := range c.cells {
		if !s.read(k) {
			continue
		}
		for _, r := range v {
			if isControl(r) {
				return k, r, true
			}
		}
	}
	return 0, 0, false
}

// numericHeader refuses a table whose header row is figures (538's
// pew-religions/current.csv starts with 0.00719424460432,0.2137…): a
// table without a header, whose columns nothing names. Headers that are
// whole numbers (years across, ratings 1 to 5) are names.
func (s *shaper) numericHeader() error {
	n, fractions, first := 0, 0, ""
	for _, c := range s.g.rows[s.header] {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		n++
		if fraction.MatchString(c) {
			if fractions++; first == "" {
				first = c
			}
		}
	}
	if 2*fractions < n {
		return nil
	}
	return fmt.Errorf("the header (row %d) holds figures such as %s, not names: the table seems to have no header row; add one naming its columns, then run init again", s.row(s.header), first)
}

// yearFigures makes figures of the columns of years that are not keys:
// under a header that names no time, beside another time label, and not
// needed to tell the rows apart (538's weather history: the
// record_min_temp_year of each date is when the record was set, a
// figure, not a label that would make every day a new series). It
// returns the value columns.
func (s *shaper) yearFigures(cols, values []*column) []*column {
	var labels []*column
	years := false
	for _, c := range cols {
		if c.role == roleLabel {
			labels = append(labels, c)
			years = years || (c.why == "holds only years" && !timeHeader.MatchString(c.name))
		}
	}
	if !years {
		return values
	}
	if _, _, dup := s.duplicateOf(labels); dup {
		return values
	}
	for _, c := range labels {
		if c.why != "holds only years" || timeHeader.MatchString(c.name) {
			continue
		}
		other := slices.ContainsFunc(labels, func(o *column) bool { return o != c && o.role == roleLabel && o.time && timeHeader.MatchString(o.name) })
		rest := slices.DeleteFunc(slices.Clone(labels), func(o *column) bool { return o == c || o.role != roleLabel })
		if !other {
			continue
		}
		if _, _, dup := s.duplicateOf(rest); dup {
			continue
		}
		c.role, c.time, c.why = roleValue, false, ""
		values = append(values, c)
		s.guess("values", "column %q holds only years, but the rows are told apart without it and another column is their time: figures (the year something happened), not a label", c.header)
	}
	slices.SortFunc(values, func(a, b *column) int { return a.index - b.index })
	return values
}

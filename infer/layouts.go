package infer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/figures-exporter/figures_exporter/period"
)

// wide maps a table whose headers are periods (years across), if it is
// one: the period columns become values of a label through columns_as.
func (s *shaper) wide(cols []*column) bool {
	best, bestN := -1, 0
	for i, hp := range headerPeriods {
		re := regexp.MustCompile(hp.match)
		n := 0
		for _, c := range cols {
			if m := re.FindStringSubmatch(strings.TrimSpace(c.header)); m != nil && hp.matches(m) {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return false
	}
	hp := headerPeriods[best]
	re := regexp.MustCompile(hp.match)
	var periods, others []*column
	for _, c := range cols {
		if m := re.FindStringSubmatch(strings.TrimSpace(c.header)); m != nil && hp.matches(m) {
			periods = append(periods, c)
		} else {
			others = append(others, c)
		}
	}
	// Text in a period column: a few distinct flags (such as "e" or
	// "(p)") are read as gaps; more, and this is not a table of figures
	// by period.
	texts := map[string]bool{}
	numeric := 0
	for _, c := range periods {
		numeric += c.numeric
		for _, v := range c.cells {
			if c.text > 0 && v != "" && !s.mark.number(v) && !isGapToken(v) {
				texts[v] = true
			}
		}
	}
	if numeric == 0 || len(texts) > 10 {
		return false
	}
	if len(periods) < 2 {
		for _, c := range others {
			s.labelOrValue(c)
			if c.role == roleValue {
				// One period header among other measures: a long table
				// with a column that happens to be named like a year.
				return false
			}
		}
	}
	match := hp.match
	if hp.label == "fiscal_year" && matchesAny(re, others) {
		return false // 2020-05 beside 2019-20: config would take both
	}
	if matchesAny(re, others) {
		// config reads every header the pattern matches: a column such
		// as "1078", four digits but no year, must not be one of them.
		match = strings.Replace(match, `(\d{4})`, `(18\d\d|19\d\d|20\d\d|2100)`, 1)
		if matchesAny(regexp.MustCompile(match), others) {
			return false
		}
		s.e.note("columns_as", fmt.Sprintf("the pattern names the years 1800 to 2100 only: other headers of four digits (%q) are not years", firstMatch(re, others)))
	}
	for _, c := range periods {
		c.role = roleValue
	}
	for _, c := range others {
		s.labelOrValue(c)
		if c.role == roleValue {
			c.role, c.why, c.guess = roleIgnored, "holds numbers but its header is not a period like the others'", true
		}
		if c.time {
			// A year column beside year headers is a label of another kind.
			c.time = false
		}
	}
	ind := s.weoIndicator(others)
	if ind == nil {
		ind = s.indicator(others)
	}
	if ind != nil && s.rowsAsMetrics(ind, periods) {
		s.weoScales(others)
		s.labels(others, ind)
	} else {
		s.labels(others, nil)
		s.e.Help = fmt.Sprintf("Figures of %s by %s.", s.g.name, strings.ReplaceAll(hp.label, "_", " "))
		name := s.stem
		if u, where, ok := s.unitInTitles(); ok {
			name, s.e.Scale = joinName(s.stem, u.words, u.suffix), u.scale
			s.guess("metric", "unit %s, scale %s, from %q above the header", orNone(u.suffix), orNone(u.scale), where)
		} else if i, base, u, ok := s.measureHeader(); ok {
			// Gapminder's sheets: the first column's header is the
			// measure, "Agricultural land (% of land area)", and its
			// cells the countries.
			name, s.e.Scale = joinName(readable(base), u.words, u.suffix), u.scale
			s.e.Help = fmt.Sprintf("%s, from %s.", s.e.Labels[i].Column, s.g.name)
			s.guess("metric", "the header %q of the first column, which has a unit, names the measure (unit %s, scale %s); its cells, the rows' names, are label name", s.e.Labels[i].Column, orNone(u.suffix), orNone(u.scale))
			s.e.Labels[i].Name = "name"
		} else {
			s.guess("metric", "named after the file: the table names no measure")
		}
		s.e.Metric = s.metrics.unique(validMetric(name))
	}
	label := hp.label
	for _, l := range s.e.Labels {
		if l.Name == label {
			label = "period"
		}
	}
	s.e.ColumnsAs = &ColumnsAs{Label: label, Match: match}
	s.e.note("columns_as", fmt.Sprintf("%d headers such as %q are %ss: each becomes a value of label %s", len(periods), strings.TrimSpace(periods[0].header), strings.ReplaceAll(hp.label, "_", " "), label))
	if hp.label == "fiscal_year" {
		// Not a period config reads: the label keeps the text.
		s.e.note("columns_as", fmt.Sprintf("financial years such as %q are kept as text: no time_label", strings.TrimSpace(periods[0].header)))
	} else {
		s.e.TimeLabel = label
	}
	var rows []int
	if s.e.RowsAsMetrics != nil {
		for k := range s.data {
			if s.mapped(k) {
				rows = append(rows, k)
			}
		}
	}
	s.gaps(periods, rows)
	return true
}

// unitInTitles finds a unit stated above the header or in its first
// cell, as yearbooks state it: 单位：万人, Unit: thousands.
func (s *shaper) unitInTitles() (unit, string, bool) {
	var cells []string
	for i := 0; i < s.header; i++ {
		cells = append(cells, s.g.rows[i]...)
	}
	if len(s.g.rows[s.header]) > 0 {
		cells = append(cells, s.g.rows[s.header][0])
	}
	for _, c := range cells {
		if m := unitInTitle.FindStringSubmatch(c); m != nil {
			if u, ok := parseUnit(m[2]); ok {
				return u, strings.TrimSpace(m[0]), true
			}
		}
	}
	return unit{}, "", false
}

// sdmx maps an SDMX-CSV table: the dimensions left of OBS_VALUE are
// labels, the attributes right of it are not read, and OBS_STATUS marks
// gaps.
func (s *shaper) sdmx(cols []*column, obs *column) error {
	if obs.numeric == 0 {
		return fmt.Errorf("column OBS_VALUE holds no numbers")
	}
	var status *column
	var attrs []string
	for _, c := range cols {
		switch {
		case c == obs:
			c.role = roleValue
		case c.index < obs.index:
			c.role = roleLabel
			nonGap := c.numeric + c.text
			c.time = nonGap > 0 && c.periods == nonGap
		default:
			c.role = roleIgnored
			attrs = append(attrs, c.header)
			if c.header == "OBS_STATUS" {
				status = c
			}
		}
	}
	s.e.note("", "SDMX-CSV: the columns left of OBS_VALUE are dimensions, kept as labels")
	if len(attrs) > 0 {
		s.e.note("", fmt.Sprintf("attributes %s are not read", strings.Join(attrs, ", ")))
	}
	s.labels(cols, nil)
	s.e.Metric, s.e.Scale, s.e.Help = s.metricOf(obs.name, obs.index, false, unit{})
	s.e.Value = obs.header
	if mult := s.find(cols, "UNIT_MULT"); mult != nil && mult.index > obs.index {
		s.unitMult(mult)
	}
	s.gaps([]*column{obs}, nil)
	if status != nil {
		s.statusGaps(obs, status)
	}
	return nil
}

// statusGaps makes the status values found only on rows without a
// figure (SDMX's OBS_STATUS M, Statistics Canada's STATUS x) the entry's
// status gaps.
func (s *shaper) statusGaps(obs, status *column) {
	gapStatus, figureStatus := map[string]bool{}, map[string]bool{}
	for k, v := range obs.cells {
		st := status.cells[k]
		if st == "" {
			continue
		}
		if s.mark.number(v) {
			figureStatus[st] = true
		} else {
			gapStatus[st] = true
		}
	}
	var gaps []string
	for st := range gapStatus {
		if !figureStatus[st] {
			gaps = append(gaps, st)
		}
	}
	if len(gaps) > 0 {
		slices.Sort(gaps)
		s.e.Status = &Status{Column: status.header, Gaps: gaps}
		s.e.note("status", fmt.Sprintf("%s %s marks every row without a figure, and no row with one", status.header, quoteAll(gaps)))
	}
}

// unitMult reads SDMX's UNIT_MULT: the power of ten the values are in.
// One value for the whole table becomes the entry's scale; values that
// differ from row to row cannot be a scale of the entry, and are said.
func (s *shaper) unitMult(c *column) {
	seen := map[string]bool{}
	for _, v := range c.cells {
		if v != "" {
			seen[v] = true
		}
	}
	if len(seen) != 1 {
		if len(seen) > 1 {
			s.guess("scale", "UNIT_MULT differs from row to row: values are served as written, not multiplied")
		}
		return
	}
	for v := range seen {
		scale, ok := map[string]string{"0": "", "3": "thousand", "6": "million", "9": "billion", "12": "trillion"}[v]
		switch {
		case !ok:
			s.guess("scale", "UNIT_MULT is %s, which no scale word says: values are served as written", v)
		case scale != "":
			s.e.Scale = scale
			s.e.note("scale", fmt.Sprintf("UNIT_MULT is %s in every row: values are in %ss", v, scale))
		}
	}
}

// measureHeader says whether a wide table's first label column has a
// header with a unit: then the header names the measure, not the label.
func (s *shaper) measureHeader() (int, string, unit, bool) {
	if len(s.e.Labels) == 0 {
		return 0, "", unit{}, false
	}
	base, u, ok := splitUnit(s.e.Labels[0].Column)
	if !ok || u == (unit{}) || readable(base) == "" {
		return 0, "", unit{}, false
	}
	return 0, base, u, true
}

// eurostatAcross maps a Eurostat TSV whose columns are not periods but
// the codes of another dimension (unit,time\geo: countries across): its
// row dimensions, the first columns, are labels, and every other column
// is a value of label geo through columns_as. The reader has split the
// first column; the dimension across is named only by the raw header,
// which readRows kept.
func (s *shaper) eurostatAcross(cols []*column) bool {
	if s.g.across == "" || len(cols) <= s.g.dims {
		return false
	}
	label := readable(s.g.across)
	if period.IsTimeLabelName(s.g.across) {
		// Periods across are the wide layout's; weeks (2020W50), which
		// are no period config reads, are values of a label week.
		for _, c := range cols[s.g.dims:] {
			if !eurostatWeek.MatchString(c.header) {
				return false
			}
		}
		label = "week"
	}
	var across []*column
	for _, c := range cols {
		if c.index < s.g.dims {
			c.role, c.why = roleLabel, "is a row dimension of the Eurostat table"
			continue
		}
		c.role = roleValue
		across = append(across, c)
	}
	s.labels(cols, nil)
	if label == "" {
		label = "across"
	}
	for _, l := range s.e.Labels {
		if l.Name == label {
			label += "_across"
		}
	}
	s.e.Metric = s.metrics.unique(validMetric(s.stem))
	s.e.Help = fmt.Sprintf("Figures of %s by %s.", s.g.name, label)
	s.guess("metric", "named after the file: the table names no measure")
	s.e.ColumnsAs = &ColumnsAs{Label: label, Match: `^(\S+)\s*$`}
	s.e.note("columns_as", fmt.Sprintf("%d headers such as %q are codes of %s, the dimension across (the first header says %s): each becomes a value of label %s", len(across), strings.TrimSpace(across[0].header), s.g.across, s.g.across, label))
	s.gaps(across, nil)
	return true
}

// matchesAny says whether re matches the header of one of cols.
func matchesAny(re *regexp.Regexp, cols []*column) bool { return firstMatch(re, cols) != "" }

// firstMatch is the first header of cols that re matches, or "".
func firstMatch(re *regexp.Regexp, cols []*column) string {
	for _, c := range cols {
		if h := strings.TrimSpace(c.header); re.MatchString(h) {
			return h
		}
	}
	return ""
}

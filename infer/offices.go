package infer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/figures-exporter/figures_exporter/period"
)

// onsSeries is the layout of a statistics office's time-series CSV: rows
// of metadata in the first column, the series' codes on one of them, then
// a row per period. The UK Office for National Statistics writes "Title",
// "CDID", "Source dataset ID", "PreUnit", "Unit", "Release date", "Next
// release", "Important notes", then years ("1948"), quarters ("1948 Q1")
// and months ("1948 JAN") one after the other in the same column. INSEE
// writes "Libellé", "idBank", "Période", then months (1990-01) or
// quarters (1990-T1), each series followed by a column of status codes
// (A: normal value) headed "Codes" on the Libellé row.
type onsSeries struct {
	office string              // ONS or INSEE
	meta   map[string][]string // metadata row -> its cells after the first
	title  string              // the key of the row of titles
	cdid   int                 // the row of the series' codes: the header
	first  int                 // the first row of figures
}

// officeKeys are the first cells of an office's title row and of its row
// of series codes.
var officeKeys = []struct{ office, title, codes string }{
	{"ONS", "Title", "CDID"},
	{"INSEE", "Libellé", "idBank"},
	// The Australian Bureau of Statistics' time-series workbooks: the
	// series' titles on the first row (its first cell empty), then Unit,
	// Series Type, Data Type, Frequency, Collection Month, Series Start,
	// Series End, No. Obs and Series ID, then a row per month or
	// quarter, dated by its first day.
	{"ABS", "", "Series ID"},
}

// onsLayout finds the layout: the office's title key in the first cell,
// its codes key among the next rows, and rows of periods after the
// metadata.
func (s *shaper) onsLayout() (*onsSeries, bool) {
	rows := s.g.rows
	if len(rows) < 3 || len(rows[0]) == 0 {
		return nil, false
	}
	first := strings.TrimSpace(rows[0][0])
	for _, k := range officeKeys {
		if first != k.title {
			continue
		}
		o := &onsSeries{office: k.office, title: k.title, meta: map[string][]string{}, cdid: -1}
		for i := 0; i < len(rows) && i < 20; i++ {
			if len(rows[i]) == 0 {
				continue
			}
			key := strings.TrimSpace(rows[i][0])
			if o.cdid >= 0 {
				if _, err := period.Parse(key); err == nil {
					o.first = i
					return o, true
				}
			}
			o.meta[key] = rows[i][1:]
			if key == k.codes {
				o.cdid = i
			}
		}
	}
	return nil, false
}

// titleOf is the title the office gives column col ("" for none).
func (o *onsSeries) titleOf(col int) string { return o.metaOf(o.title, col) }

// metaOf is the cell of metadata row key in column col ("" for none).
func (o *onsSeries) metaOf(key string, col int) string {
	if cells := o.meta[key]; col >= 1 && col-1 < len(cells) {
		return strings.TrimSpace(cells[col-1])
	}
	return ""
}

// absUnits are the ABS's Unit cells that say a scale or a unit.
var absUnits = map[string]unit{
	"000": {scale: "thousand"}, "'000": {scale: "thousand"}, "000 hours": {scale: "thousand", suffix: "hours"},
	"percent":    {suffix: "ratio", scale: "%"},
	"$ millions": {suffix: "aud", scale: "million"}, "$ billions": {suffix: "aud", scale: "billion"}, "$": {suffix: "aud"},
	"hours": {suffix: "hours"}, "number": {},
}

// onsUnit reads the unit of an ONS series from its PreUnit (£) and Unit
// (m) cells: £m is pounds in millions.
func (o *onsSeries) unit(col int) (unit, string, bool) {
	at := func(key string) string {
		if cells := o.meta[key]; col-1 < len(cells) && col >= 1 {
			return strings.TrimSpace(cells[col-1])
		}
		return ""
	}
	pre, u := at("PreUnit"), at("Unit")
	var out unit
	switch pre {
	case "":
	case "£":
		out.suffix = "gbp"
	case "$":
		out.suffix = "usd"
	case "€":
		out.suffix = "eur"
	default:
		return unit{}, pre + u, false
	}
	switch strings.ToLower(u) {
	case "":
	case "m", "£m", "million", "millions":
		out.scale = "million"
	case "bn", "£bn", "billion", "billions":
		out.scale = "billion"
	case "thousands", "000s", "'000s", "thousand":
		out.scale = "thousand"
	case "%":
		out.suffix, out.scale = "ratio", "%"
	default:
		if p, ok := parseUnit(u); ok {
			out.scale = p.scale
			if p.suffix != "" {
				out.suffix = p.suffix
			}
		} else {
			return unit{}, pre + u, false
		}
	}
	return out, pre + u, true
}

// kindWords name an entry's metric by the kind of its periods.
var kindWords = map[period.Kind]string{period.Year: "yearly", period.Quarter: "quarterly", period.Month: "monthly", period.Day: "daily"}

// byKind splits an entry whose time label mixes kinds of period (an ONS
// series' years, quarters and months) into an entry per kind, each with
// periods: and its metric named by the kind: a metric's series are of
// one kind of period. A time label of one kind is named by it.
func (s *shaper) byKind() []*Entry {
	if s.e.TimeLabel == "" || s.e.ColumnsAs != nil || s.e.RowsAsMetrics != nil {
		return []*Entry{s.e}
	}
	if s.ons != nil {
		s.officeHelp()
	}
	li := slices.IndexFunc(s.e.Labels, func(l Label) bool { return l.Name == s.e.TimeLabel })
	col := s.find(s.cols, s.e.Labels[li].Column)
	counts := map[period.Kind]int{}
	first := map[period.Kind]string{}
	for _, v := range col.cells {
		if p, err := period.Parse(v); err == nil {
			if counts[p.Kind]++; counts[p.Kind] == 1 {
				first[p.Kind] = v
			}
		}
	}
	var kinds []period.Kind
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if counts[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 1 && s.ons != nil {
		// Named by its kind, unless already named by a coarser one its
		// values start (periodStarts: ABS's months dated 1978-02-01).
		if !slices.Contains([]string{"year", "quarter", "month"}, s.e.TimeLabel) {
			s.e.Labels[li].Name, s.e.TimeLabel = kinds[0].String(), kinds[0].String()
		}
		return []*Entry{s.e}
	}
	if len(kinds) < 2 || counts[period.Day] > 0 && s.ons == nil {
		// One kind; or dates among other periods (a table's dates may
		// stand for the years or months they start, as config reads
		// them): no split.
		return []*Entry{s.e}
	}
	if s.periodGuess != "" {
		// The label is split by kind rather than named period.
		s.e.notes["labels"] = slices.DeleteFunc(s.e.notes["labels"], func(n string) bool { return n == s.periodGuess })
		s.e.guesses = slices.DeleteFunc(s.e.guesses, func(n string) bool { return n == s.periodGuess })
		s.stats.Guesses--
	}
	return s.splitKinds(li, kinds, counts, first)
}

// officeHelp gives an office's series their titles as help, and INSEE's
// codes as status gaps.
func (s *shaper) officeHelp() {
	title := func(column string) string {
		if c := s.find(s.cols, column); c != nil {
			if t := s.ons.titleOf(c.index); t != "" {
				t = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), ";")), ".")
				if st := s.ons.metaOf("Series Type", c.index); st != "" {
					t += ", " + strings.ToLower(st) // ABS: Trend, Seasonally Adjusted, Original
				}
				return fmt.Sprintf("%s (%s series %s), from %s.", t, s.ons.office, column, s.g.name)
			}
		}
		return ""
	}
	if s.ons.office == "INSEE" && s.e.Value != "" {
		// One series and its codes: codes found only on rows without a
		// figure mark gaps.
		var codes []*column
		for _, c := range s.cols {
			if c.index > 0 && s.ons.titleOf(c.index) == "Codes" {
				codes = append(codes, c)
			}
		}
		if v := s.find(s.cols, s.e.Value); len(codes) == 1 && v != nil {
			s.statusGaps(v, codes[0])
		}
	}
	if h := title(s.e.Value); s.e.Metric != "" && h != "" {
		s.e.Help = h
	}
	for j := range s.e.Values {
		if h := title(s.e.Values[j].Column); h != "" {
			s.e.Values[j].Help = h
		}
	}
}

// splitKinds makes an entry per kind of period of the time label (label
// li): each reads its rows with periods:, its metric named by the kind.
func (s *shaper) splitKinds(li int, kinds []period.Kind, counts map[period.Kind]int, first map[period.Kind]string) []*Entry {
	var described []string
	for _, k := range kinds {
		described = append(described, fmt.Sprintf("%d %ss (%q)", counts[k], k, first[k]))
	}
	var out []*Entry
	for i, k := range kinds {
		e := *s.e
		e.Labels = slices.Clone(s.e.Labels)
		e.Labels[li].Name, e.TimeLabel, e.Periods = k.String(), k.String(), k.String()
		e.notes = map[string][]string{}
		for key, ns := range s.e.notes {
			e.notes[key] = slices.Clone(ns)
		}
		if i > 0 {
			e.guesses = nil
		}
		rename := func(name string) string { return s.metrics.unique(withKind(name, kindWords[k], s.onsSuffix)) }
		if e.Metric != "" {
			e.Metric = rename(e.Metric)
		}
		e.Values = slices.Clone(s.e.Values)
		for j := range e.Values {
			e.Values[j].Metric = rename(e.Values[j].Metric)
		}
		e.note("periods", fmt.Sprintf("column %q holds %s: a metric holds periods of one kind, so the table is an entry per kind; this one reads the %ss", s.e.Labels[li].Column, strings.Join(described, ", "), k))
		out = append(out, &e)
	}
	return out
}

// withKind puts the kind's word before a metric name's unit ending:
// uk_gdp_gbp and quarterly give uk_gdp_quarterly_gbp.
func withKind(name, word, suffix string) string {
	if suffix != "" && strings.HasSuffix(name, "_"+suffix) {
		return strings.TrimSuffix(name, "_"+suffix) + "_" + word + "_" + suffix
	}
	return name + "_" + word
}

// onsColumn gives the roles of an ONS series' columns: the first holds
// its periods, each other column a series whose unit is in its PreUnit
// and Unit cells. It returns false for a column it leaves to the usual
// rules.
func (s *shaper) onsColumn(c *column) bool {
	if c.index == 0 {
		c.role, c.time, c.name = roleLabel, true, "period"
		return true
	}
	if s.ons.titleOf(c.index) == "Codes" {
		c.role, c.why = roleIgnored, "holds INSEE's status codes (A: normal value)"
		return true
	}
	if !c.valueLike() {
		return false
	}
	c.role = roleValue
	if s.ons.office == "ABS" {
		if u, ok := absUnits[strings.ToLower(s.ons.metaOf("Unit", c.index))]; ok && u != (unit{}) {
			c.below = u
			s.onsSuffix = u.suffix
		}
		return true
	}
	if s.ons.office != "ONS" {
		return true
	}
	u, text, ok := s.ons.unit(c.index)
	switch {
	case !ok:
		s.guess("", "column %q: unit %q (PreUnit and Unit) is none init knows: values served as written", c.header, text)
	case u != unit{}:
		c.below = u
		s.onsSuffix = u.suffix
		s.guess("", "column %q: PreUnit and Unit say %q: unit %s, scale %s", c.header, text, orNone(u.suffix), orNone(u.scale))
	}
	return true
}

// statcanMeta are the columns of a Statistics Canada full-table CSV that
// describe a figure rather than tell it apart: its geography's code, its
// unit and scale (and their codes), its series' vector and coordinate,
// its status and symbol, whether the series ended, its decimals.
var statcanMeta = map[string]bool{"DGUID": true, "UOM": true, "UOM_ID": true, "SCALAR_FACTOR": true, "SCALAR_ID": true, "VECTOR": true, "COORDINATE": true, "STATUS": true, "SYMBOL": true, "TERMINATED": true, "DECIMALS": true}

// statcanScales are SCALAR_FACTOR's words for the entry's scale.
var statcanScales = map[string]string{"units": "", "thousands": "thousand", "millions": "million", "billions": "billion", "trillions": "trillion"}

// statcan maps a Statistics Canada full-table CSV (REF_DATE, GEO, DGUID,
// the table's dimensions, UOM, …, SCALAR_FACTOR, VECTOR, COORDINATE,
// VALUE, STATUS, SYMBOL, TERMINATED, DECIMALS): VALUE holds the figures,
// REF_DATE, GEO and the dimensions are labels, the metadata columns are
// not, SCALAR_FACTOR is the scale and STATUS marks gaps. It returns false
// for other tables.
func (s *shaper) statcan(cols []*column) bool {
	value := s.find(cols, "VALUE")
	for _, h := range []string{"REF_DATE", "SCALAR_FACTOR", "VECTOR", "COORDINATE"} {
		if s.find(cols, h) == nil {
			return false
		}
	}
	if value == nil || value.numeric == 0 || value.text > 0 {
		return false
	}
	value.role = roleValue
	var meta []string
	for _, c := range cols {
		switch {
		case c == value:
		case statcanMeta[c.header]:
			c.role = roleIgnored
			meta = append(meta, c.header)
		default:
			c.role = roleLabel
			nonGap := c.numeric + c.text
			c.time = c.header == "REF_DATE" && nonGap > 0 && c.periods == nonGap
		}
	}
	s.e.note("", fmt.Sprintf("a Statistics Canada table: VALUE holds the figures; REF_DATE, GEO and the table's dimensions are labels; %s describe the figures and are not labels", strings.Join(meta, ", ")))
	// A geography's name may repeat (two municipalities of one name):
	// its DGUID, else the series' coordinate, tells the rows apart.
	if !s.distinct(cols) {
		for _, h := range []string{"DGUID", "COORDINATE"} {
			if c := s.find(cols, h); c != nil && c.nonEmpty == len(c.cells) {
				c.role = roleLabel
				if s.distinct(cols) {
					s.e.note("labels", fmt.Sprintf("column %s is a label: rows share their other labels (a geography's name given twice)", h))
					break
				}
				c.role = roleIgnored
			}
		}
	}
	if uom := s.find(cols, "UOM"); uom != nil {
		if u, one := s.single(uom); !one {
			uom.role = roleLabel
			s.e.note("labels", "UOM differs from row to row (the unit follows the dimensions): a label, uom")
		} else if strings.EqualFold(u, "percent") || strings.EqualFold(u, "percentage") {
			value.below = unit{suffix: "ratio", scale: "%"}
		} else if w := snake(u); w != "" && isASCII(u) && len(w) <= 24 {
			value.below = unit{suffix: w}
		}
	}
	s.labels(cols, nil)
	if ref := s.find(cols, "REF_DATE"); s.e.TimeLabel == "ref_date" && ref.time {
		// REF_DATE of one kind of period is named by it.
		kind := ref.finest
		for _, v := range ref.cells {
			if p, err := period.Parse(v); err == nil && p.Kind != kind {
				kind = 0
			}
		}
		if name := kind.String(); kind != 0 && !slices.ContainsFunc(s.e.Labels, func(l Label) bool { return l.Name == name }) {
			for i := range s.e.Labels {
				if s.e.Labels[i].Name == "ref_date" {
					s.e.Labels[i].Name = name
				}
			}
			s.e.TimeLabel = name
		}
	}
	s.e.Metric, s.e.Scale, s.e.Help = s.metricOf(value.name, value.index, false, value.below)
	s.e.Value = value.header
	sf := s.find(cols, "SCALAR_FACTOR")
	switch f, one := s.single(sf); {
	case !one:
		// A scale per row cannot be the entry's: keep the factor as a
		// label beside figures served as written.
		s.e.Labels = append(s.e.Labels, Label{Name: "scalar_factor", Column: sf.header})
		s.guess("labels", "SCALAR_FACTOR differs from row to row: figures are served as written, each labelled with its scalar_factor")
	default:
		scale, known := statcanScales[strings.ToLower(f)]
		switch {
		case !known:
			s.e.Labels = append(s.e.Labels, Label{Name: "scalar_factor", Column: sf.header})
			s.guess("labels", "SCALAR_FACTOR is %q, which no scale word says: figures are served as written, labelled with it", f)
		case scale != "" && s.e.Scale != "":
			s.e.Labels = append(s.e.Labels, Label{Name: "scalar_factor", Column: sf.header})
			s.guess("labels", "SCALAR_FACTOR is %q and UOM gives scale %s: the two cannot both scale; figures are served with the unit's, labelled with the factor", f, s.e.Scale)
		case scale != "":
			s.e.Scale = scale
			s.e.note("scale", fmt.Sprintf("SCALAR_FACTOR is %q in every row: values are in %ss", f, scale))
		}
	}
	s.gaps([]*column{value}, nil)
	if st := s.find(cols, "STATUS"); st != nil {
		s.statusGaps(value, st)
	}
	return true
}

// single is a column's value when every row has the same, non-empty one.
func (s *shaper) single(c *column) (string, bool) {
	v := ""
	for _, x := range c.cells {
		if x == "" || v != "" && x != v {
			return "", false
		}
		v = x
	}
	return v, v != ""
}

// distinct says whether the label columns tell every data row apart.
func (s *shaper) distinct(cols []*column) bool {
	seen := map[string]bool{}
	for k := range s.data {
		var key strings.Builder
		for _, c := range cols {
			if c.role == roleLabel {
				key.WriteString(c.cells[k])
				key.WriteByte(0)
			}
		}
		if seen[key.String()] {
			return false
		}
		seen[key.String()] = true
	}
	return true
}

// periodStarts names a time label by the coarser period its values all
// start: FRED dates a quarterly series on the first day of each quarter
// (1947-04-01), Statistics Canada by its first month (1946-04). Then the
// label is quarter (or year, or month), which config reads as periods of
// that kind: 1947-04-01 is 1947-Q2. It is a guess, said in a comment: a
// monthly table cut to January, April, July and October would read as
// quarters.
func (s *shaper) periodStarts(c *column) {
	if c.finest <= period.Quarter {
		return
	}
	var ps []period.Period
	for _, v := range c.cells {
		if v == "" {
			continue
		}
		p, err := period.Parse(v)
		if err != nil {
			return
		}
		ps = append(ps, p)
	}
	if len(ps) < 4 {
		return
	}
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month} {
		if k >= c.finest {
			return
		}
		distinct := map[period.Period]bool{}
		ok := true
		for _, p := range ps {
			q := p.In(k)
			if !q.Start().Equal(p.Start()) {
				ok = false
				break
			}
			distinct[q] = true
		}
		// Two distinct periods at least, and for quarters more than one
		// quarter of the year: a yearly series dated 1 January is years.
		quarters := map[int]bool{}
		for q := range distinct {
			quarters[q.Quarter] = true
		}
		if !ok || len(distinct) < 2 || k == period.Quarter && len(quarters) < 2 {
			continue
		}
		name := k.String()
		if slices.ContainsFunc(s.e.Labels, func(l Label) bool { return l.Name == name }) {
			return
		}
		old := s.e.TimeLabel
		for i := range s.e.Labels {
			if s.e.Labels[i].Name == old {
				s.e.Labels[i].Name = name
			}
		}
		s.e.TimeLabel = name
		s.guess("labels", "column %q holds %ss such as %q, each the first of a %s: label %s, read as %ss (%s is %s)", c.header, c.finest, firstWith(c.cells, func(v string) bool { return v != "" }), k, name, k, ps[len(ps)-1].String(), ps[len(ps)-1].In(k))
		return
	}
}

// blsHeader is the header of the Bureau of Labor Statistics' time-series
// flat files (download.bls.gov/pub/time.series/…): tab-separated, the
// series' code padded with spaces.
var blsHeader = []string{"series_id", "year", "period", "value", "footnote_codes"}

// isBLS says whether the table is a BLS flat file, by its header.
func (s *shaper) isBLS() bool {
	if len(s.cols) < len(blsHeader) {
		return false
	}
	for i, h := range blsHeader {
		if s.cols[i].header != h {
			return false
		}
	}
	return true
}

// blsKind is the kind of period of a BLS period code: M01-M12 months,
// Q01-Q04 quarters, M13, Q05, S03 and A01 the year (annual averages and
// figures); half-years (S01, S02) are no period (ok false).
func blsKind(code string) (period.Kind, bool) {
	switch {
	case code == "M13", code == "Q05", code == "S03", code == "A01":
		return period.Year, true
	case len(code) == 3 && code[0] == 'M' && code[1:] >= "01" && code[1:] <= "12":
		return period.Month, true
	case len(code) == 3 && code[0] == 'Q' && code[1:] >= "01" && code[1:] <= "04":
		return period.Quarter, true
	}
	return 0, false
}

// bls maps a BLS flat file: its year and period code columns make one
// time label (period_year:), an entry per kind of period (the months,
// the annual averages), each with periods:; half-years are left out,
// as a comment says. It returns nil for other tables or codes it does
// not know.
func (s *shaper) bls() []*Entry {
	if !s.isBLS() || s.e.Value != "value" {
		return nil
	}
	codes := s.cols[2]
	counts := map[period.Kind]int{}
	halves := 0
	for _, c := range codes.cells {
		switch k, ok := blsKind(c); {
		case ok:
			counts[k]++
		case c == "S01" || c == "S02":
			halves++
		case c != "":
			return nil
		}
	}
	var kinds []period.Kind
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month} {
		if counts[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	var labels []Label
	for _, l := range s.e.Labels {
		if l.Column != "year" && l.Column != "period" {
			labels = append(labels, l)
		}
	}
	var out []*Entry
	for i, k := range kinds {
		e := *s.e
		e.Labels = append(slices.Clone(labels), Label{Name: k.String(), Column: "period"})
		e.TimeLabel, e.PeriodYear = k.String(), "year"
		if len(kinds) > 1 || halves > 0 {
			e.Periods = k.String()
		}
		e.notes = map[string][]string{}
		for key, ns := range s.e.notes {
			e.notes[key] = slices.Clone(ns)
		}
		if i > 0 {
			e.guesses = nil
		}
		if len(kinds) > 1 {
			e.Metric = s.metrics.unique(withKind(s.e.Metric, kindWords[k], ""))
		}
		e.note("period_year", fmt.Sprintf("a BLS time-series file: a figure's time is its year and its period code; this entry reads the %d %s (%s)", counts[k], map[period.Kind]string{period.Year: "annual figures and averages", period.Quarter: "quarters", period.Month: "months"}[k], map[period.Kind]string{period.Year: "M13, Q05, S03, A01", period.Quarter: "Q01-Q04", period.Month: "M01-M12"}[k]))
		out = append(out, &e)
	}
	if halves > 0 {
		// Half-years are no period: their own entry, the year and the
		// code as labels, the rows of other codes dropped.
		e := *s.e
		e.Labels = append(slices.Clone(labels), Label{Name: "year", Column: "year"}, Label{Name: "half", Column: "period"})
		e.TimeLabel, e.Periods, e.PeriodYear, e.guesses = "", "", "", nil
		e.notes = map[string][]string{}
		e.Metric = s.metrics.unique(withKind(s.e.Metric, "half_yearly", ""))
		var others []string
		for _, c := range codes.cells {
			if c != "S01" && c != "S02" && !slices.Contains(others, c) {
				others = append(others, c)
			}
		}
		slices.Sort(others)
		e.DropRows = []Drop{{Label: "half", Values: others}}
		e.note("labels", fmt.Sprintf("the %d rows of half-years (S01, S02), which are no period: labels year and half, the rows of other codes dropped", halves))
		out = append(out, &e)
	}
	return out
}

// eurostatWeek is a week as Eurostat heads its weekly columns: 2020W50
// (and 2020W99 for deaths whose week is unknown).
var eurostatWeek = regexp.MustCompile(`^\d{4}W\d{2}$`)

// weoAttributes are the columns of the IMF's World Economic Outlook
// download that describe a subject rather than tell rows apart: read
// into each subject's metric (help, scale), not labels.
var weoAttributes = []string{"Subject Descriptor", "Subject Notes", "Units", "Scale", "Country/Series-specific Notes"}

// weoIndicator is the WEO Subject Code column of an IMF World Economic
// Outlook table (WEO Country Code, ISO, WEO Subject Code, Country,
// Subject Descriptor, Subject Notes, Units, Scale, …, years across,
// Estimates Start After): a metric per subject, as indicators in rows.
// nil for other tables.
func (s *shaper) weoIndicator(cols []*column) *column {
	code := s.find(cols, "WEO Subject Code")
	if code == nil || s.find(cols, "Scale") == nil || s.find(cols, "Units") == nil {
		return nil
	}
	for _, h := range weoAttributes {
		if c := s.find(cols, h); c != nil {
			c.role, c.why, c.guess = roleIgnored, "describes the WEO subject (in its metric's help and scale)", false
		}
	}
	return code
}

// weoScales gives each WEO subject's metric the scale its Scale cells
// say (Billions: billion) when all its rows say the same, and a help of
// its descriptor and units; a subject whose rows differ keeps its
// figures as printed, as a comment says.
func (s *shaper) weoScales(cols []*column) {
	ram := s.e.RowsAsMetrics
	code, scale := s.find(cols, "WEO Subject Code"), s.find(cols, "Scale")
	if ram == nil || code == nil || scale == nil || ram.Column != code.header {
		return
	}
	desc, units := s.find(cols, "Subject Descriptor"), s.find(cols, "Units")
	words := map[string]string{"": "", "units": "", "thousands": "thousand", "millions": "million", "billions": "billion", "trillions": "trillion"}
	for i := range ram.Metrics {
		m := &ram.Metrics[i]
		seen := map[string]bool{}
		help := ""
		for k, v := range code.cells {
			if v != m.Row {
				continue
			}
			seen[scale.cells[k]] = true
			if help == "" && desc != nil && units != nil {
				help = strings.TrimSpace(desc.cells[k] + ", " + units.cells[k])
			}
		}
		if help != "" {
			m.Help = fmt.Sprintf("%s (WEO subject %s), from %s.", help, m.Row, s.g.name)
		}
		if len(seen) != 1 {
			s.guess("rows_as_metrics", "WEO subject %s has rows of different Scale: its figures are served as printed", m.Row)
			continue
		}
		for v := range seen {
			w, ok := words[strings.ToLower(v)]
			switch {
			case !ok:
				s.guess("rows_as_metrics", "WEO subject %s has Scale %q, which no scale word says: its figures are served as printed", m.Row, v)
			case w != "":
				m.Scale = w
			}
		}
	}
	s.e.note("rows_as_metrics", "an IMF WEO table: each subject's Scale (Billions, Millions) is its metric's scale")
}

package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prometheus/common/model"

	"github.com/figures-exporter/figures_exporter/period"
)

// mappingKeys are the keys of a figure_files entry that read a published
// table as it comes (reading options) and say which of its columns hold
// what (mapping). Any of mappedKeys makes the entry a mapped table.
var (
	readingKeys = []string{"encoding", "separator", "decimal", "sheet", "records", "header_row"}
	mappedKeys  = []string{"labels", "value", "values", "columns_as", "rows_as_metrics"}
	mappingKeys = append(append(slices.Clone(readingKeys), mappedKeys...),
		"scale", "gaps", "status", "gaps_are_errors", "parentheses", "marks", "drop", "time_label", "periods", "period_year", "help")
)

// defaultGaps are the cells read as "no figure here" unless an entry's
// gaps: says otherwise: what statistics offices and spreadsheets write for
// a missing value.
var defaultGaps = []string{"", "..", "…", "-", "n/a", "NA", "N/A"}

// tableMapping is how a figure_files entry maps the rows and columns of a
// published table onto figures.
type tableMapping struct {
	line int
	// Reading.
	encoding  string
	separator rune
	comma     bool // decimal: ","
	sheet     string
	records   string
	headerRow int // 0: the first row holding every mapped column
	// Mapping. labels are in the order written; a metric declared by the
	// entry has them in that order, then columnsAs's label.
	labels []labelColumn
	value  string // the value column of a long table ("" when none)
	values []valueColumn
	// columnsAs reads wide tables: every column whose header matches is a
	// value, its label value taken from the header.
	columnsAs *columnsAs
	// rowsAs reads indicators in rows: the metric of a row is named by
	// the text of one column.
	rowsAs *rowsAsMetrics
	scale  string // for every value of the entry that has no scale of its own
	// gaps are the cells that are no figure; status makes a row a gap by
	// the text of a status column.
	gaps          []string
	status        *statusColumn
	gapsAreErrors bool
	// parens says what parentheses around a number mean: "" (refused),
	// parensNegative or parensMark.
	parens string
	// marks says what a cell carrying a flag or footnote mark is: a
	// figure (markNumber, the default), a gap or an error; by mark name,
	// and for all marks under "".
	marks     map[string]string
	drop      []dropRule
	timeLabel string
	// periods, when set, keeps the rows whose time label is a period of
	// this kind: the others (quarters among years, as the UK's ONS
	// publishes them in one column) are for other entries of the file.
	periods period.Kind
	// periodYear is the column of the year that the time label's period
	// codes (BLS's M01-M13, Q01-Q05, A01) fall in; "" when the time
	// label holds whole periods.
	periodYear string
	help       string
}

type labelColumn struct{ label, column string }

// valueColumn is a column of values of one metric (values:, or value:
// with the entry's metric).
type valueColumn struct {
	metric, column, scale, help string
	// about and where say where in the table the values are, for a
	// generated help: about "column \"Deaths\"", or about "rows" and
	// where "whose 指标 is \"国内生产总值(亿元)\"".
	about, where string
}

type columnsAs struct {
	label string
	match *regexp.Regexp
}

type rowsAsMetrics struct {
	column     string
	indicators []indicator
}

// indicator is one row text of rows_as_metrics and the metric it names.
type indicator struct {
	text, metric, scale, help string
}

type statusColumn struct {
	column string
	gaps   []string
}

type dropRule struct {
	label  string
	values []string
}

// labelNames are the labels of a metric the entry declares: its labels in
// order, then columns_as's label.
func (m *tableMapping) labelNames() []string {
	names := make([]string, 0, len(m.labels)+1)
	for _, l := range m.labels {
		names = append(names, l.label)
	}
	if m.columnsAs != nil {
		names = append(names, m.columnsAs.label)
	}
	return names
}

// outputs lists every metric the entry gives figures to, with the help it
// gives it ("" when it gives none).
func (m *tableMapping) outputs(entryMetric string) []valueColumn {
	switch {
	case m.rowsAs != nil:
		out := make([]valueColumn, 0, len(m.rowsAs.indicators))
		for _, in := range m.rowsAs.indicators {
			out = append(out, valueColumn{metric: in.metric, help: cmpOr(in.help, m.help), about: "rows", where: fmt.Sprintf(" whose %s is %q", m.rowsAs.column, in.text)})
		}
		return out
	case len(m.values) > 0:
		out := slices.Clone(m.values)
		for i := range out {
			out[i].help = cmpOr(out[i].help, m.help)
			out[i].about = fmt.Sprintf("column %q", out[i].column)
		}
		return out
	case m.columnsAs != nil:
		return []valueColumn{{metric: entryMetric, help: m.help, about: fmt.Sprintf("columns matching %q", m.columnsAs.match)}}
	}
	return []valueColumn{{metric: entryMetric, help: m.help, about: fmt.Sprintf("column %q", m.value)}}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// tableMapping walks the mapping keys of a figure_files entry. It returns
// nil and no problem when the entry has none of them, and nil with
// problems when they are wrong.
func (w *walker) tableMapping(fields fieldSet, e *includeEntry) (*tableMapping, bool) {
	mapped := false
	for _, k := range mappedKeys {
		if _, ok := fields.get(k); ok {
			mapped = true
		}
	}
	m := &tableMapping{line: e.line}
	if !mapped {
		for _, k := range mappingKeys {
			if v, ok := fields.get(k); ok {
				w.problems.add(int(v.line), e.path+"."+k, "%s: applies to a mapped table: say which columns hold what with labels: and value: (or values:, columns_as:, rows_as_metrics:)", k)
				return nil, false
			}
		}
		return nil, true
	}
	ok := true
	bad := func(n *node, key, format string, args ...any) {
		w.problems.add(int(n.line), e.path+"."+key, format, args...)
		ok = false
	}
	text := func(key string) (string, *node) {
		v, found := fields.get(key)
		if !found {
			return "", nil
		}
		s, good := w.text(v, e.path+"."+key)
		if !good {
			ok = false
			return "", nil
		}
		return s, v
	}
	m.encoding, _ = text("encoding")
	if n, found := fields.get("separator"); found {
		// Read raw: a tab is white space, which text refuses.
		switch s := w.doc.value(n); s {
		case ",", ";", "|", "\t", "tab", `\t`:
			m.separator, _ = utf8.DecodeRuneInString(strings.NewReplacer("tab", "\t", `\t`, "\t").Replace(s))
		default:
			bad(n, "separator", "unknown separator %q: expected \",\", \";\", \"|\" or \"\\t\" (tab)", s)
		}
	}
	if s, n := text("decimal"); n != nil {
		switch s {
		case ".":
		case ",":
			m.comma = true
		default:
			bad(n, "decimal", "unknown decimal mark %q: expected \".\" or \",\" (1 234,5 and 2.345,7 are read with \",\")", s)
		}
	}
	m.sheet, _ = text("sheet")
	m.records, _ = text("records")
	if v, found := fields.get("header_row"); found {
		n, err := strconv.Atoi(w.doc.value(v))
		if v.kind != scalarNode || err != nil || n < 1 {
			bad(v, "header_row", "expected the number of the header row, counting from 1, found %s", w.describe(v))
		}
		m.headerRow = n
	}
	if v, found := fields.get("labels"); found {
		m.labels = w.labelColumns(v, e.path+".labels", &ok)
	}
	m.value, _ = text("value")
	if v, found := fields.get("values"); found {
		m.values = w.valueColumns(v, e.path+".values", &ok)
	}
	if v, found := fields.get("columns_as"); found {
		m.columnsAs = w.columnsAs(v, e.path+".columns_as", &ok)
	}
	if v, found := fields.get("rows_as_metrics"); found {
		m.rowsAs = w.rowsAsMetrics(v, e.path+".rows_as_metrics", &ok)
	}
	if s, n := text("scale"); n != nil {
		if msg := checkScale(s); msg != "" {
			bad(n, "scale", "%s", msg)
		}
		m.scale = s
	}
	if v, found := fields.get("gaps"); found {
		m.gaps = w.textList(v, e.path+".gaps", &ok)
		if m.gaps == nil {
			m.gaps = []string{}
		}
	} else {
		m.gaps = defaultGaps
	}
	if v, found := fields.get("status"); found {
		m.status = w.statusColumn(v, e.path+".status", &ok)
	}
	if v, found := fields.get("gaps_are_errors"); found {
		switch {
		case v.kind == scalarNode && v.tag == tagBool:
			m.gapsAreErrors = strings.EqualFold(w.doc.value(v), "true")
		default:
			bad(v, "gaps_are_errors", "expected true or false, found %s", w.describe(v))
		}
	}
	if s, n := text("parentheses"); n != nil {
		switch s {
		case parensNegative, parensMark:
			m.parens = s
		default:
			bad(n, "parentheses", "unknown meaning %q of parentheses: expected negative ((1,234) is -1234, as accounts write it) or mark ((123) is 123 with a mark, as statistical tables print a figure of low reliability)", s)
		}
	}
	if v, found := fields.get("marks"); found {
		m.marks = w.markActions(v, e.path+".marks", &ok)
	}
	if v, found := fields.get("drop"); found {
		m.drop = w.dropRules(v, e.path+".drop", &ok)
	}
	var timeNode *node
	m.timeLabel, timeNode = text("time_label")
	if kind, n := text("periods"); n != nil {
		if k, found := kindOfLabel(kind); found {
			m.periods = k
		} else {
			bad(n, "periods", "unknown kind of period %q: expected year, quarter, month or date", kind)
		}
		if m.timeLabel == "" {
			bad(n, "periods", "periods: %s keeps the rows whose time label is a %s: name that label with time_label:", kind, kind)
		}
	}
	if col, n := text("period_year"); n != nil {
		m.periodYear = col
		if m.timeLabel == "" {
			bad(n, "period_year", "period_year: %s is the year of the period codes (M01, Q01, A01) of the time label's column: name that label with time_label:", col)
		}
	}
	m.help, _ = text("help")
	m.help = strings.TrimSpace(m.help)
	if !ok {
		return nil, false
	}
	// What makes the values, and of which metric.
	at := func(key string) (*node, string) {
		v, _ := fields.get(key)
		if v == nil {
			v = &node{line: int32(e.line)}
			return v, e.path
		}
		return v, e.path + "." + key
	}
	problem := func(key, format string, args ...any) {
		n, path := at(key)
		w.problems.add(int(n.line), path, format, args...)
		ok = false
	}
	hasMetric := e.metric != ""
	switch {
	case m.rowsAs != nil && hasMetric:
		problem("metric", "metric: names one metric, but rows_as_metrics: names the metric of each row: keep one or the other")
	case m.rowsAs != nil && len(m.values) > 0:
		problem("values", "values: names a metric per column, but rows_as_metrics: names the metric of each row: keep one or the other")
	case m.rowsAs != nil && (m.value == "") == (m.columnsAs == nil):
		problem("rows_as_metrics", "rows_as_metrics: reads the values of each row from value: (one column) or from columns_as: (years across): give exactly one of them")
	case len(m.values) > 0 && (m.value != "" || m.columnsAs != nil || hasMetric):
		problem("values", "values: names the metric and column of each measure: drop metric:, value: and columns_as: from this entry")
	case m.rowsAs == nil && len(m.values) == 0 && !hasMetric:
		problem("", "a mapped table needs its metric: add metric: NAME (with value: or columns_as:), or values: (a metric per column), or rows_as_metrics: (a metric per row)")
	case m.rowsAs == nil && len(m.values) == 0 && (m.value == "") == (m.columnsAs == nil):
		problem("metric", "metric: %s needs its values: give value: (the column holding them) or columns_as: (columns whose headers are label values), not both", e.metric)
	}
	// Label names: unique, valid, and not the columns_as label.
	seen := map[string]bool{}
	all := m.labelNames()
	for _, name := range all {
		if seen[name] {
			problem("labels", "label %q is named twice (labels: and columns_as: together give each label once)", name)
		}
		seen[name] = true
	}
	for _, d := range m.drop {
		if !seen[d.label] {
			problem("drop", "drop: names label %q, which this entry does not map: it maps %s", d.label, describeLabels(all))
		}
	}
	if m.periods != 0 && m.columnsAs != nil && m.columnsAs.label == m.timeLabel {
		problem("periods", "periods: keeps rows by the period in their time label's column, but time_label: %s is columns_as:'s label, read from the headers: keep only the columns of one kind with columns_as.match", m.timeLabel)
	}
	if m.timeLabel != "" && !seen[m.timeLabel] {
		w.problems.add(int(timeNode.line), e.path+".time_label", "time_label: names label %q, which this entry does not map: it maps %s", m.timeLabel, describeLabels(all))
		ok = false
	}
	if !ok {
		return nil, false
	}
	return m, true
}

// checkScale says why a scale: cannot be applied, or "".
func checkScale(s string) string {
	if _, err := ParseValue("1 " + s); err != nil || strings.TrimSpace(s) == "" {
		return fmt.Sprintf("unknown scale %q: expected one of %s", s, scaleList)
	}
	return ""
}

// pairs returns a mapping's keys and values, or reports that n is not a
// mapping.
func (w *walker) pairs(n *node, path, expected string, ok *bool) [][2]*node {
	if n.kind != mappingNode {
		w.problems.add(int(n.line), path, "expected %s, found %s", expected, w.describe(n))
		*ok = false
		return nil
	}
	children := w.doc.children(n)
	var out [][2]*node
	seen := map[string]bool{}
	for i := 0; i+1 < len(children); i += 2 {
		k, v := &children[i], &children[i+1]
		if k.kind != scalarNode {
			w.problems.add(int(k.line), path, "expected a key, found %s", w.describe(k))
			*ok = false
			continue
		}
		if seen[w.doc.value(k)] {
			w.problems.add(int(k.line), joinPath(path, w.doc.value(k)), "key %q appears twice", w.doc.value(k))
			*ok = false
			continue
		}
		seen[w.doc.value(k)] = true
		out = append(out, [2]*node{k, v})
	}
	if len(out) == 0 {
		w.problems.add(int(n.line), path, "expected %s, found an empty mapping", expected)
		*ok = false
	}
	return out
}

// mappedLabelName checks a label name of a mapped table. Unlike a
// declaration in metrics:, it may be source: the table's figures take
// their provenance from the entry's source:, not from a column.
func (w *walker) mappedLabelName(k *node, path string, ok *bool) string {
	name := w.doc.value(k)
	if !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__") {
		w.problems.add(int(k.line), path, "invalid label name %q: expected letters, digits and _, not starting with a digit or __", name)
		*ok = false
	}
	return name
}

func (w *walker) labelColumns(n *node, path string, ok *bool) []labelColumn {
	var out []labelColumn
	for _, kv := range w.pairs(n, path, "a mapping of label names to column headers, such as {entity: Entity, year: Year}", ok) {
		kpath := joinPath(path, w.doc.value(kv[0]))
		label := w.mappedLabelName(kv[0], kpath, ok)
		column, good := w.text(kv[1], kpath)
		if !good {
			*ok = false
		}
		out = append(out, labelColumn{label: label, column: strings.TrimSpace(column)})
	}
	return out
}

func (w *walker) valueColumns(n *node, path string, ok *bool) []valueColumn {
	var out []valueColumn
	for _, kv := range w.pairs(n, path, "a mapping of metric names to columns, such as {population: Population, engineers: {column: Engineers, scale: thousand}}", ok) {
		kpath := joinPath(path, w.doc.value(kv[0]))
		name, good := w.metricName(kv[0], kpath)
		if !good {
			*ok = false
			continue
		}
		vc := valueColumn{metric: name}
		vc.column, vc.scale, vc.help = w.columnSpec(kv[1], kpath, "column", ok)
		out = append(out, vc)
	}
	return out
}

// columnSpec reads `Header` or `{<key>: Header, scale: 万, help: …}`.
func (w *walker) columnSpec(n *node, path, key string, ok *bool) (name, scale, help string) {
	if n.kind == scalarNode {
		s, good := w.text(n, path)
		*ok = *ok && good
		return strings.TrimSpace(s), "", ""
	}
	keys := []string{key, "scale", "help"}
	fields, good := w.mapping(n, path, "a "+key+" or a mapping of "+describeKeys(keys), keys)
	if !good {
		*ok = false
		return
	}
	v, found := fields.get(key)
	if !found {
		w.problems.add(int(n.line), path, "missing key %s", key)
		*ok = false
		return
	}
	name, good = w.text(v, path+"."+key)
	*ok = *ok && good
	if v, found := fields.get("scale"); found {
		if scale, good = w.text(v, path+".scale"); good {
			if msg := checkScale(scale); msg != "" {
				w.problems.add(int(v.line), path+".scale", "%s", msg)
				good = false
			}
		}
		*ok = *ok && good
	}
	if v, found := fields.get("help"); found {
		help, good = w.text(v, path+".help")
		help = strings.TrimSpace(help)
		*ok = *ok && good
	}
	return strings.TrimSpace(name), scale, help
}

// twoKeys walks a mapping of two required keys, reporting a missing one
// with why it is needed, and returns their values (nil when wrong).
func (w *walker) twoKeys(n *node, path, expected string, keys, why [2]string, ok *bool) (*node, *node) {
	fields, good := w.mapping(n, path, expected, keys[:])
	if !good {
		*ok = false
		return nil, nil
	}
	var vals [2]*node
	for i, k := range keys {
		v, found := fields.get(k)
		if !found {
			w.problems.add(int(n.line), path, "missing key %s: %s", k, why[i])
			*ok = false
			return nil, nil
		}
		vals[i] = v
	}
	return vals[0], vals[1]
}

// columnText reads a column header, trimmed as headers are.
func (w *walker) columnText(n *node, path string, ok *bool) string {
	s, good := w.text(n, path)
	*ok = *ok && good
	return strings.TrimSpace(s)
}

func (w *walker) columnsAs(n *node, path string, ok *bool) *columnsAs {
	labelNode, matchNode := w.twoKeys(n, path, "a mapping of label and match, such as {label: year, match: '^(\\d{4})年$'}",
		[2]string{"label", "match"},
		[2]string{"the label whose values are the matching headers", "a pattern the headers of the value columns match, such as '^\\d{4}$'"}, ok)
	if labelNode == nil {
		return nil
	}
	c := &columnsAs{label: w.mappedLabelName(labelNode, path+".label", ok)}
	pattern, good := w.text(matchNode, path+".match")
	if !good {
		*ok = false
		return nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		w.problems.add(int(matchNode.line), path+".match", "invalid pattern %q: %v", pattern, err)
		*ok = false
		return nil
	}
	if re.NumSubexp() > 1 {
		w.problems.add(int(matchNode.line), path+".match", "pattern %q has %d groups: at most one, whose text is the label value (such as '^(\\d{4})年$')", pattern, re.NumSubexp())
		*ok = false
	}
	c.match = re
	return c
}

func (w *walker) rowsAsMetrics(n *node, path string, ok *bool) *rowsAsMetrics {
	columnNode, metricsNode := w.twoKeys(n, path, "a mapping of column and metrics",
		[2]string{"column", "metrics"},
		[2]string{"the header of the column naming each row's indicator", "a mapping of each indicator's text to its metric"}, ok)
	if columnNode == nil {
		return nil
	}
	r := &rowsAsMetrics{column: w.columnText(columnNode, path+".column", ok)}
	seen := map[string]string{}
	for _, kv := range w.pairs(metricsNode, path+".metrics", "a mapping of indicator texts to metrics, such as {\"国内生产总值(亿元)\": {metric: gdp_yuan, scale: 亿}}", ok) {
		text := strings.TrimSpace(w.doc.value(kv[0]))
		kpath := joinPath(path+".metrics", text)
		in := indicator{text: text}
		if kv[1].kind == scalarNode {
			var good bool
			in.metric, good = w.metricName(kv[1], kpath)
			*ok = *ok && good
		} else {
			var name string
			name, in.scale, in.help = w.columnSpec(kv[1], kpath, "metric", ok)
			if name != "" {
				if !model.LegacyValidation.IsValidMetricName(name) {
					w.problems.add(int(kv[1].line), kpath+".metric", "invalid metric name %q: expected letters, digits, _ and :, not starting with a digit", name)
					*ok = false
				}
				in.metric = name
			}
		}
		if other, dup := seen[in.metric]; dup && in.metric != "" {
			w.problems.add(int(kv[0].line), kpath, "metric %q is named by two indicators, %q and %q: a metric is one indicator", in.metric, other, text)
			*ok = false
		}
		seen[in.metric] = text
		r.indicators = append(r.indicators, in)
	}
	return r
}

func (w *walker) statusColumn(n *node, path string, ok *bool) *statusColumn {
	columnNode, gapsNode := w.twoKeys(n, path, "a mapping of column and gaps, such as {column: OBS_STATUS, gaps: [M]}",
		[2]string{"column", "gaps"},
		[2]string{"the header of the status column", "the status values that mark a missing figure, such as [M]"}, ok)
	if columnNode == nil {
		return nil
	}
	return &statusColumn{column: w.columnText(columnNode, path+".column", ok), gaps: w.textList(gapsNode, path+".gaps", ok)}
}

// What a cell carrying a mark is: marks: says it for all marks, or by
// mark.
const (
	markNumber = "number"
	markGap    = "gap"
	markError  = "error"
)

const markActionsExpected = "number, gap or error, or a mapping of marks to them, such as {p: gap, \"*\": number}"

// markActions reads marks:, a scalar for every mark or a mapping by mark.
func (w *walker) markActions(n *node, path string, ok *bool) map[string]string {
	action := func(v *node, path string) string {
		s := strings.TrimSpace(w.doc.value(v))
		if v.kind != scalarNode || (s != markNumber && s != markGap && s != markError) {
			w.problems.add(int(v.line), path, "expected %s, found %s", markActionsExpected, w.describe(v))
			*ok = false
		}
		return s
	}
	if n.kind == scalarNode {
		return map[string]string{"": action(n, path)}
	}
	out := map[string]string{}
	for _, kv := range w.pairs(n, path, markActionsExpected, ok) {
		name := strings.TrimSpace(w.doc.value(kv[0]))
		out[strings.Clone(name)] = action(kv[1], joinPath(path, name))
	}
	return out
}

func (w *walker) dropRules(n *node, path string, ok *bool) []dropRule {
	var out []dropRule
	for _, kv := range w.pairs(n, path, "a mapping of label names to the values whose rows are dropped, such as {region: [Total, 合计]}", ok) {
		kpath := joinPath(path, w.doc.value(kv[0]))
		out = append(out, dropRule{label: w.doc.value(kv[0]), values: w.textList(kv[1], kpath, ok)})
	}
	return out
}

// textList reads a list of texts (or one text); empty strings are kept,
// since "" is a gap token like any other.
func (w *walker) textList(n *node, path string, ok *bool) []string {
	if n.kind == scalarNode {
		return []string{strings.TrimSpace(w.doc.value(n))}
	}
	items, good := w.sequence(n, path, "a list of texts")
	if !good {
		*ok = false
		return nil
	}
	out := make([]string, 0, len(items))
	for i := range items {
		it := &items[i]
		if it.kind != scalarNode || it.tag == tagNull && w.doc.value(it) != "" {
			w.problems.add(int(it.line), fmt.Sprintf("%s[%d]", path, i), "expected text, found %s", w.describe(it))
			*ok = false
			continue
		}
		out = append(out, strings.Clone(strings.TrimSpace(w.doc.value(it))))
	}
	return out
}

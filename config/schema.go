package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prometheus/common/model"

	"github.com/figures-exporter/figures_exporter/metricinfo/units"
)

// reservedPrefixes are metric name prefixes of the exporter's own metrics
// and of the Go and process collectors it serves beside the figures; a
// figure named like them would collide with them in one scrape.
var reservedPrefixes = []string{"figures_exporter_", "go_", "process_", "promhttp_"}

// sourceInfoMetric is the metric the exporter builds from Set.Sources.
const sourceInfoMetric = "figures_source_info"

// Keys of a figure's mapping that are not labels: the figure itself and
// where it comes from. No label may be named like them.
const (
	keyValue  = "value"
	keySource = "source"
)

// reservedKeys are the keys of a figure's mapping that are not labels.
var reservedKeys = []string{keyValue, keySource}

// topKeys are the keys of a figures file; figure_files is read only in
// the main file.
var topKeys = []string{"metrics", "source", "figure_files"}

// metricKeys are the keys of one entry of metrics:.
var metricKeys = []string{"name", "help", "labels", "time_label", "figures", "unit", "title", "base"}

// fileContent is what one figures file contributes to a Set, before its
// figures are checked: a figure can be checked only once every file has
// said which labels its metric has.
type fileContent struct {
	metrics  []metricEntry
	source   *Source
	includes []includeEntry
	// hasIncludes says whether the file has figure_files:, and
	// includesLine where (0 in TOML, which keeps no lines).
	hasIncludes  bool
	includesLine int
}

// metricEntry is one entry of metrics:. With help it declares the metric
// (and must agree with every other declaration of it); without help it
// gives figures to a metric declared elsewhere.
type metricEntry struct {
	name        string
	path        string // metrics[3]
	index       int    // 3
	line        int
	help        string // "" when the entry does not declare the metric
	helpLine    int
	labels      []string
	labelsGiven bool
	labelsLine  int
	// timeLabel is the label declared to hold the metric's periods
	// (time_label:), "" when none is; see period.TimeLabel.
	timeLabel     string
	timeLabelLine int
	figures       []node
	// reading is what the declaration says about reading the figures
	// (unit:, title:, base:); readingLine is the line of the first of
	// these keys, 0 when none is given.
	reading     Reading
	readingLine int
	// broken is set when the entry has problems of its own; its metric's
	// figures are then not checked, so that one mistake is reported once
	// rather than again for every figure.
	broken bool
}

func (m *metricEntry) declares() bool { return m.help != "" }

// walker checks a document against the figures schema and collects every
// problem it finds on the way, rather than stopping at the first.
type walker struct {
	problems *problemList
	doc      *document
	keys     figureKeySet // the last one figureKeys made
	// strings keeps the label values the figure walk copies out of the
	// document; only loader.collect walks figures.
	strings *keptStrings
	// fields is figure's mapping of keys to values, reused from figure
	// to figure.
	fields []*node
}

// figureKeySet is the keys a figure of a metric with labels may have.
type figureKeySet struct {
	labels, want []string
	expected     string
	index        *keyIndex // of want, when it is long
}

// keyIndex finds a key among many allowed ones: a mapping of n keys, each
// looked up among n allowed, was quadratic (one figure of 100,000 labels
// took 20 s to check).
type keyIndex struct {
	at, lower map[string]int
}

// indexedKeys is the number of allowed keys from which they are indexed.
const indexedKeys = 16

// newKeyIndex indexes allowed, or returns nil when there are few.
func newKeyIndex(allowed []string) *keyIndex {
	if len(allowed) < indexedKeys {
		return nil
	}
	idx := &keyIndex{at: make(map[string]int, len(allowed)), lower: make(map[string]int, len(allowed))}
	for i, a := range allowed {
		idx.at[a] = i
		idx.lower[strings.ToLower(a)] = i
	}
	return idx
}

// file walks a whole document; main says whether it is the main figures
// file, the only one whose figure_files is read.
func (w *walker) file(root *node, main bool) fileContent {
	var content fileContent
	fields, ok := w.mapping(root, "", "a mapping with a metrics: list", topKeys)
	if !ok {
		return content
	}
	if n, ok := fields.get("source"); ok {
		content.source = w.source(n, "source")
	}
	if n, ok := fields.get("figure_files"); ok {
		if main {
			content.includes = w.includes(n, "figure_files")
			content.hasIncludes, content.includesLine = true, int(n.line)
		} else {
			w.problems.add(int(n.line), "figure_files", "figure_files is read only in the main figures file (the one given to --config.file): list these patterns there")
		}
	}
	metrics, ok := fields.get("metrics")
	if !ok {
		if !content.hasIncludes {
			w.problems.add(int(root.line), "", "missing key metrics: expected a list of metrics")
		}
		return content
	}
	items, ok := w.sequence(metrics, "metrics", "a list of metrics")
	if !ok {
		return content
	}
	if len(items) == 0 {
		w.problems.add(int(metrics.line), "metrics", "the list is empty: expected at least one metric")
	}
	seen := map[string]*metricEntry{}
	for i := range items {
		item := &items[i]
		path := fmt.Sprintf("metrics[%d]", i)
		m := w.metric(item, path)
		m.index = i
		if m.name == "" {
			continue
		}
		if first, dup := seen[m.name]; dup {
			what := "listed twice in this file"
			if m.declares() && first.declares() {
				what = "declared twice"
			}
			w.problems.add(int(item.line), path+".name", "metric %q is %s: first at line %d", m.name, what, first.line)
			continue
		}
		seen[m.name] = &m
		content.metrics = append(content.metrics, m)
	}
	return content
}

// metric walks one entry of metrics:. The entry is returned whenever its
// name could be read, marked broken when anything else is wrong.
func (w *walker) metric(n *node, path string) metricEntry {
	m := metricEntry{line: int(n.line), path: path}
	fields, ok := w.mapping(n, path, "a mapping with name, help, labels and figures", metricKeys)
	if !ok {
		return m
	}
	nameNode, ok := fields.get("name")
	if !ok {
		w.problems.add(int(n.line), path, "missing key name")
		return m
	}
	if m.name, ok = w.metricName(nameNode, path+".name"); !ok {
		// Refused, and said why: under the name as written, the entry
		// keeps figures elsewhere from saying the metric is not
		// declared.
		if nameNode.kind == scalarNode && nameNode.tag != tagNull && nameNode.size > 0 {
			m.name, m.broken = strings.Clone(w.doc.value(nameNode)), true
		}
		return m
	}
	if v, ok := fields.get("help"); ok {
		m.helpLine = int(v.line)
		m.help, ok = w.text(v, path+".help")
		// Served after "# HELP name ", where blanks around it are lost on
		// the way back in: trimmed here, the help served is the help read.
		m.help = strings.TrimSpace(m.help)
		m.broken = m.broken || !ok
	}
	if v, ok := fields.get("labels"); ok {
		m.labelsGiven, m.labelsLine = true, int(v.line)
		m.labels, ok = w.labelNames(v, path+".labels")
		m.broken = m.broken || !ok
	}
	_, hasHelp := fields.get("help")
	if v, ok := fields.get("time_label"); ok {
		m.timeLabelLine = int(v.line)
		m.broken = m.broken || !w.timeLabel(&m, v, path+".time_label", hasHelp)
	}
	m.broken = !w.reading(fields, path, hasHelp, &m) || m.broken
	figures, ok := fields.get("figures")
	switch {
	case ok:
		items, ok := w.sequence(figures, path+".figures", "a list of figures")
		if ok && len(items) == 0 {
			w.problems.add(int(figures.line), path+".figures", "the list is empty: expected at least one figure")
		}
		m.figures = items
		m.broken = m.broken || !ok
	case !hasHelp:
		w.problems.add(int(n.line), path, "missing keys help and figures: declare the metric with help (and labels), give figures to a metric declared in another file, or both")
		m.broken = true
	}
	return m
}

// reading walks the keys of a declaration that say how its figures are
// read: unit:, title: and base:. They belong with help:, on the one entry
// that declares the metric.
func (w *walker) reading(fields fieldSet, path string, hasHelp bool, m *metricEntry) bool {
	ok := true
	for _, key := range []string{"unit", "title", "base"} {
		v, given := fields.get(key)
		if !given {
			continue
		}
		if m.readingLine == 0 {
			m.readingLine = int(v.line)
		}
		if !hasHelp {
			w.problems.add(int(v.line), path+"."+key, "%s: is part of the metric's declaration: give it where help: is", key)
			ok = false
			continue
		}
		text, valid := w.text(v, path+"."+key)
		text = strings.TrimSpace(text)
		if !valid {
			ok = false
			continue
		}
		switch key {
		case "unit":
			u, known := units.Lookup(text)
			if !known {
				w.problems.add(int(v.line), path+".unit", "unknown unit %q: expected one of %s (see docs/units.md), or no unit: for a count", text, strings.Join(units.Names(), ", "))
				ok = false
				continue
			}
			m.reading.Unit = u.Name
		case "title":
			m.reading.Title = text
		case "base":
			m.reading.Base = text
		}
	}
	return ok
}

// figure walks one figure against its metric's labels. It returns the
// figure's own source: mapping, if any, for the caller to resolve against
// the file's source.
//
// path is only read when there is a problem to report, and is built by
// the caller then: see loader.collect.
func (w *walker) figure(n *node, path string, labels []string) (Figure, *node, bool) {
	var fig Figure
	want, expected := w.figureKeys(labels)
	fields, ok := w.mappingInto(w.fields, n, path, expected, want, w.keys.index)
	if !ok {
		return fig, nil, false
	}
	w.fields = fields.values
	// want is labels, then value, then source: a label's value is at its
	// label's index.
	fig.LabelValues = w.strings.take(len(labels))
	valid := true
	for i, label := range labels {
		v := fields.values[i]
		if v == nil {
			w.problems.add(int(n.line), path, "missing label %s: every figure needs %s", label, describeKeys(labels))
			valid = false
			continue
		}
		fig.LabelValues[i], ok = w.labelValue(v, w.join(path, label))
		valid = valid && ok
	}
	v := fields.values[len(labels)]
	if v == nil {
		w.problems.add(int(n.line), path, "missing key value: expected the figure itself")
		return fig, nil, false
	}
	fig.Value, ok = w.value(v, w.join(path, keyValue))
	return fig, fields.values[len(labels)+1], valid && ok
}

// join is joinPath, except that it builds nothing for an empty path: a
// figure without problems is walked with none (see loader.collect).
func (w *walker) join(path, key string) string {
	if path == "" {
		return ""
	}
	return path + "." + key
}

// figureKeys returns the keys a figure of a metric with these labels may
// have, and how to say so in a problem: made once per metric rather than
// once per figure, which cost a few percent of loading a large file.
func (w *walker) figureKeys(labels []string) ([]string, string) {
	if k := &w.keys; k.want == nil || !slices.Equal(k.labels, labels) {
		k.labels = labels
		k.want = append(append([]string{}, labels...), reservedKeys...)
		k.expected = "a mapping of " + describeKeys(k.want)
		k.index = newKeyIndex(k.want)
	}
	return w.keys.want, w.keys.expected
}

func (w *walker) value(n *node, path string) (float64, bool) {
	if n.kind != scalarNode {
		w.problems.add(int(n.line), path, "expected a number, found %s", w.describe(n))
		return 0, false
	}
	switch n.tag {
	case tagInt, tagFloat, tagStr:
	default:
		w.problems.add(int(n.line), path, "expected a number, found %s", w.describe(n))
		return 0, false
	}
	if n.tag == tagFloat && isYAMLSpecialFloat(w.doc.value(n)) {
		w.problems.add(int(n.line), path, "expected a finite number, found %s: NaN and infinities are not figures", w.doc.value(n))
		return 0, false
	}
	if n.tag == tagStr && strings.TrimSpace(w.doc.value(n)) == "" {
		w.problems.add(int(n.line), path, "expected a number, found an empty string")
		return 0, false
	}
	v, err := ParseValue(w.doc.value(n))
	if err != nil {
		w.problems.add(int(n.line), path, "%s", err)
		return 0, false
	}
	return v, true
}

func isYAMLSpecialFloat(s string) bool {
	switch strings.TrimLeft(strings.ToLower(s), "+-") {
	case ".inf", ".nan", "inf", "nan":
		return true
	}
	return false
}

func (w *walker) metricName(n *node, path string) (string, bool) {
	name, ok := w.text(n, path)
	if !ok {
		return "", false
	}
	if !model.LegacyValidation.IsValidMetricName(name) {
		w.problems.add(int(n.line), path, "invalid metric name %q: expected letters, digits, _ and :, not starting with a digit", name)
		return "", false
	}
	if name == sourceInfoMetric {
		w.problems.add(int(n.line), path, "metric name %q is reserved: the exporter builds it from the files' source: entries", name)
		return "", false
	}
	for _, prefix := range reservedPrefixes {
		if strings.HasPrefix(name, prefix) {
			w.problems.add(int(n.line), path, "metric name %q would collide with the exporter's own metrics: names starting with %s are reserved", name, strings.Join(reservedPrefixes, ", "))
			return "", false
		}
	}
	return name, true
}

func (w *walker) labelNames(n *node, path string) ([]string, bool) {
	items, ok := w.sequence(n, path, "a list of label names")
	if !ok {
		return nil, false
	}
	names := make([]string, 0, len(items))
	seen := map[string]bool{}
	valid := true
	for i := range items {
		item := &items[i]
		ipath := fmt.Sprintf("%s[%d]", path, i)
		name, ok := w.text(item, ipath)
		switch {
		case !ok:
			valid = false
		case !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__"):
			w.problems.add(int(item.line), ipath, "invalid label name %q: expected letters, digits and _, not starting with a digit or __", name)
			valid = false
		case name == keyValue:
			w.problems.add(int(item.line), ipath, "label name %q is reserved: a figure's %q key holds the figure itself", name, name)
			valid = false
		case name == keySource:
			w.problems.add(int(item.line), ipath, "label name %q is reserved: a figure's %q key names where it comes from (title, publisher, url, page); call the label something else, such as origin", name, name)
			valid = false
		case seen[name]:
			w.problems.add(int(item.line), ipath, "label %q is declared twice", name)
			valid = false
		default:
			seen[name] = true
			names = append(names, name)
		}
	}
	return names, valid
}

// timeLabel reads time_label:, which must name one of the labels the
// same entry declares.
func (w *walker) timeLabel(m *metricEntry, v *node, path string, declares bool) bool {
	name, ok := w.text(v, path)
	switch {
	case !ok:
		return false
	case !declares:
		w.problems.add(int(v.line), path, "time_label is part of a metric's declaration: give it where the metric is declared with help and labels")
		return false
	case len(m.labels) == 0:
		w.problems.add(int(v.line), path, "time_label %q is not one of the metric's labels: it has none; declare the label under labels:", name)
		return false
	case !slices.Contains(m.labels, name):
		w.problems.add(int(v.line), path, "time_label %q is not one of the metric's labels: expected one of %s", name, describeKeys(m.labels))
		return false
	}
	m.timeLabel = name
	return true
}

func (w *walker) labelValue(n *node, path string) (string, bool) {
	if n.kind != scalarNode || n.tag == tagNull {
		w.problems.add(int(n.line), path, "expected a label value, found %s", w.describe(n))
		return "", false
	}
	// The text as written: `year: 2011` is the label value "2011".
	if n.size == 0 {
		w.problems.add(int(n.line), path, "expected a label value, found an empty string: an empty label value is the same as no label in Prometheus")
		return "", false
	}
	if !w.expand(n, path) || !w.printable(n, path) {
		return "", false
	}
	return w.strings.intern(w.doc.value(n)), true
}

// expand accounts for one more use of the text of n when n is an alias,
// and refuses the use that takes the text the file's aliases stand for
// past its budget (aliasBudget): an alias may share a scalar, but a 1 MiB
// label value aliased a thousand times made a 1 GB body from a 1 MB file.
// Only the first use past the budget is reported.
func (w *walker) expand(n *node, path string) bool {
	if n.kind != scalarNode || n.count == 0 {
		return true
	}
	d := w.doc
	d.expanded += int(n.size)
	if d.expanded <= d.aliasBudget() {
		return true
	}
	if !d.overExpanded {
		// A figure is walked without a path first, then again with
		// one when it has a problem (checkedFigure): the problem
		// counts as reported once it names its place.
		d.overExpanded = path != ""
		a := d.aliases[n.count-1]
		w.problems.add(int(a.line), path, "alias *%s repeats %d bytes of text, and with it the file's aliases stand for %d bytes: more than the file's own %d bytes plus %d, the most a file may expand to; write the text out, or repeat it less", a.name, n.size, d.expanded, d.size, aliasAllowance)
	}
	return false
}

// text reads a string scalar. Numbers are taken as written, so that
// `page: 12` is the text "12".
func (w *walker) text(n *node, path string) (string, bool) {
	if n.kind != scalarNode || n.tag == tagNull || n.tag == tagBool {
		w.problems.add(int(n.line), path, "expected text, found %s", w.describe(n))
		return "", false
	}
	if strings.TrimSpace(w.doc.value(n)) == "" {
		w.problems.add(int(n.line), path, "expected text, found an empty string")
		return "", false
	}
	if !w.expand(n, path) || !w.printable(n, path) {
		return "", false
	}
	// A copy: the node's value may share the file's bytes.
	return strings.Clone(w.doc.value(n)), true
}

// mapping checks that n is a mapping whose keys are all allowed and unique,
// and returns its values by key.
func (w *walker) mapping(n *node, path, expected string, allowed []string) (fieldSet, bool) {
	return w.mappingInto(nil, n, path, expected, allowed, nil)
}

// mappingInto is mapping filling dst, when it is long enough, rather than
// allocating: figure reads a million mappings through one.
func (w *walker) mappingInto(dst []*node, n *node, path, expected string, allowed []string, index *keyIndex) (fieldSet, bool) {
	if n.kind != mappingNode {
		w.problems.add(int(n.line), path, "expected %s, found %s", expected, w.describe(n))
		return fieldSet{}, false
	}
	fields := fieldSet{allowed: allowed, values: dst[:0]}
	if cap(dst) < len(allowed) {
		fields.values = make([]*node, len(allowed))
	}
	fields.values = fields.values[:len(allowed)]
	clear(fields.values)
	whole := true
	children := w.doc.children(n)
	for i := 0; i+1 < len(children); i += 2 {
		k, v := &children[i], &children[i+1]
		// The key's path only when there is a problem: building it for
		// every key of every figure cost a few percent of loading.
		at := -1
		if k.kind == scalarNode {
			at = index.find(allowed, w.doc.value(k))
		}
		switch {
		case k.kind != scalarNode:
			w.problems.add(int(k.line), path, "expected a key, found %s", w.describe(k))
		case at < 0 && w.problems.full():
			// Counted, without building a message no one will read.
			w.problems.add(0, "", "")
		case at < 0:
			key := w.doc.value(k)
			w.problems.add(int(k.line), joinPath(path, key), "unknown key %q: expected %s%s%s", key, describeKeys(allowed), index.caseHint(key, allowed), w.flowCommaHint(n, k))
		case fields.values[at] != nil:
			w.problems.add(int(k.line), joinPath(path, w.doc.value(k)), "key %q appears twice", w.doc.value(k))
		case v.kind == aliasNode:
			w.problems.add(int(v.line), joinPath(path, w.doc.value(k)), "aliases of lists and mappings are not supported: write the value out")
			whole = false
		default:
			fields.values[at] = v
		}
	}
	// A mapping with an unusable value is reported once, not again as
	// missing the key it had.
	return fields, whole
}

// fieldSet is a mapping's values by key, for keys known in advance: a
// slice beside the allowed keys, cheaper than a map for a handful.
type fieldSet struct {
	allowed []string
	values  []*node
}

// get returns the value of key, and whether the mapping has it.
func (f fieldSet) get(key string) (*node, bool) {
	if i := slices.Index(f.allowed, key); i >= 0 && f.values[i] != nil {
		return f.values[i], true
	}
	return nil, false
}

// caseHint points out a key that differs from an expected one only in case,
// since label names are case-sensitive.
func caseHint(key string, allowed []string) string {
	for _, a := range allowed {
		if strings.EqualFold(a, key) {
			return fmt.Sprintf(" (names are case-sensitive: did you mean %q?)", a)
		}
	}
	return ""
}

// find returns the index of key in allowed, which x indexes if not nil,
// or -1.
func (x *keyIndex) find(allowed []string, key string) int {
	if x == nil {
		return slices.Index(allowed, key)
	}
	if i, ok := x.at[key]; ok {
		return i
	}
	return -1
}

// caseHint is caseHint, through x when not nil. Allowed keys are label
// names and reserved keys, all ASCII, so lowering both sides finds what
// strings.EqualFold finds.
func (x *keyIndex) caseHint(key string, allowed []string) string {
	if x == nil {
		return caseHint(key, allowed)
	}
	if i, ok := x.lower[strings.ToLower(key)]; ok {
		return fmt.Sprintf(" (names are case-sensitive: did you mean %q?)", allowed[i])
	}
	return ""
}

// flowCommaHint explains the likely cause of a key that starts with a
// digit in a {…} mapping: a comma in an unquoted value ends it there, so
// {value: 1,012.71} is read as value 1 and a key 012.71.
func (w *walker) flowCommaHint(mapping, key *node) string {
	k := w.doc.value(key)
	if mapping.style&styleFlow == 0 || key.style&stylePlain == 0 || k == "" || k[0] < '0' || k[0] > '9' {
		return ""
	}
	return `; inside {…} a comma ends a value: quote values with thousands separators, as in value: "1,012.71"`
}

func (w *walker) sequence(n *node, path, expected string) ([]node, bool) {
	if n.kind != sequenceNode {
		w.problems.add(int(n.line), path, "expected %s, found %s", expected, w.describe(n))
		return nil, false
	}
	items := w.doc.children(n)
	for i := range items {
		if items[i].kind == aliasNode {
			w.problems.add(int(items[i].line), fmt.Sprintf("%s[%d]", path, i), "aliases of lists and mappings are not supported: write the value out")
			return nil, false
		}
	}
	return items, true
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// describe says what a node is, for "expected X, found Y" messages.
func (w *walker) describe(n *node) string {
	switch n.kind {
	case mappingNode:
		return "a mapping"
	case sequenceNode:
		return "a list"
	case aliasNode:
		return "an alias"
	case scalarNode:
		switch w.doc.shortTag(n) {
		case "!!null":
			return "nothing (null)"
		case "!!bool":
			return "the boolean " + w.doc.value(n)
		case "!!int", "!!float":
			return "the number " + w.doc.value(n)
		case "!!str":
			if n.size == 0 {
				return "an empty string"
			}
			return fmt.Sprintf("the text %q", truncate(w.doc.value(n), 40))
		}
		return fmt.Sprintf("%s %q", w.doc.shortTag(n), truncate(w.doc.value(n), 40))
	}
	return "nothing"
}

func describeKeys(keys []string) string {
	switch len(keys) {
	case 0:
		return "no keys"
	case 1:
		return keys[0]
	}
	if len(keys) > maxDescribedKeys {
		// Every problem of a figure of 100,000 labels would otherwise
		// list them all.
		return strings.Join(keys[:maxDescribedKeys], ", ") + fmt.Sprintf(" and %d more", len(keys)-maxDescribedKeys)
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
}

// maxDescribedKeys is the most keys a problem names.
const maxDescribedKeys = 20

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// SeriesName writes a series as PromQL selects it, such as
// aid_yuan{year="2011"}, with label values quoted and escaped as Go (and
// PromQL) strings: how the figures page shows one, whole.
func SeriesName(name string, labels, values []string) string {
	return writeSeries(name, labels, values, len(labels), -1)
}

// seriesName writes a series as SeriesName does, for messages.
// Past maxDescribedKeys labels, and past 100 characters of a value, it
// cuts: a warning about a figure of one 64 MiB label value quoted it whole
// (192 MB of garbage), and one about a figure of 100,000 labels listed
// them all.
func seriesName(name string, labels, values []string) string {
	return writeSeries(name, labels, values, maxDescribedKeys, 100)
}

// writeSeries writes at most maxLabels labels, and of each value at most
// maxChars characters (all when maxChars < 0).
func writeSeries(name string, labels, values []string, maxLabels, maxChars int) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, l := range labels {
		if i > 0 {
			b.WriteByte(',')
		}
		if i == maxLabels {
			fmt.Fprintf(&b, "… %d more", len(labels)-i)
			break
		}
		v := values[i]
		if maxChars >= 0 {
			if len(v) > 4*maxChars {
				v = v[:4*maxChars] // a rune is at most 4 bytes
			}
			v = truncate(v, maxChars)
		}
		b.WriteString(l)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(v))
	}
	b.WriteByte('}')
	return b.String()
}

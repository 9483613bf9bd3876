package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/prometheus/common/model"
)

// Columns of a figures CSV file that are not labels.
const (
	columnMetric = "metric"
	columnValue  = "value"
)

// csvMaxProblems bounds the problems reported for one CSV file: a million
// rows with one mistake repeated would otherwise print a million lines.
const csvMaxProblems = 100

// utf8BOM is what spreadsheets put at the start of a "CSV UTF-8" file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// csvLayout is what a CSV file's header says: which column holds what.
type csvLayout struct {
	header    []string
	metricCol int            // -1 when the figure_files entry names the metric
	valueCol  int            //
	labelCols map[string]int // every other column, by label name
	// fixed is the metric of every row when the entry names it.
	fixed *csvMetric
	// byName caches the layout of each metric named in the metric column,
	// and last the one of the previous row, which is usually the same.
	byName map[string]*csvMetric
	last   *csvMetric
	// sourceRef is the Figure.Source of every row, set on the first row.
	sourceRef int
}

// csvMetric is how the rows of one metric are read.
type csvMetric struct {
	st        *metricState
	labelCols []int // the column of each of st.Labels
	// emptyCols are label columns that st does not have: a row of st must
	// leave them empty.
	emptyCols []int
	// problem says why rows of st cannot be read, "" when they can; it is
	// reported once, at the first such row.
	problem  string
	reported bool
}

// loadCSV reads the figures of a CSV file: one figure per row after the
// header. The schema (help, labels) comes from the YAML declarations, so
// this is the lean path for very large sets: one reused record, label
// value slices cut from shared slabs, repeated label values shared, no map
// per row.
func (l *loader) loadCSV(fi int) {
	f := l.files[fi]
	p := &f.problems
	// Checked before the BOM is cut, so that offsets are the file's.
	if !checkEncoding(f.data, p) {
		l.incomplete = true
		return
	}
	data := bytes.TrimPrefix(f.data, utf8BOM)
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		p.add(0, "", "the file is empty: expected a header row such as metric,year,value")
		return
	}
	if err != nil {
		addCSVError(p, err, nil, nil)
		l.incomplete = true
		return
	}
	lay := l.csvHeader(f, slices.Clone(header))
	if lay == nil {
		return
	}
	if lay.fixed != nil {
		// Every line is a figure of this metric: grow its slices once
		// rather than doubling them a score of times for a large file.
		rows := bytes.Count(data, []byte{'\n'}) + 1
		lay.fixed.st.Figures = slices.Grow(lay.fixed.st.Figures, rows)
		lay.fixed.st.places = slices.Grow(lay.fixed.st.places, rows)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			addCSVError(p, err, lay.header, rec)
		} else {
			line, _ := r.FieldPos(0)
			l.csvRow(fi, lay, rec, line)
		}
		if len(p.list) >= csvMaxProblems {
			p.add(p.list[len(p.list)-1].Line, "", "stopping after %d problems in this file", len(p.list))
			return
		}
	}
}

// addCSVError reports a syntax error of encoding/csv at its line; rec is
// the row as read when the error is a wrong number of fields.
func addCSVError(p *problemList, err error, header, rec []string) {
	var perr *csv.ParseError
	if !errors.As(err, &perr) {
		p.add(0, "", "cannot read CSV: %v", err)
		return
	}
	if errors.Is(perr.Err, csv.ErrFieldCount) {
		hint := ""
		if len(rec) > len(header) {
			hint = `; a value with commas, such as 1,000, must be quoted: "1,000"`
		}
		p.add(perr.StartLine, "", "wrong number of fields: expected %d, as in the header (%s), found %d%s", len(header), strings.Join(header, ","), len(rec), hint)
		return
	}
	p.add(perr.Line, "", "invalid CSV at column %d: %v (a field with a quote, comma or line break must be quoted, with quotes doubled: \"say \"\"hi\"\"\")", perr.Column, perr.Err)
}

// csvHeader reads a header row, or reports why it cannot be used and
// returns nil.
func (l *loader) csvHeader(f *sourceFile, header []string) *csvLayout {
	p := &f.problems
	lay := &csvLayout{header: header, metricCol: -1, valueCol: -1, labelCols: map[string]int{}, byName: map[string]*csvMetric{}}
	valid := true
	seen := map[string]bool{}
	for i, name := range header {
		if seen[name] {
			p.add(1, name, "column %q appears twice in the header", name)
			valid = false
			continue
		}
		seen[name] = true
		switch {
		case name == columnMetric:
			lay.metricCol = i
		case name == columnValue:
			lay.valueCol = i
		case name == keySource:
			p.add(1, name, "column %q is reserved: the figures of a CSV file take their source from its figure_files entry (source: title, publisher, url, page)", name)
			valid = false
		case !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__"):
			p.add(1, name, "column %q is not a label name: expected metric, value, or a label (letters, digits and _, not starting with a digit or __)", name)
			valid = false
		default:
			lay.labelCols[name] = i
		}
	}
	if lay.valueCol < 0 {
		p.add(1, "", "no value column: expected a header such as metric,year,value")
		valid = false
	}
	entry := f.include
	main := l.files[0].name
	switch {
	case entry.metric != "" && lay.metricCol >= 0:
		p.add(1, columnMetric, "the file has a metric column, but its figure_files entry (%s:%d) names the metric of every row (%s): keep one or the other", main, entry.metricLine, entry.metric)
		valid = false
	case entry.metric != "":
		st := l.metrics[entry.metric]
		switch {
		case st != nil && st.broken:
			// Its declaration was refused, and said why.
			return nil
		case st == nil || st.declared.file < 0:
			p.add(0, "", "metric %q, named for this file by its figure_files entry (%s:%d), is not declared: declare it (name, help, labels) in a YAML figures file", entry.metric, main, entry.metricLine)
			return nil
		}
		st.offered = true
		lay.fixed = l.csvMetricLayout(lay, st)
		if lay.fixed.problem != "" {
			p.add(1, "", "%s", lay.fixed.problem)
			valid = false
		}
		for _, c := range lay.fixed.emptyCols {
			p.add(1, header[c], "column %q is not a label of %s, which has %s", header[c], st.Name, describeLabels(st.Labels))
			valid = false
		}
	case lay.metricCol < 0:
		p.add(1, "", "no metric column: add one, or name the metric of every row in the file's figure_files entry ({path: %s, metric: NAME})", entry.pattern)
		valid = false
	default:
		for _, c := range slices.Sorted(maps.Values(lay.labelCols)) {
			if !l.anyMetricHasLabel(header[c]) {
				p.add(1, header[c], "column %q is not a label of any declared metric", header[c])
				valid = false
			}
		}
	}
	if !valid {
		if lay.fixed == nil {
			// The rows would have named their metrics.
			l.incomplete = true
		}
		return nil
	}
	return lay
}

// anyMetricHasLabel tells whether a declared metric has label, or may
// have it: a refused declaration (reported at its cause) may have
// declared it.
func (l *loader) anyMetricHasLabel(label string) bool {
	for _, st := range l.metrics {
		if st.broken || st.declared.file >= 0 && slices.Contains(st.Labels, label) {
			return true
		}
	}
	return false
}

// csvMetricLayout finds the column of each label of st.
func (l *loader) csvMetricLayout(lay *csvLayout, st *metricState) *csvMetric {
	cm := &csvMetric{st: st, labelCols: make([]int, len(st.Labels))}
	var missing []string
	for j, label := range st.Labels {
		c, ok := lay.labelCols[label]
		if !ok {
			missing = append(missing, label)
		}
		cm.labelCols[j] = c
	}
	for c, name := range lay.header {
		if _, isLabel := lay.labelCols[name]; isLabel && !slices.Contains(st.Labels, name) {
			cm.emptyCols = append(cm.emptyCols, c)
		}
	}
	if len(missing) > 0 {
		cm.problem = fmt.Sprintf("the header has no column for %s, which %s needs (it has %s)", describeLabels(missing), st.Name, describeLabels(st.Labels))
	}
	return cm
}

// csvRow reads one row into a figure of its metric.
func (l *loader) csvRow(fi int, lay *csvLayout, rec []string, line int) {
	f := l.files[fi]
	p := &f.problems
	cm := lay.fixed
	if cm == nil {
		if cm = l.csvRowMetric(p, lay, rec[lay.metricCol], line); cm == nil {
			return
		}
	}
	st := cm.st
	if cm.problem != "" {
		if !cm.reported {
			p.add(line, columnMetric, "%s", cm.problem)
			cm.reported = true
		}
		return
	}
	for _, c := range cm.emptyCols {
		if rec[c] != "" {
			p.add(line, lay.header[c], "column %s is not a label of %s, which has %s: leave it empty in this row", lay.header[c], st.Name, describeLabels(st.Labels))
			return
		}
	}
	values := l.kept.take(len(cm.labelCols))
	valid := true
	for j, c := range cm.labelCols {
		v := rec[c]
		switch {
		case v == "":
			p.add(line, lay.header[c], "empty label value: every %s row needs its %s", st.Name, lay.header[c])
			valid = false
		case strings.TrimSpace(v) != v:
			p.add(line, lay.header[c], "label value %q has spaces around it: remove them, or this series would differ from the same label written without them", v)
			valid = false
		default:
			if r, at, found := controlCharacter(v); found {
				p.add(line, lay.header[c], "%s", controlMessage(r, at))
				valid = false
			}
		}
		values[j] = l.kept.intern(v)
	}
	v, err := ParseValue(rec[lay.valueCol])
	if err != nil {
		p.add(line, columnValue, "%s", err)
		return
	}
	if !valid {
		return
	}
	if lay.sourceRef == 0 {
		lay.sourceRef = l.sources.ref(f.source)
	}
	l.addFigure(f, st, Figure{LabelValues: values, Value: v, Source: lay.sourceRef}, place{file: int32(fi), line: int32(line), entry: -1})
}

// csvRowMetric finds the layout of the metric a row names, or reports why
// there is none and returns nil.
func (l *loader) csvRowMetric(p *problemList, lay *csvLayout, name string, line int) *csvMetric {
	if lay.last != nil && lay.last.st.Name == name {
		return lay.last
	}
	if cm, ok := lay.byName[name]; ok {
		lay.last = cm
		return cm
	}
	st := l.metrics[name]
	switch {
	case name == "":
		p.add(line, columnMetric, "empty metric: every row names its metric")
		return nil
	case st != nil && st.broken:
		// Its declaration was refused, and said why.
		return nil
	case st == nil || st.declared.file < 0:
		p.add(line, columnMetric, "metric %q is not declared: declare it (name, help, labels) in a YAML figures file", name)
		return nil
	}
	st.offered = true
	cm := l.csvMetricLayout(lay, st)
	lay.byName[strings.Clone(name)] = cm
	lay.last = cm
	return cm
}

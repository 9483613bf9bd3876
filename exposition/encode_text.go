package exposition

import (
	"bytes"
	"strconv"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// The figures are encoded here by hand rather than through expfmt, for two
// reasons. A million series encoded through dto.MetricFamily values cost a
// few hundred bytes of garbage each; appending bytes costs none. And the
// text format and OpenMetrics write a gauge's series lines identically
// (same name, same label escaping, and a value written as the text format
// writes it is a valid OpenMetrics number), so the two formats can share
// one copy of the lines, which at a million series is most of the memory.
// Tests hold the text output to expfmt's byte for byte, and both formats to
// their parsers.
//
// Names are written as they are: config only accepts names that are valid
// without quoting or escaping in every format.

// sourceInfoName is the metric that names the sources of the figures.
const sourceInfoName = "figures_source_info"

// sourceInfoHelp is the help of figures_source_info.
const sourceInfoHelp = "Where the figures come from: one series per metric and source, labeled with the metric, always 1."

// appendHelpType appends a gauge family's HELP and TYPE lines, and in
// OpenMetrics its UNIT line when it has a unit (see unitOf). OpenMetrics
// escapes double quotes in the help; the text format does not, and has no
// units.
func appendHelpType(b []byte, name, help, unit string, openMetrics bool) []byte {
	b = append(b, "# HELP "...)
	b = append(b, name...)
	b = append(b, ' ')
	b = appendEscaped(b, help, openMetrics)
	b = append(b, "\n# TYPE "...)
	b = append(b, name...)
	b = append(b, " gauge\n"...)
	if unit != "" && openMetrics {
		b = append(b, "# UNIT "...)
		b = append(b, name...)
		b = append(b, ' ')
		b = appendEscaped(b, unit, true)
		b = append(b, '\n')
	}
	return b
}

// unitOf is the unit of a metric's family as OpenMetrics' # UNIT gives it:
// the unit metricinfo reads, when the name ends with it, since the
// specification requires a family's unit to be the suffix of its name.
func unitOf(m *config.Metric) string {
	return metricinfo.Of(m).UnitEnding()
}

// appendSeries appends one series line: name{label="value",…} value.
func appendSeries(b []byte, name string, labels, values []string, v float64) []byte {
	b = append(b, name...)
	if len(labels) > 0 {
		b = append(b, '{')
		for i, l := range labels {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, l...)
			b = append(b, '=', '"')
			b = appendEscaped(b, values[i], true)
			b = append(b, '"')
		}
		b = append(b, '}')
	}
	b = append(b, ' ')
	b = appendFloat(b, v)
	return append(b, '\n')
}

// appendEscaped escapes backslash and line feed, and double quotes when
// quotes is set, as both formats do in label values and OpenMetrics in help.
func appendEscaped(b []byte, s string, quotes bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, '\\', '\\')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '"' && quotes:
			b = append(b, '\\', '"')
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendFloat writes a value as the text format does: the shortest
// representation that reads back exactly, and 0 for negative zero.
// Figures are finite; config refuses NaN and infinities.
func appendFloat(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// sourceLabels returns the label names and values of the
// figures_source_info series of a metric and one of its sources: sorted
// names, and no empty values, since an empty label is no label in
// Prometheus.
func sourceLabels(metric string, s config.Source) (names, values []string) {
	names, values = []string{"metric"}, []string{metric}
	for _, l := range [...][2]string{{"page", s.Page}, {"publisher", s.Publisher}, {"title", s.Title}, {"url", s.URL}} {
		if l[1] != "" {
			names = append(names, l[0])
			values = append(values, l[1])
		}
	}
	return names, values
}

// sourceSeries is one series of figures_source_info.
type sourceSeries struct{ names, values []string }

// sourceInfo lists the series of figures_source_info: for each metric, in
// name order, one per source of its figures, the source of most first
// (metricinfo.SourcesOf). sourcesOf gives the sources of metric i.
func sourceInfo(set *config.Set, sourcesOf func(i int) []metricinfo.SourceCount) []sourceSeries {
	var out []sourceSeries
	for i := range set.Metrics {
		for _, sc := range sourcesOf(i) {
			names, values := sourceLabels(set.Metrics[i].Name, set.Sources[sc.Source-1])
			out = append(out, sourceSeries{names, values})
		}
	}
	return out
}

// sourceInfo is figures_source_info's series for the compacted set.
func (c *compactSet) sourceInfo() []sourceSeries {
	return sourceInfo(c.head, func(i int) []metricinfo.SourceCount {
		cm := &c.metrics[i]
		if cm.sources == nil {
			return nil
		}
		return metricinfo.CountSources(len(cm.sources), func(j int) int { return int(cm.sources[j]) })
	})
}

// Members of the text group: bits of segment.to.
const (
	toText        uint8 = 1 << 0
	toOpenMetrics uint8 = 1 << 1
)

// encodeTextAndOpenMetrics encodes the figures in the text format and in
// OpenMetrics (without its closing "# EOF", which follows the self
// metrics). The two share every segment but those of a HELP line with a
// double quote, which OpenMetrics escapes and the text format does not.
func encodeTextAndOpenMetrics(c *compactSet) []segment {
	set := c.head
	w := segmentWriter{to: toText | toOpenMetrics}
	var line []byte
	family := func(name, help, unit string) {
		line = appendHelpType(line[:0], name, help, unit, false)
		om := appendHelpType(nil, name, help, unit, true)
		if string(om) == string(line) {
			w.write(line)
			return
		}
		w.add(segment{data: bytes.Clone(line), to: toText})
		w.add(segment{data: om, to: toOpenMetrics})
	}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		family(m.Name, m.Help, unitOf(m))
		values := make([]string, len(m.Labels))
		for j, v := range c.metrics[i].values {
			line = appendSeries(line[:0], m.Name, m.Labels, c.labelValues(values, i, j), v)
			w.write(line)
		}
	}
	if sources := c.sourceInfo(); len(sources) > 0 {
		family(sourceInfoName, sourceInfoHelp, "")
		for _, s := range sources {
			line = appendSeries(line[:0], sourceInfoName, s.names, s.values, 1)
			w.write(line)
		}
	}
	return w.done()
}

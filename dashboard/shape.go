package dashboard

import (
	"slices"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// maxBars is the most bars a bar chart shows: about a screenful of a
// half-width panel. A metric with more (118 entities by year, 62 countries
// a year, a share per US state) is a table instead, sortable by any
// column, since a chart of hundreds of bars is unreadable.
const maxBars = 40

// shape is how one metric is shown: which label runs along the category
// axis, which labels tell its bars apart, and whether a single stat or a
// table says it best.
type shape struct {
	// Info is how the metric is read: unit, title, time label.
	Info metricinfo.Info
	// Category is the label on the category axis: the metric's time label
	// (year, Year, period, …) when it has one, else its first label; empty
	// for a metric without labels.
	Category string
	// Series are the metric's other labels, in declared order. Each
	// distinct combination of their values is one bar per category.
	Series []string
	// Stat is true when the figures differ in nothing but a single
	// category value (or the metric has no labels): a bar chart of one bar
	// says less than the number itself.
	Stat bool
	// Table is true when a bar chart would need more than maxBars bars.
	Table bool
}

func shapeOf(m *config.Metric) shape {
	s := shape{Info: metricinfo.Of(m)}
	if len(m.Labels) == 0 {
		s.Stat = true
		return s
	}
	cat := 0
	if i := slices.Index(m.Labels, s.Info.TimeLabel); i >= 0 {
		cat = i
	}
	s.Category = m.Labels[cat]
	for i, l := range m.Labels {
		if i != cat {
			s.Series = append(s.Series, l)
		}
	}
	// Every figure is one bar, except that a chart of bars by category
	// also leaves room for the series missing in a category.
	categories := map[string]bool{}
	for _, f := range m.Figures {
		categories[f.LabelValues[cat]] = true
	}
	bars := len(m.Figures)
	if len(s.Series) > 0 {
		series := map[string]bool{}
		for _, f := range m.Figures {
			series[seriesKey(f.LabelValues, cat)] = true
		}
		bars = max(bars, len(series)*len(categories))
	}
	s.Stat = len(s.Series) == 0 && len(categories) <= 1
	s.Table = bars > maxBars
	return s
}

// seriesKey tells a figure's series apart: its label values but the
// one at index skip (its category or time label).
func seriesKey(values []string, skip int) string {
	var b strings.Builder
	for i, v := range values {
		if i != skip {
			b.WriteString(v)
			b.WriteByte(0)
		}
	}
	return b.String()
}

// seriesLabel is the label whose values name a bar chart's bars: the one
// series label, or, for several, the label the query joins them into. Its
// name joins theirs, so it is longer than each and cannot be one of them.
func (s shape) seriesLabel() string {
	return strings.Join(s.Series, "_")
}

// seriesSeparator goes between the values of several series labels in a
// bar's name ("aid_yuan, 2010").
const seriesSeparator = ", "

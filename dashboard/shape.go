package dashboard

import (
	"slices"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
)

// categoryLabel is the label on a bar chart's category axis whenever a
// metric has it: figures are yearly.
const categoryLabel = "year"

// shape is how one metric is shown: which label runs along the category
// axis, which labels tell its bars apart, and whether a single stat says it
// all.
type shape struct {
	// Category is the label on the category axis: year when the metric has
	// one, else its first label; empty for a metric without labels.
	Category string
	// Series are the metric's other labels, in declared order. Each
	// distinct combination of their values is one bar per category.
	Series []string
	// Stat is true when the figures differ in nothing but a single
	// category value (or the metric has no labels): a bar chart of one bar
	// says less than the number itself.
	Stat bool
}

func shapeOf(m *config.Metric) shape {
	var s shape
	if len(m.Labels) == 0 {
		s.Stat = true
		return s
	}
	cat := 0
	if i := slices.Index(m.Labels, categoryLabel); i >= 0 {
		cat = i
	}
	s.Category = m.Labels[cat]
	for i, l := range m.Labels {
		if i != cat {
			s.Series = append(s.Series, l)
		}
	}
	if len(s.Series) == 0 {
		values := map[string]bool{}
		for _, f := range m.Figures {
			values[f.LabelValues[cat]] = true
		}
		s.Stat = len(values) <= 1
	}
	return s
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

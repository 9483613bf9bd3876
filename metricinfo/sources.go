package metricinfo

import (
	"slices"

	"github.com/figures-exporter/figures_exporter/config"
)

// SourceCount is one source of a metric's figures and how many of them it
// is the source of.
type SourceCount struct {
	// Source is 1 + the index in Set.Sources, as config.Figure.Source.
	Source  int
	Figures int
}

// SourcesOf lists the sources of m's figures, the most frequent first
// (ties in the order the figures name them). Figures without a source are
// not counted. The first is the metric's source as a page names it once;
// a figure whose source is another says so beside it. The exposition
// serves one figures_source_info series per metric and source of this
// list.
func SourcesOf(m *config.Metric) []SourceCount {
	return CountSources(len(m.Figures), func(i int) int { return m.Figures[i].Source })
}

// CountSources is SourcesOf for n figures whose sources source gives, for
// a metric kept in another form than config's (a compact snapshot).
func CountSources(n int, source func(i int) int) []SourceCount {
	var out []SourceCount
	last := -1
	for i := range n {
		s := source(i)
		if s <= 0 {
			continue
		}
		// Figures of one file come in runs of one source.
		if last >= 0 && out[last].Source == s {
			out[last].Figures++
			continue
		}
		last = slices.IndexFunc(out, func(c SourceCount) bool { return c.Source == s })
		if last < 0 {
			out = append(out, SourceCount{Source: s})
			last = len(out) - 1
		}
		out[last].Figures++
	}
	slices.SortStableFunc(out, func(a, b SourceCount) int { return b.Figures - a.Figures })
	return out
}

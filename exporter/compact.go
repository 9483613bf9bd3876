package exporter

import (
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
)

// compact copies a set into dense storage for the life of its snapshot.
// A loaded set's label values are scattered among the garbage of parsing
// (each a string of its own, each figure's values a slice of their own,
// amid YAML nodes), so the memory they sit in cannot be returned even once
// the nodes are collected; a million series kept that way take about three
// times their text exposition. The copy holds each metric's label values
// in one slice, each distinct value once, and the figures in a slice of
// exactly their number: about 80 bytes a series of three labels.
func compact(set *config.Set) *config.Set {
	out := *set
	out.Metrics = make([]config.Metric, len(set.Metrics))
	interned := map[string]string{}
	intern := func(s string) string {
		if v, ok := interned[s]; ok {
			return v
		}
		// A copy, so that the value does not keep alive whatever
		// larger buffer it was cut from.
		v := strings.Clone(s)
		interned[v] = v
		return v
	}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		n := len(m.Labels)
		values := make([]string, len(m.Figures)*n)
		figures := make([]config.Figure, len(m.Figures))
		for j := range m.Figures {
			mine := values[j*n : (j+1)*n : (j+1)*n]
			for k, v := range m.Figures[j].LabelValues {
				mine[k] = intern(v)
			}
			figures[j] = m.Figures[j]
			figures[j].LabelValues = mine
		}
		out.Metrics[i] = *m
		out.Metrics[i].Labels = append([]string(nil), m.Labels...)
		out.Metrics[i].Figures = figures
	}
	return &out
}

package exposition

import (
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
)

// compactSet is a snapshot's own copy of the figures of a set, kept for
// the life of the snapshot. A loaded set's label values are scattered
// among the garbage of parsing (each a string of its own, each figure's
// values a slice of their own, amid YAML nodes), so the memory they sit in
// cannot be returned even once the nodes are collected; a million series
// kept that way take about three times their text exposition. And a
// config.Figure, even with its values in one slice and each distinct value
// stored once, costs 40 bytes plus a 16-byte string header per label: 88
// bytes a series of three labels, as much as the series' text line.
//
// Here every distinct label value of the set is stored once, in dict, and
// a figure is its labels' indexes into dict, its value and its source, in
// flat slices per metric: 20 bytes a series of three labels (24 when
// figures name sources), a quarter of a config.Set's. The encoders read
// this form; Snapshot.Set rebuilds a config.Set from it for those that
// want one.
type compactSet struct {
	// head is the set without its figures: every field as loaded, each
	// metric's name, help and labels, and no Figures.
	head *config.Set
	// dict holds each distinct label value once.
	dict    []string
	metrics []compactMetric
}

// compactMetric is the figures of one metric of head, in order.
type compactMetric struct {
	// labels has len(Labels) indexes into dict per figure, figure after
	// figure.
	labels []uint32
	values []float64
	// sources is each figure's config.Figure.Source, or nil when no
	// figure of the metric names one.
	sources []int32
}

// compact copies set into a compactSet; set is left as it was, and
// nothing of it is referenced afterwards: the fields of head are copies
// too, down to their strings.
func compact(set *config.Set) *compactSet {
	head := *set
	// Every string is copied: a loader may cut them all from the bytes of
	// the file it read, which one kept string would keep whole.
	head.Sources = cloneSources(set.Sources)
	head.Files = cloneStrings(set.Files)
	head.WatchDirs = cloneStrings(set.WatchDirs)
	head.Globs = cloneStrings(set.Globs)
	head.Warnings = cloneProblems(set.Warnings)
	head.Metrics = make([]config.Metric, len(set.Metrics))
	c := &compactSet{head: &head, metrics: make([]compactMetric, len(set.Metrics))}
	index := map[string]uint32{}
	intern := func(s string) uint32 {
		if i, ok := index[s]; ok {
			return i
		}
		// A copy, so that the value does not keep alive whatever larger
		// buffer it was cut from.
		v := strings.Clone(s)
		i := uint32(len(c.dict))
		c.dict = append(c.dict, v)
		index[v] = i
		return i
	}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		head.Metrics[i] = config.Metric{
			Name:   strings.Clone(m.Name),
			Help:   strings.Clone(m.Help),
			Labels: cloneStrings(m.Labels),
			// TimeLabel is one of Labels.
			TimeLabel: strings.Clone(m.TimeLabel),
			Reading: config.Reading{
				Unit:  strings.Clone(m.Reading.Unit),
				Title: strings.Clone(m.Reading.Title),
				Base:  strings.Clone(m.Reading.Base),
			},
		}
		n := len(m.Labels)
		cm := compactMetric{
			labels: make([]uint32, 0, len(m.Figures)*n),
			values: make([]float64, len(m.Figures)),
		}
		for j := range m.Figures {
			f := &m.Figures[j]
			for _, v := range f.LabelValues {
				cm.labels = append(cm.labels, intern(v))
			}
			cm.values[j] = f.Value
			if f.Source != 0 && cm.sources == nil {
				cm.sources = make([]int32, len(m.Figures))
			}
			if cm.sources != nil {
				cm.sources[j] = int32(f.Source)
			}
		}
		c.metrics[i] = cm
	}
	// The dictionary was grown by appending: trim it to its size.
	c.dict = append([]string(nil), c.dict...)
	return c
}

func cloneSources(s []config.Source) []config.Source {
	if s == nil {
		return nil
	}
	out := make([]config.Source, len(s))
	for i, v := range s {
		out[i] = config.Source{Title: strings.Clone(v.Title), Publisher: strings.Clone(v.Publisher), URL: strings.Clone(v.URL), Page: strings.Clone(v.Page)}
	}
	return out
}

func cloneProblems(p config.Problems) config.Problems {
	if p == nil {
		return nil
	}
	out := make(config.Problems, len(p))
	for i, v := range p {
		out[i] = config.Problem{File: strings.Clone(v.File), Line: v.Line, Path: strings.Clone(v.Path), Msg: strings.Clone(v.Msg)}
	}
	return out
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.Clone(v)
	}
	return out
}

// labelValues fills dst, of len(Labels) of metric m, with the label values
// of its figure j, and returns it.
func (c *compactSet) labelValues(dst []string, m, j int) []string {
	idx := c.metrics[m].labels[j*len(dst) : (j+1)*len(dst)]
	for k, i := range idx {
		dst[k] = c.dict[i]
	}
	return dst
}

// set rebuilds a config.Set equal to the one compacted: a new one at each
// call, its figures' label values in one slice per metric and sharing dict.
func (c *compactSet) set() *config.Set {
	out := *c.head
	out.Metrics = make([]config.Metric, len(c.head.Metrics))
	for i := range c.head.Metrics {
		out.Metrics[i] = c.metric(i)
	}
	return &out
}

// metric rebuilds metric i with its figures, as set does.
func (c *compactSet) metric(i int) config.Metric {
	m := c.head.Metrics[i]
	cm := &c.metrics[i]
	n := len(m.Labels)
	values := make([]string, len(cm.labels))
	for k, d := range cm.labels {
		values[k] = c.dict[d]
	}
	if len(cm.values) > 0 {
		m.Figures = make([]config.Figure, len(cm.values))
	}
	for j := range m.Figures {
		f := &m.Figures[j]
		f.LabelValues = values[j*n : (j+1)*n : (j+1)*n]
		f.Value = cm.values[j]
		if cm.sources != nil {
			f.Source = int(cm.sources[j])
		}
	}
	return m
}

// series is the number of figures, as config.Set.Series counts them.
func (c *compactSet) series() int {
	n := 0
	for i := range c.metrics {
		n += len(c.metrics[i].values)
	}
	return n
}

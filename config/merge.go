package config

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// place is where a figure was written: a file of the load (its index),
// the line, and for documents the entry and figure indexes that make its
// path (metrics[2].figures[5]); entry is -1 for CSV rows.
type place struct {
	file, line, entry, figure int32
}

// metricState is one metric as the files declare it and give it figures.
type metricState struct {
	Metric
	// declared is where the metric was first declared (with help);
	// declared.file is -1 while no file declares it.
	declared place
	// broken is set when an entry for the metric has problems of its own:
	// its figures are then not checked, so that one mistake is not
	// reported again for every figure.
	broken bool
	// offered is set once any file gives figures for the metric, even
	// figures with problems, so that "has no figures" is not reported for
	// a metric whose figures were all wrong.
	offered bool
	// places are where each of Figures was written, to name both places
	// of a duplicate series.
	places []place
}

func (l *loader) state(name string) *metricState {
	st, ok := l.metrics[name]
	if !ok {
		st = &metricState{Metric: Metric{Name: name}, declared: place{file: -1}}
		l.metrics[name] = st
	}
	return st
}

// at names a place for a problem in file from: "at line 12" in the same
// file, "at reports/2012.yml:12" in another. TOML documents have no lines:
// "elsewhere in this file", "in reports/2012.toml".
func (l *loader) at(from int, p place) string {
	name := l.files[p.file].name
	if sheet := l.files[p.file].sheet; sheet != "" {
		// A workbook's rows are placed by sheet and row, not line.
		if int(p.file) == from {
			return fmt.Sprintf("at sheet %s row %d", sheet, p.line)
		}
		return fmt.Sprintf("in %s, sheet %s row %d", name, sheet, p.line)
	}
	switch {
	case int(p.file) == from && p.line == 0:
		return "elsewhere in this file"
	case int(p.file) == from:
		return fmt.Sprintf("at line %d", p.line)
	case p.line == 0:
		return "in " + name
	}
	return fmt.Sprintf("at %s:%d", name, p.line)
}

// declare reads every declaration in file order. The first declaration of
// a name is the metric's; any other must have the same help and labels.
func (l *loader) declare() {
	for fi, f := range l.files {
		for ei := range f.content.metrics {
			e := &f.content.metrics[ei]
			st := l.state(e.name)
			if e.broken {
				st.broken = true
				continue
			}
			if !e.declares() {
				continue
			}
			if st.declared.file < 0 {
				st.Help, st.Labels, st.TimeLabel, st.Reading = e.help, e.labels, e.timeLabel, e.reading
				st.declared = place{file: int32(fi), line: int32(e.line), entry: int32(e.index)}
				continue
			}
			if e.help != st.Help {
				f.problems.add(e.helpLine, e.path+".help", "metric %q is declared with a different help %s: %q there, %q here; declare it once, or with the same help everywhere", e.name, l.at(fi, st.declared), st.Help, e.help)
			}
			if e.reading != st.Reading && e.readingLine > 0 {
				f.problems.add(e.readingLine, e.path, "metric %q is declared with %s here but %s %s; declare them once, or the same everywhere", e.name, e.reading, st.Reading, l.at(fi, st.declared))
			}
			if !sameLabels(e.labels, st.Labels) {
				f.problems.add(cmp.Or(e.labelsLine, e.line), e.path+".labels", "metric %q is declared with %s here but %s %s", e.name, describeLabels(e.labels), describeLabels(st.Labels), l.at(fi, st.declared))
				e.broken = true
			}
			if e.timeLabel != st.TimeLabel && !e.broken {
				f.problems.add(cmp.Or(e.timeLabelLine, e.line), e.path+".time_label", "metric %q is declared with time_label %q here but %q %s; declare it once, or with the same time_label everywhere", e.name, e.timeLabel, st.TimeLabel, l.at(fi, st.declared))
			}
		}
	}
}

// collect checks the figures of every document against the labels of
// their metric, now that every declaration is known.
func (l *loader) collect() {
	for fi, f := range l.files {
		w := walker{problems: &f.problems, doc: f.doc, strings: &l.kept}
		for ei := range f.content.metrics {
			e := &f.content.metrics[ei]
			st := l.metrics[e.name]
			if e.broken || st.broken {
				continue
			}
			switch {
			case st.declared.file < 0 && !l.files[0].content.hasIncludes:
				// One file: there is nowhere else to declare it.
				f.problems.add(e.line, e.path, "missing key help")
				continue
			case st.declared.file < 0:
				f.problems.add(e.line, e.path+".name", "metric %q is not declared: no figures file gives its help; add help: (and labels:) here, or declare it in another file", e.name)
				continue
			}
			if !e.declares() && e.labelsGiven && !sameLabels(e.labels, st.Labels) {
				f.problems.add(e.labelsLine, e.path+".labels", "metric %q has %s here but is declared with %s %s", e.name, describeLabels(e.labels), describeLabels(st.Labels), l.at(fi, st.declared))
				continue
			}
			st.offered = st.offered || len(e.figures) > 0
			// Room for the entry's figures at once: growing by appends
			// copied a million-figure metric's slices over and over.
			st.Figures = slices.Grow(st.Figures, len(e.figures))
			st.places = slices.Grow(st.places, len(e.figures))
			for i := range e.figures {
				n := &e.figures[i]
				fig, sourceNode, ok := w.checkedFigure(n, e.path, i, st.Labels)
				if !ok {
					continue
				}
				path := ""
				source := f.source
				if sourceNode != nil {
					path = figurePath(e.path, i)
					if source = w.figureSource(sourceNode, path+".source", f.source); source == nil {
						continue
					}
				}
				fig.Source = l.sources.ref(source)
				l.addFigure(f, st, fig, place{file: int32(fi), line: n.line, entry: int32(e.index), figure: int32(i)})
				if source == nil && len(f.unsourcedFigures) < maxListedUnsourced {
					if path == "" {
						path = figurePath(e.path, i)
					}
					f.unsourcedFigures = append(f.unsourcedFigures, Problem{File: f.name, Line: int(n.line), Path: path,
						Msg: seriesName(st.Name, st.Labels, fig.LabelValues) + " has no source: add source: to the figure or to its file"})
				}
			}
		}
	}
}

// checkedFigure walks the figure at index i of the entry at entryPath.
// It first walks it with no path, which costs nothing; only a figure with
// problems is walked again with its path, for the problems to name it.
// Building "metrics[3].figures[12].value" for each of a million figures
// cost more than the rest of their walk.
func (w *walker) checkedFigure(n *node, entryPath string, i int, labels []string) (Figure, *node, bool) {
	mark, expanded := w.problems.count(), w.doc.expanded
	fig, source, ok := w.figure(n, "", labels)
	if w.problems.count() == mark {
		return fig, source, ok
	}
	w.problems.truncate(mark)
	w.doc.expanded = expanded
	return w.figure(n, figurePath(entryPath, i), labels)
}

// figurePath is the path of the figure at index i of an entry.
func figurePath(entryPath string, i int) string {
	return entryPath + ".figures[" + strconv.Itoa(i) + "]"
}

func (l *loader) addFigure(f *sourceFile, st *metricState, fig Figure, p place) {
	f.figures++
	if fig.Source == 0 {
		f.unsourced++
	}
	st.Figures = append(st.Figures, fig)
	st.places = append(st.places, p)
}

// finish checks what can only be checked once every file is read: that
// every declared metric has figures, and that no series is given twice.
// A metric's lack of figures is not reported when some file could not be
// read at all, since that file may have held them.
func (l *loader) finish() {
	names := make([]string, 0, len(l.metrics))
	for name := range l.metrics {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		st := l.metrics[name]
		if st.broken || st.declared.file < 0 {
			continue
		}
		if len(st.Figures) == 0 && !st.offered && !l.incomplete {
			d := st.declared
			l.files[d.file].problems.add(int(d.line), fmt.Sprintf("metrics[%d]", d.entry), "metric %q has no figures: give it figures here, or in a file listed under figure_files", st.Name)
		}
		if len(st.Figures) > 0 {
			l.checkDuplicates(st)
		}
	}
}

// checkDuplicates reports every figure whose labels equal those of an
// earlier figure of its metric, naming both places. It sorts indexes
// rather than building a map of keys, so that a million CSV rows cost no
// allocation per row.
func (l *loader) checkDuplicates(st *metricState) {
	n := len(st.Figures)
	if n < 2 {
		return
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(slices.Compare(st.Figures[a].LabelValues, st.Figures[b].LabelValues), cmp.Compare(a, b))
	})
	first := order[0]
	for _, i := range order[1:] {
		if !slices.Equal(st.Figures[i].LabelValues, st.Figures[first].LabelValues) {
			first = i
			continue
		}
		p := st.places[i]
		f := l.files[p.file]
		f.problems.add(int(p.line), f.placePath(p), "duplicate series %s: the same labels as the figure %s", seriesName(st.Name, st.Labels, st.Figures[i].LabelValues), l.at(int(p.file), st.places[first]))
	}
}

// placePath is the path of a figure in its document, "" for a CSV row,
// the sheet and row of a workbook's.
func (f *sourceFile) placePath(p place) string {
	if f.sheet != "" {
		return fmt.Sprintf("sheet %s row %d", f.sheet, p.line)
	}
	if p.entry < 0 {
		return ""
	}
	return fmt.Sprintf("metrics[%d].figures[%d]", p.entry, p.figure)
}

// sameLabels reports whether two declarations have the same label names,
// in any order: figures name their labels, so order does not matter.
func sameLabels(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, l := range a {
		if !slices.Contains(b, l) {
			return false
		}
	}
	return true
}

func describeLabels(labels []string) string {
	switch len(labels) {
	case 0:
		return "no labels"
	case 1:
		return "label " + labels[0]
	}
	return "labels " + strings.Join(labels, ", ")
}

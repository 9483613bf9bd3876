package config

import (
	"crypto/sha256"
	"strconv"
	"strings"
)

// Set is one complete, validated collection of figures. Load returns a new
// Set every time and nothing modifies it afterwards, so the exporter can
// share it between goroutines without locks.
type Set struct {
	// Metrics is sorted by name; each name appears once.
	Metrics []Metric
	// Sources lists every distinct source of at least one figure, in the
	// order of the first figure that names it. The exporter serves each
	// once as figures_source_info.
	Sources []Source
	// Files lists every file that was read, in reading order: the main
	// file first, then the files its figure_files entries matched, so that
	// a watcher knows what to watch.
	Files []string
	// Digest is the SHA-256 of the bytes of every file read, each prefixed by
	// its name and length. Two loads with equal digests produced equal sets,
	// so a reload can skip rebuilding. A file added, removed or renamed
	// changes the digest, since names are hashed too.
	Digest [sha256.Size]byte
	// WatchDirs are the directories of the main file's figure_files
	// patterns that have wildcards (reports/ for reports/*.yml), joined
	// with the main file's directory as Files are. A file created in one
	// of them later may match a pattern, so a watcher should reload when
	// one of these directories changes; Globs says which names matter, and
	// Digest whether anything did.
	WatchDirs []string
	// Globs are those patterns, joined like WatchDirs, for
	// filepath.Match: a change in a watched directory to a name that
	// matches none of them cannot change the set.
	Globs []string
	// Warnings are things worth fixing that do not stop the set from
	// being served: figures that name no source, patterns that match no
	// file. `figures_exporter check` prints them.
	Warnings Problems
}

// Metric is one gauge family: a name, its help, its label names and its
// figures.
type Metric struct {
	Name   string
	Help   string
	Labels []string // in the order declared
	// TimeLabel is the label declared to hold the periods of the
	// figures (time_label:), one of Labels, or "" when none is declared:
	// period.TimeLabel then finds it by name.
	TimeLabel string
	// Reading is what the declaration says about how to read the
	// figures: unit, title, base. metricinfo applies it.
	Reading Reading
	// Figures are in file order; no two have the same label values.
	Figures []Figure
}

// Reading is what a metric's declaration says about reading its figures.
// Empty fields were not declared; metricinfo falls back on the name and
// help for them.
type Reading struct {
	// Unit is the declared unit's name in the list of metricinfo/units
	// (yuan for unit: CNY).
	Unit string
	// Title is a short title for pages and panels.
	Title string
	// Base makes the figures growth over a base: the name of one of the
	// metric's labels (each figure's base is its value of that label) or
	// the base itself ("2010").
	Base string
}

// String describes the declaration for a problem: `unit yuan, title "Aid"`.
func (r Reading) String() string {
	var parts []string
	for _, p := range []struct{ key, value string }{{"unit", r.Unit}, {"title", r.Title}, {"base", r.Base}} {
		if p.value != "" {
			parts = append(parts, p.key+" "+strconv.Quote(p.value))
		}
	}
	if len(parts) == 0 {
		return "no unit, title or base"
	}
	return strings.Join(parts, ", ")
}

// Figure is one series: the values of its metric's labels, in the order of
// Metric.Labels, and the figure itself.
type Figure struct {
	LabelValues []string
	Value       float64
	// Source is 1 + the index in Set.Sources of where the figure comes
	// from, or 0 when nothing names its source. It counts from 1 so that a
	// Figure written without it means "no source"; use Set.SourceOf.
	Source int
}

// Source names where figures come from. Empty fields were not given.
type Source struct {
	Title     string
	Publisher string
	URL       string
	Page      string
}

// Series is the number of figures in the set, not counting sources.
func (s *Set) Series() int {
	n := 0
	for i := range s.Metrics {
		n += len(s.Metrics[i].Figures)
	}
	return n
}

// SourceOf returns where f comes from, and false when no source is named
// for it.
func (s *Set) SourceOf(f *Figure) (Source, bool) {
	if f.Source <= 0 || f.Source > len(s.Sources) {
		return Source{}, false
	}
	return s.Sources[f.Source-1], true
}

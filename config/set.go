package config

import "crypto/sha256"

// Set is one complete, validated collection of figures. Load returns a new
// Set every time and nothing modifies it afterwards, so the exporter can
// share it between goroutines without locks.
type Set struct {
	// Metrics is sorted by name; each name appears once.
	Metrics []Metric
	// Sources lists every distinct source named by the files, in the order
	// they were first named.
	Sources []Source
	// Files lists every file that was read, in reading order, so that a
	// watcher knows what to watch.
	Files []string
	// Digest is the SHA-256 of the bytes of every file read, each prefixed by
	// its name and length. Two loads with equal digests produced equal sets,
	// so a reload can skip rebuilding.
	Digest [sha256.Size]byte
}

// Metric is one gauge family: a name, its help, its label names and its
// figures.
type Metric struct {
	Name   string
	Help   string
	Labels []string // in the order declared
	// Figures are in file order; no two have the same label values.
	Figures []Figure
}

// Figure is one series: the values of its metric's labels, in the order of
// Metric.Labels, and the figure itself.
type Figure struct {
	LabelValues []string
	Value       float64
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

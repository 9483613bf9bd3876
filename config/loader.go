package config

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"slices"
	"strings"
)

// fileKind is how a file is read: as a document (YAML, JSON, TOML) that
// declares metrics and gives figures, or as CSV rows of figures.
type fileKind int

const (
	kindDocument fileKind = iota
	kindCSV
	// kindTable is a published table (CSV, TSV, xlsx, JSON records) that
	// its figure_files entry maps onto figures (see mapped.go).
	kindTable
)

// kindOf tells a file's kind by its extension.
func kindOf(name string) (fileKind, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yml", ".yaml", ".json", ".toml":
		return kindDocument, true
	case ".csv":
		return kindCSV, true
	}
	return 0, false
}

// sourceFile is one file of a load: its bytes, what it says, and the
// problems found in it.
type sourceFile struct {
	name     string
	data     []byte
	kind     fileKind
	unread   bool          // the file could not be read; its problem says why
	sheet    string        // the sheet a workbook's figures were read from
	include  *includeEntry // the figure_files entry that matched it; nil for the main file
	doc      *document     // documents only
	content  fileContent   // documents only
	problems problemList
	// source is what the file's figures come from unless they say
	// otherwise: the file's own source:, else its figure_files entry's.
	source *Source
	// figures and unsourced count the file's figures and those of them
	// that name no source; unsourcedFigures lists the first
	// maxListedUnsourced of the latter (documents only), for warnings.
	figures, unsourced int
	unsourcedFigures   Problems
}

// loader reads a main figures file and every file it lists, and merges
// them into one Set. It lives for one load.
type loader struct {
	opts Options
	// onDisk is false for Parse, which has the bytes of one file and no
	// directory to resolve figure_files in.
	onDisk    bool
	files     []*sourceFile
	seen      map[string]bool // absolute paths of files already read
	metrics   map[string]*metricState
	sources   sourceTable
	warnings  Problems // about figure_files patterns, for the main file
	globs     []string
	watchDirs []string
	kept      keptStrings
	// incomplete is set when a file could not be read as a whole (it is
	// missing, not UTF-8, or its syntax or header is broken): figures it
	// may hold are unknown.
	incomplete bool
}

func newLoader(opts Options, onDisk bool) *loader {
	return &loader{opts: opts, onDisk: onDisk, seen: map[string]bool{}, metrics: map[string]*metricState{}}
}

// add records a file that was read, in reading order.
func (l *loader) add(name string, data []byte, include *includeEntry) *sourceFile {
	kind, _ := kindOf(name)
	f := &sourceFile{name: name, data: data, kind: kind, include: include, problems: problemList{file: name}}
	if include != nil {
		f.source = include.source
	}
	l.files = append(l.files, f)
	return f
}

// addUnread records a file that could not be read, with the reason.
func (l *loader) addUnread(name string, include *includeEntry, reason string) {
	f := l.add(name, nil, include)
	f.unread = true
	l.incomplete = true
	f.problems.add(0, "", "%s", reason)
}

// load reads the main file name, then the files it lists, and returns the
// merged Set or every problem found in any of them.
func (l *loader) load(name string, data []byte) (*Set, error) {
	main := l.add(name, data, nil)
	if main.kind == kindCSV {
		main.problems.add(0, "", "a CSV file cannot be the main figures file: its rows give figures, but metrics are declared (name, help, labels) in YAML; write a main .yml file that declares them and lists this file under figure_files")
		return nil, l.problems()
	}
	main.doc = parseDocument(name, data, &main.problems, !l.opts.yamlV3Only)
	if main.doc == nil {
		return nil, l.problems()
	}
	main.content = (&walker{problems: &main.problems, doc: main.doc}).file(main.doc.root(), true)
	if main.content.source != nil {
		main.source = main.content.source
	}
	l.include(main)
	// Every file is read now, and only the main file parsed: when their
	// bytes are the previous load's, so is the set, and the costly part
	// (parsing the other files, merging) is skipped.
	if prev := l.opts.Previous; prev != nil && !l.incomplete && l.digest() == prev.Digest {
		return prev, nil
	}
	for _, f := range l.files[1:] {
		if f.kind != kindDocument || f.unread {
			continue
		}
		f.doc = parseDocument(f.name, f.data, &f.problems, !l.opts.yamlV3Only)
		if f.doc == nil {
			l.incomplete = true
			continue
		}
		f.content = (&walker{problems: &f.problems, doc: f.doc}).file(f.doc.root(), false)
		if f.content.source != nil {
			f.source = f.content.source
		}
	}
	l.declare()
	l.declareMapped()
	l.collect()
	for i, f := range l.files {
		switch {
		case f.unread:
		case f.kind == kindCSV:
			l.loadCSV(i)
		case f.kind == kindTable:
			l.loadTable(i)
		}
	}
	l.finish()
	if err := l.problems(); err != nil {
		return nil, err
	}
	return l.set(), nil
}

// problems returns every problem found, file by file in reading order and
// by line within a file, or nil.
func (l *loader) problems() error {
	var all Problems
	for _, f := range l.files {
		list := f.problems.listed()
		slices.SortStableFunc(list, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
		all = append(all, list...)
	}
	if len(all) == 0 {
		return nil
	}
	return all
}

// set builds the Set once the load found no problem.
func (l *loader) set() *Set {
	set := &Set{
		Sources:   l.sources.list,
		WatchDirs: l.watchDirs,
		Globs:     l.globs,
		Warnings:  l.warnings,
	}
	for _, f := range l.files {
		set.Files = append(set.Files, f.name)
		set.Warnings = append(set.Warnings, f.unsourcedWarnings()...)
	}
	names := make([]string, 0, len(l.metrics))
	for name := range l.metrics {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		set.Metrics = append(set.Metrics, l.metrics[name].Metric)
	}
	set.Digest = l.digest()
	return set
}

// digest hashes every file's name and bytes in reading order; the length
// prefixes keep two different sets of files from hashing alike by moving
// bytes between names and contents.
func (l *loader) digest() [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range l.files {
		binary.BigEndian.PutUint64(n[:], uint64(len(f.name)))
		h.Write(n[:])
		h.Write([]byte(f.name))
		binary.BigEndian.PutUint64(n[:], uint64(len(f.data)))
		h.Write(n[:])
		h.Write(f.data)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

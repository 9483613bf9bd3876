package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// includeEntry is one entry of the main file's figure_files: a file name
// or a pattern, relative to the main file's directory, and what applies to
// every file it matches.
type includeEntry struct {
	pattern string // as written
	path    string // figure_files[2]
	line    int
	// metric names the metric of every row of the matched CSV files,
	// which then have no metric column; "" when not given.
	metric     string
	metricLine int
	// source is the source of the matched files' figures, unless a file or
	// a figure names its own.
	source *Source
	// table maps the rows and columns of a published table onto figures;
	// nil for files in the figures layout (see mapping.go).
	table *tableMapping
}

// includeKeys are the keys of a figure_files entry written as a mapping.
var includeKeys = append([]string{"path", "metric", "source"}, mappingKeys...)

// includes walks figure_files: a list whose entries are patterns, or
// mappings of path, metric and source.
func (w *walker) includes(n *node, path string) []includeEntry {
	items, ok := w.sequence(n, path, "a list of file names or patterns such as reports/*.yml")
	if !ok {
		return nil
	}
	var entries []includeEntry
	for i := range items {
		item := &items[i]
		e := includeEntry{path: fmt.Sprintf("%s[%d]", path, i), line: int(item.line)}
		patternNode := item
		if item.kind == mappingNode {
			fields, _ := w.mapping(item, e.path, "a mapping of "+describeKeys(includeKeys), includeKeys)
			if patternNode, ok = fields.get("path"); !ok {
				w.problems.add(int(item.line), e.path, "missing key path: expected a file name or pattern such as tables/*.csv")
				continue
			}
			if v, ok := fields.get("metric"); ok {
				e.metricLine = int(v.line)
				if e.metric, ok = w.metricName(v, e.path+".metric"); !ok {
					continue
				}
			}
			if v, ok := fields.get("source"); ok {
				if e.source = w.source(v, e.path+".source"); e.source == nil {
					continue
				}
			}
			if e.table, ok = w.tableMapping(fields, &e); !ok {
				continue
			}
		} else if item.kind != scalarNode {
			w.problems.add(int(item.line), e.path, "expected a file name or pattern such as reports/*.yml, or a mapping of %s, found %s", describeKeys(includeKeys), w.describe(item))
			continue
		}
		ppath := e.path
		if patternNode != item {
			ppath += ".path"
		}
		if e.pattern, ok = w.text(patternNode, ppath); !ok {
			continue
		}
		if msg := checkPattern(e.pattern); msg != "" {
			w.problems.add(int(patternNode.line), ppath, "%s", msg)
			continue
		}
		entries = append(entries, e)
	}
	return entries
}

// hasMeta reports whether a pattern has wildcards.
func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }

// checkPattern explains what is wrong with a figure_files pattern, or
// returns "". Wildcards are allowed in the file name only, so that the
// directories to watch for new files are known.
func checkPattern(pattern string) string {
	if hasMeta(filepath.Dir(pattern)) {
		return fmt.Sprintf("pattern %q has wildcards in its directory: only the file name may have them (reports/*.yml), so that the exporter knows which directory to watch for new files", pattern)
	}
	if _, err := filepath.Match(filepath.Base(pattern), ""); err != nil {
		return fmt.Sprintf("pattern %q is malformed: %v", pattern, err)
	}
	return ""
}

// include reads every file that the main file's figure_files entries
// match, in entry order and, within a pattern, in name order. A file
// matched twice is read once, for the first entry; the main file is never
// read again.
func (l *loader) include(main *sourceFile) {
	entries := main.content.includes
	if !main.content.hasIncludes {
		return
	}
	if !l.onDisk {
		main.problems.add(main.content.includesLine, "figure_files", "figure_files needs the files on disk: load the main file by its path (--config.file)")
		return
	}
	dir := filepath.Dir(main.name)
	l.seen[absPath(main.name)] = true
	for i := range entries {
		e := &entries[i]
		pattern := e.pattern
		if !filepath.IsAbs(pattern) {
			pattern = filepath.Join(dir, pattern)
		}
		matches := []string{pattern}
		if hasMeta(filepath.Base(pattern)) {
			matches = l.glob(main, e, pattern)
		}
		for _, m := range matches {
			key := absPath(m)
			if key == absPath(main.name) {
				continue // the main file is never read again
			}
			if e.table != nil {
				// A table read by several mapped entries (the years, the
				// quarters and the months of one ONS series) is read by
				// each: each takes other rows or columns of it.
				key += "\x00" + strconv.Itoa(i)
			}
			if l.seen[key] {
				continue
			}
			l.seen[key] = true
			l.read(main, e, m)
		}
	}
}

// glob lists the files in pattern's directory whose names match its last
// element, and notes the directory and pattern for the watcher. Names
// starting with a dot match only a pattern starting with one, as in the
// shell, so that editors' lock and swap files are never read.
func (l *loader) glob(main *sourceFile, e *includeEntry, pattern string) []string {
	dir, base := filepath.Split(pattern)
	dir = filepath.Clean(dir)
	if !slices.Contains(l.globs, pattern) {
		l.globs = append(l.globs, pattern)
	}
	if !slices.Contains(l.watchDirs, dir) {
		l.watchDirs = append(l.watchDirs, dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		main.problems.add(e.line, e.path, "cannot list %s for pattern %q: %v", dir, e.pattern, err)
		return nil
	}
	var matches []string
	for _, de := range entries {
		name := de.Name()
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if ok, _ := filepath.Match(base, name); ok {
			matches = append(matches, filepath.Join(dir, name))
		}
	}
	if len(matches) == 0 {
		msg := fmt.Sprintf("pattern %q matches no file yet", e.pattern)
		if err != nil {
			msg = fmt.Sprintf("pattern %q matches no file yet: there is no directory %s", e.pattern, dir)
		}
		l.warnings = append(l.warnings, Problem{File: main.name, Line: e.line, Path: e.path, Msg: msg})
	}
	return matches
}

// read reads one matched file and adds it to the load. A file named
// without wildcards that cannot be read is reported at its entry in the
// main file, where the mistake is.
func (l *loader) read(main *sourceFile, e *includeEntry, name string) {
	kind, ok := kindOf(name)
	if e.table != nil {
		kind, ok = kindTable, isTableFile(name)
	}
	if !ok {
		l.addUnread(name, e, fmt.Sprintf("unknown file type %q: expected .yml, .yaml, .json, .toml or .csv%s", filepath.Ext(name), tableTypesHint(e, name)))
		return
	}
	if e.metric != "" && kind == kindDocument {
		main.problems.add(e.metricLine, e.path+".metric", "metric: names the metric of every row of CSV files, but %q matched %s, which is not a CSV file", e.pattern, name)
		return
	}
	data, err := readFile(name, l.opts.maxFileBytes())
	if err != nil {
		if hasMeta(e.pattern) {
			l.addUnread(name, e, err.Error())
		} else {
			main.problems.add(e.line, e.path, "%s: %s", e.pattern, err.Error())
		}
		return
	}
	l.add(name, data, e).kind = kind
}

// absPath makes a path absolute for comparing files; it falls back to the
// cleaned path when the working directory is unknown.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// MatchesGlob reports whether a file at path could be one of the set's
// figure files: whether it is in one of WatchDirs and its name matches the
// pattern of that directory. A watcher uses it to ignore changes that
// cannot change the set, such as an editor's swap file.
func (s *Set) MatchesGlob(path string) bool {
	dir, name := filepath.Split(path)
	dir = filepath.Clean(dir)
	for _, g := range s.Globs {
		gdir, pattern := filepath.Split(g)
		if filepath.Clean(gdir) != dir {
			continue
		}
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(pattern, ".") {
			continue
		}
		if ok, _ := filepath.Match(pattern, name); ok {
			return true
		}
	}
	return false
}

package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a figures file, with its place.
type Problem struct {
	File string // the file as it was named to Load
	Line int    // 1-based; 0 when the decoder does not know it (TOML)
	Path string // where in the document, e.g. metrics[3].figures[1].value
	Msg  string // what was expected and what was found
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Path != "" {
		b.WriteString(": ")
		b.WriteString(p.Path)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found while loading, in file order. Loading
// reports them all at once so that a user fixes a file in one pass.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// problemList collects problems for one file; file is filled in once.
type problemList struct {
	file string
	list Problems
}

func (l *problemList) add(line int, path, format string, args ...any) {
	l.list = append(l.list, Problem{File: l.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (l *problemList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	return l.list
}

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
// It keeps the first maxProblems and counts the rest in dropped: a file of
// 100,000 wrong keys made 100,000 messages that no one reads, and took
// hundreds of megabytes.
type problemList struct {
	file    string
	list    Problems
	dropped int
}

// maxProblems is the most problems listed for one file.
const maxProblems = 1000

func (l *problemList) add(line int, path, format string, args ...any) {
	if len(l.list) >= maxProblems {
		l.dropped++
		return
	}
	l.list = append(l.list, Problem{File: l.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// full tells whether the list holds maxProblems: a caller may then skip
// building a problem, and call add with no arguments, which counts it.
func (l *problemList) full() bool { return len(l.list) >= maxProblems }

// count is the number of problems found, listed or not.
func (l *problemList) count() int { return len(l.list) + l.dropped }

// truncate forgets the problems found after the first n.
func (l *problemList) truncate(n int) {
	if n <= len(l.list) {
		l.list, l.dropped = l.list[:n], 0
		return
	}
	l.dropped = n - len(l.list)
}

// listed returns the listed problems, with one more saying how many were
// not listed, if any.
func (l *problemList) listed() Problems {
	if l.dropped == 0 {
		return l.list
	}
	last := l.list[len(l.list)-1].Line
	for _, p := range l.list {
		last = max(last, p.Line)
	}
	return append(l.list, Problem{File: l.file, Line: last, Msg: fmt.Sprintf("and %d more problems in this file, not listed", l.dropped)})
}

func (l *problemList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	return l.list
}

package config

import (
	"fmt"
)

// sourceKeys are the keys of a source: mapping.
var sourceKeys = []string{"title", "publisher", "url", "page"}

// source walks the source: mapping of a file or of a figure_files entry.
// A source needs a title or a publisher.
func (w *walker) source(n *node, path string) *Source {
	return w.sourceOf(n, path, nil, false)
}

// figureSource walks a figure's source: mapping against base, the source
// of its file (nil when the file names none). One with a title or a
// publisher stands alone; one with only url or page refines base, so that
// `source: {page: "12"}` says "the same report, page 12" without
// repeating it.
func (w *walker) figureSource(n *node, path string, base *Source) *Source {
	return w.sourceOf(n, path, base, true)
}

func (w *walker) sourceOf(n *node, path string, base *Source, refine bool) *Source {
	fields, ok := w.mapping(n, path, "a mapping with title, publisher, url or page", sourceKeys)
	if !ok {
		return nil
	}
	var s Source
	valid := true
	for _, f := range []struct {
		key string
		dst *string
	}{{"title", &s.Title}, {"publisher", &s.Publisher}, {"url", &s.URL}, {"page", &s.Page}} {
		if v, ok := fields.get(f.key); ok {
			*f.dst, ok = w.text(v, path+"."+f.key)
			valid = valid && ok
		}
	}
	if !valid {
		return nil
	}
	if s.Title != "" || s.Publisher != "" {
		return &s
	}
	switch {
	case !refine:
		w.problems.add(int(n.line), path, "a source needs a title or a publisher")
	case base == nil:
		w.problems.add(int(n.line), path, "a source needs a title or a publisher: a figure's source with only url or page refines its file's source, but this file names none")
	default:
		refined := *base
		if s.URL != "" {
			refined.URL = s.URL
		}
		if s.Page != "" {
			refined.Page = s.Page
		}
		return &refined
	}
	return nil
}

// sourceTable numbers the distinct sources of the figures in the order
// they are first used, so that each is served once.
type sourceTable struct {
	list  []Source
	index map[Source]int
}

// ref returns the Figure.Source of s: 1 + its index, or 0 for no source.
func (t *sourceTable) ref(s *Source) int {
	if s == nil {
		return 0
	}
	if i, ok := t.index[*s]; ok {
		return i
	}
	if t.index == nil {
		t.index = map[Source]int{}
	}
	t.list = append(t.list, *s)
	t.index[*s] = len(t.list)
	return len(t.list)
}

// unsourcedWarnings says which figures of a file name no source. When none
// of its figures does, one warning for the file says so, since one source:
// for the file fixes them all; otherwise each such figure is listed.
func (f *sourceFile) unsourcedWarnings() Problems {
	switch {
	case f.unsourced == 0:
		return nil
	case f.unsourced == f.figures:
		what := fmt.Sprintf("none of its %d figures names a source", f.figures)
		if f.figures == 1 {
			what = "its figure names no source"
		}
		fix := "add source: (title, publisher, url, page) to the file"
		if f.kind != kindDocument {
			fix = "add source: (title, publisher, url, page) to its figure_files entry"
		} else if f.include != nil {
			fix += " or to its figure_files entry"
		}
		return Problems{{File: f.name, Msg: fmt.Sprintf("no source: %s; %s", what, fix)}}
	}
	list := f.unsourcedFigures
	if more := f.unsourced - len(list); more > 0 {
		list = append(list[:len(list):len(list)], Problem{File: f.name, Msg: fmt.Sprintf("no source: %d more figures name no source (the first %d are listed above)", more, len(list))})
	}
	return list
}

// maxListedUnsourced is how many figures without a source a file's
// warnings name one by one; the rest are counted. A file of a million
// figures, a few with a source, would otherwise build a million warnings
// (and took three times as long to load).
const maxListedUnsourced = 100

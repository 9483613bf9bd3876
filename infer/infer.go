// Package infer works out the shape of published tables (CSV, xlsx, JSON
// records) and writes the figures file that maps them onto figures: the
// logic of `figures_exporter init`. It is pure: bytes in, a figures file,
// a summary and the list of guesses out. docs/init.md says what it infers
// and how.
package infer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Result is what init writes and says.
type Result struct {
	// File is the figures file: a figure_files entry per table.
	File    []byte
	Entries []*Entry
	// Stats counts every table; Tables has one per table, in order.
	Stats  Stats
	Tables []Stats
	// Guesses are the choices that were not certain, "table: guess".
	Guesses []string
	// paths are the tables' paths, one per Tables (a table may have
	// several entries); sheets their sheets ("" but in a workbook read
	// sheet by sheet).
	paths, sheets []string
}

// fromGrids infers every table and writes the file. The metric names of
// all tables are unique together.
// unread[i], when not nil, says why grids[i] could not be read; every
// table's problem is reported, in order.
func fromGrids(grids []*grid, unread []error) (*Result, error) {
	srcs := make([]source, len(grids))
	for i, g := range grids {
		srcs[i].grids = []*grid{g}
		if i < len(unread) {
			srcs[i].err = unread[i]
		}
	}
	return fromSources(srcs)
}

// source is one file given to init: a table, or the sheets of a workbook.
type source struct {
	path string
	// grids are its tables: the file's, or each sheet's of a workbook of
	// several sheets (grid.sheet set).
	grids []*grid
	// meta are sheets whose names say they are a contents page, notes
	// or a cover: not read.
	meta []*grid
	// skipped says which sheets are not read, and why.
	skipped []string
	// err says why the file could not be read.
	err error
}

// fromSources infers every table of every file and writes the file. A
// sheet of a workbook that holds no table of figures is left out with a
// comment, as long as another sheet of the workbook gives figures.
func fromSources(srcs []source) (*Result, error) {
	res := &Result{}
	metrics := namer{}
	var errs []string
	var all []*grid
	for _, src := range srcs {
		if src.err != nil {
			errs = append(errs, src.err.Error())
			continue
		}
		all = append(all, src.grids...)
		var entries []*Entry
		skipped := src.skipped
		for _, g := range src.grids {
			es, st, err := shape(g, metrics)
			if err != nil {
				if g.sheet == "" {
					errs = append(errs, fmt.Sprintf("%s: %v", g.path, err))
				} else {
					skipped = append(skipped, fmt.Sprintf("sheet %q: %v", g.sheet, err))
				}
				continue
			}
			entries = append(entries, es...)
			res.Entries = append(res.Entries, es...)
			res.Tables = append(res.Tables, st)
			res.paths = append(res.paths, g.path)
			res.sheets = append(res.sheets, g.sheet)
			res.Stats.add(st)
			for _, e := range es {
				for _, gu := range e.guesses {
					res.Guesses = append(res.Guesses, g.title()+": "+gu)
				}
			}
		}
		for _, g := range src.meta {
			// Never read in their stead when no other sheet gives
			// figures: an Index sheet's counts are not the data.
			skipped = append(skipped, fmt.Sprintf("sheet %q: by its name a contents page, notes or a cover (add an entry with sheet: %q to read it)", g.sheet, g.sheet))
		}
		switch {
		case len(entries) > 0 && len(skipped) > 0:
			entries[0].note("", "sheets not read:\n- "+strings.Join(skipped, "\n- "))
		case len(entries) == 0 && len(skipped) > 0:
			errs = append(errs, fmt.Sprintf("%s: no sheet holds a table of figures: %s", src.path, strings.Join(skipped, "; ")))
		}
	}
	if len(errs) == 0 {
		errs = unforced(all)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	var names []string
	for _, p := range res.paths {
		if n := filepath.Base(p); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	header := []string{
		fmt.Sprintf("Written by `figures_exporter init` from %s.", strings.Join(names, ", ")),
		"Review it: a comment above a key says what was inferred, and which choices were guesses.",
		"Check it with `figures_exporter check --config.file FILE`; the keys are in docs/tables.md.",
	}
	file, err := write(res.Entries, header)
	if err != nil {
		return nil, err
	}
	res.File = file
	return res, nil
}

// Summary is the summary init prints on standard error: a line per
// table, then the totals.
func (r *Result) Summary() string {
	var b strings.Builder
	for i, p := range r.paths {
		if i < len(r.sheets) && r.sheets[i] != "" {
			p = fmt.Sprintf("%s, sheet %q", p, r.sheets[i])
		}
		fmt.Fprintf(&b, "%s: %s\n", p, r.Tables[i])
	}
	fmt.Fprintf(&b, "%d tables: %s\n", r.Stats.Tables, r.Stats)
	return b.String()
}

func (s Stats) String() string {
	return fmt.Sprintf("%d metrics, %d figures, %d gaps skipped, %d guesses", s.Metrics, s.Figures, s.Gaps, s.Guesses)
}

// unforced names the columns given as labels that no table has.
func unforced(grids []*grid) []string {
	var errs []string
	for i, g := range grids {
		for _, name := range g.force {
			if slices.ContainsFunc(grids, func(g *grid) bool { return slices.Contains(g.forced, name) }) || slices.ContainsFunc(grids[:i], func(g *grid) bool { return slices.Contains(g.force, name) }) {
				continue
			}
			errs = append(errs, fmt.Sprintf("--label %s: no table has a column %q (a header, or #N for the Nth column)", name, name))
		}
	}
	return errs
}

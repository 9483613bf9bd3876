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
	// several entries).
	paths []string
}

// fromGrids infers every table and writes the file. The metric names of
// all tables are unique together.
// unread[i], when not nil, says why grids[i] could not be read; every
// table's problem is reported, in order.
func fromGrids(grids []*grid, unread []error) (*Result, error) {
	res := &Result{}
	metrics := namer{}
	var errs []string
	for i, g := range grids {
		if i < len(unread) && unread[i] != nil {
			errs = append(errs, unread[i].Error())
			continue
		}
		es, st, err := shape(g, metrics)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", g.path, err))
			continue
		}
		res.Entries = append(res.Entries, es...)
		res.Tables = append(res.Tables, st)
		res.paths = append(res.paths, g.path)
		res.Stats.add(st)
		for _, e := range es {
			for _, gu := range e.guesses {
				res.Guesses = append(res.Guesses, g.name+": "+gu)
			}
		}
	}
	if len(errs) == 0 {
		errs = unforced(grids)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	var names []string
	for _, p := range res.paths {
		names = append(names, filepath.Base(p))
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

package infer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/figures-exporter/figures_exporter/config/table"
)

// Input is one table given to init.
type Input struct {
	// Path is the table's path as the figures file will name it:
	// relative to the figures file's directory, or absolute.
	Path string
	// Data is the whole file.
	Data []byte
	// Labels are columns to read as labels whatever they hold (codes
	// that are numbers): init's --label.
	Labels []string
}

// Infer works out the shape of every table and writes the figures file
// mapping them all. A table that cannot be read, or holds no figures,
// is an error naming it and why; no file is written then.
func Infer(inputs []Input) (*Result, error) {
	srcs := make([]source, len(inputs))
	for i, in := range inputs {
		srcs[i] = readSource(in)
	}
	return fromSources(srcs)
}

// readSource reads a file's tables: the file's one, or each sheet of a
// workbook of several sheets. Every visible sheet is read, as its own
// figure_files entry with sheet:, because a publisher's workbook puts a
// table on each sheet (Table 1, Table 2…) or a series block on each
// (ABS' Data1, Data2); hidden sheets hold lookups and working data.
func readSource(in Input) source {
	src := source{path: in.Path}
	if format, ok := table.FormatOf(in.Path); ok && format == table.XLSX {
		sheets, err := table.Sheets(in.Data)
		if err != nil {
			src.err = fmt.Errorf("%s: %w", in.Path, err)
			return src
		}
		if len(sheets) > 1 {
			for _, sh := range sheets {
				if sh.Hidden {
					src.skipped = append(src.skipped, fmt.Sprintf("sheet %q: hidden in the workbook (add an entry with sheet: %q to read it)", sh.Name, sh.Name))
					continue
				}
				g, err := readRows(in, sh.Name)
				switch {
				case err != nil:
					src.skipped = append(src.skipped, fmt.Sprintf("sheet %q: %v", sh.Name, err))
				case isMetaSheet(sh.Name):
					src.meta = append(src.meta, g)
				default:
					src.grids = append(src.grids, g)
				}
			}
			return src
		}
	}
	g, err := readRows(in, "")
	if err != nil {
		src.err = fmt.Errorf("%s: %w", in.Path, err)
		return src
	}
	src.grids = []*grid{g}
	return src
}

// metaSheet matches the names publishers give the sheets around their
// tables: contents, notes, covers, definitions (ONS, ABS, DfT, NBS…).
var metaSheet = regexp.MustCompile(`(?i)^((table of )?contents?|index|notes?( and definitions)?|cover( sheet| page)?|front page|info(rmation)?|about( this (data|release|publication))?|metadata|definitions?|glossary|sources?|read ?me|guidance|introduction|methodology|quality|licen[cs]e|terms( of use)?|explanatory notes?|technical (information|notes?)|background( notes)?|corrections?|disclaimer|enquiries|contacts?|summary of changes|revisions?|目录|说明|注释|封面|目次|注記|解説)$`)

// isMetaSheet says whether a sheet's name is a contents page's, notes'
// or a cover's: "Cover_sheet", "Table of contents", "Notes".
func isMetaSheet(name string) bool {
	return metaSheet.MatchString(strings.Join(strings.Fields(strings.ReplaceAll(name, "_", " ")), " "))
}

func readRows(in Input, sheet string) (*grid, error) {
	format, ok := table.FormatOf(in.Path)
	if !ok {
		return nil, fmt.Errorf("not a table init reads: expected a name ending in .csv, .tsv, .txt, .xlsx or .json")
	}
	g := &grid{name: filepath.Base(in.Path), path: filepath.ToSlash(in.Path), force: in.Labels, sheet: sheet}
	opts := table.Options{Format: format, Sheet: sheet}
	g.reading.Sheet = sheet
	switch format {
	case table.CSV:
		enc, why := table.DetectEncoding(in.Data)
		text := in.Data
		if enc != "utf-8" {
			opts.Encoding = enc
			// UTF-16 with its byte order mark is told by it, in check as
			// here; without one (the IMF's World Economic Outlook
			// downloads) it is a guess, written as encoding:.
			bom := strings.HasPrefix(enc, "utf-16") && (bytes.HasPrefix(in.Data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(in.Data, []byte{0xFE, 0xFF}))
			g.pre = append(g.pre, prenote{"encoding", fmt.Sprintf("%s: %s", enc, why), !bom})
			e, err := htmlindex.Get(enc)
			if err != nil {
				return nil, fmt.Errorf("encoding %s: %v", enc, err)
			}
			if text, err = e.NewDecoder().Bytes(in.Data); err != nil {
				return nil, fmt.Errorf("cannot decode it as %s (%s): %v", enc, why, err)
			}
			if !bom {
				g.reading.Encoding = enc
			}
		}
		opts.Separator = table.DetectSeparator(text)
		if opts.Separator == '\t' {
			first, _, _ := strings.Cut(string(text), "\t")
			if dims, across, ok := table.EurostatDimensions(strings.TrimPrefix(first, "\ufeff")); ok {
				g.across, g.dims = across, len(dims)
				g.pre = append(g.pre, prenote{"labels", fmt.Sprintf("a Eurostat TSV: its first header %q joins the names of the row dimensions (%s), split into a column each, and of the dimension across (%s)", first, strings.Join(dims, ", "), across), false})
			}
		}
		if opts.Separator != ',' {
			g.reading.Separator = string(opts.Separator)
			g.pre = append(g.pre, prenote{"separator", fmt.Sprintf("cells are separated by %s: it splits the most lines into the same number of cells", sepName(opts.Separator)), false})
		}
	case table.XLSX:
		g.literal = true
	case table.JSON:
		g.literal, g.records = true, true
		records, n, err := findRecords(in.Data)
		if err != nil {
			return nil, err
		}
		if records != "" {
			opts.Records = records
			g.reading.Records = records
			g.pre = append(g.pre, prenote{"records", fmt.Sprintf("the largest array of records (%d) is under %s", n, records), true})
		}
	}
	rows, err := table.Open(in.Data, opts)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		g.rows = append(g.rows, slices.Clone(rows.Row()))
		g.rowNo = append(g.rowNo, rows.Place().Row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

func sepName(r rune) string {
	switch r {
	case '\t':
		return "tabs"
	case ';':
		return "semicolons"
	case '|':
		return "bars"
	}
	return fmt.Sprintf("%q", r)
}

// findRecords finds the array of records in a JSON document: "" for a
// top-level array, else the dotted path to the largest array of objects
// (by number of records, then by path, so that the choice is the same
// every time).
func findRecords(data []byte) (path string, n int, err error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", 0, fmt.Errorf("not JSON: %v", err)
	}
	if arr, ok := doc.([]any); ok {
		return "", len(arr), nil
	}
	best, bestN := "", -1
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if at != "" {
					p = at + "." + k
				}
				walk(v[k], p)
			}
		case []any:
			if len(v) > 0 {
				if _, ok := v[0].(map[string]any); ok && len(v) > bestN {
					best, bestN = at, len(v)
				}
			}
		}
	}
	walk(doc, "")
	if bestN < 0 {
		return "", 0, fmt.Errorf("no array of records: expected an array of objects at the top level or under a key")
	}
	return best, bestN, nil
}

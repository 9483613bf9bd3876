package config

import "fmt"

// maxDepth bounds how deeply a figures file may nest, in every syntax: a
// figures file needs about six levels (the file, metrics:, a metric,
// figures:, a figure, its source:), so 64 refuses nothing real, while a
// parser that recurses once per level (go-toml does, for arrays, inline
// tables and dotted keys alike) stays far from exhausting its stack, and
// one that allocates per level (go-toml's inline tables took 850 MB at
// 10,000 levels) stays in proportion to the text.
const maxDepth = 64

// depthError is a file nested deeper than maxDepth.
func depthError(what string) string {
	return fmt.Sprintf("%s nested more than %d deep: a figures file needs about six levels (file, metrics, metric, figures, figure, source); this limit keeps a hostile file from exhausting the parser", what, maxDepth)
}

// checkTOMLNesting scans a TOML text for nesting deeper than maxDepth
// before go-toml reads it, and returns the line where the limit is
// passed, with a message, or 0. go-toml recurses once per level of an
// array, an inline table and a dotted key, so that a 2 MB file of
// nested arrays overflows its stack: a fatal error no recover catches.
// Both are counted: brackets ([…] and {…}) in values, and the parts of a
// key (a.b.c) or a table header ([a.b.c]).
//
// The scan is by hand because go-toml has no depth option; it knows only
// as much TOML as it takes to tell brackets and dots in strings and
// comments from those that nest, and whether it is reading a key or a
// value. What is not TOML is left to go-toml to refuse.
func checkTOMLNesting(data []byte) (int, string) {
	var (
		line = 1
		// open holds the brackets that are open, up to maxDepth: '['
		// for an array, '{' for an inline table.
		open  [maxDepth]byte
		depth int
		// key is true where a key may be read: at the start of a
		// line outside brackets, and after '{' or ',' in an inline
		// table; parts counts the parts of the key being read.
		key   = true
		parts = 1
		// lineStart is true until something other than blanks is read
		// on a line outside brackets: a '[' there opens a header.
		lineStart = true
		header    bool
	)
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '\n':
			line++
			if depth == 0 {
				key, parts, lineStart, header = true, 1, true, false
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
			continue
		case '"', '\'':
			var lines int
			i, lines = skipTOMLString(data, i)
			line += lines
			lineStart = false
			continue
		}
		if header {
			switch c {
			case '.':
				if parts++; parts > maxDepth {
					return line, depthError("a table header's keys are")
				}
			case ']':
				header = false
			}
			continue
		}
		if depth == 0 && lineStart && c == '[' {
			header, lineStart, parts = true, false, 1
			if i+1 < len(data) && data[i+1] == '[' {
				i++
			}
			continue
		}
		lineStart = false
		switch c {
		case '.':
			if key {
				if parts++; parts > maxDepth {
					return line, depthError("a dotted key's parts are")
				}
			}
		case '=':
			key, parts = false, 1
		case '[', '{':
			if depth == maxDepth {
				return line, depthError("arrays and inline tables are")
			}
			open[depth] = c
			depth++
			key, parts = c == '{', 1
		case ']', '}':
			if depth > 0 {
				depth--
			}
			key = false
		case ',':
			key, parts = depth > 0 && open[depth-1] == '{', 1
		}
	}
	return 0, ""
}

// skipTOMLString returns the index of the last byte of the string that
// starts at data[i] (basic "…", literal '…', or their multi-line forms
// """…""" and ”'…”'), and how many line breaks it holds. A string left
// open ends at the end of its line (or of the file, for a multi-line one):
// go-toml refuses it.
func skipTOMLString(data []byte, i int) (int, int) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	lines := 0
	if multi {
		i += 3
	} else {
		i++
	}
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\\' && q == '"':
			// An escape: skip what it escapes, a line break included
			// (a multi-line string's line-ending backslash).
			if i+1 < len(data) && data[i+1] == '\n' {
				lines++
			}
			i++
		case c == '\n':
			if !multi {
				return i - 1, lines
			}
			lines++
		case c == q:
			if !multi {
				return i, lines
			}
			if i+2 < len(data) && data[i+1] == q && data[i+2] == q {
				// Up to two more quotes belong to the string: """a""""".
				i += 2
				for n := 0; n < 2 && i+1 < len(data) && data[i+1] == q; n++ {
					i++
				}
				return i, lines
			}
		}
	}
	return len(data) - 1, lines
}

// flowDepthLine returns the line where flow collections ([…], {…}) in a
// YAML text first nest deeper than maxDepth, or 0: for the message of a
// file yaml.v3 refused as too deep, which it gives without a line. It
// skips quoted scalars and comments, and so may count a bracket of a
// plain scalar: the line is a pointer for the reader, and the file is
// refused either way.
func flowDepthLine(data []byte) int {
	line, depth := 1, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			for i++; i < len(data) && data[i] != c; i++ {
				switch {
				case data[i] == '\n':
					line++
				case data[i] == '\\' && c == '"':
					i++
				}
			}
		case '[', '{':
			if depth++; depth > maxDepth {
				return line
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0
}

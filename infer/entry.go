package infer

// Entry is one figure_files entry that init writes: how the table is
// read and how its cells map onto figures, in the keys of the figures
// file (docs/tables.md). Fields left zero are not written.
type Entry struct {
	Path string // the table's path as the figures file names it
	Reading
	HeaderRow int // 1-based; 0 when the header is the first row

	// One measure: the metric, and its column unless the table is wide.
	Metric string
	Value  string
	Scale  string
	Help   string
	// Several measures.
	Values []Measure

	Labels        []Label
	ColumnsAs     *ColumnsAs
	RowsAsMetrics *RowsAsMetrics
	Gaps          []string // nil: the default gap tokens
	Status        *Status
	Parentheses   string            // "negative" or "mark": what parentheses around a number mean
	Marks         map[string]string // mark -> number, gap or error
	Drop          []Drop            // written commented out: a suggestion (docs/init.md)
	DropRows      []Drop            // written: rows that cannot be served (two rows, one series)
	TimeLabel     string
	Periods       string // the kind of period of the rows the entry reads
	PeriodYear    string // the column of the year of the time label's period codes (BLS)
	Source        string // the source's title

	// notes are the comments written above a key ("" for the entry), in
	// the order they were made.
	notes map[string][]string
	// guesses are the notes that were guesses.
	guesses []string
}

// Reading is how a table is read: the reading keys of a figure_files entry.
type Reading struct {
	Encoding  string // "" for UTF-8
	Separator string // "" for a comma or a table that is not CSV
	Decimal   string // "" for a point
	Sheet     string
	Records   string
}

// Label maps a label onto a column.
type Label struct{ Name, Column string }

// Measure is one value column of a table with several measures.
type Measure struct{ Metric, Column, Scale, Help string }

// ColumnsAs turns the matching headers of a wide table into values of Label.
type ColumnsAs struct{ Label, Match string }

// RowsAsMetrics maps the rows of an indicator-per-row table onto metrics.
type RowsAsMetrics struct {
	Column  string
	Metrics []RowMetric
}

// RowMetric is the metric of the rows whose indicator cell is Row.
type RowMetric struct{ Row, Metric, Scale, Help string }

// Status names the status column whose values mark gaps (SDMX's OBS_STATUS).
type Status struct {
	Column string
	Gaps   []string
}

// Drop is a suggestion to drop the rows whose label has one of Values.
type Drop struct {
	Label  string
	Values []string
}

// note adds a comment above key ("" for the whole entry).
func (e *Entry) note(key, text string) {
	if e.notes == nil {
		e.notes = map[string][]string{}
	}
	e.notes[key] = append(e.notes[key], text)
}

// Metrics lists the metric names the entry declares.
func (e *Entry) Metrics() []string {
	var names []string
	if e.Metric != "" {
		names = append(names, e.Metric)
	}
	for _, m := range e.Values {
		names = append(names, m.Metric)
	}
	if e.RowsAsMetrics != nil {
		for _, m := range e.RowsAsMetrics.Metrics {
			names = append(names, m.Metric)
		}
	}
	return names
}

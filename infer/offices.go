package infer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/figures-exporter/figures_exporter/period"
)

// onsSeries is the layout of the UK Office for National Statistics' time
// series CSV: rows of metadata in the first column ("Title", "CDID",
// "Source dataset ID", "PreUnit", "Unit", "Release date", "Next
// release", "Important notes"), the series' codes on the CDID row, then
// a row per period: years ("1948"), quarters ("1948 Q1") and months
// ("1948 JAN") one after the other in the same column.
type onsSeries struct {
	meta  map[string][]string // metadata row -> its cells after the first
	cdid  int                 // the row of the series' codes: the header
	first int                 // the first row of figures
}

// onsLayout finds the ONS layout: "Title" in the first cell, a "CDID" row
// among the next ones, and rows of periods after the metadata.
func (s *shaper) onsLayout() (*onsSeries, bool) {
	rows := s.g.rows
	if len(rows) < 3 {
		return nil, false
	}
	if _, c := firstCell(rows[0]); c != "Title" || strings.TrimSpace(rows[0][0]) != "Title" {
		return nil, false
	}
	o := &onsSeries{meta: map[string][]string{}, cdid: -1}
	for i := 0; i < len(rows) && i < 20; i++ {
		if len(rows[i]) == 0 {
			continue
		}
		key := strings.TrimSpace(rows[i][0])
		if o.cdid >= 0 {
			if _, err := period.Parse(key); err == nil {
				o.first = i
				return o, true
			}
		}
		o.meta[key] = rows[i][1:]
		if key == "CDID" {
			o.cdid = i
		}
	}
	return nil, false
}

// onsUnit reads the unit of an ONS series from its PreUnit (£) and Unit
// (m) cells: £m is pounds in millions.
func (o *onsSeries) unit(col int) (unit, string, bool) {
	at := func(key string) string {
		if cells := o.meta[key]; col-1 < len(cells) && col >= 1 {
			return strings.TrimSpace(cells[col-1])
		}
		return ""
	}
	pre, u := at("PreUnit"), at("Unit")
	var out unit
	switch pre {
	case "":
	case "£":
		out.suffix = "gbp"
	case "$":
		out.suffix = "usd"
	case "€":
		out.suffix = "eur"
	default:
		return unit{}, pre + u, false
	}
	switch strings.ToLower(u) {
	case "":
	case "m", "£m", "million", "millions":
		out.scale = "million"
	case "bn", "£bn", "billion", "billions":
		out.scale = "billion"
	case "thousands", "000s", "'000s", "thousand":
		out.scale = "thousand"
	case "%":
		out.suffix, out.scale = "ratio", "%"
	default:
		if p, ok := parseUnit(u); ok {
			out.scale = p.scale
			if p.suffix != "" {
				out.suffix = p.suffix
			}
		} else {
			return unit{}, pre + u, false
		}
	}
	return out, pre + u, true
}

// kindWords name an entry's metric by the kind of its periods.
var kindWords = map[period.Kind]string{period.Year: "yearly", period.Quarter: "quarterly", period.Month: "monthly", period.Day: "daily"}

// byKind splits an entry whose time label mixes kinds of period (an ONS
// series' years, quarters and months) into an entry per kind, each with
// periods: and its metric named by the kind: a metric's series are of
// one kind of period. A time label of one kind is named by it.
func (s *shaper) byKind() []*Entry {
	if s.ons == nil || s.e.TimeLabel == "" || s.e.ColumnsAs != nil || s.e.RowsAsMetrics != nil {
		return []*Entry{s.e}
	}
	title := func(column string) string {
		if c := s.find(s.cols, column); c != nil && c.index >= 1 && c.index-1 < len(s.ons.meta["Title"]) {
			if t := strings.TrimSpace(s.ons.meta["Title"][c.index-1]); t != "" {
				return fmt.Sprintf("%s (ONS series %s), from %s.", strings.TrimSuffix(t, "."), column, s.g.name)
			}
		}
		return ""
	}
	if h := title(s.e.Value); s.e.Metric != "" && h != "" {
		s.e.Help = h
	}
	for j := range s.e.Values {
		if h := title(s.e.Values[j].Column); h != "" {
			s.e.Values[j].Help = h
		}
	}
	li := slices.IndexFunc(s.e.Labels, func(l Label) bool { return l.Name == s.e.TimeLabel })
	col := s.find(s.cols, s.e.Labels[li].Column)
	counts := map[period.Kind]int{}
	first := map[period.Kind]string{}
	for _, v := range col.cells {
		if p, err := period.Parse(v); err == nil {
			if counts[p.Kind]++; counts[p.Kind] == 1 {
				first[p.Kind] = v
			}
		}
	}
	var kinds []period.Kind
	for _, k := range []period.Kind{period.Year, period.Quarter, period.Month, period.Day} {
		if counts[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 1 {
		s.e.Labels[li].Name, s.e.TimeLabel = kinds[0].String(), kinds[0].String()
		return []*Entry{s.e}
	}
	var described []string
	for _, k := range kinds {
		described = append(described, fmt.Sprintf("%d %ss (%q)", counts[k], k, first[k]))
	}
	var out []*Entry
	for i, k := range kinds {
		e := *s.e
		e.Labels = slices.Clone(s.e.Labels)
		e.Labels[li].Name, e.TimeLabel, e.Periods = k.String(), k.String(), k.String()
		e.notes = map[string][]string{}
		for key, ns := range s.e.notes {
			e.notes[key] = slices.Clone(ns)
		}
		if i > 0 {
			e.guesses = nil
		}
		rename := func(name string) string { return s.metrics.unique(withKind(name, kindWords[k], s.onsSuffix)) }
		if e.Metric != "" {
			e.Metric = rename(e.Metric)
		}
		e.Values = slices.Clone(s.e.Values)
		for j := range e.Values {
			e.Values[j].Metric = rename(e.Values[j].Metric)
		}
		e.note("periods", fmt.Sprintf("column %q holds %s: a metric holds periods of one kind, so the table is an entry per kind; this one reads the %ss", s.e.Labels[li].Column, strings.Join(described, ", "), k))
		out = append(out, &e)
	}
	return out
}

// withKind puts the kind's word before a metric name's unit ending:
// uk_gdp_gbp and quarterly give uk_gdp_quarterly_gbp.
func withKind(name, word, suffix string) string {
	if suffix != "" && strings.HasSuffix(name, "_"+suffix) {
		return strings.TrimSuffix(name, "_"+suffix) + "_" + word + "_" + suffix
	}
	return name + "_" + word
}

// onsColumn gives the roles of an ONS series' columns: the first holds
// its periods, each other column a series whose unit is in its PreUnit
// and Unit cells. It returns false for a column it leaves to the usual
// rules.
func (s *shaper) onsColumn(c *column) bool {
	if c.index == 0 {
		c.role, c.time, c.name = roleLabel, true, "period"
		return true
	}
	if !c.valueLike() {
		return false
	}
	c.role = roleValue
	u, text, ok := s.ons.unit(c.index)
	switch {
	case !ok:
		s.guess("", "column %q: unit %q (PreUnit and Unit) is none init knows: values served as written", c.header, text)
	case u != unit{}:
		c.below = u
		s.onsSuffix = u.suffix
		s.guess("", "column %q: PreUnit and Unit say %q: unit %s, scale %s", c.header, text, orNone(u.suffix), orNone(u.scale))
	}
	return true
}

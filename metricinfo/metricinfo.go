// Package metricinfo is the one place that says how a metric is read: its
// unit, its kind (count, amount, share, growth), its time label and its
// title, and how its values are written for a person. The figures page,
// the dashboard and the exposition's # UNIT lines all ask it, so that they
// cannot disagree.
//
// It is pure: it reads a *config.Metric and nothing else. The rules are in
// docs/units.md:
//
//   - Unit: the declared unit: (config checks it against the list in
//     package units), else the unit the name ends with (aid_yuan,
//     gdp_usd, state_engineers_ratio), else a leading ratio_ for a ratio,
//     else none: a count.
//   - Kind: growth when the metric declares base:, else the unit's kind
//     (shares for ratio and percent), else count.
//   - Time label: the declared time_label:, else the first label named
//     year, quarter, month, date, period, time_period or time in any case.
//   - Title: the declared title:, else the help when it reads as a title
//     (one line, no final period, at most 60 characters), else the name in
//     words without its unit, keeping the case the help gives a word (US,
//     GDP, China) and a last scale word in parentheses (thousands).
package metricinfo

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo/units"
	"github.com/figures-exporter/figures_exporter/period"
)

// Info is how one metric is read.
type Info struct {
	Name string
	// Unit is the metric's unit; its Name is "" for a count without one.
	Unit units.Unit
	// UnitDeclared says the unit was declared with unit:, not read from
	// the name.
	UnitDeclared bool
	// Kind is count, amount, share or growth.
	Kind units.Kind
	// Title is the metric's title for pages and panels.
	Title string
	// TimeLabel is the label that says when a figure is of; "" when none.
	TimeLabel string
	// Base is the declared base: of a growth metric, and BaseLabel the
	// index of the label it names, or -1 when it is the base itself.
	Base      string
	BaseLabel int
}

// Of reads m.
func Of(m *config.Metric) Info {
	i := Info{Name: m.Name, BaseLabel: -1}
	if u, ok := units.Lookup(m.Reading.Unit); ok && m.Reading.Unit != "" {
		i.Unit, i.UnitDeclared = u, true
	} else if u, _, ok := units.Ending(m.Name); ok {
		i.Unit = u
	} else if strings.HasPrefix(strings.ToLower(m.Name), "ratio_") {
		i.Unit, _ = units.Lookup("ratio")
	}
	i.Kind = units.Count
	if i.Unit.Name != "" {
		i.Kind = i.Unit.Kind
	}
	if m.Reading.Base != "" {
		i.Kind, i.Base = units.Growth, m.Reading.Base
		i.BaseLabel = slices.Index(m.Labels, m.Reading.Base)
	}
	if l, ok := period.TimeLabel(m.Labels, m.TimeLabel); ok {
		i.TimeLabel = l
	}
	i.Title = titleOf(m)
	return i
}

// UnitEnding is what OpenMetrics' # UNIT line may say for the metric: its
// unit as its name ends with it (aid_yuan: yuan; gdp_USD: USD), or "" when
// the name does not end with its unit, since the specification requires a
// family's unit to be the suffix of its name.
func (i Info) UnitEnding() string {
	if i.Unit.Name == "" {
		return ""
	}
	e, _ := units.EndsWith(i.Name, i.Unit)
	return e
}

// Row is the title of the dashboard row the metric is in, and Order the
// row's place: rows are by unit, growth last.
func (i Info) Row() string {
	switch {
	case i.Kind == units.Growth:
		return "Growth"
	case i.Unit.Name == "":
		return "Counts"
	}
	return i.Unit.Row
}

// Order places the metric's row on the dashboard.
func (i Info) Order() int {
	switch {
	case i.Kind == units.Growth:
		return 100
	case i.Unit.Name == "":
		return 1
	}
	return i.Unit.Order
}

// Grafana is the unit id of the metric's panels, and Decimals the
// decimals they fix (0: Grafana's own choice). Growth fixes one, since
// Grafana's automatic choice rounds 1.218 to 122%, losing the report's
// figure.
func (i Info) Grafana() (unit string, decimals int) {
	switch {
	case i.Kind == units.Growth:
		return "percentunit", 1
	case i.Unit.Name == "":
		// Counts in full with thousands separators (436,615 person-times):
		// a report's counts are exact, and "short" would round them.
		return "locale", 0
	}
	return i.Unit.Grafana, 0
}

// UnitName is the unit as a page names it: "yuan", "ratio", "" for none.
func (i Info) UnitName() string {
	return i.Unit.Name
}

// maxHelpTitle is the longest help that is taken as a title as it is.
const maxHelpTitle = 60

// titleOf is a metric's title; see the package documentation.
func titleOf(m *config.Metric) string {
	if m.Reading.Title != "" {
		return m.Reading.Title
	}
	h := strings.TrimSpace(m.Help)
	if h != "" && !strings.HasSuffix(h, ".") && !strings.ContainsAny(h, "\n\r") && utf8.RuneCountInString(h) <= maxHelpTitle {
		return h
	}
	return titleFromName(m.Name, h)
}

// scaleEndings are name endings that say the figures are in thousands,
// millions, …: a title keeps them in parentheses.
var scaleEndings = []string{"thousands", "millions", "billions", "hundreds"}

// titleFromName turns a name into words: without its unit ending, which
// values show already (roads_built_meters is "Roads built"), a last scale
// word in parentheses, and each word in the case help gives it, so that
// us_employment_thousands with the help "Employment in the US" is "US
// employment (thousands)".
func titleFromName(name, help string) string {
	t := name
	if _, e, ok := units.Ending(name); ok {
		t = t[:len(t)-len(e)-1]
	}
	words := strings.FieldsFunc(t, func(r rune) bool { return r == '_' || r == ':' })
	if len(words) == 0 {
		return name
	}
	scale := ""
	if len(words) > 1 && slices.Contains(scaleEndings, strings.ToLower(words[len(words)-1])) {
		scale = " (" + strings.ToLower(words[len(words)-1]) + ")"
		words = words[:len(words)-1]
	}
	cased := helpCasing(help)
	for k, w := range words {
		lower := strings.ToLower(w)
		switch c, ok := cased[lower]; {
		case ok:
			words[k] = c
		case slices.Contains(acronyms, lower):
			words[k] = strings.ToUpper(w)
		default:
			words[k] = lower
		}
	}
	first, size := utf8.DecodeRuneInString(words[0])
	words[0] = string(unicode.ToUpper(first)) + words[0][size:]
	return strings.Join(words, " ") + scale
}

// acronyms are words of statistical names written in capitals even when
// the help does not write them: county_gdp_yuan is "County GDP".
var acronyms = []string{"gdp", "gnp", "gni", "cpi", "ppp", "fdi", "us", "uk", "eu", "un", "oecd", "imf", "who", "co2"}

// helpCasing finds the words of help whose case a title should keep:
// acronyms (two capitals or more: US, GDP) anywhere, and capitalized words
// that do not start a sentence (China, Gansu).
func helpCasing(help string) map[string]string {
	cased := map[string]string{}
	startsSentence := true
	for _, w := range strings.FieldsFunc(help, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '!' && r != '?'
	}) {
		end := strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
		w = strings.TrimRight(w, ".!?")
		upper := 0
		for _, r := range w {
			if unicode.IsUpper(r) {
				upper++
			}
		}
		first, _ := utf8.DecodeRuneInString(w)
		if upper >= 2 || (unicode.IsUpper(first) && !startsSentence) {
			if _, seen := cased[strings.ToLower(w)]; !seen {
				cased[strings.ToLower(w)] = w
			}
		}
		startsSentence = end
	}
	return cased
}

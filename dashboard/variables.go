package dashboard

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/period"
)

// maxLines is the most series a history panel draws with a label
// variable's default selection, and the most values a label has before it
// gets a variable. Grafana's classic palette, which the panels use, gives
// its first 8 series 8 distinct hues; the 9th and 10th are darker shades
// of the 1st and 2nd, so past 8 lines a reader can no longer tell them
// apart by color (and the legend wraps in a half-width panel).
const maxLines = 8

// allValue is what the variables' All stands for in a query: every value,
// and the figures without the label too. Grafana passes a custom all value
// to the query unescaped; without one it would join every value into one
// regular expression, hundreds of names long for 200 countries.
const allValue = ".*"

// variable is a dashboard variable that filters the panels of the metrics
// with a label: a multi-select of the label's values with All, read from
// Prometheus, whose default selection keeps every history panel within
// maxLines series.
type variable struct {
	// Name is the variable's name in queries ($name): the label's, unless
	// that is the data source variable's.
	Name string
	// Label is the label it filters.
	Label string
	// Metrics are the metrics, as indexes into Set.Metrics, whose figures
	// have the label other than as their time label, in the set's order.
	Metrics []int
	// Values are the label's values, ranked (rankedValues): by the
	// latest figure of the first of Metrics, largest first, then the
	// values it lacks in the order the figures first have them.
	Values []string
	// Selected is how many of Values, from the first, the default
	// selection holds.
	Selected int
}

// Default is the variable's default selection.
func (v variable) Default() []string { return v.Values[:v.Selected] }

// matcher is the label matcher of the variable in a query.
func (v variable) matcher() string {
	return fmt.Sprintf("%s=~\"$%s\"", v.Label, v.Name)
}

// query is the variable's query: the label's values over the metrics that
// have it, in Grafana's label_values syntax.
func (v variable) query(set *config.Set) string {
	if len(v.Metrics) == 1 {
		return fmt.Sprintf("label_values(%s, %s)", set.Metrics[v.Metrics[0]].Name, v.Label)
	}
	names := make([]string, len(v.Metrics))
	for i, mi := range v.Metrics {
		names[i] = set.Metrics[mi].Name
	}
	return fmt.Sprintf("label_values({__name__=~\"%s\"}, %s)", strings.Join(names, "|"), v.Label)
}

// build is the variable as Grafana's dashboard model has it.
func (v variable) build(set *config.Set) *dashboard.QueryVariableBuilder {
	q := v.query(set)
	selected := v.Default()
	return dashboard.NewQueryVariableBuilder(v.Name).
		Label(v.Label).
		Description(fmt.Sprintf("Filters the panels of the figures with the label %s. By default %d values: those of the largest latest figures of %s.",
			v.Label, v.Selected, set.Metrics[v.Metrics[0]].Name)).
		Datasource(datasource()).
		Query(dashboard.StringOrMap{String: &q}).
		Definition(q).
		Multi(true).
		IncludeAll(true).
		AllValue(allValue).
		// The dashboard's range reaches back to the earliest figure, so
		// values from the history are read too.
		Refresh(dashboard.VariableRefreshOnDashboardLoad).
		Sort(dashboard.VariableSortAlphabeticalCaseInsensitiveAsc).
		Current(dashboard.VariableOption{
			Selected: cog.ToPtr(true),
			Text:     dashboard.StringOrArrayOfString{ArrayOfString: selected},
			Value:    dashboard.StringOrArrayOfString{ArrayOfString: selected},
		}).
		Options([]dashboard.VariableOption{})
}

// variablesOf are the label variables of the set's dashboard, in the
// order their labels first appear in the set: one per label, other than a
// metric's time label, with more than maxLines values across the metrics
// that have it. Their default selections then shrink, the largest first,
// until every history panel draws at most maxLines series; when a metric
// still draws more with one value of each (two labels of few values, 4
// sexes by 4 age groups), its label of most values gets a variable too.
func variablesOf(set *config.Set) []variable {
	labels, values := nonTimeLabels(set)
	var vars []variable
	for _, l := range labels {
		if len(values[l]) > maxLines {
			vars = append(vars, newVariable(set, l, vars))
		}
	}
	for {
		m, over := overLimit(set, vars)
		if !over {
			break
		}
		// The variable of the metric's with the largest selection gives
		// up its last value.
		best := -1
		others := historyLabels(m, timeLabelOf(m))
		for i, v := range vars {
			if slices.Contains(others, v.Label) && v.Selected > 1 && (best < 0 || v.Selected > vars[best].Selected) {
				best = i
			}
		}
		if best >= 0 {
			vars[best].Selected--
			continue
		}
		// Every variable of the metric is down to one value: its other
		// label of most values becomes a variable.
		label := ""
		for _, l := range others {
			if !slices.ContainsFunc(vars, func(v variable) bool { return v.Label == l }) &&
				(label == "" || len(values[l]) > len(values[label])) {
				label = l
			}
		}
		if label == "" {
			break // cannot happen: one value of every label is one series
		}
		vars = append(vars, newVariable(set, label, vars))
	}
	cover(set, vars)
	names := map[string]bool{DatasourceVariable: true}
	for i := range vars {
		vars[i].Name = vars[i].Label
		for names[vars[i].Name] {
			vars[i].Name += "_label"
		}
		names[vars[i].Name] = true
	}
	// In the order the labels first appear, whatever order they became
	// variables in.
	slices.SortStableFunc(vars, func(a, b variable) int {
		return slices.Index(labels, a.Label) - slices.Index(labels, b.Label)
	})
	return vars
}

// cover gives the history panels the default selections leave empty a
// line each, where it can: a metric with one variable none of whose
// figures the selection keeps (regions beside countries under one entity
// label) has its own first value swapped in for a selected value, the
// last first, when no panel then draws more than maxLines series or
// nothing where it drew something.
func cover(set *config.Set, vars []variable) {
	defaults := func(v variable) []string { return v.Default() }
	hs := historiesOf(set)
	// drawn is the lines of each history panel by default, and whether
	// one is past maxLines.
	drawn := func() (lines []int, over bool) {
		for _, h := range hs {
			n := linesOf(&set.Metrics[h.metric], h.timeLabel, vars, defaults)
			lines = append(lines, n)
			over = over || n > maxLines
		}
		return lines, over
	}
	before, _ := drawn()
	for i, h := range hs {
		m := &set.Metrics[h.metric]
		if before[i] > 0 || len(m.Figures) == 0 {
			continue
		}
		others := historyLabels(m, h.timeLabel)
		var own []int
		for j, v := range vars {
			if slices.Contains(others, v.Label) {
				own = append(own, j)
			}
		}
		if len(own) != 1 {
			continue
		}
		v := &vars[own[0]]
		pos := slices.Index(v.Values, rankedValues(set, []int{h.metric}, v.Label, nil)[0])
		for j := v.Selected - 1; j >= 0; j-- {
			v.Values[j], v.Values[pos] = v.Values[pos], v.Values[j]
			after, ok := drawn()
			ok = !ok
			for k := range hs {
				ok = ok && (after[k] > 0 || (before[k] == 0 && k != i))
			}
			if ok {
				before = after
				break
			}
			v.Values[j], v.Values[pos] = v.Values[pos], v.Values[j]
		}
	}
}

// timeLabelOf is a metric's time label, or "" without one.
func timeLabelOf(m *config.Metric) string {
	l, _ := period.TimeLabel(m.Labels, m.TimeLabel)
	return l
}

// nonTimeLabels are the labels of the set's metrics other than their time
// labels, in the order they first appear, and the distinct values of each.
func nonTimeLabels(set *config.Set) ([]string, map[string]map[string]bool) {
	var labels []string
	values := map[string]map[string]bool{}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		for _, l := range historyLabels(m, timeLabelOf(m)) {
			if values[l] == nil {
				labels = append(labels, l)
				values[l] = map[string]bool{}
			}
			idx := slices.Index(m.Labels, l)
			for _, f := range m.Figures {
				values[l][f.LabelValues[idx]] = true
			}
		}
	}
	return labels, values
}

// newVariable is the variable of a label, its values ranked after the
// variables before it, with as many selected as maxLines allows.
func newVariable(set *config.Set, label string, before []variable) variable {
	v := variable{Label: label}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		if slices.Contains(historyLabels(m, timeLabelOf(m)), label) {
			v.Metrics = append(v.Metrics, i)
		}
	}
	v.Values = rankedValues(set, v.Metrics, label, before)
	v.Selected = min(maxLines, len(v.Values))
	return v
}

// rankedValues are a label's values over metrics: first those of the
// first metric, by the figure of their latest period (the largest of
// them when other labels tell several apart), largest first; then the
// others in the order the figures first have them. A figure's latest
// period is its time label's; a metric without one has every figure
// latest.
//
// When the first metric has the labels of variables before, a value
// ranks first by the best ranks of theirs it comes with: a province by
// the rank of its best county, a country by the figure of the first
// indicator. The selections, which shrink from their ends, then keep
// figures of the first values together: a history panel with both labels
// is never empty by default.
func rankedValues(set *config.Set, metrics []int, label string, before []variable) []string {
	type ranked struct {
		value string
		after []int // ranks of the values of the variables before
		at    latest
		score float64
		order int
	}
	var order []string
	seen := map[string]bool{}
	for _, mi := range metrics {
		m := &set.Metrics[mi]
		idx := slices.Index(m.Labels, label)
		for _, f := range m.Figures {
			if v := f.LabelValues[idx]; !seen[v] {
				seen[v] = true
				order = append(order, v)
			}
		}
	}
	first := &set.Metrics[metrics[0]]
	idx, tidx := slices.Index(first.Labels, label), slices.Index(first.Labels, timeLabelOf(first))
	type earlier struct {
		idx  int
		rank map[string]int
	}
	var earliers []earlier
	for _, v := range before {
		if i := slices.Index(first.Labels, v.Label); i >= 0 && i != tidx {
			rank := make(map[string]int, len(v.Values))
			for r, value := range v.Values {
				rank[value] = r
			}
			earliers = append(earliers, earlier{i, rank})
		}
	}
	periods := map[string]latest{}
	scores := map[string]*ranked{}
	for _, f := range first.Figures {
		if math.IsNaN(f.Value) {
			continue
		}
		v := f.LabelValues[idx]
		at := latest{}
		if tidx >= 0 {
			t := f.LabelValues[tidx]
			if _, ok := periods[t]; !ok {
				periods[t] = latestOf(t)
			}
			at = periods[t]
		}
		after := make([]int, len(earliers))
		for i, e := range earliers {
			after[i] = e.rank[f.LabelValues[e.idx]]
		}
		r, ok := scores[v]
		if !ok {
			scores[v] = &ranked{value: v, after: after, at: at, score: f.Value}
			continue
		}
		switch c := slices.Compare(after, r.after); {
		case c < 0:
			r.after, r.at, r.score = after, at, f.Value
		case c > 0:
		case at.compare(r.at) > 0:
			r.at, r.score = at, f.Value
		case at.compare(r.at) == 0:
			r.score = max(r.score, f.Value)
		}
	}
	var rs []ranked
	for i, v := range order {
		if r, ok := scores[v]; ok {
			r.order = i
			rs = append(rs, *r)
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(slices.Compare(a.after, b.after), cmp.Compare(b.score, a.score), a.order-b.order)
	})
	out := make([]string, 0, len(order))
	for _, r := range rs {
		out = append(out, r.value)
	}
	for _, v := range order {
		if _, ok := scores[v]; !ok {
			out = append(out, v)
		}
	}
	return out
}

// latest orders the values of a time label: periods by their start, after
// any value that is not a period, those by their text.
type latest struct {
	period bool
	start  int64
	text   string
}

func latestOf(value string) latest {
	if p, err := period.Parse(value); err == nil {
		return latest{period: true, start: p.Start().Unix(), text: value}
	}
	return latest{text: value}
}

func (a latest) compare(b latest) int {
	if a.period != b.period {
		if a.period {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.start, b.start), strings.Compare(a.text, b.text))
}

// overLimit is the first metric with a history panel that draws more than
// maxLines series with the variables' default selections.
func overLimit(set *config.Set, vars []variable) (*config.Metric, bool) {
	for _, h := range historiesOf(set) {
		m := &set.Metrics[h.metric]
		if linesOf(m, h.timeLabel, vars, func(v variable) []string { return v.Default() }) > maxLines {
			return m, true
		}
	}
	return nil, false
}

// linesOf is the number of series a metric's history panel draws when each
// variable selects the given values: its distinct values of the labels
// other than the time label among the figures the selections keep.
func linesOf(m *config.Metric, timeLabel string, vars []variable, selection func(variable) []string) int {
	type filter struct {
		idx    int
		values []string
	}
	var filters []filter
	for _, v := range vars {
		if i := slices.Index(m.Labels, v.Label); i >= 0 && v.Label != timeLabel {
			filters = append(filters, filter{i, selection(v)})
		}
	}
	tidx := slices.Index(m.Labels, timeLabel)
	series := map[string]bool{}
	for _, f := range m.Figures {
		if slices.ContainsFunc(filters, func(fl filter) bool { return !slices.Contains(fl.values, f.LabelValues[fl.idx]) }) {
			continue
		}
		series[seriesKey(f.LabelValues, tidx)] = true
	}
	return len(series)
}

// matchersOf are the matchers the variables add to a metric's queries: one
// for each variable of a label the metric has other than as its time
// label.
func matchersOf(m *config.Metric, vars []variable) []string {
	var out []string
	others := historyLabels(m, timeLabelOf(m))
	for _, v := range vars {
		if slices.Contains(others, v.Label) {
			out = append(out, v.matcher())
		}
	}
	return out
}

// selector is a metric's series selector with matchers, or its bare name
// without any.
func selector(metric string, matchers ...string) string {
	if len(matchers) == 0 {
		return metric
	}
	return metric + "{" + strings.Join(matchers, ", ") + "}"
}

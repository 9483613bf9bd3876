package backfill

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/period"
)

// Options say which label holds each metric's periods and where in its
// period each figure is stamped.
type Options struct {
	// TimeLabel names the label that holds the periods of every metric
	// that does not declare one with time_label:. Empty, the label is
	// found by its name (year, quarter, month, date, period, time_period
	// or time, in any case): see period.TimeLabel.
	TimeLabel string
	// At is where in its period each figure is stamped; the zero Stamp
	// is the end of the period.
	At Stamp
	// KeepTimeLabel keeps the time label on the samples. By default it is
	// dropped, so that a metric's figures for several periods form one
	// series that a graph draws as one line.
	KeepTimeLabel bool
	// Strict makes every skipped figure an error rather than a warning.
	Strict bool
}

// Summary says what a Plan holds and what it left out.
type Summary struct {
	// Metrics are the metrics with a time label, in the set's order.
	Metrics []MetricSummary
	// Untimed are the metrics without a time label: nothing says when
	// their figures were.
	Untimed []string
	// Samples is the number of samples of every metric.
	Samples int
	// Skipped is the number of figures left out, of every metric.
	Skipped int
	// First and Last are the earliest and latest stamps; zero when there
	// are no samples.
	First, Last time.Time
}

// MetricSummary is what one metric gives to the time axis.
type MetricSummary struct {
	Name      string
	TimeLabel string
	Kind      period.Kind // the kind of its periods; 0 when none was read
	Samples   int
	Series    int
	// First and Last are its earliest and latest periods.
	First, Last period.Period
	// Skipped is how many of its figures were left out, and Skips the
	// first few of them, each naming the figure and why.
	Skipped int
	Skips   []string
}

// maxNamedSkips is how many skipped figures of a metric are named; the
// rest are counted.
const maxNamedSkips = 3

// Warnings are the skips of a summary as lines to show: the first few
// figures of each metric named, the rest counted.
func (s *Summary) Warnings() []string {
	var lines []string
	for _, m := range s.Metrics {
		for _, skip := range m.Skips {
			lines = append(lines, "skipped "+skip)
		}
		if rest := m.Skipped - len(m.Skips); rest > 0 {
			lines = append(lines, fmt.Sprintf("skipped %d more figures of %s", rest, m.Name))
		}
	}
	return lines
}

// Plan is every figure of a set on the time axis, checked and ordered,
// ready to be written as OpenMetrics or as TSDB blocks.
type Plan struct {
	Summary Summary
	metrics []metricPlan
	series  []series
	// samples are ordered by metric, then series, then time.
	samples []sample
}

// metricPlan is one metric with a time label.
type metricPlan struct {
	m       *config.Metric
	timeIdx int
	// names are the label names of its samples: its labels without the
	// time label, unless kept.
	names []string
	// samples[from:to] of the plan are its samples.
	from, to int
}

// series is one series of samples: a metric and the label values (but
// the time label's, unless kept) of one of its figures.
type series struct {
	metric int32 // index in Plan.metrics
	figure int32 // index of a figure of the series in its metric
}

// sample is one figure on the time axis.
type sample struct {
	series int32 // index in Plan.series
	figure int32 // index of the figure in its metric
	ms     int64
	value  float64
}

// errNothing is the error of a set where no metric has a time label.
var errNothing = errors.New("nothing to backfill")

// NewPlan puts every figure whose metric has a time label on the time
// axis. A figure whose time label is not a period, or is a period before
// 1970 (which Prometheus' storage cannot hold reliably), is skipped and
// counted in the summary, or is an error with opts.Strict. A metric whose
// periods are of different kinds (2011 and 2011-Q1), two figures of one
// series for the same period, and a set where no metric has a time label
// are errors.
func NewPlan(set *config.Set, opts Options) (*Plan, error) {
	p := &Plan{}
	var timed []*config.Metric
	for i := range set.Metrics {
		m := &set.Metrics[i]
		if _, ok := period.TimeLabel(m.Labels, cmp.Or(m.TimeLabel, opts.TimeLabel)); ok {
			timed = append(timed, m)
		} else {
			p.Summary.Untimed = append(p.Summary.Untimed, m.Name)
		}
	}
	if len(timed) == 0 {
		if opts.TimeLabel != "" {
			return nil, fmt.Errorf("%w: no metric has the label %s", errNothing, opts.TimeLabel)
		}
		return nil, fmt.Errorf("%w: no metric has a time label (a label named year, quarter, month, date, period, time_period or time, or declared with time_label:)", errNothing)
	}
	n := 0
	for _, m := range timed {
		n += len(m.Figures)
	}
	p.samples = make([]sample, 0, n)
	for _, m := range timed {
		if err := p.addMetric(m, opts); err != nil {
			return nil, err
		}
	}
	if p.Summary.Samples == 0 {
		return nil, fmt.Errorf("%w: every one of the %d figures with a time label was skipped:\n%s", errNothing, p.Summary.Skipped, strings.Join(p.Summary.Warnings(), "\n"))
	}
	if opts.Strict && p.Summary.Skipped > 0 {
		return nil, fmt.Errorf("%d figures are not on the time axis (--strict):\n%s", p.Summary.Skipped, strings.Join(p.Summary.Warnings(), "\n"))
	}
	return p, nil
}

// addMetric adds the samples of one metric with a time label.
func (p *Plan) addMetric(m *config.Metric, opts Options) error {
	label, _ := period.TimeLabel(m.Labels, cmp.Or(m.TimeLabel, opts.TimeLabel))
	mp := metricPlan{m: m, timeIdx: slices.Index(m.Labels, label), names: m.Labels, from: len(p.samples)}
	if !opts.KeepTimeLabel {
		mp.names = slices.Delete(slices.Clone(m.Labels), mp.timeIdx, mp.timeIdx+1)
	}
	sum := MetricSummary{Name: m.Name, TimeLabel: label}
	metricIdx := int32(len(p.metrics))
	seriesOf := map[string]int32{}
	var key []byte
	kindFigure := -1 // the first figure read as a period: its kind is the metric's
	for i := range m.Figures {
		f := &m.Figures[i]
		value := f.LabelValues[mp.timeIdx]
		per, err := period.Parse(value)
		if err == nil && per.Year < 1970 {
			err = errors.New("before 1970, which Prometheus' storage cannot hold reliably")
		}
		if err != nil {
			sum.Skipped++
			if len(sum.Skips) < maxNamedSkips {
				sum.Skips = append(sum.Skips, fmt.Sprintf("%s: %s %q: %s", seriesName(m, f), label, value, err))
			}
			continue
		}
		if kindFigure < 0 {
			kindFigure, sum.Kind = i, per.Kind
		} else if per.Kind != sum.Kind {
			first := m.Figures[kindFigure].LabelValues[mp.timeIdx]
			return fmt.Errorf("%s: label %s mixes periods: %q is a %s but %q is a %s; give each kind of period its own metric", m.Name, label, first, sum.Kind, value, per.Kind)
		}
		at, err := opts.At.Time(per)
		if err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
		if sum.Samples == 0 || per.Compare(sum.First) < 0 {
			sum.First = per
		}
		if sum.Samples == 0 || per.Compare(sum.Last) > 0 {
			sum.Last = per
		}
		sum.Samples++
		key = key[:0]
		for j, v := range f.LabelValues {
			if j != mp.timeIdx || opts.KeepTimeLabel {
				key = append(append(key, v...), 0xff)
			}
		}
		s, ok := seriesOf[string(key)]
		if !ok {
			s = int32(len(p.series))
			seriesOf[string(key)] = s
			p.series = append(p.series, series{metric: metricIdx, figure: int32(i)})
		}
		p.samples = append(p.samples, sample{series: s, figure: int32(i), ms: at.UnixMilli(), value: f.Value})
	}
	sum.Series = len(seriesOf)
	mp.to = len(p.samples)
	own := p.samples[mp.from:mp.to]
	slices.SortFunc(own, func(a, b sample) int {
		return cmp.Or(cmp.Compare(a.series, b.series), cmp.Compare(a.ms, b.ms))
	})
	for i := 1; i < len(own); i++ {
		if a, b := &own[i-1], &own[i]; a.series == b.series && a.ms == b.ms {
			fa, fb := &m.Figures[a.figure], &m.Figures[b.figure]
			return fmt.Errorf("%s and %s are the same period %s of one series: give each period once", seriesName(m, fa), seriesName(m, fb), must(period.Parse(fa.LabelValues[mp.timeIdx])))
		}
	}
	if sum.Samples > 0 {
		first, _ := opts.At.Time(sum.First)
		last, _ := opts.At.Time(sum.Last)
		if p.Summary.Samples == 0 || first.Before(p.Summary.First) {
			p.Summary.First = first
		}
		if p.Summary.Samples == 0 || last.After(p.Summary.Last) {
			p.Summary.Last = last
		}
	}
	p.Summary.Samples += sum.Samples
	p.Summary.Skipped += sum.Skipped
	p.Summary.Metrics = append(p.Summary.Metrics, sum)
	p.metrics = append(p.metrics, mp)
	return nil
}

func must(p period.Period, _ error) period.Period { return p }

// seriesName writes a figure as PromQL would select it:
// aid_yuan{year="2011"}.
func seriesName(m *config.Metric, f *config.Figure) string {
	var b strings.Builder
	b.WriteString(m.Name)
	if len(m.Labels) == 0 {
		return b.String()
	}
	b.WriteByte('{')
	for i, l := range m.Labels {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", l, f.LabelValues[i])
	}
	b.WriteByte('}')
	return b.String()
}

// labelValues are the label values of a series' samples, in the order
// of its metric plan's names.
func (p *Plan) labelValues(s series, dst []string) []string {
	mp := &p.metrics[s.metric]
	dst = dst[:0]
	for j, v := range mp.m.Figures[s.figure].LabelValues {
		if j != mp.timeIdx || len(mp.names) == len(mp.m.Labels) {
			dst = append(dst, v)
		}
	}
	return dst
}

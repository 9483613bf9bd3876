package dashboard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/period"
)

// historyRow is the title of the row of time series over the backfilled
// history.
const historyRow = "History"

// historyWidth and historyHeight are the size of a history panel: two
// to a line, as the bar charts.
const historyWidth, historyHeight = 12, 9

// history is what the dashboard draws of a metric's backfilled past: the
// metric, its time label and the earliest period of its figures.
type history struct {
	metric    int // index in Set.Metrics
	timeLabel string
	first     period.Period
}

// historiesOf are the metrics that `figures_exporter backfill` puts on the
// time axis, in the set's order: those with a time label (period.TimeLabel
// of their labels and declared time_label) and at least one figure whose
// time label is a period from 1970 on.
func historiesOf(set *config.Set) []history {
	var hs []history
	for i := range set.Metrics {
		m := &set.Metrics[i]
		label, ok := period.TimeLabel(m.Labels, m.TimeLabel)
		if !ok {
			continue
		}
		idx := slices.Index(m.Labels, label)
		h := history{metric: i, timeLabel: label}
		found := false
		for _, f := range m.Figures {
			p, err := period.Parse(f.LabelValues[idx])
			if err != nil || p.Year < 1970 {
				continue
			}
			if !found || p.Start().Before(h.first.Start()) {
				h.first, found = p, true
			}
		}
		if found {
			hs = append(hs, h)
		}
	}
	return hs
}

// historyStart is the start of the earliest period of the histories, as
// Grafana reads an absolute time, or "" when there is no history.
func historyStart(hs []history) string {
	if len(hs) == 0 {
		return ""
	}
	first := hs[0].first.Start()
	for _, h := range hs[1:] {
		if s := h.first.Start(); s.Before(first) {
			first = s
		}
	}
	return first.Format("2006-01-02T15:04:05.000Z")
}

// historyQuery is the PromQL of a history panel. The backfilled series
// are the metric's series without the time label (backfill drops it);
// the scraped ones have it, so {year=""} leaves them out. Each figure is a
// single sample at the end of its period, which a range query's steps
// would miss but for the 5 minutes after it: last_over_time over one step
// shows every figure once, at the first step after its stamp. The
// matchers of the dashboard's label variables filter the series.
func historyQuery(m *config.Metric, timeLabel string, matchers []string) string {
	latest := fmt.Sprintf("last_over_time(%s[$__interval])", selector(m.Name, append([]string{timeLabel + `=""`}, matchers...)...))
	others := historyLabels(m, timeLabel)
	if len(others) == 0 {
		return "max(" + latest + ")"
	}
	return byLabels(latest, others)
}

// historyLabels are a metric's labels without its time label: the labels
// of its backfilled series.
func historyLabels(m *config.Metric, timeLabel string) []string {
	return slices.DeleteFunc(slices.Clone(m.Labels), func(l string) bool { return l == timeLabel })
}

// historyLegend names a series by the values of its labels, or by the
// metric's title when it has none but the time label.
func historyLegend(m *config.Metric, timeLabel, title string) string {
	others := historyLabels(m, timeLabel)
	if len(others) == 0 {
		return title
	}
	parts := make([]string, len(others))
	for i, l := range others {
		parts[i] = "{{" + l + "}}"
	}
	return strings.Join(parts, seriesSeparator)
}

// historyPanel draws a metric's backfilled figures over time, in the
// unit of its latest-figures panel: a point per figure, joined by lines
// across the steps between figures.
func historyPanel(id uint32, m *config.Metric, h history, matchers []string, pos dashboard.GridPos) *timeseries.PanelBuilder {
	s := shapeOf(m)
	unit, decimals := s.Info.Grafana()
	q := prometheus.NewDataqueryBuilder().
		Datasource(datasource()).
		RefId("A").
		Expr(historyQuery(m, h.timeLabel, matchers)).
		Range().
		Format(prometheus.PromQueryFormatTimeSeries).
		LegendFormat(historyLegend(m, h.timeLabel, s.Info.Title)).
		EditorMode(prometheus.QueryEditorModeCode)
	spanNulls := true
	p := timeseries.NewPanelBuilder().
		Id(id).
		Title(s.Info.Title + " over time").
		Description(m.Help).
		Datasource(datasource()).
		GridPos(pos).
		WithTarget(q).
		Unit(unit).
		Thresholds(singleColor()).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdPaletteClassic)).
		DrawStyle(common.GraphDrawStyleLine).
		LineInterpolation(common.LineInterpolationLinear).
		ShowPoints(common.VisibilityModeAlways).
		PointSize(6).
		// Between two figures every step is empty: the line joins them.
		SpanNulls(common.BoolOrFloat64{Bool: &spanNulls}).
		Legend(legend(len(historyLabels(m, h.timeLabel)) > 0)).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending))
	if decimals > 0 {
		p.Decimals(float64(decimals))
	}
	return p
}

// withHistory adds a row of history panels, one per metric with a
// backfilled past, and sets the dashboard's time range from the earliest
// of their figures to now. Latest-figure panels use instant queries at the
// range's end, now, so the range changes nothing for them.
func withHistory(b *dashboard.DashboardBuilder, set *config.Set, vars []variable, g *grid, next func() uint32) {
	hs := historiesOf(set)
	if len(hs) == 0 {
		return
	}
	b.Time(historyStart(hs), "now")
	b.WithRow(dashboard.NewRowBuilder(historyRow).Id(next()).GridPos(g.row()))
	for _, h := range hs {
		m := &set.Metrics[h.metric]
		b.WithPanel(historyPanel(next(), m, h, matchersOf(m, vars), g.place(historyWidth, historyHeight)))
	}
}

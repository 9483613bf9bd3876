package dashboard

import (
	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"

	"github.com/figures-exporter/figures_exporter/config"
)

// DatasourceVariable is the name of the dashboard's data-source variable;
// every panel and query reads from "${datasource}".
const DatasourceVariable = "datasource"

// valueField is the name Grafana gives the value column of a Prometheus
// query in table format when the panel has a single query.
const valueField = "Value"

// datasource is the reference every panel and query carries: whichever
// Prometheus the variable selects.
func datasource() common.DataSourceRef {
	return common.DataSourceRef{
		Type: cog.ToPtr("prometheus"),
		Uid:  cog.ToPtr("${" + DatasourceVariable + "}"),
	}
}

// instantQuery is a panel's one query: instant, because a figure is a
// constant and only its latest value matters.
func instantQuery(expr string, format prometheus.PromQueryFormat) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().
		Datasource(datasource()).
		RefId("A").
		Expr(expr).
		Instant().
		Format(format).
		EditorMode(prometheus.QueryEditorModeCode)
}

// singleColor keeps every value in one color: Grafana's default thresholds
// turn values above 80 red, which says nothing about a report's figures.
func singleColor() *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().
		Mode(dashboard.ThresholdsModeAbsolute).
		Steps([]dashboard.Threshold{{Color: "blue"}})
}

// statPanel shows a metric whose figures are one number per year: the
// number, named by its year.
func statPanel(id uint32, m *config.Metric, s shape, matchers []string, pos dashboard.GridPos) *stat.PanelBuilder {
	unit, decimals := s.Info.Grafana()
	q := instantQuery(queryOf(m, s, matchers), prometheus.PromQueryFormatTimeSeries)
	textMode := common.BigValueTextModeValue
	if s.Category != "" {
		q.LegendFormat("{{" + s.Category + "}}")
		textMode = common.BigValueTextModeValueAndName
	}
	p := stat.NewPanelBuilder().
		Id(id).
		Title(s.Info.Title).
		Description(m.Help).
		Datasource(datasource()).
		GridPos(pos).
		WithTarget(q).
		Unit(unit).
		Thresholds(singleColor()).
		ColorMode(common.BigValueColorModeValue).
		GraphMode(common.BigValueGraphModeNone).
		TextMode(textMode).
		JustifyMode(common.BigValueJustifyModeCenter).
		Orientation(common.VizOrientationAuto).
		ReduceOptions(common.NewReduceDataOptionsBuilder().
			Values(false).
			Calcs([]string{"lastNotNull"}))
	if decimals > 0 {
		p.Decimals(float64(decimals))
	}
	return p
}

// barPanel shows a metric by year: the year on the category axis and, for
// each year, one bar per value of the metric's other labels.
//
// Grafana's bar chart wants one frame with a string field for the category
// axis and one number field per bar. A Prometheus instant query in table
// format gives one row per series (Time, one column per label, Value), so
// a grouping-to-matrix transformation turns the series label's values into
// columns, one row per year; its category column is named "year\form", and
// an organize transformation names it back to "year" for the axis. Last,
// the years are sorted: Prometheus returns series in no promised order,
// and the bar chart keeps the order it is given.
func barPanel(id uint32, m *config.Metric, s shape, matchers []string, pos dashboard.GridPos) *barchart.PanelBuilder {
	unit, decimals := s.Info.Grafana()
	p := barchart.NewPanelBuilder().
		Id(id).
		Title(s.Info.Title).
		Description(m.Help).
		Datasource(datasource()).
		GridPos(pos).
		WithTarget(instantQuery(queryOf(m, s, matchers), prometheus.PromQueryFormatTable)).
		Unit(unit).
		// Grafana formats a string that reads as a number with the
		// field's unit: without this the axis would say CN¥2.01K for 2011.
		OverrideByName(s.Category, []dashboard.DynamicConfigValue{{Id: "unit", Value: "string"}}).
		Thresholds(singleColor()).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdPaletteClassic)).
		XField(s.Category).
		ShowValue(common.VisibilityModeAlways).
		Orientation(common.VizOrientationVertical).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderNone))
	if decimals > 0 {
		p.Decimals(float64(decimals))
	}
	if len(s.Series) == 0 {
		// One bar per year: the legend would only repeat the title.
		return p.
			WithTransformation(organize(map[string]bool{"Time": true}, map[string]string{valueField: s.Info.Title}, nil)).
			WithTransformation(sortBy(s.Category)).
			Legend(legend(false))
	}
	return p.
		WithTransformation(dashboard.DataTransformerConfig{
			Id: "groupingToMatrix",
			Options: map[string]any{
				"columnField": s.seriesLabel(),
				"rowField":    s.Category,
				"valueField":  valueField,
				// A missing figure is no bar, not an empty string that
				// would make the column non-numeric.
				"emptyValue": "null",
			},
		}).
		WithTransformation(organize(nil, map[string]string{matrixCorner(s): s.Category}, nil)).
		WithTransformation(sortBy(s.Category)).
		Legend(legend(true))
}

// matrixCorner is the name grouping-to-matrix gives its first column: the
// row field and the column field, separated by a backslash.
func matrixCorner(s shape) string {
	return s.Category + `\` + s.seriesLabel()
}

func legend(show bool) *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().
		ShowLegend(show).
		DisplayMode(common.LegendDisplayModeList).
		Placement(common.LegendPlacementBottom).
		Calcs([]string{})
}

// organize is Grafana's organize-fields transformation: hide, rename and
// reorder columns.
func organize(exclude map[string]bool, rename map[string]string, index map[string]int) dashboard.DataTransformerConfig {
	if exclude == nil {
		exclude = map[string]bool{}
	}
	if rename == nil {
		rename = map[string]string{}
	}
	if index == nil {
		index = map[string]int{}
	}
	return dashboard.DataTransformerConfig{
		Id: "organize",
		Options: map[string]any{
			"excludeByName": exclude,
			"renameByName":  rename,
			"indexByName":   index,
		},
	}
}

// sortBy is Grafana's sort-by transformation, ascending by one field.
func sortBy(field string) dashboard.DataTransformerConfig {
	return dashboard.DataTransformerConfig{
		Id:      "sortBy",
		Options: map[string]any{"sort": []map[string]any{{"field": field, "desc": false}}},
	}
}

// sourcesPanel lists figures_source_info: where the figures come from.
func sourcesPanel(id uint32, pos dashboard.GridPos) *table.PanelBuilder {
	index := map[string]int{}
	for i, l := range sourceLabels() {
		index[l] = i
	}
	rename := map[string]string{"metric": "Metric", "title": "Title", "publisher": "Publisher", "page": "Page", "url": "URL"}
	return table.NewPanelBuilder().
		Id(id).
		Title("Sources").
		Description("Where the figures come from: the " + sourceInfoMetric + " series the exporter serves, one per metric and source.").
		Datasource(datasource()).
		GridPos(pos).
		WithTarget(instantQuery(sourcesQuery(), prometheus.PromQueryFormatTable)).
		WithTransformation(organize(map[string]bool{"Time": true, valueField: true}, rename, index)).
		ShowHeader(true).
		// The SDK's default footer has a null reducer, which Grafana's
		// schema does not allow.
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{})).
		CellHeight(common.TableCellHeightSm)
}

// figuresTableHeight is the height of a metric's table: a screenful of
// rows, past which it scrolls.
const figuresTableHeight = 14

// figuresTable shows a metric with too many values for a bar chart: one
// row per figure, a column per label and the value in the metric's unit,
// sorted by the value, largest first. A click on a column's header sorts by
// it, and each column has Grafana's filter, so the rows a reader wants are
// a click away at 803 rows as at 50.
func figuresTable(id uint32, m *config.Metric, s shape, matchers []string, pos dashboard.GridPos) *table.PanelBuilder {
	unit, decimals := s.Info.Grafana()
	index := map[string]int{}
	for i, l := range orderedLabels(m, s) {
		index[l] = i
	}
	index[valueField] = len(index)
	p := table.NewPanelBuilder().
		Id(id).
		Title(s.Info.Title).
		Description(m.Help).
		Datasource(datasource()).
		GridPos(pos).
		WithTarget(instantQuery(byLabels(selector(m.Name, matchers...), m.Labels), prometheus.PromQueryFormatTable)).
		WithTransformation(organize(map[string]bool{"Time": true}, nil, index)).
		Unit(unit).
		// Label values that read as numbers (years) are names, not
		// values in the unit.
		OverrideByName(s.Category, []dashboard.DynamicConfigValue{{Id: "unit", Value: "string"}}).
		Thresholds(singleColor()).
		ShowHeader(true).
		Filterable(true).
		SortBy([]cog.Builder[common.TableSortByFieldState]{common.NewTableSortByFieldStateBuilder().DisplayName(valueField).Desc(true)}).
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{})).
		CellHeight(common.TableCellHeightSm)
	if decimals > 0 {
		p.Decimals(float64(decimals))
	}
	return p
}

// orderedLabels are a table's label columns: the time label first, then
// the others in declared order.
func orderedLabels(m *config.Metric, s shape) []string {
	if s.Category == "" {
		return m.Labels
	}
	return append([]string{s.Category}, s.Series...)
}

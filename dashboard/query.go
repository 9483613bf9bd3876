package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
)

// sourceInfoMetric names the sources of the figures; the exporter serves it
// with these labels (empty ones left out).
const sourceInfoMetric = "figures_source_info"

// sourceLabels are the labels of figures_source_info (the metric and
// config.Source's fields), in the order the sources table shows them.
func sourceLabels() []string { return []string{"metric", "title", "publisher", "page", "url"} }

// byLabels aggregates a metric to exactly its own labels. max rather than sum
// because every replica of the exporter serves the same figure: max keeps it
// once, whatever job, instance or pod labels the scrape added.
func byLabels(metric string, labels []string) string {
	return fmt.Sprintf("max by (%s) (%s)", strings.Join(labels, ", "), metric)
}

// queryOf is the PromQL of a metric's panel, its series filtered by the
// matchers of the dashboard's label variables.
func queryOf(m *config.Metric, s shape, matchers []string) string {
	if len(m.Labels) == 0 {
		return "max(" + m.Name + ")"
	}
	q := byLabels(selector(m.Name, matchers...), m.Labels)
	if len(s.Series) < 2 {
		return q
	}
	// Grafana's grouping-to-matrix transformation takes one column label;
	// several series labels are joined into one for it.
	args := []string{q, strconv.Quote(s.seriesLabel()), strconv.Quote(seriesSeparator)}
	for _, l := range s.Series {
		args = append(args, strconv.Quote(l))
	}
	return "label_join(" + strings.Join(args, ", ") + ")"
}

// sourcesQuery is the PromQL of the sources table.
func sourcesQuery() string {
	return byLabels(sourceInfoMetric, sourceLabels())
}

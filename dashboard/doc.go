// Package dashboard turns a set of figures into a Grafana dashboard.
//
// It is pure: New takes a *config.Set and returns the dashboard, built with
// the Grafana Foundation SDK so that every field has the type Grafana's own
// schema gives it. Nothing here reads files, flags or the network, so the
// `figures_exporter dashboard` command, the committed
// deploy/grafana/dashboards/figures.json and the tests all see the same
// dashboard for the same figures.
//
// Every metric is read by package metricinfo, as the figures page reads
// it: its unit (declared, else from its name), its title and its time
// label (year, Year, period, … in any case).
//
// Layout: one row per unit (yuan, counts, meters, …), because a
// unit is what makes two figures comparable on one screen, while metric names
// of a report share few prefixes. Each metric gets one panel:
//
//   - a stat panel when its figures differ in nothing but a single year
//     (one big number, named by its year);
//   - a bar chart with the time label on the category axis and one bar
//     per value of the metric's other labels, up to maxBars bars;
//   - beyond that (hundreds of entities, a figure per state) a table of
//     its figures, sorted by value and sortable and filterable by column.
//
// A label of more than maxLines values (200 countries) gets a multi-select
// query variable with All, which filters every panel of the metrics with
// the label; its default selection, the values of the largest latest
// figures, keeps each history panel within maxLines series.
//
// A last row lists figures_source_info as a table. Every query is an instant
// query aggregated with max by the metric's own labels, so that several
// replicas of the exporter (or a job and instance label) never show a figure
// twice, and every panel and query uses the datasource variable.
package dashboard

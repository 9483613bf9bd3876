// Package backfill writes a set of figures as OpenMetrics samples stamped
// with the time their figures describe, for `promtool tsdb
// create-blocks-from openmetrics`.
//
// Prometheus stamps a scraped figure with the time of the scrape, so a
// figure of 2011 scraped today sits at today on a time axis. Backfilling
// puts each figure at a time of the year its time label names (the end of
// 2011 for year="2011"), so that Grafana can draw aid by year on a time
// axis. The time label itself is dropped by default: the figures of one
// metric for several years then form one series with one sample per year.
package backfill

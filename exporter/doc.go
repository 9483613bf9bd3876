// Package exporter serves a config.Set to Prometheus.
//
// Everything that depends on the figures is encoded once per load (each
// exposition format on first use, then kept), so that a scrape copies
// prepared bytes and encodes only the exporter's few self metrics. The
// current Snapshot sits behind an atomic pointer: a scrape sees the whole old
// set or the whole new one, never a mix, and a failed load never replaces
// what is served.
package exporter

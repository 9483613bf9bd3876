// Package exposition serves a config.Set to Prometheus: what /metrics
// answers.
//
// It owns the Snapshot (a set in compact form, encoded once per load), the
// encoders of the text, OpenMetrics and protobuf formats, the compressed
// bodies assembled from deflate segments, content negotiation, ETags and
// conditional requests, the limit on scrapes in flight, and the exporter's
// own metrics served after the figures.
//
// Everything that depends on the figures is encoded (and compressed) once
// per load, each format on first use, then kept; the self metrics are
// encoded again only when they change. A scrape copies prepared bytes, so
// that serving a million series costs about what a static file server
// costs (docs/performance.md). The current Snapshot sits behind an atomic
// pointer: a scrape sees the whole old set or the whole new one, never a
// mix, and a failed load never replaces what is served.
//
// It imports neither reload nor web: the reload package replaces the set
// through Exporter.Replace, and the web package shows Exporter.Current,
// both wired by cmd/figures_exporter.
package exposition

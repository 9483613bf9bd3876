// Package exposition serves a config.Set to Prometheus.
//
// Everything that depends on the figures is encoded (and compressed) once
// per load, each format on first use, then kept; the self metrics are
// encoded again only when they change. A scrape copies prepared bytes, so
// that serving a million series costs about what a static file server
// costs (the README's Performance section). The
// current Snapshot sits behind an atomic pointer: a scrape sees the whole old
// set or the whole new one, never a mix, and a failed load never replaces
// what is served.
package exposition

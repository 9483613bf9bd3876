// Package web is the exporter's HTTP surface for people and its routes:
// the landing page, the /figures page with its bar charts and readable
// values, /version, /-/healthy and /-/ready, pprof when asked for, and the
// policy every response follows (methods, security headers, a
// Content-Security-Policy per page).
//
// It does not import the exposition or reload: Routes serves the metrics
// handler, the current snapshot and the reload handler that
// cmd/figures_exporter passes in (RouteOptions).
package web

// Package reload replaces the set being served when asked to: on SIGHUP,
// on POST /-/reload, and when a watched figures file changes.
//
// It owns the Reloader (one goroutine does every reload, so that two
// loads never race to publish), the reload self metrics
// (figures_exporter_config_*), the /-/reload handler, and the Watcher with
// its plan of which directories and symbolic links to watch. A failed load
// never replaces what is served.
//
// It does not import the exposition: a Reloader replaces the set of a
// Target, which cmd/figures_exporter passes in (the exposition's
// Exporter), and registers its metrics on the Registerer it is given.
package reload

package web

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/figures-exporter/figures_exporter/config"
)

// Served is what the pages show: the snapshot being served. The
// exposition's *Snapshot is one, which cmd passes in; the figures page is
// rendered again only when RouteOptions.Current returns another.
type Served interface {
	// Set is the figures served. It may cost in proportion to them; the
	// figures page calls it once per snapshot.
	Set() *config.Set
	// Head is the set without its figures, at no cost.
	Head() *config.Set
	// Metric is one metric with its figures, at the cost of that metric:
	// a metric's page calls it once per request.
	Metric(name string) (*config.Metric, bool)
}

// RouteOptions configure the exporter's HTTP endpoints.
type RouteOptions struct {
	// TelemetryPath is where the figures are served, /metrics by default.
	TelemetryPath string
	Logger        *slog.Logger
	// EnablePprof serves net/http/pprof under /debug/pprof/ (--web.enable-pprof).
	EnablePprof bool
	// Metrics serves TelemetryPath: the exposition's metrics handler,
	// behind its request limit.
	Metrics http.Handler
	// Current is the snapshot being served, for the figures page.
	Current func() Served
	// Reload serves /-/reload (the reload package's Reloader.ReloadHandler
	// or LifecycleDisabled); nil leaves it out.
	Reload http.Handler
}

// Routes returns every endpoint of the exporter on an explicit mux, so
// that nothing registered on http.DefaultServeMux (pprof) is served by
// accident.
func Routes(opts RouteOptions) (*http.ServeMux, error) {
	if opts.TelemetryPath == "" {
		opts.TelemetryPath = "/metrics"
	}
	mux := http.NewServeMux()
	mux.Handle(opts.TelemetryPath, opts.Metrics)
	if opts.Reload != nil {
		mux.Handle(ReloadPath, opts.Reload)
	}
	mux.HandleFunc("/-/healthy", plainStatus("Healthy"))
	// The exporter serves only once a set has loaded, so it is ready as
	// soon as it listens.
	mux.HandleFunc("/-/ready", plainStatus("Ready"))
	if err := mountPages(mux, opts); err != nil {
		return nil, err
	}
	return mux, nil
}

func plainStatus(text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "only GET and HEAD are allowed here", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, text)
	}
}

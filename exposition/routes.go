package exposition

import (
	"fmt"
	"log/slog"
	"net/http"
)

// RouteOptions configure the exporter's HTTP endpoints.
type RouteOptions struct {
	// TelemetryPath is where the figures are served, /metrics by default.
	TelemetryPath string
	Logger        *slog.Logger
	// EnablePprof serves net/http/pprof under /debug/pprof/ (--web.enable-pprof).
	EnablePprof bool
	// MaxRequests caps the scrapes of TelemetryPath served at once; 0 means
	// no limit.
	MaxRequests int
	// Reload serves /-/reload (Reloader.ReloadHandler or
	// LifecycleDisabled); nil leaves it out.
	Reload http.Handler
}

// Routes returns every endpoint of the exporter on an explicit mux, so
// that nothing registered on http.DefaultServeMux (pprof) is served by
// accident.
func (e *Exporter) Routes(opts RouteOptions) (*http.ServeMux, error) {
	if opts.TelemetryPath == "" {
		opts.TelemetryPath = "/metrics"
	}
	mux := http.NewServeMux()
	mux.Handle(opts.TelemetryPath, LimitRequests(e.MetricsHandler(opts.Logger), opts.MaxRequests))
	if opts.Reload != nil {
		mux.Handle("/-/reload", opts.Reload)
	}
	mux.HandleFunc("/-/healthy", plainStatus("Healthy"))
	// The exporter serves only once a set has loaded, so it is ready as
	// soon as it listens.
	mux.HandleFunc("/-/ready", plainStatus("Ready"))
	if err := e.mountPages(mux, opts); err != nil {
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

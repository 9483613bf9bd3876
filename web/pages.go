package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/pprof"

	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
)

// Paths of the pages for people.
const (
	FiguresPath = "/figures"
	VersionPath = "/version"
	pprofPrefix = "/debug/pprof/"
)

// landingCSS is added to exporter-toolkit's stylesheet: a readable line
// length and spacing; the look stays the toolkit's, as users know it.
const landingCSS = `main { max-width: 48rem; line-height: 1.5; }
li { margin: .25rem 0; }
a { color: #1f5f99; }`

// mountPages adds the landing page, the figures page, build info and, when
// asked for, pprof to mux.
func mountPages(mux *http.ServeMux, opts RouteOptions) error {
	switch opts.TelemetryPath {
	case FiguresPath, VersionPath, ReloadPath:
		return fmt.Errorf("--web.telemetry-path %s is taken by another endpoint", opts.TelemetryPath)
	}
	mux.Handle(FiguresPath, newFiguresHandler(opts))
	mux.Handle(FiguresPath+"/", newMetricPages(opts))
	mux.HandleFunc(VersionPath, serveVersion)
	// Browsers ask every site for /favicon.ico; an empty answer keeps a
	// 404 out of their console without serving an asset.
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	if opts.EnablePprof {
		mountPprof(mux)
	}
	if opts.TelemetryPath == "/" {
		// The metrics are served at / itself: there is no landing page.
		return nil
	}
	links := []web.LandingLinks{
		{Address: opts.TelemetryPath, Text: "Metrics", Description: "the figures and the exporter's own metrics, for Prometheus"},
		{Address: FiguresPath, Text: "Figures", Description: "every figure, grouped by metric, for reading"},
		{Address: "/-/healthy", Text: "Health", Description: "whether the exporter is running"},
		{Address: "/-/ready", Text: "Readiness", Description: "whether the exporter serves a loaded set of figures"},
		{Address: VersionPath, Text: "Build info", Description: "version, revision and build of this binary, as JSON"},
	}
	profiling := "false"
	if opts.EnablePprof {
		profiling = "true"
	}
	landing, err := web.NewLandingPage(web.LandingConfig{
		Name:        "Figures Exporter",
		Description: "Figures from reports, served as Prometheus gauges",
		Version:     version.Info(),
		Links:       links,
		ExtraCSS:    landingCSS,
		Profiling:   profiling,
	})
	if err != nil {
		return fmt.Errorf("landing page: %w", err)
	}
	page := newHTMLPage(capture(landing, "/"))
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		page.ServeHTTP(w, r)
	}))
	return nil
}

// buildInfo is what /version serves: the same fields as the
// figures_exporter_build_info metric and `figures_exporter --version`,
// named like Prometheus's own /api/v1/status/buildinfo.
type buildInfo struct {
	Version   string `json:"version"`
	Revision  string `json:"revision"`
	Branch    string `json:"branch"`
	BuildUser string `json:"buildUser"`
	BuildDate string `json:"buildDate"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
	Tags      string `json:"tags"`
}

func serveVersion(w http.ResponseWriter, r *http.Request) {
	body, err := json.MarshalIndent(buildInfo{
		Version:   version.Version,
		Revision:  version.GetRevision(),
		Branch:    version.Branch,
		BuildUser: version.BuildUser,
		BuildDate: version.BuildDate,
		GoVersion: version.GoVersion,
		Platform:  version.GoOS + "/" + version.GoArch,
		Tags:      version.GetTags(),
	}, "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(append(body, '\n'))
}

// mountPprof serves net/http/pprof's handlers on mux, explicitly: importing
// the package registers them on http.DefaultServeMux, which the exporter
// never serves, so profiles are reachable only through this.
func mountPprof(mux *http.ServeMux) {
	mux.HandleFunc(pprofPrefix, pprof.Index)
	mux.HandleFunc(pprofPrefix+"cmdline", pprof.Cmdline)
	mux.HandleFunc(pprofPrefix+"profile", pprof.Profile)
	mux.HandleFunc(pprofPrefix+"symbol", pprof.Symbol)
	mux.HandleFunc(pprofPrefix+"trace", pprof.Trace)
}

package web

import (
	"net/http"
	"slices"
	"strings"
)

// ReloadPath is the one endpoint that changes state; it takes POST and
// nothing else. Every other endpoint only reads, with GET or HEAD.
const ReloadPath = "/-/reload"

var (
	readMethods   = []string{http.MethodGet, http.MethodHead}
	reloadMethods = []string{http.MethodPost}
)

// Harden wraps the exporter's routes in the policy every response follows:
// only GET and HEAD, except POST on /-/reload (405 with Allow otherwise),
// and headers that stop a browser from sniffing a body into HTML or leaking
// the exporter's URLs to other sites. It sits outside the mux so that an
// endpoint added later is covered without doing anything.
//
// A header the operator set through the web config file's
// http_server_config.headers is kept: exporter-toolkit sets those before
// this handler runs, and the operator's choice wins.
func Harden(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		setDefault(h, "X-Content-Type-Options", "nosniff")
		setDefault(h, "Referrer-Policy", "no-referrer")
		allowed := allowedMethods(r.URL.Path)
		if !slices.Contains(allowed, r.Method) {
			methodNotAllowed(w, r, allowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedMethods is the method policy: POST on /-/reload, GET and HEAD
// everywhere else (pages, metrics, health, pprof).
func allowedMethods(path string) []string {
	if path == ReloadPath {
		return reloadMethods
	}
	return readMethods
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allowed []string) {
	list := strings.Join(allowed, ", ")
	w.Header().Set("Allow", list)
	http.Error(w, "method "+r.Method+" is not allowed on "+r.URL.Path+": use "+list, http.StatusMethodNotAllowed)
}

// setDefault sets a header unless it is set already.
func setDefault(h http.Header, key, value string) {
	if h.Get(key) == "" {
		h.Set(key, value)
	}
}

package reload

import (
	"fmt"
	"net/http"
)

// ReloadHandler serves POST /-/reload: 200 once the new figures are served,
// 500 with the error when the previous set is still served.
func (r *Reloader) ReloadHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "only POST is allowed here", http.StatusMethodNotAllowed)
			return
		}
		if err := r.Reload(req.Context()); err != nil {
			http.Error(w, "cannot reload figures, still serving the previous set:\n"+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "figures reloaded")
	})
}

// LifecycleDisabled serves /-/reload when --web.enable-lifecycle is not
// set: reloading over HTTP is off unless asked for, since anyone who can
// reach the port could otherwise make the exporter reread its files.
func LifecycleDisabled() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "the lifecycle API is not enabled: start the exporter with --web.enable-lifecycle", http.StatusForbidden)
	})
}

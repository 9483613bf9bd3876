package exposition

import (
	"fmt"
	"net/http"
)

// LimitRequests lets at most max requests run h at once and answers 503 to
// the rest at once, rather than queueing them: a scraper that times out
// would otherwise leave its request behind to pile up. max <= 0 means no
// limit.
func LimitRequests(h http.Handler, max int) http.Handler {
	if max <= 0 {
		return h
	}
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		default:
			w.Header().Set("Retry-After", "1")
			http.Error(w, fmt.Sprintf("too many requests in flight: at most %d at once (--web.max-requests)", max), http.StatusServiceUnavailable)
			return
		}
		defer func() { <-slots }()
		h.ServeHTTP(w, r)
	})
}

package main

import (
	"net/http"
	"time"
)

// httpLimits are the server's timeouts.
type httpLimits struct {
	// ReadHeader cuts off a client that trickles its request headers, which
	// would otherwise hold a connection (and a goroutine) for ever.
	ReadHeader time.Duration
	// Idle closes keep-alive connections left unused, such as those of a
	// Prometheus server that has gone away.
	Idle time.Duration
}

// defaultHTTPLimits leave room for slow networks and Prometheus' longest
// scrape intervals while bounding what an idle or hostile client holds.
var defaultHTTPLimits = httpLimits{ReadHeader: 10 * time.Second, Idle: 2 * time.Minute}

// newHTTPServer is the server serve runs, with its limits.
func newHTTPServer(h http.Handler, limits httpLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: limits.ReadHeader,
		IdleTimeout:       limits.Idle,
	}
}

package main

import "github.com/spf13/pflag"

// Flags of reloading and of the limits on serving.
const (
	flagConfigWatch     = "config.watch"
	flagEnableLifecycle = "web.enable-lifecycle"
	flagMaxRequests     = "web.max-requests"
)

// defaultMaxRequests is node_exporter's default for the same flag: far more
// than Prometheus servers scraping one exporter, few enough that a client
// gone wrong cannot pile requests up.
const defaultMaxRequests = 40

// addReloadFlags defines the flags of reloading and of request limits.
func addReloadFlags(fs *pflag.FlagSet) {
	fs.Bool(flagConfigWatch, false, "Watch the figures files and reload them when they change (editors' saves, ConfigMap updates). SIGHUP always reloads.")
	fs.Bool(flagEnableLifecycle, false, "Enable reloading the figures with POST /-/reload.")
	fs.Int(flagMaxRequests, defaultMaxRequests, "Maximum number of scrapes served at once; more get 503. 0 means no limit.")
}

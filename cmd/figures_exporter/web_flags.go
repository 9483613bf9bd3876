package main

import (
	"fmt"

	"github.com/prometheus/exporter-toolkit/web"
	"github.com/spf13/pflag"
)

// flagEnablePprof mounts Go's profiling endpoints; off by default because
// profiles reveal the program's internals and a CPU profile costs CPU.
const flagEnablePprof = "web.enable-pprof"

// addWebFlags defines the flags of the hardened web interface.
func addWebFlags(fs *pflag.FlagSet) {
	fs.Bool(flagEnablePprof, false, "Serve Go's pprof profiles under /debug/pprof/ (GET only).")
}

// validateWebConfig checks the --web.config.file before anything listens,
// so that a wrong password hash, a missing certificate or a typo in the
// file stops the exporter at once with the reason, instead of at the first
// request.
func validateWebConfig(path string) error {
	if path == "" {
		return nil
	}
	if err := web.Validate(path); err != nil {
		return fmt.Errorf("--%s %s is not a valid web config file, not starting: %w", flagWebConfigFile, path, err)
	}
	return nil
}

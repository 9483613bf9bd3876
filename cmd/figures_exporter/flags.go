package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/prometheus/common/promslog"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/config"
)

// envPrefix prefixes the environment variable of every flag:
// --config.file is FIGURES_EXPORTER_CONFIG_FILE.
const envPrefix = "FIGURES_EXPORTER"

// Flag names, shared by the flag definitions and the viper look-ups.
const (
	flagConfigFile             = "config.file"
	flagConfigMaxFileBytes     = "config.max-file-bytes"
	flagListenAddress          = "web.listen-address"
	flagWebConfigFile          = "web.config.file"
	flagTelemetryPath          = "web.telemetry-path"
	flagDisableExporterMetrics = "web.disable-exporter-metrics"
	flagLogLevel               = "log.level"
	flagLogFormat              = "log.format"
)

// defaultListenAddress is outside 9100–9999, the range of the Prometheus
// wiki's default port allocations, which is full.
const defaultListenAddress = ":10187"

// addConfigFlags defines the flags every subcommand that loads figures has.
func addConfigFlags(fs *pflag.FlagSet) {
	fs.String(flagConfigFile, "", "Figures file (.yml, .yaml, .json, .toml). Empty serves the embedded 2011 East-West report.")
	fs.Int64(flagConfigMaxFileBytes, config.DefaultMaxFileBytes, "Largest figures file to read, in bytes.")
	fs.String(flagLogLevel, "info", "Only log messages with the given severity or above. One of: [debug, info, warn, error]")
	fs.String(flagLogFormat, "logfmt", "Output format of log messages. One of: [logfmt, json]")
}

// addServeFlags defines the flags of the server itself.
func addServeFlags(fs *pflag.FlagSet) {
	fs.StringSlice(flagListenAddress, []string{defaultListenAddress}, "Addresses on which to expose metrics and web interface. Repeatable for multiple addresses.")
	fs.String(flagWebConfigFile, "", "Path to configuration file that can enable TLS or authentication (exporter-toolkit web config).")
	fs.String(flagTelemetryPath, "/metrics", "Path under which to expose metrics.")
	fs.Bool(flagDisableExporterMetrics, false, "Exclude the Go runtime and process metrics (go_*, process_*) from /metrics.")
}

// newViper reads flags, then FIGURES_EXPORTER_* environment variables, then
// defaults, in that order of precedence.
func newViper(fs *pflag.FlagSet) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(fs); err != nil {
		return nil, err
	}
	return v, nil
}

// newLogger builds the promslog logger the flags ask for.
func newLogger(v *viper.Viper, w io.Writer) (*slog.Logger, error) {
	level := promslog.NewLevel()
	if err := level.Set(v.GetString(flagLogLevel)); err != nil {
		return nil, fmt.Errorf("--%s: %w", flagLogLevel, err)
	}
	format := promslog.NewFormat()
	if err := format.Set(v.GetString(flagLogFormat)); err != nil {
		return nil, fmt.Errorf("--%s: %w", flagLogFormat, err)
	}
	return promslog.New(&promslog.Config{Level: level, Format: format, Writer: w}), nil
}

// loadFigures loads the configured figures file, or the embedded report
// when none is configured, the first time. It never falls back to the
// report when a file is configured and fails.
func loadFigures(v *viper.Viper) (*config.Set, error) { return figuresLoader(v)(nil) }

// figuresLoader reads the flags that say which figures to load once, and
// returns what loads them: the embedded report when no --config.file is
// given, else that file with config.Options.Previous set to previous (nil
// the first time). The first load and every reload go through it, so that
// they cannot choose differently; and viper, which is not safe for
// concurrent use, is not read on the reloader's goroutine.
func figuresLoader(v *viper.Viper) func(previous *config.Set) (*config.Set, error) {
	path := v.GetString(flagConfigFile)
	opts := config.Options{MaxFileBytes: v.GetInt64(flagConfigMaxFileBytes)}
	return func(previous *config.Set) (*config.Set, error) {
		if path == "" {
			return config.Default()
		}
		opts := opts
		opts.Previous = previous
		return config.Load(path, opts)
	}
}

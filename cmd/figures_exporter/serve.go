package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/prometheus/common/version"
	toolkitweb "github.com/prometheus/exporter-toolkit/web"
	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/web"
)

// shutdownGrace is how long in-flight scrapes may take to finish once a
// shutdown signal arrives; those still running then are cut off.
const shutdownGrace = 5 * time.Second

// serve loads the figures and serves them until ctx is cancelled.
func serve(ctx context.Context, v *viper.Viper, stderr io.Writer) error {
	logger, err := newLogger(v, stderr)
	if err != nil {
		return err
	}
	logger.Info("starting "+programName, "version", version.Info())
	logger.Info("build context", "build_context", version.BuildContext())

	if err := validateWebConfig(v.GetString(flagWebConfigFile)); err != nil {
		return err
	}

	set, err := loadFigures(v)
	if err != nil {
		return fmt.Errorf("cannot load figures, not starting:\n%w", err)
	}
	logger.Info("loaded figures", "files", set.Files, "metrics", len(set.Metrics), "figures", set.Series())

	exp := exposition.New(exposition.NewSnapshot(set), exposition.Options{
		RuntimeMetrics: !v.GetBool(flagDisableExporterMetrics),
	})
	reload, stopReloading, err := startReloading(ctx, v, exp, logger)
	if err != nil {
		return err
	}
	defer stopReloading()
	// The packages meet here: the web routes serve the exposition's
	// metrics handler, its current snapshot on the figures page, and the
	// reloader's endpoint; none of them imports another.
	mux, err := web.Routes(web.RouteOptions{
		TelemetryPath: v.GetString(flagTelemetryPath),
		Logger:        logger,
		EnablePprof:   v.GetBool(flagEnablePprof),
		Metrics:       exposition.LimitRequests(exp.MetricsHandler(logger), v.GetInt(flagMaxRequests)),
		Current:       func() web.Served { return exp.Current() },
		Reload:        reload,
	})
	if err != nil {
		return err
	}
	server := newHTTPServer(web.Harden(mux), defaultHTTPLimits)
	listen := v.GetStringSlice(flagListenAddress)
	webConfig := v.GetString(flagWebConfigFile)
	systemdSocket := false
	served := make(chan error, 1)
	go func() {
		served <- toolkitweb.ListenAndServe(server, &toolkitweb.FlagConfig{
			WebListenAddresses: &listen,
			WebSystemdSocket:   &systemdSocket,
			WebConfigFile:      &webConfig,
		}, logger)
	}()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		// Scrapes still running after the grace period are cut off. The
		// exporter was asked to stop and stops: that is no failure, so the
		// exit status stays 0 (docs/reload.md), and the log says so.
		logger.Warn("closing the connections still open after the shutdown grace period", "grace", shutdownGrace, "err", err)
		_ = server.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

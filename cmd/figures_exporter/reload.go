package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/reload"
)

// startReloading wires every reload trigger to one reload.Reloader:
// SIGHUP always, the file watch with --config.watch, and POST /-/reload with
// --web.enable-lifecycle. It returns the /-/reload handler and a stop
// function that ends the goroutines it started.
func startReloading(ctx context.Context, v *viper.Viper, exp *exposition.Exporter, logger *slog.Logger) (http.Handler, func(), error) {
	path := v.GetString(flagConfigFile)
	reloader, err := reload.NewReloader(exp, figuresLoader(v), exp.Registerer(), logger)
	if err != nil {
		return nil, nil, err
	}

	var watcher *reload.Watcher
	if v.GetBool(flagConfigWatch) {
		if path == "" {
			logger.Warn("--" + flagConfigWatch + " has nothing to watch: the embedded figures are served (no --" + flagConfigFile + ")")
		} else {
			list := func() reload.WatchList {
				set := exp.Current().Head()
				return reload.WatchList{Files: set.Files, Dirs: set.WatchDirs}
			}
			watcher, err = reload.NewWatcher(reloader, list, logger, reload.WatchOptions{})
			if err != nil {
				return nil, nil, err
			}
			logger.Info("watching the figures files", "dirs", watcher.Watching())
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { reloader.Run(ctx) })
	if watcher != nil {
		wg.Go(func() { watcher.Run(ctx) })
	}
	// Registered before the server listens: SIGHUP's default action would
	// end the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				logger.Info("SIGHUP: reloading figures")
				_ = reloader.Reload(ctx) // the reloader logs and counts failures
			}
		}
	})
	stop := func() {
		signal.Stop(hup)
		cancel()
		wg.Wait()
	}

	handler := reload.LifecycleDisabled()
	if v.GetBool(flagEnableLifecycle) {
		handler = reloader.ReloadHandler()
	}
	return handler, stop, nil
}

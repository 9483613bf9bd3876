package reload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/figures-exporter/figures_exporter/config"
)

// LoadFunc loads the figures anew. previous is the set being served
// without its figures (Target.Head: its Digest, Files and the rest), so
// that a loader can hand it back unparsed when the files have not changed
// (config.Options.Previous), which the reloader takes to mean that nothing
// changed. It has no figures because the snapshot keeps them in a form of
// its own; rebuilding a config.Set of a million figures for each reload,
// only for its digest, would cost their memory again.
type LoadFunc func(previous *config.Set) (*config.Set, error)

// ErrReloaderStopped is what Reload returns once the reloader's Run has
// returned.
var ErrReloaderStopped = errors.New("the reloader has stopped: the exporter is shutting down")

// Target is what a Reloader replaces the set of: the exposition's
// Exporter, which cmd passes in. It is an interface so that reloading does
// not depend on how the figures are served.
type Target interface {
	// Head is the set being served without its figures.
	Head() *config.Set
	// Replace prepares set for serving and publishes it, and returns how
	// many figures it serves. On error the set served is left untouched.
	Replace(set *config.Set) (figures int, err error)
	// SelfMetricsChanged says that the reload self metrics have changed,
	// so that the next scrape serves them.
	SelfMetricsChanged()
}

// Reloader replaces the served set when asked to. One goroutine, Run, does
// every reload, whoever asks (SIGHUP, POST /-/reload, the file watch), so
// that two loads never race to publish and the self metrics tell one story.
type Reloader struct {
	target   Target
	load     LoadFunc
	logger   *slog.Logger
	metrics  *reloadMetrics
	requests chan chan error
	stopped  chan struct{}
}

// NewReloader makes a reloader for t and registers its self metrics on
// reg, which the exporter serves after the figures. The set t serves
// counts as the first successful load.
func NewReloader(t Target, load LoadFunc, reg prometheus.Registerer, logger *slog.Logger) (*Reloader, error) {
	r := &Reloader{
		target:   t,
		load:     load,
		logger:   logger,
		requests: make(chan chan error),
		stopped:  make(chan struct{}),
	}
	m, err := newReloadMetrics(reg, time.Now())
	if err != nil {
		return nil, err
	}
	r.metrics = m
	return r, nil
}

// Run does the reloads asked for until ctx is done.
func (r *Reloader) Run(ctx context.Context) {
	defer close(r.stopped)
	for {
		select {
		case <-ctx.Done():
			return
		case done := <-r.requests:
			done <- r.reload()
		}
	}
}

// Reload asks Run for a reload and waits for its outcome: nil once the new
// set is served (or the files were unchanged), or why the previous set is
// still served.
func (r *Reloader) Reload(ctx context.Context) error {
	// Buffered so that Run never waits on a caller that gave up.
	done := make(chan error, 1)
	select {
	case r.requests <- done:
	case <-r.stopped:
		return ErrReloaderStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reload loads, validates and prepares the complete new set, and only then
// publishes it; on any error the served snapshot is left untouched.
func (r *Reloader) reload() (err error) {
	defer func() {
		// A figures file must never bring down a running exporter: a panic
		// in loading is a failed reload, with its stack in the log.
		if p := recover(); p != nil {
			r.logger.Error("reloading figures panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("reloading figures panicked: %v", p)
		}
		r.metrics.record(err, time.Now())
		r.target.SelfMetricsChanged()
		if err != nil {
			r.logger.Error("cannot reload figures, still serving the previous set", "err", err)
		}
	}()
	previous := r.target.Head()
	set, err := r.load(previous)
	if err != nil {
		return err
	}
	if set == nil {
		return errors.New("the loader returned no figures and no error")
	}
	if set == previous || set.Digest == previous.Digest {
		r.logger.Debug("figures unchanged, nothing to rebuild", "files", set.Files)
		return nil
	}
	figures, err := r.target.Replace(set)
	if err != nil {
		return err
	}
	r.logger.Info("reloaded figures", "files", set.Files, "metrics", len(set.Metrics), "figures", figures)
	return nil
}

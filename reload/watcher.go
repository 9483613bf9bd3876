package reload

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults of WatchOptions.
const (
	DefaultWatchQuiet     = 100 * time.Millisecond
	DefaultWatchMaxDelay  = 2 * time.Second
	DefaultWatchSettle    = 500 * time.Millisecond
	DefaultWatchMaxSettle = 10 * time.Second
)

// WatchOptions tune the file watch. The zero value is ready to use.
type WatchOptions struct {
	// Quiet is how long the files must be left alone before a reload, so
	// that a burst of events (an editor's truncate, writes and rename; a
	// ConfigMap swap) makes one reload. 0 means DefaultWatchQuiet.
	Quiet time.Duration
	// MaxDelay bounds how long a stream of events can put a reload off.
	// 0 means DefaultWatchMaxDelay.
	MaxDelay time.Duration
	// Settle is how long ago the watched files must have last been
	// modified (by their modification times) before they are read, so that
	// a file written in several parts, or copied slowly, is not read
	// between two of them, even once MaxDelay has passed: a prefix of a
	// figures file (a CSV cut at a row) is often a valid file. 0 means
	// DefaultWatchSettle.
	Settle time.Duration
	// MaxSettle bounds how long files that keep changing can put a reload
	// off, from the first event of a burst. 0 means DefaultWatchMaxSettle.
	MaxSettle time.Duration
}

// Watcher asks a Reloader for a reload whenever the watched files change.
//
// It does not use viper's WatchConfig, which stops watching after a remove
// event, calls back even when parsing failed and races with concurrent
// reads. It watches directories, works out again after every event burst
// where each symbolic link leads, and keeps watching through errors and
// through the files' absence: a missing file is a failed reload, the
// previous set stays served, and the file is picked up when it is back.
type Watcher struct {
	reloader *Reloader
	list     func() WatchList
	logger   *slog.Logger
	fs       *fsnotify.Watcher
	plan     watchPlan
	watching map[string]bool // directories watched now
	debounce debouncer
	settle   time.Duration
	// maxSettle is WatchOptions.MaxSettle.
	maxSettle time.Duration
}

// NewWatcher starts watching what list returns; changes made once it has
// returned are seen. Run must be called to act on them.
func NewWatcher(r *Reloader, list func() WatchList, logger *slog.Logger, opts WatchOptions) (*Watcher, error) {
	fs, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultWatchQuiet
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultWatchMaxDelay
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultWatchSettle
	}
	if opts.MaxSettle <= 0 {
		opts.MaxSettle = DefaultWatchMaxSettle
	}
	w := &Watcher{
		reloader:  r,
		list:      list,
		logger:    logger,
		fs:        fs,
		watching:  map[string]bool{},
		debounce:  debouncer{quiet: opts.Quiet, max: opts.MaxDelay},
		settle:    opts.Settle,
		maxSettle: opts.MaxSettle,
	}
	w.rewatch()
	return w, nil
}

// Watching lists the directories watched, sorted. Call it before Run.
func (w *Watcher) Watching() []string {
	return slices.Sorted(func(yield func(string) bool) {
		for d := range w.watching {
			if !yield(d) {
				return
			}
		}
	})
}

// Run acts on changes until ctx is done, then stops watching. Only Run
// touches the watcher once it has started.
func (w *Watcher) Run(ctx context.Context) {
	defer w.fs.Close()
	// Stopped until the first event. Timers made by NewTimer never deliver
	// a stale tick after Stop or Reset (Go 1.23), so there is nothing to
	// drain.
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	schedule := func() { timer.Reset(time.Until(w.debounce.event(time.Now()))) }
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if !w.plan.relevant(ev.Name) {
				continue
			}
			w.logger.Debug("figures file changed", "event", ev.String())
			schedule()
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			// An overflow loses events; any error may have. Reloading
			// unchanged files costs little, so reload rather than guess.
			w.logger.Warn("watching the figures files", "err", err)
			schedule()
		case <-timer.C:
			now := time.Now()
			if wait := w.unsettled(now); wait > 0 && now.Sub(w.debounce.first) < w.maxSettle {
				w.logger.Debug("figures files still changing, waiting for them to settle", "wait", wait)
				timer.Reset(wait)
				continue
			}
			w.debounce.fired()
			// Watch where the links lead now before reading, so that a change
			// made during the reload is seen afterwards.
			w.rewatch()
			_ = w.reloader.Reload(ctx) // the reloader logs and counts failures
			if w.rewatch() {
				// The new set names paths not watched during its load: read
				// once more in case they changed in between.
				schedule()
			}
		}
	}
}

// unsettled returns how long to wait until every watched file was last
// modified at least w.settle ago: 0 when they all were. A modification
// time in the future (a clock set back, touch -d) waits w.settle at most.
func (w *Watcher) unsettled(now time.Time) time.Duration {
	var latest time.Time
	note := func(info os.FileInfo) {
		if info.Mode().IsRegular() && info.ModTime().After(latest) {
			latest = info.ModTime()
		}
	}
	list := w.list()
	for _, f := range list.Files {
		if info, err := os.Stat(f); err == nil {
			note(info)
		}
	}
	for _, d := range list.Dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if info, err := os.Stat(filepath.Join(d, e.Name())); err == nil {
				note(info)
			}
		}
	}
	return min(max(latest.Add(w.settle).Sub(now), 0), w.settle)
}

// rewatch works out the plan again and watches its directories, and
// reports whether it added any. A directory that cannot be watched is
// logged and tried again next time.
func (w *Watcher) rewatch() (added bool) {
	w.plan = planWatch(w.list())
	for d := range w.watching {
		if !w.plan.dirs[d] {
			// It may be gone already, taking its watch with it.
			_ = w.fs.Remove(d)
			delete(w.watching, d)
		}
	}
	for d := range w.plan.dirs {
		if err := w.fs.Add(d); err != nil {
			w.logger.Warn("cannot watch a directory of the figures files", "dir", d, "err", err)
			delete(w.watching, d)
			continue
		}
		if !w.watching[d] {
			w.watching[d] = true
			added = true
		}
	}
	if len(w.watching) == 0 {
		w.logger.Warn("watching nothing: no figures file or directory can be watched")
	}
	return added
}

// debouncer turns a burst of events into one deadline: quiet after the
// last event, but no later than max after the first.
type debouncer struct {
	quiet, max  time.Duration
	first, last time.Time
	pending     bool
}

// event records an event at now and returns when to reload.
func (d *debouncer) event(now time.Time) time.Time {
	if !d.pending {
		d.pending = true
		d.first = now
	}
	d.last = now
	deadline := d.last.Add(d.quiet)
	if latest := d.first.Add(d.max); latest.Before(deadline) {
		deadline = latest
	}
	return deadline
}

// fired ends the burst.
func (d *debouncer) fired() { d.pending = false }

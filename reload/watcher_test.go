package reload

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/figures-exporter/figures_exporter/config"
)

// startWatching serves path with a reloader (loading with load, or
// fileLoader(path) when nil) and a watch on the served set's files, until
// the test ends. Changes made once it returns are seen.
func startWatching(t testing.TB, path string, load LoadFunc) *reloading {
	t.Helper()
	h, _ := startWatcher(t, path, load)
	return h
}

// startWatcher is startWatching, returning the watcher too.
func startWatcher(t testing.TB, path string, load LoadFunc) (*reloading, *Watcher) {
	t.Helper()
	h := startReloading(t, path, load)
	list := func() WatchList { return WatchList{Files: h.exp.Current().Set().Files} }
	w, err := NewWatcher(h.reloader, list, testLogger(t), WatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	return h, w
}

// waitServed waits until the served figure is value.
func (h *reloading) waitServed(t testing.TB, value float64) {
	t.Helper()
	waitFor(t, fmt.Sprintf("the served figure to become %v (it is %v)", value, served(h.exp)), func() bool { return served(h.exp) == value })
}

// TestWatchWaitsForAFileWrittenInTwoParts writes a file in place in two
// parts, the first of which is a valid figures file on its own, with a
// pause between them longer than the quiet period: the half file must
// never be served, only the whole one, once it has settled.
func TestWatchWaitsForAFileWrittenInTwoParts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, nil)
	list := func() WatchList { return WatchList{Files: h.exp.Head().Files} }
	w, err := NewWatcher(h.reloader, list, testLogger(t), WatchOptions{Settle: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })

	// Watch what is served from before the first write.
	var sawHalf atomic.Bool
	done := make(chan struct{})
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		for {
			if served(h.exp) == 2 {
				sawHalf.Store(true)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	half := figuresFile(2)
	second := "  - name: hospitals_built\n    help: Hospitals built.\n    figures:\n      - {value: 80}\n"
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(half); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // three quiet periods
	if _, err := f.WriteString(second); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the whole file to be served", func() bool { return len(h.exp.Head().Metrics) == 2 })
	close(done)
	<-watching
	if sawHalf.Load() {
		t.Error("the first half of the file was served")
	}
	// The reloader counts a reload once it has published it.
	waitFor(t, "the reload to be counted", func() bool { return h.successes(t) >= 1 })
	if got := h.successes(t); got != 1 {
		t.Errorf("%v successful reloads, want 1: the whole file, once", got)
	}
}

func TestWatchSeesAnEditorRenamingOverTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	writeFile(t, path, figuresFile(2))
	h.waitServed(t, 2)
	// The watch is on the directory, so the new inode is watched as well.
	writeFile(t, path, figuresFile(3))
	h.waitServed(t, 3)
	if h.failures(t) != 0 {
		t.Errorf("%v failed reloads, want none", h.failures(t))
	}
}

func TestWatchSeesAWriteInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	if err := os.WriteFile(path, []byte(figuresFile(2)), 0o644); err != nil {
		t.Fatal(err)
	}
	h.waitServed(t, 2)
}

func TestWatchKeepsServingWhileTheFileIsGone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	before := h.exp.Current()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the removal to be counted as a failed reload", func() bool { return h.failures(t) >= 1 })
	if h.exp.Current() != before {
		t.Error("the snapshot changed while the file was gone")
	}
	if got := h.self(t, "figures_exporter_config_last_reload_successful", ""); got != 0 {
		t.Errorf("last_reload_successful = %v while the file is gone, want 0", got)
	}
	if err := os.WriteFile(path, []byte(figuresFile(2)), 0o644); err != nil {
		t.Fatal(err)
	}
	h.waitServed(t, 2)
	// The reload is counted just after the new set is published.
	waitFor(t, "last_reload_successful to be 1 once the file is back", func() bool {
		return h.self(t, "figures_exporter_config_last_reload_successful", "") == 1
	})
}

func TestWatchKeepsWatchingThroughABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	writeFile(t, path, "metrics: [\n")
	waitFor(t, "the broken file to be counted as a failed reload", func() bool { return h.failures(t) >= 1 })
	if served(h.exp) != 1 {
		t.Errorf("served %v with a broken file, want the previous 1", served(h.exp))
	}
	writeFile(t, path, figuresFile(2))
	h.waitServed(t, 2)
}

func TestWatchSeesAConfigMapSymlinkSwap(t *testing.T) {
	dir := t.TempDir()
	configMapDir(t, dir, "..2026_11_28_10_00_00.000000001", figuresFile(1))
	h := startWatching(t, filepath.Join(dir, "figures.yml"), nil)

	swapConfigMap(t, dir, "..2026_11_28_10_00_00.000000001", "..2026_11_28_10_05_00.000000002", figuresFile(2))
	h.waitServed(t, 2)
	// The watch followed ..data to the new directory: a second update is
	// seen as well.
	swapConfigMap(t, dir, "..2026_11_28_10_05_00.000000002", "..2026_11_28_10_10_00.000000003", figuresFile(3))
	h.waitServed(t, 3)
	if h.failures(t) != 0 {
		t.Errorf("%v failed reloads during ConfigMap swaps, want none", h.failures(t))
	}
}

func TestWatchFollowsASymlinkToAnotherDirectory(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(data, "2011.yml"), figuresFile(1))
	link := filepath.Join(root, "figures.yml")
	if err := os.Symlink(filepath.Join(data, "2011.yml"), link); err != nil {
		t.Fatal(err)
	}
	h := startWatching(t, link, nil)

	// The target changes in its own directory.
	writeFile(t, filepath.Join(data, "2011.yml"), figuresFile(2))
	h.waitServed(t, 2)

	// The link is pointed elsewhere, atomically.
	writeFile(t, filepath.Join(data, "2012.yml"), figuresFile(3))
	tmp := filepath.Join(root, "figures.yml.new")
	if err := os.Symlink(filepath.Join(data, "2012.yml"), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	h.waitServed(t, 3)
	// And the new target is watched.
	writeFile(t, filepath.Join(data, "2012.yml"), figuresFile(4))
	h.waitServed(t, 4)
}

func TestWatchSeesTheDirectoryRemovedAndMadeAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "figures")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the removal to be counted as a failed reload", func() bool { return h.failures(t) >= 1 })
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The new directory may be watched only after the file is written into
	// it; the directory's creation alone triggers a reload that reads it.
	writeFile(t, path, figuresFile(2))
	h.waitServed(t, 2)
}

func TestWatchSeesSeveralChangesInARow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startWatching(t, path, nil)
	for v := 2; v <= 6; v++ {
		writeFile(t, path, figuresFile(v))
		h.waitServed(t, float64(v))
	}
	// A burst with no pause: the last one wins, and the burst costs fewer
	// reloads than changes.
	before := h.successes(t)
	const burst = 30
	for v := 101; v <= 100+burst; v++ {
		writeFile(t, path, figuresFile(v))
	}
	h.waitServed(t, 100+burst)
	if n := h.successes(t) - before; n >= burst {
		t.Errorf("%v reloads for a burst of %d changes: the burst was not debounced", n, burst)
	}
	if h.failures(t) != 0 {
		t.Errorf("%v failed reloads, want none", h.failures(t))
	}
}

// TestWatchSeesAChangeMadeWhileAReloadRuns holds a reload after it has read
// the file, changes the file, then lets the reload finish: the change must
// be picked up by a reload of its own.
func TestWatchSeesAChangeMadeWhileAReloadRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	entered := make(chan struct{})
	release := make(chan struct{})
	var hold atomic.Bool
	hold.Store(true)
	load := func(previous *config.Set) (*config.Set, error) {
		set, err := config.Load(path, config.Options{Previous: previous})
		if hold.CompareAndSwap(true, false) {
			close(entered)
			<-release
		}
		return set, err
	}
	h := startWatching(t, path, load)
	writeFile(t, path, figuresFile(2))
	<-entered
	writeFile(t, path, figuresFile(3))
	close(release)
	h.waitServed(t, 3)
}

// TestWatchKeepsWatchingAfterAnError feeds the watch an error as fsnotify
// reports a lost event queue: the watch reloads, since changes may have
// been lost, and goes on seeing changes.
func TestWatchKeepsWatchingAfterAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h, w := startWatcher(t, path, nil)
	w.fs.Errors <- fsnotify.ErrEventOverflow
	waitFor(t, "a reload after the lost events", func() bool { return h.successes(t) == 1 })
	writeFile(t, path, figuresFile(2))
	h.waitServed(t, 2)
}

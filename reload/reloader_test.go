package reload

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/exposition"
)

func TestReloadPublishesTheNewSetAndCountsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, nil)
	if got := h.self(t, "figures_exporter_config_last_reload_successful", ""); got != 1 {
		t.Errorf("before any reload, last_reload_successful = %v, want 1: the startup load succeeded", got)
	}
	startup := h.self(t, "figures_exporter_config_last_reload_success_timestamp_seconds", "")
	if startup <= 0 {
		t.Errorf("the startup load has no success timestamp: %v", startup)
	}
	if h.successes(t) != 0 || h.failures(t) != 0 {
		t.Errorf("reloads_total before any reload: success %v, failure %v; want both series at 0", h.successes(t), h.failures(t))
	}

	writeFile(t, path, figuresFile(2))
	if err := h.reloader.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := served(h.exp); got != 2 {
		t.Errorf("served %v after the reload, want 2", got)
	}
	if h.successes(t) != 1 || h.failures(t) != 0 {
		t.Errorf("reloads_total: success %v, failure %v; want 1, 0", h.successes(t), h.failures(t))
	}
	if got := h.self(t, "figures_exporter_config_last_reload_success_timestamp_seconds", ""); got < startup {
		t.Errorf("success timestamp went back from %v to %v", startup, got)
	}
	// figures_exporter_figures comes with the snapshot's figures
	// (exposition's tests check it in every body).
	if got := h.exp.Current().Series(); got != 1 {
		t.Errorf("the new snapshot serves %v figures, want 1", got)
	}
}

func TestFailedReloadKeepsTheServedSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, nil)
	before := h.exp.Current()
	stamp := h.self(t, "figures_exporter_config_last_reload_success_timestamp_seconds", "")

	writeFile(t, path, "metrics:\n  - name: schools_built\n    help: x\n    figures:\n      - {value: .nan}\n")
	err := h.reloader.Reload(context.Background())
	want := path + ":5: metrics[0].figures[0].value: expected a finite number, found .nan: NaN and infinities are not figures"
	if err == nil || err.Error() != want {
		t.Fatalf("reload error: %v\nwant: %s", err, want)
	}
	if h.exp.Current() != before {
		t.Error("a failed reload replaced the served snapshot")
	}
	if h.failures(t) != 1 || h.successes(t) != 0 {
		t.Errorf("reloads_total: success %v, failure %v; want 0, 1", h.successes(t), h.failures(t))
	}
	if got := h.self(t, "figures_exporter_config_last_reload_successful", ""); got != 0 {
		t.Errorf("last_reload_successful = %v after a failure, want 0", got)
	}
	if got := h.self(t, "figures_exporter_config_last_reload_success_timestamp_seconds", ""); got != stamp {
		t.Errorf("a failure moved the success timestamp from %v to %v", stamp, got)
	}

	writeFile(t, path, figuresFile(3))
	if err := h.reloader.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if served(h.exp) != 3 || h.self(t, "figures_exporter_config_last_reload_successful", "") != 1 {
		t.Errorf("after the fix: served %v, last_reload_successful %v; want 3 and 1", served(h.exp), h.self(t, "figures_exporter_config_last_reload_successful", ""))
	}
}

// TestUnchangedFileCostsNoRebuild reloads the same bytes: the served
// snapshot stays the very same (nothing rebuilt), config.Load hands back the
// previous set (nothing parsed), and the reload still counts as a success.
func TestUnchangedFileCostsNoRebuild(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	var parsedAgain atomic.Bool
	load := func(previous *config.Set) (*config.Set, error) {
		set, err := config.Load(path, config.Options{Previous: previous})
		if set != previous {
			parsedAgain.Store(true)
		}
		return set, err
	}
	h := startReloading(t, path, load)
	before := h.exp.Current()
	// Rewritten with the same bytes: a new inode, new events, same figures.
	writeFile(t, path, figuresFile(1))
	if err := h.reloader.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.exp.Current() != before {
		t.Error("reloading unchanged bytes rebuilt the snapshot")
	}
	if parsedAgain.Load() {
		t.Error("reloading unchanged bytes parsed them again")
	}
	if h.successes(t) != 1 {
		t.Errorf("reloads_total{result=\"success\"} = %v, want 1", h.successes(t))
	}
}

// TestOneGoroutineOwnsReloading asks for reloads from many goroutines at
// once and checks that loads never overlap and every request is answered.
func TestOneGoroutineOwnsReloading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	var inFlight, most, calls atomic.Int32
	var value atomic.Int32
	load := func(*config.Set) (*config.Set, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		calls.Add(1)
		// Every load is a new set, so every reload rebuilds and publishes.
		return config.Parse("figures.yml", []byte(figuresFile(int(value.Add(1)))))
	}
	h := startReloading(t, path, load)
	const callers, each = 8, 10
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for range each {
				if err := h.reloader.Reload(context.Background()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d loads ran at once, want 1", most.Load())
	}
	if calls.Load() != callers*each || h.successes(t) != callers*each {
		t.Errorf("%d loads, %v successes; want %d of each", calls.Load(), h.successes(t), callers*each)
	}
	if got := served(h.exp); got != callers*each {
		t.Errorf("served %v, want the last load's %d", got, callers*each)
	}
}

func TestPanickingLoadIsAFailedReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	h := startReloading(t, path, func(*config.Set) (*config.Set, error) { panic("decoder bug") })
	err := h.reloader.Reload(context.Background())
	if err == nil || !strings.Contains(err.Error(), "reloading figures panicked: decoder bug") {
		t.Fatalf("err = %v", err)
	}
	if served(h.exp) != 1 || h.failures(t) != 1 {
		t.Errorf("served %v, failures %v; want 1 and 1", served(h.exp), h.failures(t))
	}
	// Still reloading afterwards.
	if err := h.reloader.Reload(context.Background()); err == nil {
		t.Error("the second reload succeeded with a panicking loader")
	}
}

func TestReloadAfterRunStoppedSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, path, figuresFile(1))
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	r, err := NewReloader(exp, fileLoader(path), exp.Registerer(), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.Run(ctx)
	if err := r.Reload(context.Background()); !errors.Is(err, ErrReloaderStopped) {
		t.Errorf("err = %v, want ErrReloaderStopped", err)
	}
	// A caller that gives up is not left hanging either.
	waitCtx, stop := context.WithTimeout(context.Background(), time.Millisecond)
	defer stop()
	exp2 := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	r2, _ := NewReloader(exp2, fileLoader(path), exp2.Registerer(), testLogger(t))
	if err := r2.Reload(waitCtx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
}

func TestSelfMetricsCannotBeRegisteredTwice(t *testing.T) {
	set, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	exp := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	if _, err := NewReloader(exp, nil, exp.Registerer(), testLogger(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewReloader(exp, nil, exp.Registerer(), testLogger(t)); err == nil {
		t.Error("a second reloader registered the same self metrics")
	}
}

package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// e2eWait bounds the waits of the end-to-end tests.
const e2eWait = 30 * time.Second

// schoolsFile is a figures file with one figure, so that a test can tell
// which file is served by its value.
func schoolsFile(value int) string {
	return fmt.Sprintf("metrics:\n  - name: schools_built\n    help: Schools built in the western poverty-stricken areas.\n    labels: [year]\n    figures:\n      - {year: \"2011\", value: %d}\n", value)
}

// replaceFile writes content to path through a new file renamed over it.
func replaceFile(t testing.TB, path, content string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// waitServes waits until /metrics serves schools_built{year="2011"} value.
func waitServes(t testing.TB, e *e2e.Exporter, value int) {
	t.Helper()
	want := fmt.Sprintf("schools_built{year=\"2011\"} %d\n", value)
	e2e.Eventually(t, e2eWait, "the exporter to serve "+strings.TrimSpace(want), func() bool {
		return strings.Contains(e.Get(t, "/metrics"), want)
	})
}

// selfLine is the line of a self metric series in a text scrape, e.g.
// selfLine(body, `figures_exporter_config_reloads_total{result="failure"}`).
func selfLine(body, series string) string {
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, series+" ") {
			return line
		}
	}
	return ""
}

// TestReloadTheRealBinary reloads the real binary by every trigger; the
// subtests share one build.
func TestReloadTheRealBinary(t *testing.T) {
	t.Parallel()
	bin := e2e.BuildExporter(t)
	for name, test := range map[string]func(*testing.T, string){
		"SIGHUP":            testSIGHUPReloads,
		"lifecycle":         testLifecycleReload,
		"watch":             testConfigWatch,
		"watch a ConfigMap": testConfigWatchFollowsAConfigMap,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, bin)
		})
	}
}

func testSIGHUPReloads(t *testing.T, bin string) {
	path := e2e.WriteFile(t, t.TempDir(), "figures.yml", schoolsFile(1))
	e := e2e.StartExporter(t, bin, "--config.file="+path)
	waitServes(t, e, 1)
	replaceFile(t, path, schoolsFile(2))
	if err := e.Cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitServes(t, e, 2)
	e2e.Eventually(t, e2eWait, "the reload to be counted", func() bool {
		return selfLine(e.Get(t, "/metrics"), `figures_exporter_config_reloads_total{result="success"}`) ==
			`figures_exporter_config_reloads_total{result="success"} 1`
	})
	// A broken file on SIGHUP: counted, logged, and the figure stays.
	replaceFile(t, path, "metrics: [\n")
	if err := e.Cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the failed reload to be counted", func() bool {
		body := e.Get(t, "/metrics")
		return selfLine(body, `figures_exporter_config_reloads_total{result="failure"}`) == `figures_exporter_config_reloads_total{result="failure"} 1` &&
			selfLine(body, "figures_exporter_config_last_reload_successful") == "figures_exporter_config_last_reload_successful 0"
	})
	waitServes(t, e, 2)
	if !strings.Contains(e.Stderr(), "cannot reload figures, still serving the previous set") {
		t.Errorf("the failed reload was not logged:\n%s", e.Stderr())
	}
}

func testLifecycleReload(t *testing.T, bin string) {
	path := e2e.WriteFile(t, t.TempDir(), "figures.yml", schoolsFile(1))

	off := e2e.StartExporter(t, bin, "--config.file="+path)
	if code, body := off.Post(t, "/-/reload"); code != http.StatusForbidden {
		t.Errorf("POST /-/reload without --web.enable-lifecycle: %d %s; want 403", code, body)
	}

	on := e2e.StartExporter(t, bin, "--config.file="+path, "--web.enable-lifecycle")
	resp, err := http.Get(on.URL + "/-/reload")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /-/reload: %d, want 405", resp.StatusCode)
	}
	replaceFile(t, path, schoolsFile(2))
	if code, body := on.Post(t, "/-/reload"); code != http.StatusOK {
		t.Fatalf("POST /-/reload: %d %s", code, body)
	}
	// The reload has finished when POST answers: no waiting.
	if body := on.Get(t, "/metrics"); !strings.Contains(body, "schools_built{year=\"2011\"} 2\n") {
		t.Errorf("after POST /-/reload the new figure is not served:\n%s", body)
	}
	waitServes(t, off, 1)
}

func testConfigWatch(t *testing.T, bin string) {
	dir := t.TempDir()
	path := e2e.WriteFile(t, dir, "figures.yml", schoolsFile(1))
	e := e2e.StartExporter(t, bin, "--config.file="+path, "--config.watch")

	replaceFile(t, path, schoolsFile(2))
	waitServes(t, e, 2)

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the missing file to be counted as a failed reload", func() bool {
		line := selfLine(e.Get(t, "/metrics"), `figures_exporter_config_reloads_total{result="failure"}`)
		return line != "" && line != `figures_exporter_config_reloads_total{result="failure"} 0`
	})
	waitServes(t, e, 2)
	if err := os.WriteFile(path, []byte(schoolsFile(3)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitServes(t, e, 3)
}

func testConfigWatchFollowsAConfigMap(t *testing.T, bin string) {
	dir := t.TempDir()
	mount := func(stamp string, value int) {
		if err := os.Mkdir(filepath.Join(dir, stamp), 0o755); err != nil {
			t.Fatal(err)
		}
		e2e.WriteFile(t, filepath.Join(dir, stamp), "figures.yml", schoolsFile(value))
		if err := os.Symlink(stamp, filepath.Join(dir, "..data_tmp")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
	}
	mount("..2026_11_28_10_00_00.000000001", 1)
	if err := os.Symlink("..data/figures.yml", filepath.Join(dir, "figures.yml")); err != nil {
		t.Fatal(err)
	}
	e := e2e.StartExporter(t, bin, "--config.file="+filepath.Join(dir, "figures.yml"), "--config.watch")
	waitServes(t, e, 1)
	mount("..2026_11_28_10_05_00.000000002", 2)
	if err := os.RemoveAll(filepath.Join(dir, "..2026_11_28_10_00_00.000000001")); err != nil {
		t.Fatal(err)
	}
	waitServes(t, e, 2)
	mount("..2026_11_28_10_10_00.000000003", 3)
	if err := os.RemoveAll(filepath.Join(dir, "..2026_11_28_10_05_00.000000002")); err != nil {
		t.Fatal(err)
	}
	waitServes(t, e, 3)
}

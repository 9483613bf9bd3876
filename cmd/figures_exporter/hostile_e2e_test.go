package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/corrupt"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/internal/hostile"
)

// limited writes a script that runs bin under the hostile suite's limits
// (address space and CPU time, as ulimit -v and -t set them) and returns
// its path: the exporter is then started through it, and the script execs
// bin, so that the process measured is the exporter's.
func limited(t *testing.T, bin string) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "limited.sh")
	text := fmt.Sprintf("#!/bin/sh\nulimit -v %d || exit 125\nulimit -t %d || exit 125\nexec %q \"$@\"\n",
		hostile.AddressSpaceBytes/1024, hostile.CPUSeconds, bin)
	if err := os.WriteFile(script, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

// runLimited runs the limited exporter with args to its end, and returns its
// exit code, stderr, peak resident memory and elapsed time.
func runLimited(t *testing.T, script string, args ...string) (int, string, int64, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*hostile.CPUSeconds*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%v: %v", args, err)
	}
	var maxRSS int64
	if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = u.Maxrss << 10
	}
	return cmd.ProcessState.ExitCode(), stderr.String(), maxRSS, took
}

// peakRSS is the peak resident memory of a running process (VmHWM).
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/PID/status")
	return 0
}

// TestHostileFilesTheRealBinary loads every hostile file with the real
// binary under a limit of its address space and CPU time: `check`, then
// (for the files that must be refused) at startup, by POST /-/reload and
// through --config.watch, each refusing the file with its expected error,
// the running exporter still serving the previous set byte for byte.
// The peak memory and time of each are logged as the rows of the table of
// docs/robustness.md (go test -v -run HostileFilesTheRealBinary).
func TestHostileFilesTheRealBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes files of up to 64 MB")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the limits with")
	}
	script := limited(t, e2e.BuildExporter(t))
	var rows []string
	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, c.Name)
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}

			code, stderr, rss, took := runLimited(t, script, "check", "--config.file="+path)
			switch {
			case c.Valid() && code != 0:
				t.Fatalf("check: exit %d, want 0:\n%.2000s", code, stderr)
			case !c.Valid() && (code != 1 || !strings.Contains(stderr, c.Want)):
				t.Fatalf("check: exit %d, want 1 and %q:\n%.2000s", code, c.Want, stderr)
			}
			row := fmt.Sprintf("| %s | %s | %.1f MB | %.2f s, %.0f MB |", c.Name, c.What, float64(info.Size())/1e6, took.Seconds(), float64(rss)/1e6)
			if c.Valid() {
				rows = append(rows, row+" loads | | |")
				return
			}

			code, stderr, rss, took = runLimited(t, script, "--config.file="+path, fmt.Sprintf("--web.listen-address=127.0.0.1:%d", e2e.FreePort(t)))
			if code != 1 || !strings.Contains(stderr, "cannot load figures, not starting:") || !strings.Contains(stderr, c.Want) {
				t.Errorf("startup: exit %d, want 1 and %q:\n%.2000s", code, c.Want, stderr)
			}
			row += fmt.Sprintf(" %.2f s, %.0f MB |", took.Seconds(), float64(rss)/1e6)

			reloaded := testHostileReload(t, script, c, filepath.Join(dir, "reload"), path)
			watched := testHostileWatch(t, script, c, filepath.Join(dir, "watch"), path)
			rows = append(rows, row+fmt.Sprintf(" %.0f MB | %.0f MB |", float64(reloaded)/1e6, float64(watched)/1e6))
		})
	}
	t.Logf("the table of docs/robustness.md:\n"+
		"| file | what | size | check (time, peak RSS) | startup (time, peak RSS) | reload (server's peak RSS) | watch (server's peak RSS) |\n"+
		"|---|---|---|---|---|---|---|\n%s", strings.Join(rows, "\n"))
}

// serveGood writes the good file of c's syntax at dir/NAME and starts the
// limited exporter on it with args, returning the exporter, the file's
// path and the figures it serves.
func serveGood(t *testing.T, script string, c hostile.Case, dir string, args ...string) (*e2e.Exporter, string, string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, c.Name)
	if err := os.WriteFile(path, corrupt.Good(filepath.Ext(c.Name)), 0o644); err != nil {
		t.Fatal(err)
	}
	e := e2e.StartExporter(t, script, append([]string{"--config.file=" + path}, args...)...)
	return e, path, figures(t, scrapeText(t, e))
}

// stillServes checks that e is running and serves want, the figures of
// the set before the hostile file.
func stillServes(t *testing.T, e *e2e.Exporter, want string) {
	t.Helper()
	select {
	case <-e.Done():
		t.Fatalf("the exporter exited:\n%.3000s", e.Stderr())
	default:
	}
	if got := figures(t, scrapeText(t, e)); got != want {
		t.Errorf("the figures changed:\n%s\nwant:\n%s", got, want)
	}
}

// testHostileReload replaces a served good file by the hostile file at
// hostilePath and asks for a reload: 500 with the expected error, the old
// set served. It returns the server's peak resident memory.
func testHostileReload(t *testing.T, script string, c hostile.Case, dir, hostilePath string) int64 {
	e, path, before := serveGood(t, script, c, dir, "--web.enable-lifecycle")
	if err := os.Rename(hostilePath, path); err != nil {
		t.Fatal(err)
	}
	code, body := e.Post(t, "/-/reload")
	if code != http.StatusInternalServerError || !strings.Contains(body, c.Want) {
		t.Errorf("POST /-/reload: %d, want 500 and %q:\n%.2000s", code, c.Want, body)
	}
	stillServes(t, e, before)
	return peakRSS(t, e.Cmd.Process.Pid)
}

// testHostileWatch saves the hostile file over a served good one (by
// rename, as editors do) under --config.watch: the failure is counted,
// the old set served. It returns the server's peak resident memory.
func testHostileWatch(t *testing.T, script string, c hostile.Case, dir, hostilePath string) int64 {
	if err := c.Make(hostilePath); err != nil {
		t.Fatal(err)
	}
	e, path, before := serveGood(t, script, c, dir, "--config.watch")
	if err := os.Rename(hostilePath, path); err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the hostile file to be counted as a failed reload", func() bool {
		line := selfLine(scrapeText(t, e), `figures_exporter_config_reloads_total{result="failure"}`)
		return line != "" && line != `figures_exporter_config_reloads_total{result="failure"} 0`
	})
	// The failure may be counted before it is logged; logfmt escapes the
	// quotes of the message.
	e2e.Eventually(t, e2eWait, "the log to give the error "+c.Want, func() bool {
		return strings.Contains(strings.ReplaceAll(e.Stderr(), `\"`, `"`), c.Want)
	})
	stillServes(t, e, before)
	return peakRSS(t, e.Cmd.Process.Pid)
}

//go:build linux

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// TestOneShotCommandsEndOnSIGTERM sends SIGTERM to check, render and init
// while they read a large table: they must end by the signal, as any
// command-line tool does, instead of finishing the work first (main catches
// the signal for serve and backfill only; docs/reload.md).
func TestOneShotCommandsEndOnSIGTERM(t *testing.T) {
	bin := e2e.BuildExporter(t)
	dir := t.TempDir()
	table := largeTable(t, dir)
	figures := e2e.WriteFile(t, dir, "figures.yml", `figure_files:
  - path: large.csv
    metric: large
    help: Figures of large.csv.
    value: Value
    labels: {country: Country, year: Year}
    source: {title: large.csv}
`)
	for _, args := range [][]string{
		{"check", "--config.file", figures},
		{"render", "--config.file", figures},
		{"init", "-o", filepath.Join(dir, "init.yml"), table},
	} {
		t.Run(args[0], func(t *testing.T) {
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			waitUntilRead(t, cmd.Process.Pid, table)
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !status.Signaled() || status.Signal() != syscall.SIGTERM {
				t.Fatalf("%s did not end by SIGTERM while reading the table: %v (%s)", args[0], err, cmd.ProcessState)
			}
		})
	}
}

// largeTable writes a table that takes the binary well over a second to
// read, so that the signal arrives while it is at work.
func largeTable(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "large.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Country,Year,Value")
	for i := range 1_000_000 {
		fmt.Fprintf(w, "C%d,%d,%d.5\n", i/50, 1970+i%50, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitUntilRead waits until process pid has read at least the size of
// path (its rchar in /proc), which it does in one piece before parsing it.
func waitUntilRead(t *testing.T, pid int, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the command to read the table", func() bool {
		io, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
		if err != nil {
			return false
		}
		for line := range strings.Lines(string(io)) {
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "rchar: "); ok {
				read, _ := strconv.ParseInt(n, 10, 64)
				return read >= info.Size()
			}
		}
		return false
	})
}

package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the committed dashboard from the command's output:
//
//	go test ./cmd/figures_exporter -run TestCommittedDashboard -update
var update = flag.Bool("update", false, "rewrite deploy/grafana/dashboards/figures.json from `figures_exporter dashboard`")

// committedDashboard is the dashboard Grafana is provisioned with, relative
// to this package.
const committedDashboard = "../../deploy/grafana/dashboards/figures.json"

// TestCommittedDashboardIsWhatTheCommandPrints: the file Grafana is
// provisioned with must not drift from the figures or the generator.
func TestCommittedDashboardIsWhatTheCommandPrints(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"dashboard"}, &stdout, &stderr); code != 0 {
		t.Fatalf("figures_exporter dashboard exited %d:\n%s", code, stderr.String())
	}
	if *update {
		if err := os.WriteFile(committedDashboard, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(committedDashboard)
	if err != nil {
		t.Fatalf("%v (run this test with -update to write it)", err)
	}
	if !bytes.Equal(committed, stdout.Bytes()) {
		t.Errorf("%s differs from what `figures_exporter dashboard` prints; rerun this test with -update and commit the file", committedDashboard)
	}
}

func TestDashboardCommandReadsTheConfiguredFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "figures.yml")
	figures := "metrics:\n  - name: wells_dug\n    help: Wells dug.\n    labels: [year]\n    figures:\n      - {year: \"2011\", value: 3}\n"
	if err := os.WriteFile(path, []byte(figures), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"dashboard", "--config.file", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exited %d:\n%s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, `"max by (year) (wells_dug)"`) || strings.Contains(out, "aid_yuan") {
		t.Errorf("the dashboard is not of %s:\n%s", path, out)
	}

	// The environment names the file as well as the flag does.
	t.Setenv("FIGURES_EXPORTER_CONFIG_FILE", path)
	stdout.Reset()
	if code := run(context.Background(), []string{"dashboard"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "wells_dug") {
		t.Errorf("with FIGURES_EXPORTER_CONFIG_FILE: exit %d, output of another file", code)
	}
}

func TestDashboardCommandFailsOnABadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yml")
	if err := os.WriteFile(path, []byte("metrics: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"dashboard", "--config.file", path}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if stdout.Len() != 0 {
		t.Errorf("printed a dashboard for a bad file:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "bad.yml") {
		t.Errorf("the error does not name the file:\n%s", stderr.String())
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/corrupt"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// corpusCases is the corpus of bad inputs, failing the test if it is
// smaller than the issue asks for.
func corpusCases(t *testing.T) []corrupt.Case {
	t.Helper()
	cases, err := corrupt.Cases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("the corpus has %d cases, want at least 20", len(cases))
	}
	return cases
}

// caseDir is where a case's file is made: a directory nobody can read when
// the case runs the exporter unprivileged, a private one otherwise.
func caseDir(t *testing.T, c corrupt.Case) (string, *syscall.Credential) {
	if c.Unreadable {
		if cred := e2e.Unprivileged(); cred != nil {
			return e2e.SharedDir(t), cred
		}
	}
	return t.TempDir(), nil
}

// TestCorruptTheRealBinary runs the corpus of bad inputs through the real
// binary, at startup and on reload, with one build. shared is the binary
// copied where the unprivileged user can run it, when the tests run as
// root.
func TestCorruptTheRealBinary(t *testing.T) {
	t.Parallel()
	bin := e2e.BuildExporter(t)
	var shared string
	if e2e.Unprivileged() != nil {
		shared = e2e.ShareExecutable(t, bin)
	}
	t.Run("startup", func(t *testing.T) { testCorruptAtStartup(t, bin, shared) })
	t.Run("reload", func(t *testing.T) { testCorruptOnReload(t, bin, shared) })
}

// testCorruptAtStartup starts the real binary on every bad input: it must
// exit non-zero with the exact error on stderr.
func testCorruptAtStartup(t *testing.T, bin, shared string) {
	for _, c := range corpusCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir, cred := caseDir(t, c)
			run := bin
			if cred != nil {
				run = shared
			}
			path := filepath.Join(dir, c.Name)
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
			defer cancel()
			cmd := exec.CommandContext(ctx, run, "--config.file="+path, fmt.Sprintf("--web.listen-address=127.0.0.1:%d", e2e.FreePort(t)))
			if cred != nil {
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() <= 0 {
				t.Fatalf("the exporter did not exit with an error code: %v\n%s", err, stderr.String())
			}
			want := "cannot load figures, not starting:\n" + c.Want(path) + "\n"
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr:\n%s\nwant it to contain:\n%s", stderr.String(), want)
			}
		})
	}
}

// testCorruptOnReload serves a good file, replaces it with each bad input
// and asks for a reload: 500 with the exact error, the failure counted,
// and the previous figures still served byte for byte, as `render` prints
// them. Then the good file comes back and reloads.
func testCorruptOnReload(t *testing.T, bin, shared string) {
	for _, c := range corpusCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir, cred := caseDir(t, c)
			run := bin
			if cred != nil {
				run = shared
			}
			path := filepath.Join(dir, c.Name)
			good := corrupt.Good(c.Ext())
			if err := os.WriteFile(path, good, 0o644); err != nil {
				t.Fatal(err)
			}
			rendered := renderFile(t, bin, path)
			e := e2e.StartExporterAs(t, cred, run, "--config.file="+path, "--web.enable-lifecycle")
			before := scrapeText(t, e)
			if figures(t, before) != rendered {
				t.Fatalf("the good file is not served as render prints it:\n%s\nrender:\n%s", figures(t, before), rendered)
			}

			if err := os.RemoveAll(path); err != nil {
				t.Fatal(err)
			}
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			code, body := e.Post(t, "/-/reload")
			want := "cannot reload figures, still serving the previous set:\n" + c.Want(path) + "\n"
			if code != http.StatusInternalServerError || body != want {
				t.Errorf("POST /-/reload: %d\n%s\nwant 500 and\n%s", code, body, want)
			}
			after := scrapeText(t, e)
			if figures(t, after) != rendered {
				t.Errorf("after the failed reload the figures changed:\n%s\nwant:\n%s", figures(t, after), rendered)
			}
			for _, line := range []string{
				`figures_exporter_config_reloads_total{result="failure"} 1`,
				`figures_exporter_config_reloads_total{result="success"} 0`,
				`figures_exporter_config_last_reload_successful 0`,
			} {
				if !strings.Contains(after, line+"\n") {
					t.Errorf("the scrape after the failed reload lacks %s", line)
				}
			}

			// The good file back, with another figure: served again.
			_ = os.Chmod(path, 0o644)
			if err := os.RemoveAll(path); err != nil {
				t.Fatal(err)
			}
			fixed := bytes.Replace(good, []byte("147"), []byte("148"), 1)
			if err := os.WriteFile(path, fixed, 0o644); err != nil {
				t.Fatal(err)
			}
			if code, body := e.Post(t, "/-/reload"); code != http.StatusOK {
				t.Fatalf("POST /-/reload of the fixed file: %d %s", code, body)
			}
			if got := scrapeText(t, e); !strings.Contains(got, "schools_built{year=\"2011\"} 148\n") {
				t.Errorf("the fixed file is not served:\n%s", figures(t, got))
			}
		})
	}
}

// renderFile is what `figures_exporter render` prints for path.
func renderFile(t *testing.T, bin, path string) string {
	t.Helper()
	out, err := exec.Command(bin, "render", "--config.file="+path).Output()
	if err != nil {
		t.Fatalf("render %s: %v", path, err)
	}
	return string(out)
}

// scrapeText scrapes /metrics in the text format.
func scrapeText(t *testing.T, e *e2e.Exporter) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s %v", resp.Status, err)
	}
	return string(body)
}

// figures is a text scrape without the self metrics after the figures.
func figures(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "# HELP figures_exporter_")
	if i < 0 {
		t.Fatalf("no self metrics in the scrape:\n%s", body)
	}
	return body[:i]
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitWritesTheFileAndTheSummary: the file goes to --output with the
// table's path relative to it, the summary to stderr, stdout stays empty;
// a second run refuses to overwrite without --force, and writes the same
// bytes with it.
func TestInitWritesTheFileAndTheSummary(t *testing.T) {
	dir := t.TempDir()
	table := filepath.Join(dir, "tables", "disasters.csv")
	if err := os.MkdirAll(filepath.Dir(table), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(table, []byte("Entity,Year,Deaths\nChina,1990,12\nChina,1991,..\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "figures.yml")
	code, stdout, stderr := runCommand(t, "init", "-o", out, table)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if want := "tables/disasters.csv: 1 metrics, 1 figures, 1 gaps skipped, 0 guesses\n1 tables: 1 metrics, 1 figures, 1 gaps skipped, 0 guesses\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  - path: tables/disasters.csv\n", "    metric: disasters_deaths\n", "    value: Deaths\n", "    time_label: year\n"} {
		if !strings.Contains(string(first), want) {
			t.Errorf("the file lacks %q:\n%s", want, first)
		}
	}
	code, _, stderr = runCommand(t, "init", "-o", out, table)
	if code != 1 || !strings.Contains(stderr, "figures.yml exists: init does not overwrite") {
		t.Errorf("second run: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCommand(t, "init", "--force", "-o", out, table)
	second, _ := os.ReadFile(out)
	if code != 0 || string(second) != string(first) {
		t.Errorf("with --force: exit %d, stderr %q, same bytes %v", code, stderr, string(second) == string(first))
	}
	// Without --output the file goes to stdout, paths as given.
	code, stdout, _ = runCommand(t, "init", table)
	if code != 0 || !strings.Contains(stdout, "metric: disasters_deaths") {
		t.Errorf("to stdout: exit %d, %q", code, stdout)
	}
}

// TestInitNamesWhatItCannotRead: every unreadable table is named with
// the reason, and nothing is written.
func TestInitNamesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	words := filepath.Join(dir, "words.csv")
	if err := os.WriteFile(words, []byte("a,b\nx,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(notes, []byte("# notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "figures.yml")
	code, _, stderr := runCommand(t, "init", "-o", out, words, notes)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"words.csv: no column holds numbers", "notes.md: not a table init reads"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a file was written")
	}
	if code, _, _ := runCommand(t, "init"); code != 1 {
		t.Errorf("init without tables: exit %d", code)
	}
}

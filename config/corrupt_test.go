package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/corrupt"
)

// minCorpus is the fewest bad inputs the corpus may hold; deleting cases
// fails the test rather than quietly shrinking what is proven.
const minCorpus = 20

// TestCorpusGivesItsExactError loads every bad input of the corpus and
// holds each error to its golden text, and each problem to a file and a
// message.
func TestCorpusGivesItsExactError(t *testing.T) {
	cases, err := corrupt.Cases()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < minCorpus {
		t.Fatalf("the corpus has %d cases, want at least %d", len(cases), minCorpus)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.Unreadable && os.Geteuid() == 0 {
				// Root reads a file without read permission, so only an
				// unprivileged process can show this error; the binary tests
				// in cmd/figures_exporter run the exporter as nobody for it.
				t.Log("running as root: the unreadable case is proven by TestCorruptAtStartup and TestCorruptOnReload as uid 65534")
				return
			}
			path := filepath.Join(t.TempDir(), c.Name)
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			set, err := config.Load(path, config.Options{})
			if err == nil {
				t.Fatalf("loaded %d metrics, want the error\n%s", len(set.Metrics), c.Want(path))
			}
			if got, want := err.Error(), c.Want(path); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
			var problems config.Problems
			if !errors.As(err, &problems) || len(problems) == 0 {
				t.Fatalf("error is %T, want config.Problems", err)
			}
			for _, p := range problems {
				if p.File != path || p.Msg == "" {
					t.Errorf("problem %+v: want File %s and a message", p, path)
				}
			}
		})
	}
}

// TestHugeFileIsNotRead proves that a file past the limit is refused from its size
// alone: loading it allocates nowhere near its size.
func TestHugeFileIsNotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(corrupt.HugeFileBytes); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = config.Load(path, config.Options{})
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a file past the limit loaded")
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("loading a %d-byte file allocated %d bytes: it was read, not refused by its size", corrupt.HugeFileBytes, allocated)
	}
}

// TestMaxFileBytesIsTheLimit checks the limit is the option's, not a
// constant: a file one byte over a small limit is refused, one at it loads.
func TestMaxFileBytesIsTheLimit(t *testing.T) {
	good := corrupt.Good(".yml")
	path := filepath.Join(t.TempDir(), "figures.yml")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(path, config.Options{MaxFileBytes: int64(len(good))}); err != nil {
		t.Errorf("a file at the limit: %v", err)
	}
	_, err := config.Load(path, config.Options{MaxFileBytes: int64(len(good)) - 1})
	want := fmt.Sprintf("%s: the file has %d bytes, more than the limit of %d (--config.max-file-bytes)", path, len(good), len(good)-1)
	if err == nil || err.Error() != want {
		t.Errorf("a file over the limit: %v, want %s", err, want)
	}
}

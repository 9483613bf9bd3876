// Package corrupt is the corpus of bad figures files that every way of
// loading figures must refuse with its exact, clear error: config.Load in
// process, the binary at startup, and a reload of a running binary (which
// must keep serving the previous set).
//
// Most cases are files under config/testdata/corrupt/, each beside a
// NAME.error file holding the exact error with FILE in place of the path.
// The rest cannot be committed (a missing file, a directory, a file without
// read permission, a symlink loop, a named pipe, a file larger than the limit) and are made
// on the spot by Case.Make.
package corrupt

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"

	"github.com/figures-exporter/figures_exporter/config"
)

// pathPlaceholder stands for the file's path in the .error files.
const pathPlaceholder = "FILE"

// HugeFileBytes is the size of the too-large case: above
// config.DefaultMaxFileBytes, and made sparse so that it costs no disk.
const HugeFileBytes = config.DefaultMaxFileBytes + 100<<20

// Case is one bad input.
type Case struct {
	// Name is the file name the case is made under; its extension chooses
	// the syntax.
	Name string
	// Unreadable marks the file without read permission: root reads it
	// anyway, so tests run the reader as an unprivileged user.
	Unreadable bool
	make       func(path string) error
	want       string
}

// Make turns path into the bad input. path must not exist.
func (c Case) Make(path string) error { return c.make(path) }

// Want is the exact error loading path gives once Make has run.
func (c Case) Want(path string) string { return strings.ReplaceAll(c.want, pathPlaceholder, path) }

// Ext is the extension of the case's file name.
func (c Case) Ext() string { return filepath.Ext(c.Name) }

// Cases returns every case: the committed files in name order, then the
// made ones.
func Cases() ([]Case, error) {
	dir := Dir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var cases []Case
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".error") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		want, err := os.ReadFile(filepath.Join(dir, name+".error"))
		if err != nil {
			return nil, fmt.Errorf("case %s has no .error file: %w", name, err)
		}
		cases = append(cases, Case{
			Name: name,
			make: func(path string) error { return os.WriteFile(path, data, 0o644) },
			want: strings.TrimSuffix(string(want), "\n"),
		})
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return append(cases, madeCases()...), nil
}

// madeCases are the inputs that a repository cannot hold.
func madeCases() []Case {
	return []Case{
		{
			Name: "missing.yml",
			make: func(string) error { return nil },
			want: "FILE: no such file: expected a figures file",
		},
		{
			Name: "directory.yml",
			make: func(path string) error { return os.Mkdir(path, 0o755) },
			want: "FILE: is a directory: expected a figures file",
		},
		{
			Name:       "unreadable.yml",
			Unreadable: true,
			make: func(path string) error {
				if err := os.WriteFile(path, Good(".yml"), 0o644); err != nil {
					return err
				}
				return os.Chmod(path, 0)
			},
			want: "FILE: permission denied: the exporter cannot read this file",
		},
		{
			Name: "symlink_loop.yml",
			make: func(path string) error {
				other := path + ".loop"
				_ = os.Remove(other)
				return errors.Join(os.Symlink(filepath.Base(other), path), os.Symlink(filepath.Base(path), other))
			},
			want: "FILE: symbolic link loop: the path never leads to a file",
		},
		{
			Name: "named_pipe.yml",
			make: func(path string) error { return syscall.Mkfifo(path, 0o644) },
			want: "FILE: is a named pipe, not a regular file: expected a figures file",
		},
		{
			Name: "huge.yml",
			make: func(path string) error {
				f, err := os.Create(path)
				if err != nil {
					return err
				}
				// Sparse: past the limit, no blocks on disk.
				return errors.Join(f.Truncate(HugeFileBytes), f.Close())
			},
			want: fmt.Sprintf("FILE: the file has %d bytes, more than the limit of %d (--config.max-file-bytes)", HugeFileBytes, config.DefaultMaxFileBytes),
		},
	}
}

// Dir is config/testdata/corrupt in this checkout.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "config", "testdata", "corrupt")
}

// Good returns a valid figures file in the syntax of ext (.yml, .json or
// .toml): the set a reload test serves before it breaks the file.
func Good(ext string) []byte {
	switch ext {
	case ".json":
		return []byte(`{"metrics": [{"name": "schools_built", "help": "Schools built in the western poverty-stricken areas.",` +
			` "labels": ["year"], "figures": [{"year": "2011", "value": 147}]}]}` + "\n")
	case ".toml":
		return []byte("[[metrics]]\nname = \"schools_built\"\nhelp = \"Schools built in the western poverty-stricken areas.\"\n" +
			"labels = [\"year\"]\nfigures = [{year = \"2011\", value = 147}]\n")
	default:
		return []byte("metrics:\n  - name: schools_built\n    help: Schools built in the western poverty-stricken areas.\n" +
			"    labels: [year]\n    figures:\n      - {year: \"2011\", value: 147}\n")
	}
}

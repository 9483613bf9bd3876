package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// DefaultMaxFileBytes is the largest figures file Load reads unless told
// otherwise: large enough for a million series in any syntax (about 61 MiB
// as CSV, 81 MiB as YAML and 86 MiB as JSON with three labels), small
// enough that a file filled by mistake cannot exhaust memory.
const DefaultMaxFileBytes = 128 << 20

// Options tune Load. The zero value is ready to use.
type Options struct {
	// MaxFileBytes caps the size of each file read; 0 means
	// DefaultMaxFileBytes.
	MaxFileBytes int64
	// Previous is the Set of the last load, if any. When the bytes read
	// hash to its Digest, Load returns Previous itself without parsing
	// them, so that reloading an unchanged file costs one read and one hash.
	Previous *Set
	// yamlV3Only reads every YAML and JSON file with yaml.v3, never with
	// the fast readers: for tests that hold the two to the same result.
	yamlV3Only bool
}

func (o Options) maxFileBytes() int64 {
	if o.MaxFileBytes > 0 {
		return o.MaxFileBytes
	}
	return DefaultMaxFileBytes
}

// Load reads the figures file at path, and every file its figure_files
// entries match, and returns their merged, validated Set, or Problems
// listing everything wrong with any of them. Each file is read exactly
// once: the bytes that are parsed are the bytes that are hashed.
func Load(path string, opts Options) (*Set, error) {
	data, err := readFile(path, opts.maxFileBytes())
	if err != nil {
		return nil, Problems{{File: path, Msg: err.Error()}}
	}
	return newLoader(opts, true).load(path, data)
}

// Parse validates the bytes of one figures file; name gives its syntax by
// its extension and names it in problems. Having no directory to look in,
// it refuses figure_files; use Load for those.
func Parse(name string, data []byte) (*Set, error) {
	return newLoader(Options{}, false).load(name, data)
}

// readFile reads a whole file, refusing directories and files over max
// bytes before reading them into memory.
func readFile(path string, max int64) ([]byte, error) {
	// O_NONBLOCK so that a named pipe in place of the file is refused below
	// rather than blocking the load until something writes to it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, describeOpenError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	if info.IsDir() {
		return nil, errors.New("is a directory: expected a figures file")
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("is %s, not a regular file: expected a figures file", describeMode(info.Mode()))
	}
	if info.Size() > max {
		return nil, fmt.Errorf("the file has %d bytes, more than the limit of %d (--config.max-file-bytes)", info.Size(), max)
	}
	// The file may grow between Stat and Read; the limit holds regardless.
	// The buffer starts at the file's size: growing one from nothing copies
	// a large file many times over.
	buf := bytes.NewBuffer(make([]byte, 0, min(info.Size(), max)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", err)
	}
	data := buf.Bytes()
	if int64(len(data)) > max {
		return nil, fmt.Errorf("the file has more than %d bytes (--config.max-file-bytes)", max)
	}
	return data, nil
}

// describeMode names a kind of file that is not a regular file.
func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return fmt.Sprintf("a special file (%s)", m.Type())
}

func describeOpenError(err error) error {
	var perr *fs.PathError
	if errors.As(err, &perr) {
		err = perr.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file: expected a figures file")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied: the exporter cannot read this file")
	case errors.Is(err, syscall.ELOOP):
		return errors.New("symbolic link loop: the path never leads to a file")
	}
	return fmt.Errorf("cannot open the file: %w", err)
}

package e2e

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// nobody is the unprivileged user of Debian and most Linux systems.
const nobody = 65534

// Unprivileged is the credential to run a process under so that file
// permissions apply to it: nobody when the tests run as root (as in CI),
// where a file without read permission is still readable; nil otherwise.
func Unprivileged() *syscall.Credential {
	if os.Geteuid() != 0 {
		return nil
	}
	return &syscall.Credential{Uid: nobody, Gid: nobody}
}

// SharedDir makes a temporary directory that an unprivileged process can
// enter and read, unlike t.TempDir's (mode 0700), and removes it after the
// test.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "figures-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Files made unreadable by a test must not keep it from cleaning up.
		_ = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err == nil && info.Mode()&os.ModeSymlink == 0 {
				_ = os.Chmod(path, 0o755)
			}
			return nil
		})
		_ = os.RemoveAll(dir)
	})
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ShareExecutable copies the executable bin into a SharedDir, so that an
// unprivileged process can run it, and returns the copy's path.
func ShareExecutable(t testing.TB, bin string) string {
	t.Helper()
	dst := filepath.Join(SharedDir(t), filepath.Base(bin))
	in, err := os.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// StartExporterAs is StartExporter with the process run under cred (see
// Unprivileged); nil runs it as the current user. bin and the files it
// reads must be reachable by that user (ShareExecutable, SharedDir).
func StartExporterAs(t testing.TB, cred *syscall.Credential, bin string, args ...string) *Exporter {
	t.Helper()
	return startExporter(t, cred, Access{}, bin, args...)
}

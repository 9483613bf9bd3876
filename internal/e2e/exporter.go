package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds how long an exporter may take to become ready.
const startTimeout = 15 * time.Second

// BuildExporter returns the path of a figures_exporter binary built from
// this checkout. In a test package whose TestMain calls Main, it is built
// once for the whole package, on first use, and removed when the tests end;
// elsewhere each call builds it into the test's temporary directory.
func BuildExporter(t testing.TB) string {
	t.Helper()
	if !shared.main {
		bin := filepath.Join(t.TempDir(), "figures_exporter")
		build(t, bin)
		return bin
	}
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "figures_exporter-e2e-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dir = dir
		shared.bin = filepath.Join(dir, "figures_exporter")
		shared.err = goBuild(ModuleRoot(t), shared.bin)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.bin
}

// shared is the binary that BuildExporter builds once per test package.
var shared struct {
	main bool // Main runs the tests
	once sync.Once
	dir  string
	bin  string
	err  error
}

// Main runs a test package's tests with one build of the exporter shared
// by all of them, and removes it afterwards: call it from TestMain, as
// os.Exit(e2e.Main(m)). End-to-end tests then cost one build per package,
// not one per test.
func Main(m *testing.M) int {
	shared.main = true
	code := m.Run()
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
	return code
}

func build(t testing.TB, bin string) {
	t.Helper()
	if err := goBuild(ModuleRoot(t), bin); err != nil {
		t.Fatal(err)
	}
}

func goBuild(root, bin string) error {
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/figures_exporter")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

// ModuleRoot is the directory of go.mod, found from this source file.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the module root")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Exporter is a running figures_exporter process.
type Exporter struct {
	URL    string // http://127.0.0.1:PORT
	Cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
}

// Stderr is everything the process logged so far.
func (e *Exporter) Stderr() string { return e.stderr.String() }

// Done is closed when the process has exited.
func (e *Exporter) Done() <-chan struct{} { return e.done }

// StartExporter runs bin with args on a free loopback port and waits until
// it answers /-/ready. The process gets SIGTERM when the test ends.
func StartExporter(t testing.TB, bin string, args ...string) *Exporter {
	t.Helper()
	return startExporter(t, nil, Access{}, bin, args...)
}

// startExporter runs bin as the user of cred (when not nil) on a free
// loopback port and waits until /-/ready answers 200 through access.
func startExporter(t testing.TB, cred *syscall.Credential, access Access, bin string, args ...string) *Exporter {
	t.Helper()
	if access.Scheme == "" {
		access.Scheme = "http"
	}
	if access.Client == nil {
		access.Client = http.DefaultClient
	}
	port := FreePort(t)
	e := &Exporter{
		URL:    fmt.Sprintf("%s://127.0.0.1:%d", access.Scheme, port),
		stderr: &syncBuffer{},
		done:   make(chan struct{}),
	}
	e.Cmd = exec.Command(bin, append([]string{fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port)}, args...)...)
	e.Cmd.Stderr = e.stderr
	e.Cmd.Stdout = e.stderr
	if cred != nil {
		e.Cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if err := e.Cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		_ = e.Cmd.Wait()
		close(e.done)
	}()
	t.Cleanup(func() {
		_ = e.Cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-e.done:
		case <-time.After(10 * time.Second):
			_ = e.Cmd.Process.Kill()
			<-e.done
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		resp, err := access.Client.Do(access.Request(ctx, http.MethodGet, e.URL+"/-/ready"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return e
			}
		}
		select {
		case <-e.done:
			t.Fatalf("the exporter exited before it was ready:\n%s", e.Stderr())
		case <-ctx.Done():
			t.Fatalf("the exporter was not ready within %s (last error %v):\n%s", startTimeout, err, e.Stderr())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Get fetches path from the exporter and returns the body; any status other
// than 200 fails the test.
func (e *Exporter) Get(t testing.TB, path string) string {
	t.Helper()
	resp, err := http.Get(e.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, body.String())
	}
	return body.String()
}

// WriteFile writes content to name in dir and returns its path.
func WriteFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the
// test's reads at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

package deploy_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// Running the built image under buildah: a private store, working
// containers, and the exporter serving from one on loopback.

// buildahStore is a private buildah store in a temporary directory, so that
// the test neither needs nor changes the machine's image store.
type buildahStore struct {
	bin, root, runroot string
}

func (s buildahStore) args(args ...string) []string {
	return append([]string{"--storage-driver", "vfs", "--root", s.root, "--runroot", s.runroot}, args...)
}

// run runs buildah with args and returns its stdout; failure is fatal.
func (s buildahStore) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, s.args(args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("buildah %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// newContainer creates a working container of the image, removed at cleanup.
func newContainer(t *testing.T, store buildahStore) string {
	t.Helper()
	ctr := store.run(t, "from", "--pull=never", imageTag)
	t.Cleanup(func() {
		if out, err := exec.Command(store.bin, store.args("rm", ctr)...).CombinedOutput(); err != nil {
			t.Errorf("buildah rm %s: %v\n%s", ctr, err, out)
		}
	})
	return ctr
}

// runInImage runs the image's binary to completion and returns its output.
// `buildah run` needs the command spelled out: it does not use ENTRYPOINT.
func runInImage(t *testing.T, store buildahStore, runOpts []string, args ...string) string {
	t.Helper()
	ctr := newContainer(t, store)
	cmdline := append(append(append([]string{"run", "--isolation", "chroot"}, runOpts...), ctr, "--", "/bin/figures_exporter"), args...)
	out, err := exec.Command(store.bin, store.args(cmdline...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("buildah %s: %v\n%s", strings.Join(cmdline, " "), err, out)
	}
	return string(out)
}

// container is the exporter serving from a running working container. It
// shares the host's network, so it listens on a free port of 127.0.0.1.
type container struct {
	url, listen string
	cmd         *exec.Cmd
	logs        *bytes.Buffer
	done        chan struct{}
}

func startInImage(t *testing.T, store buildahStore, runOpts []string, args ...string) *container {
	t.Helper()
	ctr := newContainer(t, store)
	port := e2e.FreePort(t)
	c := &container{
		url:    fmt.Sprintf("http://127.0.0.1:%d", port),
		listen: fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port),
		logs:   &bytes.Buffer{},
		done:   make(chan struct{}),
	}
	cmdline := append(append([]string{"run", "--isolation", "chroot"}, runOpts...), ctr, "--", "/bin/figures_exporter", c.listen)
	c.cmd = exec.Command(store.bin, store.args(append(cmdline, args...)...)...)
	// Written by the process until done is closed, read only after that.
	c.cmd.Stdout, c.cmd.Stderr = c.logs, c.logs
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = c.cmd.Wait(); close(c.done) }()
	t.Cleanup(c.stop)

	ctx, cancel := context.WithTimeout(context.Background(), readyWithin)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/-/ready", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c
			}
		}
		select {
		case <-c.done:
			t.Fatalf("the containerized exporter exited before it was ready:\n%s", c.logs)
		case <-ctx.Done():
			t.Fatalf("the containerized exporter was not ready within %s", readyWithin)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *container) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(c.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v\n%s", path, resp.Status, err, body)
	}
	return string(body)
}

// waitFor polls path until its body contains want, so that a reload the
// exporter does asynchronously can be observed; it fails after readyWithin.
func (c *container) waitFor(t *testing.T, path, want string) {
	t.Helper()
	deadline := time.Now().Add(readyWithin)
	for {
		body := c.get(t, path)
		if strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not come to contain %q within %s; last body:\n%s", path, want, readyWithin, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// pid finds the exporter process itself (buildah runs it as a grandchild) by
// its executable name and its unique listen address; 0 when there is none.
func (c *container) pid() int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	for _, e := range entries {
		var pid int
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil {
			continue
		}
		argv := strings.Split(string(cmdline), "\x00")
		if argv[0] == "/bin/figures_exporter" && slices.Contains(argv, c.listen) {
			return pid
		}
	}
	return 0
}

func (c *container) procStatus(t *testing.T) string {
	t.Helper()
	pid := c.pid()
	if pid == 0 {
		t.Fatalf("no /bin/figures_exporter process with %s", c.listen)
	}
	return readFile(t, fmt.Sprintf("/proc/%d/status", pid))
}

// stop sends SIGTERM to the exporter and waits for `buildah run` to return.
// If that hangs, it kills both: killing buildah alone could orphan the
// exporter, which is not in a PID namespace of its own.
func (c *container) stop() {
	select {
	case <-c.done:
		return
	default:
	}
	pid := c.pid()
	if pid > 0 {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		if pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

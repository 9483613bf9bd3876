package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// bigBodyBytes is about how large the figures' text exposition of
// bigFiguresFile is: far more than the kernel buffers between the exporter
// and a client that reads slowly (4 MiB for the sender at most on Linux, a
// few KiB for the client's receive buffer set by slowConn), so a scrape
// read slowly keeps the handler writing.
const bigBodyBytes = 12 << 20

// bigFiguresFile writes a figures file whose exposition is about
// bigBodyBytes, with long label values so that it parses quickly.
func bigFiguresFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "big.yml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "metrics:\n  - name: county_note\n    help: A long note per county.\n    labels: [county, note]\n    figures:\n")
	note := strings.Repeat("x", 1000)
	for i := range bigBodyBytes / 1030 {
		fmt.Fprintf(w, "      - {county: c%d, note: %s, value: %d}\n", i, note, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// slowScrape is a GET /metrics whose reader has only read the start of the
// response: the handler is still writing.
type slowScrape struct {
	conn   net.Conn
	reader *bufio.Reader
	resp   *http.Response
}

// startSlowScrape sends GET /metrics with a tiny receive buffer and reads
// the response headers and the first bytes of the body only.
func startSlowScrape(t *testing.T, e *e2e.Exporter) *slowScrape {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain;version=0.0.4\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReaderSize(conn, 4096)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.ContentLength < bigBodyBytes/2 {
		t.Fatalf("slow scrape: %s, Content-Length %d", resp.Status, resp.ContentLength)
	}
	start := make([]byte, 1024)
	if _, err := io.ReadFull(resp.Body, start); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(start), "# HELP county_note ") {
		t.Fatalf("the body starts with %q", start[:64])
	}
	return &slowScrape{conn: conn, reader: r, resp: resp}
}

// finish reads the rest of the body and checks it is whole: as long as
// Content-Length says, and ending with the self metrics.
func (s *slowScrape) finish(t *testing.T) {
	t.Helper()
	rest, err := io.ReadAll(s.resp.Body)
	if err != nil {
		t.Fatalf("reading the rest of the slow scrape: %v", err)
	}
	if got := int64(len(rest)) + 1024; got != s.resp.ContentLength {
		t.Fatalf("the slow scrape got %d bytes, Content-Length %d", got, s.resp.ContentLength)
	}
	if !strings.Contains(string(rest), "\nfigures_exporter_config_last_reload_successful 1\n") {
		t.Error("the slow scrape does not end with the self metrics")
	}
}

// TestServeTheRealBinary checks how the real binary serves under load and
// at shutdown; the subtests share one build.
func TestServeTheRealBinary(t *testing.T) {
	t.Parallel()
	bin := e2e.BuildExporter(t)
	for name, test := range map[string]func(*testing.T, string){
		"shutdown finishes an in-flight scrape": testShutdownFinishesAnInFlightScrape,
		"shutdown cuts off a stalled scrape":    testShutdownCutsOffAStalledScrape,
		"max requests":                          testMaxRequests,
		"trickling headers are cut off":         testTricklingHeadersAreCutOff,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, bin)
		})
	}
}

// testShutdownFinishesAnInFlightScrape sends SIGTERM while a slow client
// is in the middle of a large scrape: the scrape must complete in full, and
// only then may the process exit, with status 0.
func testShutdownFinishesAnInFlightScrape(t *testing.T, bin string) {
	path := bigFiguresFile(t, t.TempDir())
	e := e2e.StartExporter(t, bin, "--config.file="+path)
	scrape := startSlowScrape(t, e)

	if err := e.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	e2e.Eventually(t, e2eWait, "the exporter to log that it is shutting down", func() bool {
		return strings.Contains(e.Stderr(), "shutting down")
	})
	// The handler cannot have written the body into the kernel's buffers,
	// so the process must still be waiting for it.
	select {
	case <-e.Done():
		t.Fatalf("the exporter exited with a scrape in flight:\n%s", e.Stderr())
	default:
	}
	e2e.Eventually(t, e2eWait, "new connections to be refused while the scrape is in flight", func() bool {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
		if err == nil {
			conn.Close()
		}
		return err != nil
	})
	scrape.finish(t)

	select {
	case <-e.Done():
	case <-time.After(e2eWait):
		t.Fatalf("the exporter did not exit within %s of the last scrape:\n%s", e2eWait, e.Stderr())
	}
	if code := e.Cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0:\n%s", code, e.Stderr())
	}
}

// testShutdownCutsOffAStalledScrape sends SIGTERM while a client that has
// stopped reading holds a large scrape: once the grace period is over the
// exporter cuts it off, says so in its log, and exits with status 0, as
// docs/reload.md says.
func testShutdownCutsOffAStalledScrape(t *testing.T, bin string) {
	path := bigFiguresFile(t, t.TempDir())
	e := e2e.StartExporter(t, bin, "--config.file="+path)
	scrape := startSlowScrape(t, e)
	defer scrape.conn.Close()

	if err := e.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-e.Done():
	case <-time.After(shutdownGrace + e2eWait):
		t.Fatalf("the exporter did not exit within %s of SIGTERM:\n%s", shutdownGrace+e2eWait, e.Stderr())
	}
	if code := e.Cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0:\n%s", code, e.Stderr())
	}
	if !strings.Contains(e.Stderr(), "after the shutdown grace period") {
		t.Errorf("the log does not say that a scrape was cut off:\n%s", e.Stderr())
	}
}

// testMaxRequests holds one slow scrape with
// --web.max-requests=1: a second scrape gets 503, health checks do not, and
// scrapes are served again once the slow one is done.
func testMaxRequests(t *testing.T, bin string) {
	path := bigFiguresFile(t, t.TempDir())
	e := e2e.StartExporter(t, bin, "--config.file="+path, "--"+flagMaxRequests+"=1")
	scrape := startSlowScrape(t, e)

	resp, err := http.Get(e.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "--web.max-requests") {
		t.Errorf("a second scrape: %s %s; want 503 naming --web.max-requests", resp.Status, body)
	}
	e.Get(t, "/-/healthy")

	scrape.finish(t)
	scrape.conn.Close()
	e2e.Eventually(t, e2eWait, "scrapes to be served again", func() bool {
		resp, err := http.Get(e.URL + "/metrics")
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// testTricklingHeadersAreCutOff checks the binary's own
// ReadHeaderTimeout (10 s): a client sending one header byte at a time is
// disconnected. It runs in parallel with the others, as it mostly waits.
func testTricklingHeadersAreCutOff(t *testing.T, bin string) {
	e := e2e.StartExporter(t, bin)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	wrote := trickle(conn, 100*time.Millisecond)
	awaitCutOff(t, conn)
	conn.Close()
	t.Logf("cut off after %d bytes", <-wrote)
	// The exporter still serves others.
	e.Get(t, "/-/healthy")
}

package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// cutOffGuard bounds how long a test waits for the server to drop a
// connection; it fails the test rather than measuring anything.
const cutOffGuard = 30 * time.Second

// startServer serves h with limits on a free loopback port until the test
// ends, and returns its address.
func startServer(t *testing.T, h http.Handler, limits httpLimits) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(h, limits)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String()
}

// trickle writes a request line and then one header byte at a time, for
// ever, until the connection fails; it reports how many bytes it wrote.
func trickle(conn net.Conn, every time.Duration) <-chan int {
	wrote := make(chan int, 1)
	go func() {
		n, _ := io.WriteString(conn, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: ")
		for {
			if _, err := conn.Write([]byte{'a'}); err != nil {
				wrote <- n
				return
			}
			n++
			time.Sleep(every)
		}
	}()
	return wrote
}

// awaitCutOff reads from conn until the server closes it, and fails the
// test if the server answered or kept the connection past cutOffGuard.
func awaitCutOff(t *testing.T, conn net.Conn) {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(cutOffGuard)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1024)
	n, err := conn.Read(buf)
	var netErr net.Error
	switch {
	case errors.As(err, &netErr) && netErr.Timeout():
		t.Fatalf("the server kept the connection for %s", cutOffGuard)
	case n > 0:
		t.Fatalf("the server answered instead of dropping the connection: %q", buf[:n])
	case err == nil:
		t.Fatal("read returned nothing and no error")
	}
	// io.EOF or a reset: the server closed the connection.
}

func TestTricklingHeadersAreCutOff(t *testing.T) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request whose headers never ended was served")
	})
	addr := startServer(t, handler, httpLimits{ReadHeader: 300 * time.Millisecond, Idle: time.Minute})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	wrote := trickle(conn, 10*time.Millisecond)
	awaitCutOff(t, conn)
	conn.Close()
	t.Logf("cut off after %d bytes", <-wrote)
}

func TestIdleConnectionsAreClosed(t *testing.T) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	addr := startServer(t, handler, httpLimits{ReadHeader: time.Minute, Idle: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" || resp.Close {
		t.Fatalf("first request on a keep-alive connection: %q, close %v", body, resp.Close)
	}
	// Nothing more is sent: the server must close the connection.
	if r.Buffered() != 0 {
		t.Fatalf("%d bytes after the response", r.Buffered())
	}
	awaitCutOff(t, conn)
}

func TestDefaultHTTPLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), defaultHTTPLimits)
	if srv.ReadHeaderTimeout != 10*time.Second || srv.IdleTimeout != 2*time.Minute {
		t.Errorf("ReadHeaderTimeout %s, IdleTimeout %s; want 10s and 2m", srv.ReadHeaderTimeout, srv.IdleTimeout)
	}
}

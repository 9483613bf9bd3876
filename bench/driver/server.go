package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a benchmarked server process on a loopback port.
type server struct {
	cmd   *exec.Cmd
	url   string
	ready readiness
	done  chan struct{}
}

// readiness is how long a server took from start to answering /-/ready:
// wall time, and the CPU time it had used by then, which other load on
// the machine does not inflate.
type readiness struct {
	wall, cpu time.Duration
}

// startServer runs bin with a --web.listen-address (or -listen) on a free
// loopback port and waits until /-/ready answers.
func startServer(ctx context.Context, bin string, args ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	listen := "-listen=" + addr
	if strings.HasSuffix(bin, "figures_exporter") {
		listen = "--web.listen-address=" + addr
	}
	s := &server{url: "http://" + addr, done: make(chan struct{})}
	s.cmd = exec.CommandContext(ctx, bin, append([]string{listen}, args...)...)
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	for {
		resp, err := http.Get(s.url + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = readiness{wall: time.Since(start), cpu: s.cpu()}
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("%s exited before it was ready", bin)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// waitIdle waits, up to a few minutes, until the server uses no CPU for
// a moment: until it has finished requests whose clients gave up.
func (s *server) waitIdle() {
	deadline := time.Now().Add(3 * time.Minute)
	last := s.cpu()
	for time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
		now := s.cpu()
		if now-last <= 10*time.Millisecond {
			return
		}
		last = now
	}
}

// memory returns the resident set size and its peak, in bytes.
func (s *server) memory() (rss, peak int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.Lines(string(data)) {
		key, value, _ := strings.Cut(line, ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch key {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return rss, peak
}

// cpu returns the CPU time the process has used, user and system.
func (s *server) cpu() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	// Clock ticks are 1/100 s on every Linux the benchmark targets.
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// loadResult is one `figures_exporter check` run: loading and validating
// a file without serving it.
type loadResult struct {
	file      string
	bytes     int64
	wall, cpu time.Duration
	maxRSS    int64
	// ready is how long the exporter took to serve the same file,
	// rssReady its resident size then, and rssAll once it had served
	// every format and encoding.
	ready            readiness
	rssReady, rssAll int64
}

// timeCheck runs `check` on the main file; figures is the file holding the
// figures, whose size is reported.
func timeCheck(ctx context.Context, bin, main, figures string, args ...string) (loadResult, error) {
	info, err := os.Stat(figures)
	if err != nil {
		return loadResult{}, err
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"check", "--config.file=" + main}, args...)...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if out, err := cmd.Output(); err != nil {
		return loadResult{}, fmt.Errorf("%s check: %v\n%s", bin, err, out)
	}
	l := loadResult{file: figures, bytes: info.Size(), wall: time.Since(start)}
	l.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		l.maxRSS = ru.Maxrss << 10
	}
	return l, nil
}

// loadAverage is the first field of /proc/loadavg: how busy the machine
// was with other work.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(data))[0]
}

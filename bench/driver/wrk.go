package main

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what wrk measured against one server.
type wrkResult struct {
	reqPerSec float64
	requests  int
	p50, p99  time.Duration
	errors    string // non-2xx responses and socket errors, if any
	// cpuPerRequest is the server's CPU time (user and system) during
	// the run per request: its own cost, which other work on the machine
	// does not inflate much, where requests per second depend on it.
	cpuPerRequest time.Duration
	// single marks one timed request on one connection, not a wrk run.
	single bool
}

func runWrk(ctx context.Context, o options, url string, headers []string) (wrkResult, error) {
	args := []string{
		"-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections),
		"-d", fmt.Sprintf("%ds", max(1, int(o.duration.Seconds()))),
		// promhttp takes seconds per scrape at a million series; a
		// request that takes longer than a cell is not counted, not
		// failed.
		"--timeout", "120s", "--latency",
	}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %v\n%s", url, err, out)
	}
	return parseWrk(string(out))
}

var (
	reqPerSecRe = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	requestsRe  = regexp.MustCompile(`(\d+) requests in`)
	percentRe   = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s|m)\s*$`)
	non2xxRe    = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	socketRe    = regexp.MustCompile(`Socket errors: (.*)`)
)

func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	m := reqPerSecRe.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	r.reqPerSec, _ = strconv.ParseFloat(m[1], 64)
	if m := requestsRe.FindStringSubmatch(out); m != nil {
		r.requests, _ = strconv.Atoi(m[1])
	}
	for _, m := range percentRe.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute}[m[3]]
		d := time.Duration(v * float64(unit))
		if m[1] == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	var errs []string
	if m := non2xxRe.FindStringSubmatch(out); m != nil {
		errs = append(errs, m[1]+" non-2xx")
	}
	if m := socketRe.FindStringSubmatch(out); m != nil {
		errs = append(errs, "socket errors: "+m[1])
	}
	r.errors = strings.Join(errs, ", ")
	return r, nil
}

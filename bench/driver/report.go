package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

func printReport(out io.Writer, o options, cells []cell, reports []sizeReport, started time.Time, loadBefore string) {
	fmt.Fprintf(out, "Machine: %d cores (%s), %s memory, %s; load average %s before, %s after (other work on the machine).\n",
		runtime.NumCPU(), cpuModel(), memTotal(), runtime.Version(), loadBefore, loadAverage())
	fmt.Fprintf(out, "Date: %s; the run took %s. wrk: %d threads, %d connections, %s per run, on 127.0.0.1; (a) and (b) run %d times each per cell, alternately, and the better run counts.\n\n",
		started.UTC().Format("2006-01-02 15:04 MST"), time.Since(started).Round(time.Second), o.threads, o.connections, o.duration, o.repeat)

	fmt.Fprintln(out, "Throughput: (a) figures_exporter, (b) a plain net/http handler writing the same bytes from memory, (c) promhttp.HandlerFor over a client_golang registry.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| series | format | body | (a) exporter req/s | (a) p50 / p99 | (a) CPU/req | (b) static req/s | (b) p50 / p99 | (b) CPU/req | (c) promhttp req/s | (c) p50 / p99 | a ÷ b | c ÷ b |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var notes []string
	for _, c := range cells {
		a, b, p := c.results[exporterIdx], c.results[staticIdx], c.results[promhttpIdx]
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			count(c.size), c.variant, size(int64(c.bytes)),
			rate(a), latency(a), cpu(a), rate(b), latency(b), cpu(b), rate(p), latency(p),
			ratio(a, b), ratio(p, b))
		for i, r := range c.results {
			if r.errors != "" {
				notes = append(notes, fmt.Sprintf("%s series, %s, %s: %s", count(c.size), c.variant, serverNames[i], r.errors))
			}
		}
	}
	for _, n := range notes {
		fmt.Fprintf(out, "\nwrk reported %s.", n)
	}
	if slices.ContainsFunc(cells, func(c cell) bool { return c.results[promhttpIdx].single }) {
		fmt.Fprintf(out, "\n(c) figures marked ≈: wrk could not finish a scrape within a run, so one scrape was timed alone, on one connection.")
	}
	fmt.Fprintln(out)

	fmt.Fprintln(out, "\nMemory and start-up: resident set size (RSS) of each server, and the exporter's against the size of its text exposition: once loaded, once scraped as Prometheus scrapes (OpenMetrics, gzip), and once every format and encoding was served (each is kept once asked for). \"Ready\" is from process start to /-/ready answering, wall time and the CPU time used by then.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| series | text exposition | (a) ready, wall / CPU | (a) RSS loaded | (a) RSS scraped as by Prometheus | ÷ text | (a) RSS after every format and encoding | ÷ text | (b) RSS | (c) ready, wall / CPU | (c) RSS |")
	fmt.Fprintln(out, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range reports {
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %.2f | %s | %.2f | %s | %s | %s |\n",
			count(r.size), size(int64(r.textBytes)), ready(r.ready[exporterIdx]),
			size(r.rssLoaded), size(r.rssProm), float64(r.rssProm)/float64(r.textBytes),
			size(r.rss[exporterIdx]), float64(r.rss[exporterIdx])/float64(r.textBytes),
			size(r.rss[staticIdx]), ready(r.ready[promhttpIdx]), size(r.rss[promhttpIdx]))
	}

	if o.loadSyntax {
		fmt.Fprintln(out, "\nLoading: `figures_exporter check` (read, parse, validate; no encoding) on the same figures as YAML (flow style, one figure per line), JSON, and CSV (the figures; a small YAML file declares the metrics), then the exporter started on the same file: ready is from process start to /-/ready answering (loaded, encoded and compressed for Prometheus), wall / CPU, then its resident size once ready and once it has served every format and encoding. The servers above load the CSV form.")
		fmt.Fprintln(out)
		fmt.Fprintln(out, "| series | syntax | file | check, wall | check, CPU | check, peak RSS | exporter ready, wall / CPU | exporter RSS when ready | after every format and encoding |")
		fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---:|---:|---:|")
		for _, r := range reports {
			for _, l := range r.loads {
				fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", count(r.size), strings.TrimPrefix(filepath.Ext(l.file), "."),
					size(l.bytes), seconds(l.wall), seconds(l.cpu), size(l.maxRSS), ready(l.ready), size(l.rssReady), size(l.rssAll))
			}
		}
	}
}

func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func size(b int64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}

func rate(r wrkResult) string {
	if r.single {
		return "≈ " + fmt.Sprintf("%.2f", r.reqPerSec)
	}
	switch {
	case r.requests == 0:
		return "0 (none done)"
	case r.reqPerSec >= 100:
		return thousands(int64(r.reqPerSec + 0.5))
	case r.reqPerSec >= 1:
		return fmt.Sprintf("%.1f", r.reqPerSec)
	}
	return fmt.Sprintf("%.2f", r.reqPerSec)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func latency(r wrkResult) string {
	if r.requests == 0 {
		return "–"
	}
	if r.single {
		return duration(r.p50) + " (one scrape)"
	}
	return duration(r.p50) + " / " + duration(r.p99)
}

func duration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
}

func cpu(r wrkResult) string {
	if r.requests == 0 {
		return "–"
	}
	return duration(r.cpuPerRequest)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func ready(r readiness) string { return seconds(r.wall) + " / " + seconds(r.cpu) }

func ratio(x, limit wrkResult) string {
	if limit.reqPerSec == 0 {
		return "–"
	}
	q := x.reqPerSec / limit.reqPerSec
	if q < 0.01 {
		return fmt.Sprintf("%.4f", q)
	}
	return fmt.Sprintf("%.2f", q)
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
		}
	}
	return "?"
}

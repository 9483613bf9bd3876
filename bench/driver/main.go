// Command driver runs the benchmark of bench/run.sh: for each size it
// writes synthetic figures, starts three servers on loopback and loads
// each with wrk in each format, plain and gzip:
//
//	(a) figures_exporter, as users run it;
//	(b) static, a plain net/http handler writing the exporter's very
//	    responses, read into memory beforehand: the limit;
//	(c) promhttp, the same figures in a plain client_golang registry served
//	    by promhttp.HandlerFor: what most exporters do.
//
// It prints markdown tables of requests per second, latency, resident
// memory and the ratios to (b), and how long loading takes.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// variant is one format and encoding, in the order they are measured:
// what Prometheus asks for first, so that the exporter's memory after it
// is what a server scraped by Prometheus holds.
type variant struct {
	name   string
	accept string
	gzip   bool
}

var variants = []variant{
	{"openmetrics", acceptOpenMetrics, true},
	{"openmetrics", acceptOpenMetrics, false},
	{"text", acceptText, false},
	{"text", acceptText, true},
	{"protobuf", acceptProto, false},
	{"protobuf", acceptProto, true},
}

// The Accept headers Prometheus sends for each format.
const (
	acceptOpenMetrics = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
	acceptText        = "text/plain;version=0.0.4;q=1,*/*;q=0.1"
	acceptProto       = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=1,application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.3"
)

func (v variant) String() string {
	if v.gzip {
		return v.name + ".gz"
	}
	return v.name
}

type options struct {
	bin         string
	work        string
	sizes       []int
	duration    time.Duration
	connections int
	threads     int
	loadSyntax  bool
	repeat      int
}

func main() {
	var o options
	var sizes string
	flag.StringVar(&o.bin, "bin", "", "directory of the built figures_exporter, static and promhttp")
	flag.StringVar(&o.work, "work", "", "directory for figures files and captured bodies")
	flag.StringVar(&sizes, "sizes", "30,10000,100000,1000000", "series counts, comma-separated")
	flag.DurationVar(&o.duration, "duration", 2*time.Second, "wrk duration per server and variant")
	flag.IntVar(&o.connections, "connections", 4, "wrk connections")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads")
	flag.BoolVar(&o.loadSyntax, "load", true, "also time `figures_exporter check` on YAML and JSON")
	flag.IntVar(&o.repeat, "repeat", 2, "runs of the exporter and the static server per cell; the best counts")
	flag.Parse()
	for s := range strings.SplitSeq(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fatal(fmt.Errorf("-sizes: %w", err))
		}
		o.sizes = append(o.sizes, n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "driver:", err)
	os.Exit(1)
}

// cell is one variant of one size: the three servers' results.
type cell struct {
	size    int
	variant variant
	bytes   int // of the exporter's response
	results [3]wrkResult
}

// sizeReport is what one size measured beyond throughput.
type sizeReport struct {
	size      int
	textBytes int // the text exposition, self metrics included
	ready     [3]readiness
	rss       [3]int64 // after every variant
	rssLoaded int64    // the exporter's, before any scrape
	rssProm   int64    // the exporter's, after serving what Prometheus asks for (OpenMetrics, gzip)
	loads     []loadResult
}

const (
	exporterIdx = iota
	staticIdx
	promhttpIdx
)

var serverNames = [3]string{"exporter", "static", "promhttp"}

func run(ctx context.Context, o options, out io.Writer) error {
	started := time.Now()
	fmt.Fprintf(os.Stderr, "benchmark: sizes %v, %s per cell, %d connections\n", o.sizes, o.duration, o.connections)
	loadBefore := loadAverage()
	var cells []cell
	var reports []sizeReport
	for _, size := range o.sizes {
		rep, cs, err := runSize(ctx, o, size)
		if err != nil {
			return fmt.Errorf("%d series: %w", size, err)
		}
		reports = append(reports, rep)
		cells = append(cells, cs...)
	}
	printReport(out, o, cells, reports, started, loadBefore)
	return nil
}

func runSize(ctx context.Context, o options, size int) (sizeReport, []cell, error) {
	rep := sizeReport{size: size}
	dir := filepath.Join(o.work, strconv.Itoa(size))
	if err := os.MkdirAll(filepath.Join(dir, "bodies"), 0o755); err != nil {
		return rep, nil, err
	}
	// The servers load the CSV form, the fast path for large sets; the
	// figures are the same in every form.
	csvMain := filepath.Join(dir, "figures-csv.yml")
	if err := synth.WriteCSV(csvMain, size); err != nil {
		return rep, nil, err
	}
	exporterBin := filepath.Join(o.bin, "figures_exporter")
	maxBytes := "--config.max-file-bytes=" + strconv.Itoa(1<<31-1)
	if o.loadSyntax {
		yamlFile, jsonFile := filepath.Join(dir, "figures.yml"), filepath.Join(dir, "figures.json")
		if err := synth.WriteFile(yamlFile, size, synth.WriteYAML); err != nil {
			return rep, nil, err
		}
		if err := synth.WriteFile(jsonFile, size, synth.WriteJSON); err != nil {
			return rep, nil, err
		}
		for _, files := range [][2]string{{yamlFile, yamlFile}, {jsonFile, jsonFile}, {csvMain, strings.TrimSuffix(csvMain, ".yml") + ".csv"}} {
			fmt.Fprintf(os.Stderr, "  %d series: check %s\n", size, filepath.Base(files[1]))
			l, err := timeCheck(ctx, exporterBin, files[0], files[1], maxBytes)
			if err != nil {
				return rep, nil, err
			}
			// And until the exporter serves them: loaded, encoded and
			// compressed for Prometheus.
			srv, err := startServer(ctx, exporterBin, "--config.file="+files[0], maxBytes, "--log.level=warn")
			if err != nil {
				return rep, nil, err
			}
			l.ready = srv.ready
			l.rssReady, _ = srv.memory()
			for _, v := range variants {
				if _, err := fetch(srv.url+"/metrics", v); err != nil {
					srv.stop()
					return rep, nil, err
				}
			}
			l.rssAll, _ = srv.memory()
			srv.stop()
			rep.loads = append(rep.loads, l)
		}
	}

	fmt.Fprintf(os.Stderr, "  %d series: starting the exporter and promhttp\n", size)
	exp, err := startServer(ctx, exporterBin, "--config.file="+csvMain, maxBytes, "--log.level=warn")
	if err != nil {
		return rep, nil, err
	}
	defer exp.stop()
	rep.ready[exporterIdx] = exp.ready
	rep.rssLoaded, _ = exp.memory()
	prom, err := startServer(ctx, filepath.Join(o.bin, "promhttp"), "-config.file="+csvMain, "-config.max-file-bytes="+strconv.Itoa(1<<31-1))
	if err != nil {
		return rep, nil, err
	}
	defer prom.stop()
	rep.ready[promhttpIdx] = prom.ready

	// Capture the exporter's responses for the static server.
	for _, v := range variants {
		n, err := capture(exp.url+"/metrics", v, filepath.Join(dir, "bodies", v.String()))
		if err != nil {
			return rep, nil, err
		}
		if v.name == "text" && !v.gzip {
			rep.textBytes = n
		}
	}
	static, err := startServer(ctx, filepath.Join(o.bin, "static"), "-dir="+filepath.Join(dir, "bodies"))
	if err != nil {
		return rep, nil, err
	}
	defer static.stop()
	rep.ready[staticIdx] = static.ready

	servers := [3]*server{exporterIdx: exp, staticIdx: static, promhttpIdx: prom}
	measure := func(c *cell, idx int, url string) error {
		fmt.Fprintf(os.Stderr, "  %d series: %-14s %s\n", c.size, c.variant, serverNames[idx])
		headers := []string{"Accept: " + c.variant.accept}
		if c.variant.gzip {
			headers = append(headers, "Accept-Encoding: gzip")
		}
		before := servers[idx].cpu()
		r, err := runWrk(ctx, o, url, headers)
		if err != nil {
			return err
		}
		if r.requests > 0 {
			r.cpuPerRequest = (servers[idx].cpu() - before) / time.Duration(r.requests)
		}
		if r.reqPerSec >= c.results[idx].reqPerSec {
			c.results[idx] = r
		}
		return nil
	}
	cells := make([]cell, len(variants))
	// The limit, then the exporter, close in time and twice over, keeping
	// the better run of each, so that other work on the machine weighs on
	// both alike.
	for i, v := range variants {
		c := &cells[i]
		c.size, c.variant = size, v
		body, err := os.ReadFile(filepath.Join(dir, "bodies", v.String()))
		if err != nil {
			return rep, nil, err
		}
		c.bytes = len(body)
		for range o.repeat {
			if err := measure(c, staticIdx, static.url+"/"+v.String()); err != nil {
				return rep, nil, err
			}
			if err := measure(c, exporterIdx, exp.url+"/metrics"); err != nil {
				return rep, nil, err
			}
		}
		if i == 0 {
			rep.rssProm, _ = exp.memory()
		}
	}
	// promhttp last and once: at large sizes it keeps working on the
	// scrapes wrk gave up on, long after wrk ended, which would weigh on
	// whatever ran next. A scrape that takes longer than a run could not
	// finish within one: one timed scrape is its measure then.
	for i := range cells {
		c := &cells[i]
		prom.waitIdle()
		start, cpu := time.Now(), prom.cpu()
		if _, err := fetch(prom.url+"/metrics", c.variant); err != nil {
			return rep, nil, err
		}
		took := time.Since(start)
		single := wrkResult{reqPerSec: 1 / took.Seconds(), requests: 1, p50: took, p99: took, cpuPerRequest: prom.cpu() - cpu, single: true}
		if took > o.duration/2 {
			fmt.Fprintf(os.Stderr, "  %d series: %-14s promhttp: one scrape took %s\n", c.size, c.variant, took.Round(time.Millisecond))
			c.results[promhttpIdx] = single
			continue
		}
		if err := measure(c, promhttpIdx, prom.url+"/metrics"); err != nil {
			return rep, nil, err
		}
		if c.results[promhttpIdx].requests == 0 {
			c.results[promhttpIdx] = single
		}
	}
	prom.waitIdle()
	for i, s := range []*server{exp, static, prom} {
		rep.rss[i], _ = s.memory()
	}
	return rep, cells, nil
}

// capture fetches one variant and writes its body and headers for static.
func capture(url string, v variant, path string) (int, error) {
	// Asked for gzip even for a plain variant, and decompressed here: the
	// exporter keeps a plain encoding once a client asks for one, and its
	// memory "as Prometheus scrapes" is measured after the first cell,
	// OpenMetrics with gzip, with nothing else asked for yet.
	asked := v
	asked.gzip = true
	resp, err := fetch(url, asked)
	if err != nil {
		return 0, err
	}
	if resp.header.Get("Content-Encoding") != "gzip" {
		return 0, fmt.Errorf("%s: Content-Encoding %q", asked, resp.header.Get("Content-Encoding"))
	}
	body := resp.body
	headers := fmt.Sprintf("Content-Type: %s\n", resp.header.Get("Content-Type"))
	if v.gzip {
		headers += "Content-Encoding: gzip\n"
	} else {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return 0, fmt.Errorf("%s: %v", asked, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return 0, fmt.Errorf("%s: %v", asked, err)
		}
	}
	if err := os.WriteFile(path+".headers", []byte(headers), 0o644); err != nil {
		return 0, err
	}
	return len(body), os.WriteFile(path, body, 0o644)
}

type response struct {
	header http.Header
	body   []byte
}

func fetch(url string, v variant) (response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", v.accept)
	// Set by hand either way: left unset, the transport asks for gzip
	// itself and decompresses, and the server never serves plain.
	req.Header.Set("Accept-Encoding", "identity")
	if v.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	client := &http.Client{Timeout: 5 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return response{}, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return response{header: resp.Header, body: body}, nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

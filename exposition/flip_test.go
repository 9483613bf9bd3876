package exposition

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/figures-exporter/figures_exporter/config"
)

// flipReloads is the fewest reloads the flip test makes.
const flipReloads = 200

// scrapeFormat is one way Prometheus may ask for /metrics.
type scrapeFormat struct {
	name   string
	accept string
	f      format
	gzip   bool
}

var scrapeFormats = []scrapeFormat{
	{"text", "text/plain;version=0.0.4", formatText, false},
	{"text+gzip", "text/plain;version=0.0.4", formatText, true},
	{"openmetrics", "application/openmetrics-text;version=1.0.0", formatOpenMetrics, false},
	{"openmetrics+gzip", "application/openmetrics-text;version=1.0.0", formatOpenMetrics, true},
	{"protobuf", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", formatProtoDelim, false},
	{"protobuf+gzip", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", formatProtoDelim, true},
}

// flipSetB is a second set, unlike the default one in names, values and
// size, so that a scrape mixing the two cannot equal either.
func flipSetB(t testing.TB) *config.Set {
	var b strings.Builder
	b.WriteString("source: {title: Flip test, publisher: Tests}\nmetrics:\n")
	for m := range 12 {
		fmt.Fprintf(&b, "  - name: flip_metric_%02d\n    help: Metric %d of set B.\n    labels: [year, county]\n    figures:\n", m, m)
		for y := range 5 {
			fmt.Fprintf(&b, "      - {year: \"%d\", county: \"c%d\", value: %d.5}\n", 2011+y, m, m*100+y)
		}
	}
	set, err := config.Parse("b.yml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestEveryScrapeSeesOneWholeSet flips between two sets hundreds of times
// while clients scrape the real handler in every format, and checks that
// each body is exactly one set's figures followed by the self metrics, and
// that the self metrics that depend on the set (figures_exporter_figures)
// are that same set's.
func TestEveryScrapeSeesOneWholeSet(t *testing.T) {
	a, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	b := flipSetB(t)
	sets := []*config.Set{a, b}
	var want [2][numFormats][]byte
	for i, set := range sets {
		snap := NewSnapshot(set)
		for f := range numFormats {
			want[i][f] = bytes.Join(snap.figures(f, false).parts, nil)
		}
	}

	exp := New(NewSnapshot(a), Options{})
	srv := httptest.NewServer(exp.MetricsHandler(testLogger(t)))
	defer srv.Close()

	const clients = 4
	var seen [clients][2]atomic.Int64
	var scrapes atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				sf := scrapeFormats[(c+i)%len(scrapeFormats)]
				body, err := scrape(client, srv.URL+"/metrics", sf)
				if err != nil {
					t.Error(err)
					return
				}
				which := -1
				for s := range sets {
					if bytes.HasPrefix(body, want[s][sf.f]) {
						which = s
					}
				}
				if which < 0 {
					t.Errorf("client %d, %s: the body is neither set's figures:\n%.2000s", c, sf.name, body)
					return
				}
				figures, err := onlySelfMetrics(body[len(want[which][sf.f]):], sf.f)
				if err != nil {
					t.Errorf("client %d, %s: after set %c's figures: %v", c, sf.name, 'A'+which, err)
					return
				}
				if want := sets[which].Series(); figures != float64(want) {
					t.Errorf("client %d, %s: set %c's figures (%d) with figures_exporter_figures %v", c, sf.name, 'A'+which, want, figures)
					return
				}
				seen[c][which].Add(1)
				scrapes.Add(1)
			}
		})
	}

	// Flip at least flipReloads times, and until every client has seen both
	// sets, so that the test proves what it claims however the scheduler
	// runs it.
	deadline := time.Now().Add(3 * time.Minute)
	reloads := 0
	for ; ; reloads++ {
		everyone := true
		for c := range clients {
			everyone = everyone && seen[c][0].Load() > 0 && seen[c][1].Load() > 0
		}
		if reloads >= flipReloads && everyone {
			break
		}
		if time.Now().After(deadline) || t.Failed() {
			t.Errorf("after %d reloads, not every client saw both sets: %v", reloads, &seen)
			break
		}
		// What a reload does once the set has loaded (the reload
		// package's Reloader calls Replace).
		if _, err := exp.Replace(sets[(reloads+1)%2]); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d reloads, %d scrapes", reloads, scrapes.Load())
}

// scrape fetches url in format sf and returns the body, decompressed.
func scrape(client *http.Client, url string, sf scrapeFormat) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", sf.accept)
	if sf.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", sf.name, resp.Status)
	}
	if got, want := resp.Header.Get("Content-Type"), string(expfmtFormat[sf.f]); !strings.HasPrefix(got, strings.Split(want, ";")[0]) {
		return nil, fmt.Errorf("%s: Content-Type %s, want %s", sf.name, got, want)
	}
	var r io.Reader = resp.Body
	if sf.gzip {
		if resp.Header.Get("Content-Encoding") != "gzip" {
			return nil, fmt.Errorf("%s: not gzipped", sf.name)
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		r = zr
	}
	return io.ReadAll(r)
}

// onlySelfMetrics checks that rest, what follows the figures, holds the
// exporter's own metrics and nothing else, and returns the value of
// figures_exporter_figures (-1 when there is none).
func onlySelfMetrics(rest []byte, f format) (figures float64, err error) {
	figures = -1
	if len(rest) == 0 {
		return figures, fmt.Errorf("no self metrics")
	}
	switch f {
	case formatText, formatProtoDelim:
		dec := expfmt.NewDecoder(bytes.NewReader(rest), expfmtFormat[f])
		for {
			var mf dto.MetricFamily
			if err := dec.Decode(&mf); err == io.EOF {
				return figures, nil
			} else if err != nil {
				return figures, fmt.Errorf("the self metrics do not parse: %w", err)
			}
			if !strings.HasPrefix(mf.GetName(), Namespace+"_") {
				return figures, fmt.Errorf("%s follows the figures", mf.GetName())
			}
			if mf.GetName() == Namespace+"_figures" && len(mf.GetMetric()) == 1 {
				figures = mf.GetMetric()[0].GetGauge().GetValue()
			}
		}
	default:
		lines := bufio.NewScanner(bytes.NewReader(rest))
		last := ""
		for lines.Scan() {
			last = lines.Text()
			if last == "# EOF" {
				continue
			}
			name := last
			for _, comment := range []string{"# HELP ", "# TYPE ", "# UNIT "} {
				name = strings.TrimPrefix(name, comment)
			}
			if !strings.HasPrefix(name, Namespace+"_") {
				return figures, fmt.Errorf("line %q follows the figures", last)
			}
			if v, ok := strings.CutPrefix(last, Namespace+"_figures "); ok {
				if figures, err = strconv.ParseFloat(v, 64); err != nil {
					return figures, fmt.Errorf("line %q: %w", last, err)
				}
			}
		}
		if last != "# EOF" {
			return figures, fmt.Errorf("the exposition ends with %q, not # EOF", last)
		}
		if bytes.Count(rest, []byte("# EOF")) != 1 {
			return figures, fmt.Errorf("# EOF appears %d times", bytes.Count(rest, []byte("# EOF")))
		}
		return figures, nil
	}
}

package backfill

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/prometheus/common/model"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
	"github.com/prometheus/prometheus/tsdb"

	"github.com/figures-exporter/figures_exporter/config"
)

// point is a sample as the storage holds it.
type point struct {
	series string
	ms     int64
	value  float64
}

// readBlocks reads every sample of the blocks under dir through
// Prometheus' own tsdb package, as Prometheus would.
func readBlocks(t *testing.T, dir string) []point {
	t.Helper()
	db, err := tsdb.OpenDBReadOnly(dir, "", promslog.NewNopLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The blocks alone: a data directory also has a write-ahead log,
	// which the blocks do not come with.
	blocks, err := db.Blocks()
	if err != nil {
		t.Fatal(err)
	}
	var points []point
	for _, b := range blocks {
		points = append(points, readBlock(t, b)...)
	}
	return points
}

func readBlock(t *testing.T, b tsdb.BlockReader) []point {
	q, err := tsdb.NewBlockQuerier(b, math.MinInt64, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	set := q.Select(context.Background(), true, nil, labels.MustNewMatcher(labels.MatchRegexp, model.MetricNameLabel, ".+"))
	var points []point
	for set.Next() {
		s := set.At()
		it := s.Iterator(nil)
		for it.Next() != 0 {
			ms, v := it.At()
			points = append(points, point{s.Labels().String(), ms, v})
		}
		if it.Err() != nil {
			t.Fatal(it.Err())
		}
	}
	if set.Err() != nil {
		t.Fatal(set.Err())
	}
	return points
}

// parseOpenMetrics reads every sample of OpenMetrics text with
// Prometheus' own parser, as promtool would.
func parseOpenMetrics(t *testing.T, text []byte) []point {
	t.Helper()
	p := textparse.NewOpenMetricsParser(text, labels.NewSymbolTable())
	var points []point
	for {
		e, err := p.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if e != textparse.EntrySeries {
			continue
		}
		_, ts, v := p.Series()
		var l labels.Labels
		p.Labels(&l)
		points = append(points, point{l.String(), *ts, v})
	}
	return points
}

func sortPoints(points []point) {
	slices.SortFunc(points, func(a, b point) int {
		if c := strings.Compare(a.series, b.series); c != 0 {
			return c
		}
		return int(a.ms - b.ms)
	})
}

// writeBoth writes the plan as OpenMetrics and as blocks under dir, and
// checks that the blocks hold exactly the samples the OpenMetrics does,
// as Prometheus' own parser and storage read them. It returns the
// OpenMetrics text, its samples and the blocks.
func writeBoth(t *testing.T, plan *Plan, dir string, opts BlockOptions) (string, []point, []Block) {
	t.Helper()
	var om bytes.Buffer
	if err := plan.WriteOpenMetrics(&om); err != nil {
		t.Fatal(err)
	}
	want := parseOpenMetrics(t, om.Bytes())
	blocks, err := plan.WriteBlocks(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := readBlocks(t, dir)
	sortPoints(got)
	sortPoints(want)
	if !slices.Equal(got, want) {
		t.Errorf("the blocks hold\n%v\nthe OpenMetrics\n%v", got, want)
	}
	return om.String(), want, blocks
}

func TestBlocksHoldEverySample(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		metric("yearly", []string{"year", "region"}, "1970|n", "2011|n", "2012|n", "2011|s", "1969|s"),
		metric("quarterly", []string{"quarter"}, "2011-Q1", "2011Q2", "2011年第三季度", "2011年第四季度"),
		metric("monthly", []string{"month"}, "2011-03", "2011年4月", "Mar 2012"),
		metric("daily", []string{"date"}, "2011-03-31", "2024-02-29"),
		metric("untimed", []string{"form"}, "cash"),
	}}
	plan, err := NewPlan(set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// One year at most: the samples span 54 years, in several blocks.
	om, want, blocks := writeBoth(t, plan, dir, BlockOptions{MaxDuration: 365 * 24 * time.Hour})
	if len(want) != 13 {
		t.Fatalf("%d samples in the OpenMetrics, want 13:\n%s", len(want), om)
	}
	samples := 0
	for _, b := range blocks {
		samples += b.Samples
		if b.MaxTime.Sub(b.MinTime) > BlockDuration(365*24*time.Hour) {
			t.Errorf("block %+v is longer than its duration", b)
		}
		if _, err := os.Stat(filepath.Join(dir, b.ULID, "meta.json")); err != nil {
			t.Errorf("block %s: %v", b.ULID, err)
		}
	}
	// 1970, 2011 (years, quarters, months, dates), 2012, 2024.
	if samples != 13 || len(blocks) < 4 {
		t.Errorf("%d samples in %d blocks: %+v", samples, len(blocks), blocks)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(blocks) {
		t.Errorf("%d entries in the directory, want only the %d blocks", len(entries), len(blocks))
	}
}

func TestManySamplesInChunksAndCommits(t *testing.T) {
	// More samples than an OpenMetrics chunk and an appender commit, in
	// one metric, over the 600 months of 1970 to 2019.
	m := config.Metric{Name: "monthly", Help: "Monthly.", Labels: []string{"month", "region"}}
	for i := range 600 {
		for _, r := range strings.Split("abcdefghij", "") {
			m.Figures = append(m.Figures, config.Figure{LabelValues: []string{fmt.Sprintf("%04d-%02d", 1970+i/12, 1+i%12), r}, Value: float64(i)})
		}
	}
	plan, err := NewPlan(&config.Set{Metrics: []config.Metric{m}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	om, want, blocks := writeBoth(t, plan, t.TempDir(), BlockOptions{})
	if n := strings.Count(om, "# TYPE"); n != 1 {
		t.Errorf("%d TYPE lines, want 1", n)
	}
	if len(want) != 6000 {
		t.Errorf("%d samples, want 6000", len(want))
	}
	// Blocks of 2h×3⁹ (about 4.5 years) from the epoch: 50 years in 12.
	if len(blocks) != 12 {
		t.Errorf("%d blocks, want 12", len(blocks))
	}
}

func TestBlockDuration(t *testing.T) {
	h := time.Hour
	for max, want := range map[time.Duration]time.Duration{
		0:                       2 * h,
		time.Hour:               2 * h,
		2 * h:                   2 * h,
		5 * h:                   2 * h,
		6 * h:                   6 * h,
		31 * 24 * h:             486 * h,
		365 * 24 * h:            4374 * h,
		DefaultMaxBlockDuration: 39366 * h,
		100 * 365 * 24 * h:      39366 * h,
	} {
		if got := BlockDuration(max); got != want {
			t.Errorf("BlockDuration(%s) = %s, want %s", max, got, want)
		}
	}
}

func TestBlocksOfAtMostMaxSeries(t *testing.T) {
	// Ten series over three years: in blocks of three series at most, the
	// series of a range are split between blocks of the same range.
	m := config.Metric{Name: "yearly", Help: "Yearly.", Labels: []string{"year", "region"}}
	for y := 2011; y <= 2013; y++ {
		for r := range 10 {
			m.Figures = append(m.Figures, config.Figure{LabelValues: []string{fmt.Sprint(y), fmt.Sprint("r", r)}, Value: float64(y*100 + r)})
		}
	}
	plan, err := NewPlan(&config.Set{Metrics: []config.Metric{m}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, blocks := writeBoth(t, plan, t.TempDir(), BlockOptions{MaxSeries: 3})
	// 2011 to 2013 is one range of 2h×3⁹ from the epoch: 10 series in
	// blocks of 3, 3, 3 and 1.
	var series []int
	for _, b := range blocks {
		series = append(series, b.Series)
	}
	if !slices.Equal(series, []int{3, 3, 3, 1}) {
		t.Errorf("blocks of %v series, want 3, 3, 3 and 1", series)
	}
}

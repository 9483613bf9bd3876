package backfill

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/storage"
	"github.com/prometheus/prometheus/tsdb"
)

// DefaultMaxBlockDuration is the longest block WriteBlocks writes unless
// told otherwise: long, since figures are sparse (one sample a year, a
// quarter or a month per series) and a few large blocks serve them better
// than many small ones.
const DefaultMaxBlockDuration = 10 * 365 * 24 * time.Hour

// DefaultMaxBlockSeries is the most series WriteBlocks puts in one block
// unless told otherwise. A block is built in memory, in a head of
// Prometheus' own that holds every series of the block, so this bounds the
// memory of writing blocks whatever the number of figures.
const DefaultMaxBlockSeries = 50_000

// BlockOptions say how long and how large the blocks are; zero fields are
// the defaults.
type BlockOptions struct {
	// MaxDuration is the longest block: blocks are the longest duration
	// Prometheus' compactor knows (see BlockDuration) no longer than it.
	MaxDuration time.Duration
	// MaxSeries is the most series of one block. The series of a time
	// range past it are split between blocks of the same range, which
	// Prometheus (from 2.39 on) reads together and compacts into one.
	MaxSeries int
}

// Block is one TSDB block WriteBlocks wrote.
type Block struct {
	ULID string
	// MinTime is the block's first instant and MaxTime the first after
	// it: [MinTime, MaxTime) holds every sample of the block.
	MinTime, MaxTime time.Time
	Series, Samples  int
}

// appenderSamples is how many samples are committed at once, as promtool
// does by default: an appender holds what it is given until its commit.
const appenderSamples = 5000

// WriteBlocks writes every sample of the plan as TSDB blocks under dir
// (created if missing), through Prometheus' own tsdb package as promtool
// tsdb create-blocks-from does: each block's samples go through a block
// writer's head, which writes the block and renames it into place. The
// blocks are ready to be copied into a Prometheus' --storage.tsdb.path.
//
// Blocks are aligned to a block duration that Prometheus' compactor
// knows (2h times a power of 3), the longest no longer than
// opts.MaxDuration, and hold at most opts.MaxSeries series each. If
// writing a block fails, the blocks written before it are removed.
func (p *Plan) WriteBlocks(ctx context.Context, dir string, opts BlockOptions) (blocks []Block, err error) {
	if opts.MaxDuration == 0 {
		opts.MaxDuration = DefaultMaxBlockDuration
	}
	if opts.MaxSeries <= 0 {
		opts.MaxSeries = DefaultMaxBlockSeries
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			for _, b := range blocks {
				os.RemoveAll(filepath.Join(dir, b.ULID))
			}
			blocks = nil
		}
	}()
	blockMs := BlockDuration(opts.MaxDuration).Milliseconds()
	// The samples in time order, each series' still in its own order.
	order := make([]int32, len(p.samples))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(p.samples[a].ms, p.samples[b].ms) })
	refs := make([]storage.SeriesRef, len(p.series))
	// shard is, for each series of the current range, 1 + the index of
	// the block of that range that holds it; 0 for series not in it.
	shard := make([]int32, len(p.series))
	var part []int32
	for len(order) > 0 {
		start := p.samples[order[0]].ms / blockMs * blockMs
		end := start + blockMs
		n, _ := slices.BinarySearchFunc(order, end, func(i int32, t int64) int { return cmp.Compare(p.samples[i].ms, t) })
		inRange := order[:n]
		// The range's series, a block of at most MaxSeries at a time, in
		// the order they first appear.
		clear(shard)
		seen := 0
		for _, i := range inRange {
			if s := p.samples[i].series; shard[s] == 0 {
				shard[s] = int32(seen/opts.MaxSeries) + 1
				seen++
			}
		}
		for k := int32(1); k <= int32((seen+opts.MaxSeries-1)/opts.MaxSeries); k++ {
			part = part[:0]
			for _, i := range inRange {
				if shard[p.samples[i].series] == k {
					part = append(part, i)
				}
			}
			clear(refs)
			b, err := p.writeBlock(ctx, dir, 2*blockMs, part, refs)
			if err != nil {
				return blocks, fmt.Errorf("block of %s to %s: %w", model.Time(start).Time().UTC().Format(time.RFC3339), model.Time(end).Time().UTC().Format(time.RFC3339), err)
			}
			blocks = append(blocks, b)
		}
		order = order[n:]
	}
	return blocks, nil
}

// writeBlock writes the samples of one block, in time order. The block
// writer's head is told blocks twice as long as they are, as promtool
// does: it takes samples at most half a block older than its newest one,
// and these span the whole block.
func (p *Plan) writeBlock(ctx context.Context, dir string, headBlockMs int64, order []int32, refs []storage.SeriesRef) (b Block, err error) {
	w, err := tsdb.NewBlockWriter(promslog.NewNopLogger(), dir, headBlockMs)
	if err != nil {
		return b, err
	}
	defer func() { err = errors.Join(err, w.Close()) }()
	app := w.AppenderV2(ctx)
	builder := labels.NewScratchBuilder(8)
	var values []string
	pending := 0
	for _, i := range order {
		s := &p.samples[i]
		ref := refs[s.series]
		lset := labels.EmptyLabels()
		if ref == 0 {
			lset = p.seriesLabels(&builder, s.series, &values)
			b.Series++
		}
		ref, err = app.Append(ref, lset, 0, s.ms, s.value, nil, nil, storage.AOptions{})
		if err != nil {
			app.Rollback()
			return b, fmt.Errorf("sample of %s: %w", p.describe(s), err)
		}
		refs[s.series] = ref
		b.Samples++
		if pending++; pending == appenderSamples {
			if err := app.Commit(); err != nil {
				return b, fmt.Errorf("commit: %w", err)
			}
			app, pending = w.AppenderV2(ctx), 0
		}
	}
	if err := app.Commit(); err != nil {
		return b, fmt.Errorf("commit: %w", err)
	}
	id, err := w.Flush(ctx)
	if err != nil {
		return b, fmt.Errorf("flush: %w", err)
	}
	b.ULID = id.String()
	b.MinTime = time.UnixMilli(p.samples[order[0]].ms).UTC()
	b.MaxTime = time.UnixMilli(p.samples[order[len(order)-1]].ms + 1).UTC()
	return b, nil
}

// seriesLabels are the labels of a series: its metric's name and label
// values.
func (p *Plan) seriesLabels(builder *labels.ScratchBuilder, si int32, values *[]string) labels.Labels {
	s := p.series[si]
	mp := &p.metrics[s.metric]
	*values = p.labelValues(s, *values)
	builder.Reset()
	builder.Add(model.MetricNameLabel, mp.m.Name)
	for j, name := range mp.names {
		builder.Add(name, (*values)[j])
	}
	builder.Sort()
	return builder.Labels()
}

// describe names the figure of a sample.
func (p *Plan) describe(s *sample) string {
	mp := &p.metrics[p.series[s.series].metric]
	return seriesName(mp.m, &mp.m.Figures[s.figure])
}

// BlockDuration is the longest block duration no longer than max that
// Prometheus' compactor knows: 2h times a power of 3, up to 2h×3⁹
// (about 4.5 years), as promtool picks it for --max-block-duration. It is
// never shorter than 2h.
func BlockDuration(max time.Duration) time.Duration {
	ranges := tsdb.ExponentialBlockRanges(tsdb.DefaultBlockDuration, 10, 3)
	d := ranges[0]
	for _, r := range ranges {
		if r <= max.Milliseconds() {
			d = r
		}
	}
	return time.Duration(d) * time.Millisecond
}

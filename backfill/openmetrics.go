package backfill

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"github.com/figures-exporter/figures_exporter/config"
)

// Write puts the figures of set on the time axis (see NewPlan) and
// writes them as OpenMetrics, for promtool tsdb create-blocks-from
// openmetrics.
func Write(w io.Writer, set *config.Set, opts Options) (Summary, error) {
	p, err := NewPlan(set, opts)
	if err != nil {
		return Summary{}, err
	}
	return p.Summary, p.WriteOpenMetrics(w)
}

// omChunk is how many samples are turned into protobuf metrics at once:
// a metric of a million figures is written a chunk at a time, in bounded
// memory.
const omChunk = 1024

// WriteOpenMetrics writes every sample of the plan as OpenMetrics, then
// "# EOF". Samples of a series are in time order and families are not
// interleaved, as promtool requires. Metrics whose figures were all
// skipped are left out.
func (p *Plan) WriteOpenMetrics(w io.Writer) error {
	bw := bufio.NewWriter(w)
	metrics := make([]dto.Metric, omChunk)
	ptrs := make([]*dto.Metric, omChunk)
	var values []string
	for mi := range p.metrics {
		mp := &p.metrics[mi]
		if mp.from == mp.to {
			continue
		}
		pairs := make([]dto.LabelPair, omChunk*len(mp.names))
		pairPtrs := make([]*dto.LabelPair, omChunk*len(mp.names))
		// The family's HELP and TYPE once, then its samples a chunk at a
		// time, each chunk written by expfmt (for its escaping and
		// number formats) with the TYPE line it repeats cut off.
		family := &dto.MetricFamily{Name: proto.String(mp.m.Name), Help: proto.String(mp.m.Help), Type: dto.MetricType_GAUGE.Enum()}
		if _, err := expfmt.MetricFamilyToOpenMetrics(bw, family); err != nil {
			return fmt.Errorf("writing %s: %w", mp.m.Name, err)
		}
		family.Help = nil
		for from := mp.from; from < mp.to; from += omChunk {
			to := min(from+omChunk, mp.to)
			family.Metric = ptrs[:to-from]
			for i := from; i < to; i++ {
				s := &p.samples[i]
				k := i - from
				values = p.labelValues(p.series[s.series], values)
				m := &metrics[k]
				*m = dto.Metric{Gauge: &dto.Gauge{Value: &s.value}, TimestampMs: &s.ms, Label: pairPtrs[k*len(mp.names) : (k+1)*len(mp.names)]}
				for j := range mp.names {
					pair := &pairs[k*len(mp.names)+j]
					*pair = dto.LabelPair{Name: &mp.names[j], Value: proto.String(values[j])}
					m.Label[j] = pair
				}
				ptrs[k] = m
			}
			if _, err := expfmt.MetricFamilyToOpenMetrics(&skipFirstLine{w: bw}, family); err != nil {
				return fmt.Errorf("writing %s: %w", mp.m.Name, err)
			}
		}
	}
	if _, err := expfmt.FinalizeOpenMetrics(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// skipFirstLine drops what is written up to the first newline, and
// passes the rest on.
type skipFirstLine struct {
	w    io.Writer
	past bool
}

func (s *skipFirstLine) Write(b []byte) (int, error) {
	if s.past {
		return s.w.Write(b)
	}
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return len(b), nil
	}
	s.past = true
	n, err := s.w.Write(b[i+1:])
	return i + 1 + n, err
}

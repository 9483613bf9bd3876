package backfill

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"github.com/figures-exporter/figures_exporter/config"
)

// Options say which label holds the year and where in the year to stamp.
type Options struct {
	// TimeLabel is the label whose values are years, such as year="2011".
	TimeLabel string
	// At is when in its year each figure is stamped.
	At Stamp
	// KeepTimeLabel keeps the time label on the samples. By default it is
	// dropped, so that a metric's figures for several years form one
	// series that a graph draws as one line.
	KeepTimeLabel bool
}

// Summary says what Write wrote and what it left out.
type Summary struct {
	Samples int
	Metrics int
	// Skipped are the metrics without the time label: nothing says when
	// their figures were.
	Skipped []string
}

// sample is one figure on the time axis.
type sample struct {
	labels []string // label values, without the time label unless kept
	ms     int64
	value  float64
}

// Write writes every figure whose metric has the time label as an
// OpenMetrics sample at its year's stamp, then "# EOF". Samples of a
// series are in time order and families are not interleaved, as promtool
// requires. A time label value that is not a year from 1970 on is an
// error naming the series, and so is a set where no metric has the time
// label.
func Write(w io.Writer, set *config.Set, opts Options) (Summary, error) {
	var sum Summary
	if !slices.ContainsFunc(set.Metrics, func(m config.Metric) bool { return slices.Contains(m.Labels, opts.TimeLabel) }) {
		return sum, fmt.Errorf("no metric has the label %s: nothing to backfill", opts.TimeLabel)
	}
	bw := bufio.NewWriter(w)
	for i := range set.Metrics {
		m := &set.Metrics[i]
		timeIdx := slices.Index(m.Labels, opts.TimeLabel)
		if timeIdx < 0 {
			sum.Skipped = append(sum.Skipped, m.Name)
			continue
		}
		family, err := stampedFamily(m, timeIdx, opts)
		if err != nil {
			return sum, err
		}
		if _, err := expfmt.MetricFamilyToOpenMetrics(bw, family); err != nil {
			return sum, fmt.Errorf("writing %s: %w", m.Name, err)
		}
		sum.Metrics++
		sum.Samples += len(family.Metric)
	}
	if _, err := expfmt.FinalizeOpenMetrics(bw); err != nil {
		return sum, err
	}
	return sum, bw.Flush()
}

// stampedFamily turns a metric's figures into a family of timestamped
// samples, ordered by series and then by time.
func stampedFamily(m *config.Metric, timeIdx int, opts Options) (*dto.MetricFamily, error) {
	names := m.Labels
	if !opts.KeepTimeLabel {
		names = slices.Delete(slices.Clone(m.Labels), timeIdx, timeIdx+1)
	}
	samples := make([]sample, len(m.Figures))
	for i, f := range m.Figures {
		year, err := parseYear(f.LabelValues[timeIdx])
		if err != nil {
			return nil, fmt.Errorf("%s: label %s=%q: %w", m.Name, opts.TimeLabel, f.LabelValues[timeIdx], err)
		}
		labels := f.LabelValues
		if !opts.KeepTimeLabel {
			labels = slices.Delete(slices.Clone(labels), timeIdx, timeIdx+1)
		}
		samples[i] = sample{labels: labels, ms: opts.At.Time(year).UnixMilli(), value: f.Value}
	}
	slices.SortFunc(samples, func(a, b sample) int {
		return cmp.Or(slices.Compare(a.labels, b.labels), cmp.Compare(a.ms, b.ms))
	})
	family := &dto.MetricFamily{
		Name:   proto.String(m.Name),
		Help:   proto.String(m.Help),
		Type:   dto.MetricType_GAUGE.Enum(),
		Metric: make([]*dto.Metric, len(samples)),
	}
	for i := range samples {
		s := &samples[i]
		metric := &dto.Metric{
			Gauge:       &dto.Gauge{Value: &s.value},
			TimestampMs: &s.ms,
			Label:       make([]*dto.LabelPair, len(names)),
		}
		for j := range names {
			metric.Label[j] = &dto.LabelPair{Name: &names[j], Value: &s.labels[j]}
		}
		family.Metric[i] = metric
	}
	return family, nil
}

// parseYear reads a year label: four digits, from 1970. Prometheus times
// count from 1970, and older blocks are not something to rely on.
func parseYear(s string) (int, error) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, errors.New("not a year: expected four digits, such as 2011")
	}
	year, _ := strconv.Atoi(s)
	if year < 1970 {
		return 0, errors.New("before 1970: Prometheus times count from 1970, so backfill stamps no earlier year")
	}
	return year, nil
}

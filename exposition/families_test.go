package exposition

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// The reference encoding: the figures as client_model families, which
// the tests encode with expfmt and compare with the snapshot's own
// encoders' bytes.

// eachFamily calls fn with the metric family of each metric of the set, then
// with figures_source_info. Families are built one at a time and dropped
// after use, so that encoding a large set never holds every series twice.
func eachFamily(set *config.Set, fn func(*dto.MetricFamily) error) error {
	for i := range set.Metrics {
		if err := fn(metricFamily(&set.Metrics[i])); err != nil {
			return err
		}
	}
	if info := sourceFamily(set); len(info.Metric) > 0 {
		return fn(info)
	}
	return nil
}

func metricFamily(m *config.Metric) *dto.MetricFamily {
	family := &dto.MetricFamily{
		Name:   proto.String(m.Name),
		Help:   proto.String(m.Help),
		Type:   dto.MetricType_GAUGE.Enum(),
		Metric: make([]*dto.Metric, len(m.Figures)),
	}
	if unit := unitOf(m); unit != "" {
		family.Unit = proto.String(unit)
	}
	// One allocation each for all metrics, gauges and label pairs of the
	// family rather than three per figure.
	metrics := make([]dto.Metric, len(m.Figures))
	gauges := make([]dto.Gauge, len(m.Figures))
	pairs := make([]dto.LabelPair, len(m.Figures)*len(m.Labels))
	pairPtrs := make([]*dto.LabelPair, len(pairs))
	for i := range m.Figures {
		f := &m.Figures[i]
		gauges[i].Value = &f.Value
		metrics[i].Gauge = &gauges[i]
		labels := pairPtrs[i*len(m.Labels) : (i+1)*len(m.Labels) : (i+1)*len(m.Labels)]
		for j := range m.Labels {
			p := &pairs[i*len(m.Labels)+j]
			p.Name = &m.Labels[j]
			p.Value = &f.LabelValues[j]
			labels[j] = p
		}
		metrics[i].Label = labels
		family.Metric[i] = &metrics[i]
	}
	return family
}

func sourceFamily(set *config.Set) *dto.MetricFamily {
	family := &dto.MetricFamily{
		Name: proto.String(sourceInfoName),
		Help: proto.String(sourceInfoHelp),
		Type: dto.MetricType_GAUGE.Enum(),
	}
	series := sourceInfo(set, func(i int) []metricinfo.SourceCount { return metricinfo.SourcesOf(&set.Metrics[i]) })
	for _, s := range series {
		labels := make([]*dto.LabelPair, len(s.names))
		for i := range s.names {
			labels[i] = &dto.LabelPair{Name: proto.String(s.names[i]), Value: proto.String(s.values[i])}
		}
		family.Metric = append(family.Metric, &dto.Metric{Label: labels, Gauge: &dto.Gauge{Value: proto.Float64(1)}})
	}
	return family
}

// gatherer exposes a set through client_golang's Gatherer interface, so
// that testutil's linter and comparisons check what the snapshot encodes.
func gatherer(set *config.Set) prometheus.Gatherer {
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		var families []*dto.MetricFamily
		err := eachFamily(set, func(f *dto.MetricFamily) error {
			families = append(families, f)
			return nil
		})
		return families, err
	})
}

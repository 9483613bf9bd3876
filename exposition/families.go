package exposition

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"

	"github.com/figures-exporter/figures_exporter/config"
)

// sourceInfoName is the metric that names the sources of the figures.
const sourceInfoName = "figures_source_info"

// eachFamily calls fn with the metric family of each metric of the set, then
// with figures_source_info. Families are built one at a time and dropped
// after use, so that encoding a large set never holds every series twice.
func eachFamily(set *config.Set, fn func(*dto.MetricFamily) error) error {
	for i := range set.Metrics {
		if err := fn(metricFamily(&set.Metrics[i])); err != nil {
			return err
		}
	}
	if len(set.Sources) == 0 {
		return nil
	}
	return fn(sourceFamily(set.Sources))
}

func metricFamily(m *config.Metric) *dto.MetricFamily {
	family := &dto.MetricFamily{
		Name:   proto.String(m.Name),
		Help:   proto.String(m.Help),
		Type:   dto.MetricType_GAUGE.Enum(),
		Metric: make([]*dto.Metric, len(m.Figures)),
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

func sourceFamily(sources []config.Source) *dto.MetricFamily {
	family := &dto.MetricFamily{
		Name: proto.String(sourceInfoName),
		Help: proto.String("Where the figures come from: one series per source, always 1."),
		Type: dto.MetricType_GAUGE.Enum(),
	}
	for _, s := range sources {
		var labels []*dto.LabelPair
		// Sorted label names, and no empty values: an empty label is no
		// label in Prometheus.
		for _, l := range [][2]string{{"page", s.Page}, {"publisher", s.Publisher}, {"title", s.Title}, {"url", s.URL}} {
			if l[1] != "" {
				labels = append(labels, &dto.LabelPair{Name: proto.String(l[0]), Value: proto.String(l[1])})
			}
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

package exposition

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of io.prometheus.client's MetricFamily, Metric, LabelPair
// and Gauge messages (client_model's metrics.proto), which the figures are
// written in directly: see encode_text.go for why not through dto values.
const (
	familyName   protowire.Number = 1
	familyHelp   protowire.Number = 2
	familyType   protowire.Number = 3
	familyMetric protowire.Number = 4
	familyUnit   protowire.Number = 5
	metricLabel  protowire.Number = 1
	metricGauge  protowire.Number = 2
	labelName    protowire.Number = 1
	labelValue   protowire.Number = 2
	gaugeValue   protowire.Number = 1
	// typeGauge is MetricType GAUGE.
	typeGauge = 1
)

// gaugeSize is the size of a Metric's gauge field: tag, length, and the
// Gauge message (tag and a fixed 64-bit double).
const gaugeSize = 1 + 1 + 1 + 8

// encodeProto encodes the figures as length-delimited MetricFamily
// messages, one per metric, then figures_source_info.
func encodeProto(c *compactSet) []segment {
	set := c.head
	w := segmentWriter{to: 1}
	var buf []byte
	sizes := []int{}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		figures := c.metrics[i].values
		values := make([]string, len(m.Labels))
		sizes = sizes[:0]
		for j := range figures {
			sizes = append(sizes, metricSize(m.Labels, c.labelValues(values, i, j)))
		}
		unit := unitOf(m)
		buf = appendFamilyHeader(buf[:0], m.Name, m.Help, unit, sizes)
		w.write(buf)
		for j, v := range figures {
			buf = appendMetric(buf[:0], sizes[j], m.Labels, c.labelValues(values, i, j), v)
			w.write(buf)
		}
		if unit != "" {
			w.write(appendFamilyUnit(buf[:0], unit))
		}
	}
	if sources := c.sourceInfo(); len(sources) > 0 {
		sizes = sizes[:0]
		for _, s := range sources {
			sizes = append(sizes, metricSize(s.names, s.values))
		}
		buf = appendFamilyHeader(buf[:0], sourceInfoName, sourceInfoHelp, "", sizes)
		w.write(buf)
		for i, s := range sources {
			buf = appendMetric(buf[:0], sizes[i], s.names, s.values, 1)
			w.write(buf)
		}
	}
	return w.done()
}

// appendFamilyHeader appends a family's length prefix and every field but
// its metrics, which follow, and its unit, which follows them (see
// appendFamilyUnit); sizes are the sizes of its Metric messages.
func appendFamilyHeader(b []byte, name, help, unit string, sizes []int) []byte {
	size := stringFieldSize(name) + stringFieldSize(help) + 1 + protowire.SizeVarint(typeGauge)
	if unit != "" {
		size += stringFieldSize(unit)
	}
	for _, s := range sizes {
		size += 1 + protowire.SizeBytes(s)
	}
	b = protowire.AppendVarint(b, uint64(size))
	b = appendStringField(b, familyName, name)
	b = appendStringField(b, familyHelp, help)
	b = protowire.AppendTag(b, familyType, protowire.VarintType)
	return protowire.AppendVarint(b, typeGauge)
}

// appendFamilyUnit appends a family's unit, after its metrics: field 5
// comes after field 4 in the order proto.Marshal writes fields, which the
// tests hold the encoding to byte for byte.
func appendFamilyUnit(b []byte, unit string) []byte {
	if unit == "" {
		return b
	}
	return appendStringField(b, familyUnit, unit)
}

// metricSize is the size of one Metric message.
func metricSize(labels, values []string) int {
	size := gaugeSize
	for i := range labels {
		size += 1 + protowire.SizeBytes(labelPairSize(labels[i], values[i]))
	}
	return size
}

func labelPairSize(name, value string) int {
	return stringFieldSize(name) + stringFieldSize(value)
}

// appendMetric appends one Metric of a family as a field of the family.
func appendMetric(b []byte, size int, labels, values []string, v float64) []byte {
	b = protowire.AppendTag(b, familyMetric, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(size))
	for i := range labels {
		b = protowire.AppendTag(b, metricLabel, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(labelPairSize(labels[i], values[i])))
		b = appendStringField(b, labelName, labels[i])
		b = appendStringField(b, labelValue, values[i])
	}
	b = protowire.AppendTag(b, metricGauge, protowire.BytesType)
	b = protowire.AppendVarint(b, 1+8)
	b = protowire.AppendTag(b, gaugeValue, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, math.Float64bits(v))
}

func stringFieldSize(s string) int { return 1 + protowire.SizeBytes(len(s)) }

func appendStringField(b []byte, n protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, n, protowire.BytesType)
	return protowire.AppendString(b, s)
}

package exposition

import (
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"github.com/figures-exporter/figures_exporter/config"
)

// format is an exposition format the exporter serves.
type format int

const (
	formatText format = iota
	formatOpenMetrics
	formatProtoDelim
	numFormats
)

// expfmtFormat is the format each is encoded in, for the self metrics.
var expfmtFormat = [numFormats]expfmt.Format{
	formatText:        expfmt.NewFormat(expfmt.TypeTextPlain),
	formatOpenMetrics: expfmt.NewFormat(expfmt.TypeOpenMetrics),
	formatProtoDelim:  expfmt.NewFormat(expfmt.TypeProtoDelim),
}

// Snapshot is a Set made ready to serve. It is built once per load and
// never changes. Its encodings are made on first use and kept: the text
// format and OpenMetrics together (they share their bytes), protobuf on its
// own, each plain or compressed as scrapers ask, so that a scraper that
// asks for one format (as Prometheus does, compressed) costs the memory of
// that alone.
type Snapshot struct {
	// data is the figures, in the snapshot's own compact form
	// (compact.go), what the encodings are made from.
	data   *compactSet
	series int
	// id names this snapshot's figures in ETags: random, so that no other
	// snapshot, in this process or another, is likely to share it.
	id uint64

	text  group // formatText and formatOpenMetrics
	proto group // formatProtoDelim

	// self is the self metrics that depend on the figures
	// (figures_exporter_figures), served after the figures of this
	// snapshot and with them, so that no scrape pairs one set's figures
	// with another's count.
	self *selfPart

	// used has a bit per format and encoding served, so that the next
	// snapshot can prepare the same before it replaces this one.
	used atomic.Uint32
}

// NewSnapshot prepares set for serving; encoding waits for first use or
// Prepare. The snapshot keeps a compact copy of set (compact.go) and
// nothing of set itself, which is garbage once the caller drops it.
func NewSnapshot(set *config.Set) *Snapshot {
	data := compact(set)
	s := &Snapshot{data: data, series: data.series(), id: rand.Uint64()}
	s.self = &selfPart{id: s.id, families: []*dto.MetricFamily{figuresFamily(s.series)}}
	s.text = group{members: 2, encode: func() []segment { return encodeTextAndOpenMetrics(data) }}
	s.proto = group{members: 1, encode: func() []segment { return encodeProto(data) }}
	return s
}

// figuresFamily is figures_exporter_figures for a snapshot of series
// figures.
func figuresFamily(series int) *dto.MetricFamily {
	return &dto.MetricFamily{
		Name:   proto.String(Namespace + "_figures"),
		Help:   proto.String("Figures (series) loaded and served, not counting figures_source_info."),
		Type:   dto.MetricType_GAUGE.Enum(),
		Metric: []*dto.Metric{{Gauge: &dto.Gauge{Value: proto.Float64(float64(series))}}},
	}
}

// Set returns the figures this snapshot serves as a config.Set equal to
// the one it was made from. It is rebuilt from the snapshot's compact form
// at each call, which for a large set costs memory and time in proportion
// to its figures: what needs the set's files, digest, sources or metrics
// without their figures should call Head.
func (s *Snapshot) Set() *config.Set { return s.data.set() }

// Metric returns the metric of that name with its figures, rebuilt from
// the compact form at each call like Set, at the cost of that one metric.
func (s *Snapshot) Metric(name string) (*config.Metric, bool) {
	i, ok := slices.BinarySearchFunc(s.data.head.Metrics, name, func(m config.Metric, name string) int { return strings.Compare(m.Name, name) })
	if !ok {
		return nil, false
	}
	m := s.data.metric(i)
	return &m, true
}

// Head is the set this snapshot serves without its figures: every field of
// the set as loaded (Files, Digest, WatchDirs, Sources…), and each metric's
// name, help and labels with no Figures. It costs nothing; the caller must
// not modify it.
func (s *Snapshot) Head() *config.Set { return s.data.head }

// Series is the number of figures served.
func (s *Snapshot) Series() int { return s.series }

// figures returns the figures in f, plain or compressed, encoding them on
// first use.
func (s *Snapshot) figures(f format, gzip bool) *encoded {
	g, member := &s.text, int(f)
	if f == formatProtoDelim {
		g, member = &s.proto, 0
	}
	if gzip {
		return g.zippedOf(member)
	}
	return g.plainOf(member)
}

// usedBit is the bit of s.used for format f, compressed or not.
func usedBit(f format, gzip bool) uint32 {
	bit := uint32(1) << (2 * f)
	if gzip {
		bit <<= 1
	}
	return bit
}

// markUsed records that f was served; cheap when it already was.
func (s *Snapshot) markUsed(f format, gzip bool) {
	if bit := usedBit(f, gzip); s.used.Load()&bit == 0 {
		s.used.Or(bit)
	}
}

// Prepare encodes now, rather than on the first scrape, what Prometheus
// asks for unless told otherwise: OpenMetrics, compressed (the text format
// shares its bytes). Protobuf, which only scrapers with native histograms
// ask for, is left to its first request or to Exporter.Publish, which
// prepares whatever the snapshot it replaces was asked for. Encoding cannot
// fail: the set was validated when loaded.
func (s *Snapshot) Prepare() error {
	s.prepare(usedBit(formatOpenMetrics, true))
	return nil
}

// prepare encodes every format and encoding whose bit is set in used.
func (s *Snapshot) prepare(used uint32) {
	for f := range numFormats {
		for _, gzip := range []bool{false, true} {
			if used&usedBit(f, gzip) != 0 {
				s.figures(f, gzip)
			}
		}
	}
}

// WriteText writes the figures alone, without self metrics, in the
// Prometheus text format: what `figures_exporter render` prints.
func (s *Snapshot) WriteText(w io.Writer) error {
	return s.write(w, formatText)
}

// WriteOpenMetrics writes the figures alone in OpenMetrics, with each
// family's # UNIT where its name ends with its unit, and the final # EOF.
func (s *Snapshot) WriteOpenMetrics(w io.Writer) error {
	if err := s.write(w, formatOpenMetrics); err != nil {
		return err
	}
	_, err := io.WriteString(w, "# EOF\n")
	return err
}

func (s *Snapshot) write(w io.Writer, f format) error {
	for _, part := range s.figures(f, false).parts {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

package exporter

import (
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/prometheus/common/expfmt"

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
// own, and the compressed form of each on its first gzip request, so that
// a scraper that asks for one format (as Prometheus does) costs the memory
// of that format alone.
type Snapshot struct {
	set    *config.Set
	series int
	// id names this snapshot's figures in ETags: random, so that no other
	// snapshot, in this process or another, is likely to share it.
	id uint64

	textOnce  sync.Once // encodes bodies[formatText] and bodies[formatOpenMetrics]
	protoOnce sync.Once // encodes bodies[formatProtoDelim]
	bodies    [numFormats]*body

	// used has a bit per format and encoding served, so that the next
	// snapshot can prepare the same before it replaces this one.
	used atomic.Uint32
}

// NewSnapshot prepares set for serving; encoding waits for first use or
// Prepare.
func NewSnapshot(set *config.Set) *Snapshot {
	return &Snapshot{set: set, series: set.Series(), id: rand.Uint64()}
}

// Set is the figures this snapshot serves.
func (s *Snapshot) Set() *config.Set { return s.set }

// Series is the number of figures served.
func (s *Snapshot) Series() int { return s.series }

// body returns the figures encoded in f, encoding them on first use.
func (s *Snapshot) body(f format) *body {
	if f == formatProtoDelim {
		s.protoOnce.Do(func() { s.bodies[formatProtoDelim] = newBody(encodeProto(s.set)) })
	} else {
		s.textOnce.Do(func() {
			text, om := encodeTextAndOpenMetrics(s.set)
			s.bodies[formatText], s.bodies[formatOpenMetrics] = newBody(text), newBody(om)
		})
	}
	return s.bodies[f]
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
// asks for unless told otherwise: OpenMetrics, compressed (and with it the
// text format, which shares its bytes). Protobuf, which only scrapers with
// native histograms ask for, is left to its first request or to
// Exporter.Publish, which also prepares whatever the snapshot it replaces
// was asked for. Encoding cannot fail: the set was validated when loaded.
func (s *Snapshot) Prepare() error {
	s.prepare(usedBit(formatOpenMetrics, true))
	return nil
}

// prepare encodes every format and encoding whose bit is set in used.
func (s *Snapshot) prepare(used uint32) {
	for f := range numFormats {
		if used&(usedBit(f, false)|usedBit(f, true)) != 0 {
			b := s.body(f)
			if used&usedBit(f, true) != 0 {
				b.deflated()
			}
		}
	}
}

// WriteText writes the figures alone, without self metrics, in the
// Prometheus text format: what `figures_exporter render` prints.
func (s *Snapshot) WriteText(w io.Writer) error {
	for _, b := range s.body(formatText).blocks {
		if _, err := w.Write(b.plain); err != nil {
			return err
		}
	}
	return nil
}

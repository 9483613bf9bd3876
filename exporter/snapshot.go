package exporter

import (
	"bytes"
	"compress/flate"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	dto "github.com/prometheus/client_model/go"
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

// expfmtFormat is the format each is encoded in.
var expfmtFormat = [numFormats]expfmt.Format{
	formatText:        expfmt.NewFormat(expfmt.TypeTextPlain),
	formatOpenMetrics: expfmt.NewFormat(expfmt.TypeOpenMetrics),
	formatProtoDelim:  expfmt.NewFormat(expfmt.TypeProtoDelim),
}

// Snapshot is a Set made ready to serve. It is built once per load and
// never changes; its encodings are made on first use and kept.
type Snapshot struct {
	set    *config.Set
	series int
	etag   string
	bodies [numFormats]encodedBody
}

// encodedBody is the figures in one format, plain and as a deflate stream
// that is flushed but not finished, so that a scrape can append its self
// metrics to both without touching the figures.
type encodedBody struct {
	once     sync.Once
	plain    []byte
	deflated []byte
	crc      uint32 // CRC-32 of plain, carried on into the gzip trailer
	err      error
}

// NewSnapshot prepares set for serving.
func NewSnapshot(set *config.Set) *Snapshot {
	return &Snapshot{
		set:    set,
		series: set.Series(),
		etag:   hex.EncodeToString(set.Digest[:16]),
	}
}

// Set is the figures this snapshot serves.
func (s *Snapshot) Set() *config.Set { return s.set }

// Series is the number of figures served.
func (s *Snapshot) Series() int { return s.series }

// body returns the figures encoded in f, encoding them on first use.
func (s *Snapshot) body(f format) (*encodedBody, error) {
	b := &s.bodies[f]
	b.once.Do(func() { b.err = b.encode(s.set, f) })
	return b, b.err
}

// Prepare encodes every format now rather than on the first scrape, so
// that a load's cost is paid before the new set is swapped in.
func (s *Snapshot) Prepare() error {
	for f := range numFormats {
		if _, err := s.body(f); err != nil {
			return err
		}
	}
	return nil
}

func (b *encodedBody) encode(set *config.Set, f format) error {
	var plain bytes.Buffer
	enc := expfmt.NewEncoder(&plain, expfmtFormat[f])
	// No Close: OpenMetrics' "# EOF" must come after the self metrics.
	if err := eachFamily(set, func(mf *dto.MetricFamily) error { return enc.Encode(mf) }); err != nil {
		return fmt.Errorf("encoding figures as %s: %w", expfmtFormat[f], err)
	}
	var deflated bytes.Buffer
	zw, err := flate.NewWriter(&deflated, flate.DefaultCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(plain.Bytes()); err != nil {
		return err
	}
	// A sync flush ends the stream on a byte boundary without a final
	// block, so more deflate blocks can follow it.
	if err := zw.Flush(); err != nil {
		return err
	}
	b.plain = bytes.Clone(plain.Bytes())
	b.deflated = bytes.Clone(deflated.Bytes())
	b.crc = crc32.ChecksumIEEE(b.plain)
	return nil
}

// WriteText writes the figures alone, without self metrics, in the
// Prometheus text format: what `figures_exporter render` prints.
func (s *Snapshot) WriteText(w io.Writer) error {
	b, err := s.body(formatText)
	if err != nil {
		return err
	}
	_, err = w.Write(b.plain)
	return err
}

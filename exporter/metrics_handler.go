package exporter

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/common/expfmt"
)

// offeredFormats are the formats /metrics negotiates, in order of
// preference when a client accepts several equally.
var offeredFormats = []expfmt.Format{
	expfmt.FmtProtoDelim,
	expfmt.FmtOpenMetrics_1_0_0,
	expfmt.FmtOpenMetrics_0_0_1,
	expfmt.FmtText,
}

// gzipHeader is a gzip member header with no name, time or extra fields.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// metricsHandler serves the current snapshot's prepared figures followed by
// the self metrics, gathered and encoded on each scrape.
type metricsHandler struct {
	exporter *Exporter
	logger   *slog.Logger
	buffers  sync.Pool // of *scrapeBuffers
}

// scrapeBuffers are reused between scrapes so that a scrape allocates
// nothing that grows with the figures.
type scrapeBuffers struct {
	self    bytes.Buffer
	zipped  bytes.Buffer
	deflate *flate.Writer
}

// MetricsHandler serves /metrics.
func (e *Exporter) MetricsHandler(logger *slog.Logger) http.Handler {
	return &metricsHandler{exporter: e, logger: logger}
}

func (h *metricsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD are allowed here", http.StatusMethodNotAllowed)
		return
	}
	snap := h.exporter.Current()
	negotiated := expfmt.NegotiateAccept(r.Header, offeredFormats...)
	f := formatOf(negotiated)
	figures, err := snap.body(f)
	if err != nil {
		h.logger.Error("cannot encode figures", "format", negotiated, "err", err)
		http.Error(w, "cannot encode figures: "+err.Error(), http.StatusInternalServerError)
		return
	}

	bufs, _ := h.buffers.Get().(*scrapeBuffers)
	if bufs == nil {
		bufs = &scrapeBuffers{}
	}
	defer h.buffers.Put(bufs)
	bufs.self.Reset()
	h.encodeSelf(&bufs.self, f)

	header := w.Header()
	header.Set("Content-Type", string(negotiated))
	header.Add("Vary", "Accept")
	header.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header) {
		header.Set("Content-Length", strconv.Itoa(len(figures.plain)+bufs.self.Len()))
		if r.Method == http.MethodHead {
			return
		}
		if _, err := w.Write(figures.plain); err == nil {
			_, _ = w.Write(bufs.self.Bytes())
		}
		return
	}

	// One gzip member: the figures' flushed deflate stream, then the self
	// metrics as the final deflate block, then a trailer over both.
	zipped := &bufs.zipped
	zipped.Reset()
	if bufs.deflate == nil {
		bufs.deflate, _ = flate.NewWriter(zipped, flate.BestSpeed)
	} else {
		bufs.deflate.Reset(zipped)
	}
	_, _ = bufs.deflate.Write(bufs.self.Bytes())
	_ = bufs.deflate.Close()
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.Update(figures.crc, crc32.IEEETable, bufs.self.Bytes()))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(len(figures.plain)+bufs.self.Len()))

	header.Set("Content-Encoding", "gzip")
	header.Set("Content-Length", strconv.Itoa(len(gzipHeader)+len(figures.deflated)+zipped.Len()+len(trailer)))
	if r.Method == http.MethodHead {
		return
	}
	for _, part := range [][]byte{gzipHeader, figures.deflated, zipped.Bytes(), trailer[:]} {
		if _, err := w.Write(part); err != nil {
			return
		}
	}
}

// encodeSelf writes the self metrics in format f, closing the exposition
// (OpenMetrics' "# EOF") since they come last.
func (h *metricsHandler) encodeSelf(buf *bytes.Buffer, f format) {
	families, err := h.exporter.self.Gather()
	if err != nil {
		// Serve what was gathered: the figures matter more than a self metric.
		h.logger.Warn("gathering self metrics", "err", err)
	}
	enc := expfmt.NewEncoder(buf, expfmtFormat[f])
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			h.logger.Warn("encoding self metrics", "err", err)
		}
	}
	if closer, ok := enc.(expfmt.Closer); ok {
		_ = closer.Close()
	}
}

func formatOf(f expfmt.Format) format {
	switch f.FormatType() {
	case expfmt.TypeOpenMetrics:
		return formatOpenMetrics
	case expfmt.TypeProtoDelim:
		return formatProtoDelim
	default:
		return formatText
	}
}

// acceptsGzip reports whether Accept-Encoding allows gzip; q=0 refuses it.
func acceptsGzip(h http.Header) bool {
	for _, value := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(value, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			if !strings.EqualFold(coding, "gzip") && coding != "*" {
				continue
			}
			q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
			if !ok {
				return true
			}
			weight, err := strconv.ParseFloat(q, 64)
			return err == nil && weight > 0
		}
	}
	return false
}

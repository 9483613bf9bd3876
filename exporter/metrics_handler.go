package exporter

import (
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
)

// gzipHeader is a gzip member header with no name, time or extra fields.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// Header values set on every response, shared rather than allocated per
// scrape; net/http only reads them.
var (
	varyValue = []string{"Accept, Accept-Encoding"}
	gzipValue = []string{"gzip"}
)

// closing is what ends a body after every part: plain, and as the final
// deflate block. OpenMetrics ends in "# EOF"; the other formats end in an
// empty block.
type closing struct {
	plain    []byte
	deflated []byte
}

var closings = [numFormats]closing{
	formatText:        {deflated: emptyFinalBlock},
	formatOpenMetrics: {plain: []byte("# EOF\n"), deflated: deflateFinal([]byte("# EOF\n"))},
	formatProtoDelim:  {deflated: emptyFinalBlock},
}

// emptyFinalBlock is a final deflate block with no data: a fixed-Huffman
// block (BFINAL=1, BTYPE=01) holding only the end-of-block code.
var emptyFinalBlock = []byte{0x03, 0x00}

// metricsHandler serves the current snapshot's prepared figures followed by
// the self metrics. A scrape encodes and compresses nothing in the common
// case: it writes bytes prepared for the snapshot and for the last gathering
// of the self metrics, and computes only the gzip trailer's checksum over
// the self metrics (kilobytes, not the figures' megabytes).
type metricsHandler struct {
	exporter *Exporter
	logger   *slog.Logger
	formats  negotiator
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
	neg := h.formats.negotiate(r.Header)
	f := neg.format
	gzip := acceptsGzip(r.Header)

	snap := h.exporter.Current()
	snap.markUsed(f, gzip)
	figures := snap.figures(f, gzip)
	state, err := h.exporter.selfMetrics.statePart()
	if err != nil {
		// Serve what was gathered: the figures matter more than a self metric.
		h.logger.Warn("gathering self metrics", "err", err)
	}
	runtime, err := h.exporter.selfMetrics.runtimePart()
	if err != nil {
		h.logger.Warn("gathering runtime metrics", "err", err)
	}
	parts := [...]*selfEncoding{state.encoding(f), runtime.encoding(f)}
	for _, p := range parts {
		if p.err != nil {
			h.logger.Warn("encoding self metrics", "format", neg.contentType[0], "err", p.err)
		}
	}
	end := closings[f]

	header := w.Header()
	header["Content-Type"] = neg.contentType
	header["Vary"] = varyValue
	tag := etag(snap.id, state.id, runtime.id, f, gzip)
	header["Etag"] = []string{tag}
	if noneMatch(r.Header, tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}

	if !gzip {
		size := figures.size + len(end.plain)
		for _, p := range parts {
			size += len(p.plain)
		}
		header["Content-Length"] = []string{strconv.Itoa(size)}
		if r.Method == http.MethodHead {
			return
		}
		for _, part := range figures.parts {
			if _, err := w.Write(part); err != nil {
				return
			}
		}
		for _, p := range parts {
			if _, err := w.Write(p.plain); err != nil {
				return
			}
		}
		_, _ = w.Write(end.plain)
		return
	}

	// One gzip member: the figures' deflate streams, the self metrics'
	// streams, the final block, then a trailer over all of it.
	size := len(gzipHeader) + figures.size + len(end.deflated) + 8
	crc, plainSize := figures.crc, figures.plainSize
	for _, p := range parts {
		size += len(p.deflated)
		crc = crc32.Update(crc, crc32.IEEETable, p.plain)
		plainSize += len(p.plain)
	}
	crc = crc32.Update(crc, crc32.IEEETable, end.plain)
	plainSize += len(end.plain)
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(plainSize))

	header["Content-Encoding"] = gzipValue
	header["Content-Length"] = []string{strconv.Itoa(size)}
	if r.Method == http.MethodHead {
		return
	}
	if _, err := w.Write(gzipHeader); err != nil {
		return
	}
	for _, part := range figures.parts {
		if _, err := w.Write(part); err != nil {
			return
		}
	}
	for _, p := range parts {
		if _, err := w.Write(p.deflated); err != nil {
			return
		}
	}
	if _, err := w.Write(end.deflated); err == nil {
		_, _ = w.Write(trailer[:])
	}
}

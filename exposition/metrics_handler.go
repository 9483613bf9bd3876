package exposition

import (
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
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
// the self metrics. A scrape encodes, compresses and checksums nothing in
// the common case: it writes bytes prepared for the snapshot, and for the
// combination of the snapshot and the last gathering of the self metrics.
type metricsHandler struct {
	exporter *Exporter
	logger   *slog.Logger
	formats  negotiator
	// meta is the last responseMeta of each format and encoding.
	meta [2 * numFormats]atomic.Pointer[responseMeta]
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
	// The snapshot's own self metrics first: they come with its figures.
	self := [...]*selfEncoding{h.encoding(snap.self, f), h.encoding(state, f), h.encoding(runtime, f)}
	meta := h.metaOf(snap, state, runtime, f, gzip, figures, self)

	header := w.Header()
	header["Content-Type"] = neg.contentType
	header["Vary"] = varyValue
	header["Etag"] = meta.etag
	if noneMatch(r.Header, meta.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gzip {
		header["Content-Encoding"] = gzipValue
	}
	header["Content-Length"] = meta.contentLength
	if r.Method == http.MethodHead {
		return
	}
	// Every part but the last is written as it is; the last was copied
	// together with what follows it, so that the response ends in one
	// write rather than a large one and a small one, each a system call
	// and a wake-up of the reader.
	if gzip && meta.before > 0 {
		_, _ = w.Write(gzipHeader) // buffered by net/http
	}
	for _, part := range figures.parts[:meta.before] {
		if _, err := w.Write(part); err != nil {
			return
		}
	}
	_, _ = w.Write(meta.last)
}

// encoding returns part p of the self metrics in f, logging once why it
// could not all be encoded.
func (h *metricsHandler) encoding(p *selfPart, f format) *selfEncoding {
	e, fresh := p.encoding(f)
	if fresh && e.err != nil {
		h.logger.Warn("encoding self metrics", "format", expfmtFormat[f], "err", e.err)
	}
	return e
}

// responseMeta is what a response needs besides the figures' parts, the
// same for every scrape of the same figures and self metrics in the same
// format and encoding: made once and reused, it spares each scrape a
// checksum over the self metrics, copying and a few allocations.
type responseMeta struct {
	key           [4]uint64 // snapshot, state part, runtime part, format and encoding
	etag          []string
	contentLength []string
	// last is the response's last write: the figures' last part unless it
	// is large (with the gzip header when nothing comes before), the self
	// metrics, the end and, with gzip, the trailer. before is how many of
	// the figures' parts are written before it, as they are.
	last   []byte
	before int
}

// copyLastBelow is the size up to which the figures' last part is copied
// into a response's last write. A copy of a larger part would cost more
// (in memory, and in copying it again at every gathering of the runtime
// metrics) than the one write it saves.
const copyLastBelow = 256 << 10

func (h *metricsHandler) metaOf(snap *Snapshot, state, runtime *selfPart, f format, gzip bool, figures *encoded, self [3]*selfEncoding) *responseMeta {
	variant := uint64(f) << 1
	if gzip {
		variant |= 1
	}
	key := [4]uint64{snap.id, state.id, runtime.id, variant}
	slot := &h.meta[variant]
	if m := slot.Load(); m != nil && m.key == key {
		return m
	}
	end := closings[f]
	m := &responseMeta{key: key, etag: []string{etag(snap.id, state.id, runtime.id, f, gzip)}}
	var last []byte
	m.before = len(figures.parts)
	if n := len(figures.parts); n > 0 && len(figures.parts[n-1]) <= copyLastBelow {
		m.before = n - 1
	}
	if gzip && m.before == 0 {
		last = append(last, gzipHeader...)
	}
	for _, part := range figures.parts[m.before:] {
		last = append(last, part...)
	}
	size := figures.size
	if !gzip {
		for _, p := range [][]byte{self[0].plain, self[1].plain, self[2].plain, end.plain} {
			last = append(last, p...)
			size += len(p)
		}
	} else {
		crc, plainSize := figures.crc, figures.plainSize
		for _, p := range [][]byte{self[0].plain, self[1].plain, self[2].plain, end.plain} {
			crc = crc32.Update(crc, crc32.IEEETable, p)
			plainSize += len(p)
		}
		var trailer [8]byte
		binary.LittleEndian.PutUint32(trailer[:4], crc)
		binary.LittleEndian.PutUint32(trailer[4:], uint32(plainSize))
		size += len(gzipHeader)
		for _, p := range [][]byte{self[0].deflated, self[1].deflated, self[2].deflated, end.deflated, trailer[:]} {
			last = append(last, p...)
			size += len(p)
		}
	}
	m.last = last
	m.contentLength = []string{strconv.Itoa(size)}
	slot.Store(m)
	return m
}

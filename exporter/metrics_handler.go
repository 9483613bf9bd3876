package exporter

import (
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
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
// the self metrics. A scrape encodes and compresses nothing in the common
// case: it writes bytes prepared for the snapshot and for the last gathering
// of the self metrics, and computes only the gzip trailer's checksum over
// the self metrics (kilobytes, not the figures' megabytes).
type metricsHandler struct {
	exporter *Exporter
	logger   *slog.Logger
	formats  negotiator
	buffers  sync.Pool // of *[]byte, for write
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
	parts := [...]*selfEncoding{h.encoding(state, f), h.encoding(runtime, f)}
	end := closings[f]
	meta := h.metaOf(snap, state, runtime, f, gzip, figures, parts)

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
	if !gzip {
		h.write(w, figures.parts, nil, parts[0].plain, parts[1].plain, end.plain)
		return
	}
	// One gzip member: the figures' deflate streams, the self metrics'
	// streams, the final block, then a trailer over all of it.
	h.write(w, figures.parts, gzipHeader, parts[0].deflated, parts[1].deflated, end.deflated, meta.trailer[:])
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

// responseMeta is what a response needs besides its parts, the same for
// every scrape of the same figures and self metrics in the same format and
// encoding: made once and reused, it spares each scrape a checksum over the
// self metrics and a few allocations.
type responseMeta struct {
	key           [4]uint64 // snapshot, state part, runtime part, format and encoding
	etag          []string
	contentLength []string
	trailer       [8]byte // of a gzip member: CRC-32 and size of the plain body
}

func (h *metricsHandler) metaOf(snap *Snapshot, state, runtime *selfPart, f format, gzip bool, figures *encoded, parts [2]*selfEncoding) *responseMeta {
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
	size := figures.size
	if !gzip {
		size += len(parts[0].plain) + len(parts[1].plain) + len(end.plain)
	} else {
		size += len(gzipHeader) + len(parts[0].deflated) + len(parts[1].deflated) + len(end.deflated) + len(m.trailer)
		crc := figures.crc
		for _, p := range [][]byte{parts[0].plain, parts[1].plain, end.plain} {
			crc = crc32.Update(crc, crc32.IEEETable, p)
		}
		plainSize := figures.plainSize + len(parts[0].plain) + len(parts[1].plain) + len(end.plain)
		binary.LittleEndian.PutUint32(m.trailer[:4], crc)
		binary.LittleEndian.PutUint32(m.trailer[4:], uint32(plainSize))
	}
	m.contentLength = []string{strconv.Itoa(size)}
	slot.Store(m)
	return m
}

// coalesceBelow is the size under which pieces of a response are copied
// into one buffer and written at once: each write to a connection can cost
// a system call and a wake-up of the reader, which for a small scrape costs
// more than copying it.
const coalesceBelow = 64 << 10

// write writes the figures' parts, with head before them and tail after
// them, in as few writes as copying small pieces together allows.
func (h *metricsHandler) write(w http.ResponseWriter, figures [][]byte, head []byte, tail ...[]byte) {
	bp, _ := h.buffers.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	buf := append((*bp)[:0], head...)
	defer func() {
		if cap(buf) <= 4*coalesceBelow {
			*bp = buf[:0]
			h.buffers.Put(bp)
		}
	}()
	for _, part := range figures {
		if len(buf)+len(part) <= coalesceBelow {
			buf = append(buf, part...)
			continue
		}
		if len(buf) > 0 {
			if _, err := w.Write(buf); err != nil {
				return
			}
			buf = buf[:0]
		}
		if _, err := w.Write(part); err != nil {
			return
		}
	}
	for _, t := range tail {
		buf = append(buf, t...)
	}
	_, _ = w.Write(buf)
}

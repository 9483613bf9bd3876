package exposition

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"runtime"
	"sync"
	"sync/atomic"
)

// blockSize is about how many bytes of encoded figures a segment holds.
// Small enough that the segments of a large set compress in parallel and
// that a segment's deflate window stays in cache; large enough that
// compressing each segment on its own costs well under 1% in size.
const blockSize = 1 << 20

// figuresLevel is the compression of the figures: BestSpeed compresses the
// figures about four times faster than the default level for about a tenth
// more bytes, which matters at a million series, where compressing is
// much of what makes a new set servable.
const figuresLevel = flate.BestSpeed

// segment is a run of encoded figures and the formats of its group it
// belongs to (a bit per member: the text format and OpenMetrics share most
// of their segments).
type segment struct {
	data []byte
	to   uint8
}

// encoded is the figures in one format and encoding, ready to write: its
// parts in order, their total size, and the size and CRC-32 of the plain
// bytes, which a gzip trailer carries.
type encoded struct {
	parts     [][]byte
	size      int
	plainSize int
	crc       uint32
}

// group is the formats encoded together: the text format and OpenMetrics,
// or protobuf alone. Each is kept plain only once a scraper asked for it
// plain, and compressed only once one asked for gzip: Prometheus always
// asks for gzip, so the exporter it scrapes keeps only compressed figures,
// about a tenth of their size.
type group struct {
	members int // formats in the group
	encode  func() []segment

	mu       sync.Mutex // held while encoding
	segments []segment  // kept once a scraper asked for plain
	plain    atomic.Pointer[[2]encoded]
	zipped   atomic.Pointer[[2]encoded]
}

// plainOf returns member i of the group plain, encoding it on first use.
func (g *group) plainOf(i int) *encoded {
	if p := g.plain.Load(); p != nil {
		return &p[i]
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if p := g.plain.Load(); p != nil {
		return &p[i]
	}
	g.segments = g.encode()
	p := g.assemble(g.segments, nil)
	g.plain.Store(&p)
	releaseLoadMemory()
	return &p[i]
}

// zippedOf returns member i of the group as deflate streams, each ending in
// a sync flush, on a byte boundary and without a final block, so that they
// concatenate into one valid stream. Segments compress in parallel; unless
// a scraper asked for them plain, the plain segments are garbage after.
func (g *group) zippedOf(i int) *encoded {
	if z := g.zipped.Load(); z != nil {
		return &z[i]
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if z := g.zipped.Load(); z != nil {
		return &z[i]
	}
	segs := g.segments
	if segs == nil {
		segs = g.encode()
	}
	deflated := make([][]byte, len(segs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(segs)) {
		wg.Go(func() {
			for j := range work {
				deflated[j] = deflateFlushed(segs[j].data, figuresLevel)
			}
		})
	}
	for j := range segs {
		work <- j
	}
	close(work)
	wg.Wait()
	z := g.assemble(segs, deflated)
	g.zipped.Store(&z)
	// Encoding left garbage the size of the plain figures, or more.
	releaseLoadMemory()
	return &z[i]
}

// assemble lays out each member's parts: the plain segments, or their
// deflated forms when given. Deflated segments that follow one another and
// belong to the same members are joined into one part: a compressed
// million series is about 90 segments of 100 KB, and writing each on its
// own costs a system call (and often a wait for the socket) apiece, where
// a static server writes the same bytes at once. Plain segments, ten times
// larger, stay apart; joining them would cost a second copy of the figures
// while joining.
func (g *group) assemble(segs []segment, deflated [][]byte) [2]encoded {
	var out [2]encoded
	for m := range g.members {
		e := &out[m]
		for _, s := range segs {
			if s.to&(1<<m) != 0 {
				e.plainSize += len(s.data)
				e.crc = crc32.Update(e.crc, crc32.IEEETable, s.data)
			}
		}
	}
	for start := 0; start < len(segs); {
		end := start + 1
		if deflated != nil {
			for end < len(segs) && segs[end].to == segs[start].to {
				end++
			}
		}
		part := segs[start].data
		if deflated != nil {
			part = deflated[start]
			if end-start > 1 {
				part = bytes.Join(deflated[start:end], nil)
			}
		}
		for m := range g.members {
			if segs[start].to&(1<<m) != 0 {
				out[m].parts = append(out[m].parts, part)
				out[m].size += len(part)
			}
		}
		start = end
	}
	return out
}

// deflateFlushed compresses p into a deflate stream that ends in a sync
// flush; see group.zippedOf.
func deflateFlushed(p []byte, level int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(p)/4 + 64)
	zw, _ := flate.NewWriter(&buf, level) // level is one of flate's constants
	_, _ = zw.Write(p)                    // a bytes.Buffer does not fail
	_ = zw.Flush()
	return bytes.Clone(buf.Bytes())
}

// deflateFinal compresses p into the last blocks of a deflate stream.
func deflateFinal(p []byte) []byte {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	_, _ = zw.Write(p)
	_ = zw.Close()
	return buf.Bytes()
}

// segmentWriter cuts appended records into segments of about blockSize,
// between records, so that no segment is reallocated as it fills.
type segmentWriter struct {
	segments []segment
	cur      []byte
	to       uint8
}

// write appends one record (a line, a message); records are never split.
func (w *segmentWriter) write(p []byte) {
	if len(w.cur) > 0 && len(w.cur)+len(p) > cap(w.cur) {
		w.cut()
	}
	if w.cur == nil {
		w.cur = make([]byte, 0, max(blockSize, len(p)))
	}
	w.cur = append(w.cur, p...)
}

// cut ends the current segment, trimmed to its size.
func (w *segmentWriter) cut() {
	if len(w.cur) == 0 {
		return
	}
	data := w.cur
	if cap(data)-len(data) > len(data)/16 {
		data = bytes.Clone(data)
	}
	w.segments = append(w.segments, segment{data: data, to: w.to})
	w.cur = nil
}

// add ends the current segment and appends s after it.
func (w *segmentWriter) add(s segment) {
	w.cut()
	w.segments = append(w.segments, s)
}

// done ends the current segment and returns them all.
func (w *segmentWriter) done() []segment {
	w.cut()
	return w.segments
}

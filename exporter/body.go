package exporter

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"runtime"
	"sync"
)

// blockSize is about how many bytes of encoded figures a block holds. Small
// enough that the blocks of a large set compress in parallel and that a
// block's deflate state stays in cache; large enough that compressing each
// block on its own costs well under 1% in size.
const blockSize = 1 << 20

// figuresLevel is the compression of the figures: BestSpeed compresses the
// figures about four times faster than the default level for about a tenth
// more bytes, which matters more at a million series, where compressing
// is most of what makes a new set servable.
const figuresLevel = flate.BestSpeed

// block is a run of encoded figures. Its deflate stream is made on first
// use; it is a raw deflate stream that ends in a sync flush, on a byte
// boundary and without a final block, so that the streams of consecutive
// blocks, each made on its own, concatenate into one valid stream.
type block struct {
	plain    []byte
	once     sync.Once
	deflated []byte
}

func (b *block) deflate() {
	b.once.Do(func() { b.deflated = deflateFlushed(b.plain, figuresLevel) })
}

// deflateFlushed compresses p into a deflate stream that ends in a sync
// flush; see block.
func deflateFlushed(p []byte, level int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(p)/4 + 64)
	zw, _ := flate.NewWriter(&buf, level) // level is one of flate's constants
	_, _ = zw.Write(p)                    // a bytes.Buffer does not fail
	_ = zw.Flush()
	return bytes.Clone(buf.Bytes())
}

// body is the figures in one format: its blocks in order, shared with other
// formats where their bytes are the same.
type body struct {
	blocks []*block
	size   int    // bytes of plain
	crc    uint32 // CRC-32 of plain, carried on into the gzip trailer

	zipOnce sync.Once
	zipSize int // bytes of the deflate streams, once zipOnce is done
}

func newBody(blocks []*block) *body {
	b := &body{blocks: blocks}
	for _, bl := range blocks {
		b.size += len(bl.plain)
		b.crc = crc32.Update(b.crc, crc32.IEEETable, bl.plain)
	}
	return b
}

// deflated compresses every block of the body that is not compressed yet,
// on every core, and returns the total compressed size.
func (b *body) deflated() int {
	b.zipOnce.Do(func() {
		work := make(chan *block)
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), len(b.blocks)) {
			wg.Go(func() {
				for bl := range work {
					bl.deflate()
				}
			})
		}
		for _, bl := range b.blocks {
			work <- bl
		}
		close(work)
		wg.Wait()
		for _, bl := range b.blocks {
			b.zipSize += len(bl.deflated)
		}
	})
	return b.zipSize
}

// blockWriter cuts appended records into blocks of about blockSize,
// between records, so that no block is reallocated as it fills.
type blockWriter struct {
	blocks []*block
	cur    []byte
}

// write appends one record (a line, a message); records are never split.
func (w *blockWriter) write(p []byte) {
	if len(w.cur) > 0 && len(w.cur)+len(p) > cap(w.cur) {
		w.cut()
	}
	if w.cur == nil {
		w.cur = make([]byte, 0, max(blockSize, len(p)))
	}
	w.cur = append(w.cur, p...)
}

// cut ends the current block, trimmed to its size.
func (w *blockWriter) cut() {
	if len(w.cur) == 0 {
		return
	}
	plain := w.cur
	if cap(plain)-len(plain) > len(plain)/16 {
		plain = bytes.Clone(plain)
	}
	w.blocks = append(w.blocks, &block{plain: plain})
	w.cur = nil
}

// take cuts the current block and returns every block so far.
func (w *blockWriter) take() []*block {
	w.cut()
	blocks := w.blocks
	w.blocks = nil
	return blocks
}

// deflateFinal compresses p into the last blocks of a deflate stream.
func deflateFinal(p []byte) []byte {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	_, _ = zw.Write(p)
	_ = zw.Close()
	return buf.Bytes()
}

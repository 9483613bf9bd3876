package exposition

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"

	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// BenchmarkSnapshotMemory reports the live heap a snapshot holds, the
// number issue 4's memory goal is about (resident size at most 3× the text
// exposition), without the noise of a whole process on a shared machine:
// heap-B once prepared as Prometheus scrapes (OpenMetrics, gzip), all-B once
// every format and encoding was encoded, set-B for the snapshot's copy of
// the set alone, and text-B the size of the text exposition. The set the
// snapshot was made from is dropped before measuring, as the binary drops
// the loaded set.
//
//	go test ./exposition -run '^$' -bench SnapshotMemory -benchtime 1x
func BenchmarkSnapshotMemory(b *testing.B) {
	for _, size := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("series=%d", size), func(b *testing.B) {
			var set, prom, all, text float64
			for b.Loop() {
				base := liveHeap()
				s := newSyntheticSnapshot(b, size)
				set = liveHeap() - base
				if err := s.Prepare(); err != nil {
					b.Fatal(err)
				}
				prom = liveHeap() - base
				s.prepare(^uint32(0))
				all = liveHeap() - base
				text = float64(s.figures(formatText, false).size)
				runtime.KeepAlive(s)
			}
			b.ReportMetric(set, "set-B")
			b.ReportMetric(prom, "heap-B")
			b.ReportMetric(all, "all-B")
			b.ReportMetric(text, "text-B")
			b.ReportMetric(all/text, "all/text")
		})
	}
}

// newSyntheticSnapshot is a snapshot of size synthetic series; the set it
// was made from is garbage on return.
func newSyntheticSnapshot(b *testing.B, size int) *Snapshot {
	set, err := synth.Set(size)
	if err != nil {
		b.Fatal(err)
	}
	return NewSnapshot(set)
}

// liveHeap is the heap still reachable after a full collection.
func liveHeap() float64 {
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return float64(s[0].Value.Uint64())
}

package exposition

import (
	"bytes"
	"compress/flate"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// How old each part of the self metrics may be when served. Gathering the
// Go runtime and process metrics (go_*, process_*) reads /proc and the
// runtime's statistics, about a millisecond, more than serving a small set
// of figures takes; gathering the metrics registered on Registerer() (build
// info, reloads) through a registry costs a few microseconds, about what a
// whole small scrape costs. A scrape within maxAge of the last gathering
// reuses it. Prometheus scrapes once a second at most often, so its every
// scrape still sees fresh values. A reload shows in the self metrics at
// once: the reloader says so (Exporter.SelfMetricsChanged).
const (
	runtimeMaxAge = 250 * time.Millisecond
	stateMaxAge   = 250 * time.Millisecond
)

// selfMetrics gathers and encodes the exporter's own metrics, which follow
// the figures in every scrape: the metrics registered on Registerer(), and
// the runtime metrics when they are on. Each part is gathered with its
// registry's Gather (a prometheus.Gatherer) at most every maxAge and
// encoded with expfmt on first use in each format, so that a scrape
// encodes and compresses nothing in the common case. A gathering whose
// families are those of the last one keeps the last part, its encodings
// and its id (and so the ETags of the bodies it is in).
type selfMetrics struct {
	state, runtime selfSource
	now            func() time.Time
}

// selfSource is one part of the self metrics and its last gathering.
type selfSource struct {
	gatherer prometheus.Gatherer // nil: the part is off
	maxAge   time.Duration
	// keep says to keep the last part when a gathering is the same: for
	// the state, which changes seldom; the runtime metrics change at every
	// gathering.
	keep  bool
	mu    sync.Mutex // held while gathering
	cache atomic.Pointer[selfPart]
	// gen counts the changes announced by Exporter.SelfMetricsChanged: a
	// part gathered before the last one is not served.
	gen atomic.Uint64
}

func newSelfMetrics(state, runtime *prometheus.Registry) *selfMetrics {
	s := &selfMetrics{now: time.Now}
	s.state.gatherer, s.state.maxAge, s.state.keep = state, stateMaxAge, true
	s.runtime.maxAge = runtimeMaxAge
	if runtime != nil {
		s.runtime.gatherer = runtime
	}
	return s
}

// selfPart is one gathering of self metrics, encoded in each format on
// first use.
type selfPart struct {
	// id names this gathering in ETags, random for the same reason as
	// Snapshot.id.
	id       uint64
	families []*dto.MetricFamily
	key      []byte        // the families in the text format, to tell gatherings of the state apart
	at       atomic.Int64  // when they were gathered, or last found unchanged (Unix nanoseconds)
	gen      atomic.Uint64 // selfSource.gen when they were gathered
	enc      [numFormats]selfEncoding
}

// selfEncoding is a part of the self metrics in one format, plain and as a
// deflate stream ending in a sync flush (see block).
type selfEncoding struct {
	once     sync.Once
	plain    []byte
	deflated []byte
	err      error
}

// noSelf stands for runtime metrics that are off.
var noSelf = &selfPart{}

// encoding returns the part encoded in f, encoding it on first use; fresh
// says whether this call encoded it.
func (p *selfPart) encoding(f format) (e *selfEncoding, fresh bool) {
	e = &p.enc[f]
	e.once.Do(func() {
		fresh = true
		families := p.families
		if f == formatOpenMetrics {
			families = withoutCounterClashes(families)
		}
		// No Close: OpenMetrics' "# EOF" ends the whole exposition, after
		// every part.
		e.plain, e.err = encodeFamilies(families, f)
		e.deflated = deflateFlushed(e.plain, flate.BestSpeed)
	})
	return e, fresh
}

// encodeFamilies encodes families with expfmt in f.
func encodeFamilies(families []*dto.MetricFamily, f format) ([]byte, error) {
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmtFormat[f])
	var errs []error
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			errs = append(errs, err)
		}
	}
	return buf.Bytes(), errors.Join(errs...)
}

// withoutCounterClashes leaves out the families that OpenMetrics would
// give the name of a counter: it names a counter's family without _total,
// so the Go collector's gauge go_memstats_alloc_bytes and counter
// go_memstats_alloc_bytes_total would be one family twice, which strict
// parsers refuse (client_golang issue 829). The gauge goes: its value is
// also served as go_memstats_heap_alloc_bytes.
func withoutCounterClashes(families []*dto.MetricFamily) []*dto.MetricFamily {
	counters := map[string]bool{}
	for _, mf := range families {
		if name, ok := strings.CutSuffix(mf.GetName(), "_total"); ok && mf.GetType() == dto.MetricType_COUNTER {
			counters[name] = true
		}
	}
	kept := make([]*dto.MetricFamily, 0, len(families))
	for _, mf := range families {
		if mf.GetType() == dto.MetricType_COUNTER || !counters[mf.GetName()] {
			kept = append(kept, mf)
		}
	}
	return kept
}

// stateChanged makes the next scrape gather the state metrics anew.
func (s *selfMetrics) stateChanged() { s.state.gen.Add(1) }

// statePart returns the metrics registered on Registerer().
func (s *selfMetrics) statePart() (*selfPart, error) { return s.part(&s.state) }

// runtimePart returns the runtime metrics, or noSelf when they are off.
func (s *selfMetrics) runtimePart() (*selfPart, error) { return s.part(&s.runtime) }

// part returns src's last gathering when it is younger than src.maxAge,
// else gathers anew. A registry's Gather returns what it could gather
// with the error of what it could not, and that is served: the figures
// matter more than a self metric.
func (s *selfMetrics) part(src *selfSource) (*selfPart, error) {
	if src.gatherer == nil {
		return noSelf, nil
	}
	fresh := func(p *selfPart, now time.Time) bool {
		return p != nil && p.gen.Load() == src.gen.Load() && now.UnixNano()-p.at.Load() < int64(src.maxAge)
	}
	if p := src.cache.Load(); fresh(p, s.now()) {
		return p, nil
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	// Another scrape may have gathered while this one waited.
	now := s.now()
	last := src.cache.Load()
	if fresh(last, now) {
		return last, nil
	}
	gen := src.gen.Load() // before gathering: a change announced during it is gathered next time
	families, err := src.gatherer.Gather()
	var key []byte
	if src.keep {
		key, _ = encodeFamilies(families, formatText)
		if last != nil && err == nil && bytes.Equal(last.key, key) {
			// Nothing changed: the same part, its encodings and its id.
			last.gen.Store(gen)
			last.at.Store(now.UnixNano())
			return last, nil
		}
	}
	p := &selfPart{id: rand.Uint64(), families: families, key: key}
	p.gen.Store(gen)
	p.at.Store(now.UnixNano())
	src.cache.Store(p)
	return p, err
}

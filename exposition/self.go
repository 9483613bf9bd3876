package exposition

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"
)

// runtimeMaxAge is how old the Go runtime and process metrics (go_*,
// process_*) may be when served. Gathering them reads /proc and the
// runtime's statistics, about a millisecond, more than serving a
// small set of figures takes; a scrape within runtimeMaxAge of the last
// gathering reuses it. Prometheus scrapes once a second at most often, so
// its every scrape still sees fresh values.
const runtimeMaxAge = 250 * time.Millisecond

// maxDescs bounds the cache of what each metric description is called; a
// collector that makes new descriptions on every collection would
// otherwise grow it without end.
const maxDescs = 1024

// selfMetrics gathers and encodes the exporter's own metrics, which follow
// the figures in every scrape. The metrics registered on Registerer() (build
// info, reloads) are collected on every scrape, and encoded
// again only when their values changed; the runtime metrics are gathered at
// most every runtimeMaxAge. Either way a scrape encodes and compresses
// nothing in the common case, and never serves a value older than it must.
type selfMetrics struct {
	state   *prometheus.Registry
	runtime *prometheus.Registry // nil when runtime metrics are off
	now     func() time.Time

	stateCache   atomic.Pointer[selfPart]
	runtimeMu    sync.Mutex // held while the runtime metrics are gathered
	runtimeCache atomic.Pointer[selfPart]

	descMu sync.Mutex
	descs  map[*prometheus.Desc]*dto.MetricFamily // name, help, type and unit of each

	collections sync.Pool // of *collection
}

func newSelfMetrics(state, runtime *prometheus.Registry) *selfMetrics {
	return &selfMetrics{
		state:   state,
		runtime: runtime,
		now:     time.Now,
		descs:   map[*prometheus.Desc]*dto.MetricFamily{},
	}
}

// selfPart is one gathering of self metrics, encoded in each format on
// first use.
type selfPart struct {
	// id names this gathering in ETags, random for the same reason as
	// Snapshot.id.
	id       uint64
	families []*dto.MetricFamily
	// key and descs identify a gathering of the state metrics: the
	// collected values, and the descriptions they were collected with,
	// held so that no other description can take their addresses.
	key   []byte
	descs []*prometheus.Desc
	at    time.Time // when the runtime metrics were gathered
	enc   [numFormats]selfEncoding
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
		var buf bytes.Buffer
		enc := expfmt.NewEncoder(&buf, expfmtFormat[f])
		families := p.families
		if f == formatOpenMetrics {
			families = withoutCounterClashes(families)
		}
		for _, mf := range families {
			if err := enc.Encode(mf); err != nil {
				e.err = errors.Join(e.err, err)
			}
		}
		// No Close: OpenMetrics' "# EOF" ends the whole exposition, after
		// every part.
		e.plain = buf.Bytes()
		e.deflated = deflateFlushed(e.plain, flate.BestSpeed)
	})
	return e, fresh
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

// runtimePart returns the runtime metrics, gathering them when the last
// gathering is older than runtimeMaxAge.
func (s *selfMetrics) runtimePart() (*selfPart, error) {
	if s.runtime == nil {
		return noSelf, nil
	}
	if p := s.runtimeCache.Load(); p != nil && s.now().Sub(p.at) < runtimeMaxAge {
		return p, nil
	}
	s.runtimeMu.Lock()
	defer s.runtimeMu.Unlock()
	// Another scrape may have gathered while this one waited.
	now := s.now()
	if p := s.runtimeCache.Load(); p != nil && now.Sub(p.at) < runtimeMaxAge {
		return p, nil
	}
	families, err := s.runtime.Gather()
	p := &selfPart{id: rand.Uint64(), families: families, at: now}
	s.runtimeCache.Store(p)
	return p, err
}

// collection is what one scrape collected from the state registry.
type collection struct {
	metrics []collected
	values  []*dto.Metric // reused from scrape to scrape
	order   []int         // metrics sorted by record
	records []byte        // each metric's description and value, in turn
	key     []byte        // the records, sorted: the same values give the same key
}

type collected struct {
	metric prometheus.Metric
	desc   *prometheus.Desc
	value  *dto.Metric
	record [2]int // the metric's record in collection.records
	err    error
}

// statePart returns the metrics registered on Registerer(), collected now,
// and reuses the previous encoding when nothing changed. The decision rests
// on the values collected by this very scrape, and a new encoding is made
// from those same values, so a scrape never serves values that differ from
// what it collected.
func (s *selfMetrics) statePart() (*selfPart, error) {
	c, _ := s.collections.Get().(*collection)
	if c == nil {
		c = &collection{}
	}
	defer s.release(c)
	s.collect(c)
	if p := s.stateCache.Load(); p != nil && bytes.Equal(p.key, c.key) {
		return p, nil
	}
	p, err := s.familiesOf(c)
	s.stateCache.Store(p)
	return p, err
}

func (s *selfMetrics) release(c *collection) {
	// Drop references to metrics and descriptions, so that a pooled
	// collection holds nothing alive.
	clear(c.metrics)
	c.metrics = c.metrics[:0]
	s.collections.Put(c)
}

// collect collects every metric of the state registry into c and computes
// c.key.
func (s *selfMetrics) collect(c *collection) {
	ch := make(chan prometheus.Metric, 16)
	go func() {
		s.state.Collect(ch)
		close(ch)
	}()
	c.records = c.records[:0]
	for m := range ch {
		if len(c.values) == len(c.metrics) {
			c.values = append(c.values, &dto.Metric{})
		}
		value := c.values[len(c.metrics)]
		value.Reset()
		c.metrics = append(c.metrics, collected{metric: m, desc: m.Desc(), value: value})
		cm := &c.metrics[len(c.metrics)-1]
		cm.err = m.Write(value)
		start := len(c.records)
		c.records = binary.LittleEndian.AppendUint64(c.records, uint64(reflect.ValueOf(cm.desc).Pointer()))
		c.records = appendValue(c.records, value)
		cm.record = [2]int{start, len(c.records)}
	}
	// Collectors (a registry's map of them, a vector's map of children)
	// send in no fixed order.
	c.order = c.order[:0]
	for i := range c.metrics {
		c.order = append(c.order, i)
	}
	record := func(i int) []byte { return c.records[c.metrics[i].record[0]:c.metrics[i].record[1]] }
	slices.SortFunc(c.order, func(a, b int) int { return bytes.Compare(record(a), record(b)) })
	c.key = c.key[:0]
	for _, i := range c.order {
		c.key = strconv.AppendInt(c.key, int64(len(record(i))), 10)
		c.key = append(c.key, ':')
		c.key = append(c.key, record(i)...)
	}
}

// appendValue appends what m says, in a form where different metrics
// differ: labels and the value itself for the plain kinds of metric the
// state registry holds, and the whole message for anything else.
func appendValue(b []byte, m *dto.Metric) []byte {
	for _, l := range m.Label {
		b = appendString(b, l.GetName())
		b = appendString(b, l.GetValue())
	}
	if m.TimestampMs != nil {
		b = append(b, 't')
		b = binary.LittleEndian.AppendUint64(b, uint64(m.GetTimestampMs()))
	}
	switch {
	case m.Gauge != nil && m.Summary == nil && m.Counter == nil && m.Untyped == nil && m.Histogram == nil:
		b = append(b, 'g')
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Gauge.GetValue()))
	case m.Untyped != nil && m.Summary == nil && m.Counter == nil && m.Gauge == nil && m.Histogram == nil:
		b = append(b, 'u')
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Untyped.GetValue()))
	case m.Counter != nil && m.Counter.Exemplar == nil && m.Summary == nil && m.Gauge == nil && m.Untyped == nil && m.Histogram == nil:
		b = append(b, 'c')
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Counter.GetValue()))
		if ts := m.Counter.CreatedTimestamp; ts != nil {
			b = binary.LittleEndian.AppendUint64(b, uint64(ts.GetSeconds()))
			b = binary.LittleEndian.AppendUint32(b, uint32(ts.GetNanos()))
		}
		return b
	}
	b = append(b, 'p')
	b, _ = proto.MarshalOptions{Deterministic: true}.MarshalAppend(b, m)
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// familiesOf groups the metrics of c into families, as a registry's Gather
// would, and makes a new part of them.
func (s *selfMetrics) familiesOf(c *collection) (*selfPart, error) {
	p := &selfPart{id: rand.Uint64(), key: bytes.Clone(c.key)}
	byName := map[string]*dto.MetricFamily{}
	var errs []error
	for _, i := range c.order {
		cm := &c.metrics[i]
		if cm.err != nil {
			errs = append(errs, cm.err)
			continue
		}
		meta, err := s.describe(cm.desc, cm.metric)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.descs = append(p.descs, cm.desc)
		mf := byName[meta.GetName()]
		if mf == nil {
			mf = &dto.MetricFamily{Name: meta.Name, Help: meta.Help, Type: meta.Type, Unit: meta.Unit}
			byName[meta.GetName()] = mf
			p.families = append(p.families, mf)
		}
		mf.Metric = append(mf.Metric, proto.CloneOf(cm.value))
	}
	slices.SortFunc(p.families, func(a, b *dto.MetricFamily) int { return strings.Compare(a.GetName(), b.GetName()) })
	for _, mf := range p.families {
		slices.SortFunc(mf.Metric, compareLabels)
	}
	return p, errors.Join(errs...)
}

// compareLabels orders the metrics of a family by their label values, as
// a registry does.
func compareLabels(a, b *dto.Metric) int {
	for i := range min(len(a.Label), len(b.Label)) {
		if c := strings.Compare(a.Label[i].GetValue(), b.Label[i].GetValue()); c != 0 {
			return c
		}
	}
	return len(a.Label) - len(b.Label)
}

// describe returns the name, help, type and unit of the family that the
// metrics of desc belong to. client_golang keeps them to itself; a
// registry of just m says what they are, once per description.
func (s *selfMetrics) describe(desc *prometheus.Desc, m prometheus.Metric) (*dto.MetricFamily, error) {
	s.descMu.Lock()
	defer s.descMu.Unlock()
	if meta, ok := s.descs[desc]; ok {
		return meta, nil
	}
	reg := prometheus.NewRegistry()
	if err := reg.Register(oneMetric{desc: desc, metric: m}); err != nil {
		return nil, err
	}
	families, err := reg.Gather()
	if err != nil {
		return nil, err
	}
	if len(families) != 1 {
		return nil, fmt.Errorf("describing %s: gathered %d families", desc, len(families))
	}
	f := families[0]
	meta := &dto.MetricFamily{Name: f.Name, Help: f.Help, Type: f.Type, Unit: f.Unit}
	if len(s.descs) >= maxDescs {
		clear(s.descs)
	}
	s.descs[desc] = meta
	return meta, nil
}

// oneMetric is a collector of one metric.
type oneMetric struct {
	desc   *prometheus.Desc
	metric prometheus.Metric
}

func (o oneMetric) Describe(ch chan<- *prometheus.Desc) { ch <- o.desc }
func (o oneMetric) Collect(ch chan<- prometheus.Metric) { ch <- o.metric }

package exposition

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/encoding/protodelim"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// encoderTestSets are the sets the encoders are held to expfmt with: the
// embedded report, a synthetic set of several blocks, and random sets with
// every character the formats escape.
func encoderTestSets(t *testing.T) map[string]*config.Set {
	t.Helper()
	sets := map[string]*config.Set{}
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	sets["default"] = def
	big, err := synth.Set(30_000)
	if err != nil {
		t.Fatal(err)
	}
	sets["synthetic-30k"] = big
	for seed := range uint64(50) {
		sets["random-"+strconv.FormatUint(seed, 10)] = randomSet(rand.New(rand.NewPCG(seed, 0xe4c0de)))
	}
	return sets
}

// expfmtEncoding is the figures of set encoded by expfmt from dto values,
// family by family.
func expfmtEncoding(t *testing.T, set *config.Set, encode func(*bytes.Buffer, *dto.MetricFamily) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := eachFamily(set, func(mf *dto.MetricFamily) error { return encode(&buf, mf) }); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func joined(e *encoded) []byte {
	return bytes.Join(e.parts, nil)
}

// TestTextIsExpfmtText: the hand-written text encoding is byte for byte
// what expfmt writes.
func TestTextIsExpfmtText(t *testing.T) {
	for name, set := range encoderTestSets(t) {
		want := expfmtEncoding(t, set, func(w *bytes.Buffer, mf *dto.MetricFamily) error {
			_, err := expfmt.MetricFamilyToText(w, mf)
			return err
		})
		if got := joined(NewSnapshot(set).figures(formatText, false)); !bytes.Equal(got, want) {
			t.Errorf("%s: text differs from expfmt's:\n%s\nwant:\n%s", name, truncateBytes(got), truncateBytes(want))
		}
	}
}

// TestProtoIsExpfmtProto: the hand-written protobuf encoding is byte for
// byte what the protobuf library marshals from client_model's messages.
func TestProtoIsExpfmtProto(t *testing.T) {
	for name, set := range encoderTestSets(t) {
		want := expfmtEncoding(t, set, func(w *bytes.Buffer, mf *dto.MetricFamily) error {
			_, err := protodelim.MarshalTo(w, mf)
			return err
		})
		if got := joined(NewSnapshot(set).figures(formatProtoDelim, false)); !bytes.Equal(got, want) {
			t.Errorf("%s: protobuf differs from the marshalled messages (%d bytes, want %d)", name, len(got), len(want))
		}
	}
}

// TestOpenMetricsIsExpfmtOpenMetrics: the OpenMetrics encoding is expfmt's
// line for line, except that values are written as the text format writes
// them (147 rather than 147.0, both valid OpenMetrics numbers), which lets
// the two formats share their series lines.
func TestOpenMetricsIsExpfmtOpenMetrics(t *testing.T) {
	for name, set := range encoderTestSets(t) {
		want := expfmtEncoding(t, set, func(w *bytes.Buffer, mf *dto.MetricFamily) error {
			_, err := expfmt.MetricFamilyToOpenMetrics(w, mf)
			return err
		})
		got := joined(NewSnapshot(set).figures(formatOpenMetrics, false))
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		if len(gotLines) != len(wantLines) {
			t.Errorf("%s: %d lines, want %d", name, len(gotLines), len(wantLines))
			continue
		}
		for i := range gotLines {
			g, w := gotLines[i], wantLines[i]
			if g == w {
				continue
			}
			gs, gv, _ := cutLast(g, " ")
			ws, wv, _ := cutLast(w, " ")
			gf, gerr := strconv.ParseFloat(gv, 64)
			wf, werr := strconv.ParseFloat(wv, 64)
			if strings.HasPrefix(g, "#") || gs != ws || gerr != nil || werr != nil || gf != wf {
				t.Errorf("%s: line %d is %q, want %q", name, i+1, g, w)
				break
			}
		}
	}
}

// TestTextAndOpenMetricsShareSegments: the two formats hold one copy of
// the series lines; only a HELP line with a double quote, which
// OpenMetrics escapes, is held twice. Segments end at line ends.
func TestTextAndOpenMetricsShareSegments(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		{Name: "a", Help: "plain help", Figures: []config.Figure{{Value: 1}}},
		{Name: "b", Help: `a "quoted" help`, Labels: []string{"l"}, Figures: []config.Figure{{LabelValues: []string{`v"`}, Value: 2}}},
		{Name: "c", Help: "plain again", Figures: []config.Figure{{Value: 3}}},
	}}
	segs := encodeTextAndOpenMetrics(compact(set))
	var to []uint8
	for _, s := range segs {
		to = append(to, s.to)
	}
	both := toText | toOpenMetrics
	if want := []uint8{both, toText, toOpenMetrics, both}; !slices.Equal(to, want) {
		t.Fatalf("segments for %v, want %v: shared (a), HELP of b in each format, shared (b's series, c)", to, want)
	}
	if !strings.Contains(string(segs[2].data), `a \"quoted\" help`) || !strings.Contains(string(segs[1].data), `a "quoted" help`) {
		t.Errorf("HELP lines of b: text %q, OpenMetrics %q", segs[1].data, segs[2].data)
	}

	big, err := synth.Set(30_000)
	if err != nil {
		t.Fatal(err)
	}
	segs = encodeTextAndOpenMetrics(compact(big))
	if len(segs) < 3 {
		t.Fatalf("%d segments, want several", len(segs))
	}
	// Shared blocks of series, full but where a family with a unit
	// starts: its HELP and TYPE are a segment of each format, OpenMetrics'
	// with its # UNIT line.
	for i, s := range segs {
		if s.to != both {
			if len(s.data) > 512 || !bytes.HasPrefix(s.data, []byte("# HELP ")) || (s.to == toOpenMetrics) != bytes.Contains(s.data, []byte("\n# UNIT ")) {
				t.Errorf("segment %d, for %b only, is not a family's HELP, TYPE and (in OpenMetrics) UNIT: %q", i, s.to, s.data)
			}
			continue
		}
		nextShared := i < len(segs)-1 && segs[i+1].to == both
		if n := len(s.data); n > blockSize || nextShared && n < blockSize-200 {
			t.Errorf("segment %d has %d bytes, want close to %d", i, n, blockSize)
		}
		if !bytes.HasSuffix(s.data, []byte("\n")) {
			t.Errorf("segment %d does not end at the end of a line", i)
		}
	}
	// Without units, text and OpenMetrics plain are the same bytes, not
	// copies; so are their compressed forms, joined into one part, to be
	// written at once. (With units, only the HELP, TYPE and UNIT lines
	// differ, as above.)
	for i := range big.Metrics {
		big.Metrics[i].Name += "_without_unit"
	}
	snap := NewSnapshot(big)
	text, om := snap.figures(formatText, false), snap.figures(formatOpenMetrics, false)
	if &text.parts[0][0] != &om.parts[0][0] {
		t.Errorf("the text format and OpenMetrics hold separate copies")
	}
	ztext, zom := snap.figures(formatText, true), snap.figures(formatOpenMetrics, true)
	if len(ztext.parts) != 1 || len(zom.parts) != 1 || &ztext.parts[0][0] != &zom.parts[0][0] {
		t.Errorf("compressed: %d text parts and %d OpenMetrics parts, want one shared", len(ztext.parts), len(zom.parts))
	}
	// With a HELP of its own in each format: shared, own, shared.
	snap = NewSnapshot(set)
	ztext, zom = snap.figures(formatText, true), snap.figures(formatOpenMetrics, true)
	if len(ztext.parts) != 3 || len(zom.parts) != 3 || &ztext.parts[0][0] != &zom.parts[0][0] || &ztext.parts[2][0] != &zom.parts[2][0] || &ztext.parts[1][0] == &zom.parts[1][0] {
		t.Errorf("compressed with a quoted HELP: %d and %d parts, want three each, the first and last shared", len(ztext.parts), len(zom.parts))
	}
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func truncateBytes(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

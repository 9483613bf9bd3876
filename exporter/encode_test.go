package exporter

import (
	"bytes"
	"math/rand/v2"
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

func joined(b *body) []byte {
	var buf bytes.Buffer
	for _, bl := range b.blocks {
		buf.Write(bl.plain)
	}
	return buf.Bytes()
}

// TestTextIsExpfmtText: the hand-written text encoding is byte for byte
// what expfmt writes.
func TestTextIsExpfmtText(t *testing.T) {
	for name, set := range encoderTestSets(t) {
		want := expfmtEncoding(t, set, func(w *bytes.Buffer, mf *dto.MetricFamily) error {
			_, err := expfmt.MetricFamilyToText(w, mf)
			return err
		})
		if got := joined(NewSnapshot(set).body(formatText)); !bytes.Equal(got, want) {
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
		if got := joined(NewSnapshot(set).body(formatProtoDelim)); !bytes.Equal(got, want) {
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
		got := joined(NewSnapshot(set).body(formatOpenMetrics))
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

// TestTextAndOpenMetricsShareBlocks: the two formats hold one copy of the
// series lines; only a HELP line with a double quote, which OpenMetrics
// escapes, is held twice.
func TestTextAndOpenMetricsShareBlocks(t *testing.T) {
	set := &config.Set{Metrics: []config.Metric{
		{Name: "a", Help: "plain help", Figures: []config.Figure{{Value: 1}}},
		{Name: "b", Help: `a "quoted" help`, Labels: []string{"l"}, Figures: []config.Figure{{LabelValues: []string{`v"`}, Value: 2}}},
		{Name: "c", Help: "plain again", Figures: []config.Figure{{Value: 3}}},
	}}
	s := NewSnapshot(set)
	text, om := s.body(formatText), s.body(formatOpenMetrics)
	if len(text.blocks) != 3 || len(om.blocks) != 3 {
		t.Fatalf("%d text and %d OpenMetrics blocks, want 3 each: shared (a), HELP of b, shared (b's series, c)", len(text.blocks), len(om.blocks))
	}
	for i, shared := range []bool{true, false, true} {
		if (text.blocks[i] == om.blocks[i]) != shared {
			t.Errorf("block %d shared = %v, want %v", i, text.blocks[i] == om.blocks[i], shared)
		}
	}
	if !strings.Contains(string(om.blocks[1].plain), `a \"quoted\" help`) || !strings.Contains(string(text.blocks[1].plain), `a "quoted" help`) {
		t.Errorf("HELP lines of b: text %q, OpenMetrics %q", text.blocks[1].plain, om.blocks[1].plain)
	}

	big, err := synth.Set(30_000)
	if err != nil {
		t.Fatal(err)
	}
	s = NewSnapshot(big)
	text, om = s.body(formatText), s.body(formatOpenMetrics)
	if len(text.blocks) < 3 || len(text.blocks) != len(om.blocks) {
		t.Fatalf("%d text blocks and %d OpenMetrics blocks, want the same several", len(text.blocks), len(om.blocks))
	}
	for i := range text.blocks {
		if text.blocks[i] != om.blocks[i] {
			t.Errorf("block %d is not shared", i)
		}
		if n := len(text.blocks[i].plain); n > blockSize || i < len(text.blocks)-1 && n < blockSize-200 {
			t.Errorf("block %d has %d bytes, want close to %d", i, n, blockSize)
		}
		if !bytes.HasSuffix(text.blocks[i].plain, []byte("\n")) {
			t.Errorf("block %d does not end at the end of a line", i)
		}
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

package exposition

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/promslog"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestEveryFormatParsesBackToTheFigures scrapes each format, plain and
// gzip, and parses the body back with the format's own parser: the figures
// must come back exactly, followed by the self metrics.
func TestEveryFormatParsesBackToTheFigures(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	small, err := synth.Set(1000)
	if err != nil {
		t.Fatal(err)
	}
	// 30k series are three blocks in each format.
	big, err := synth.Set(30_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		set     *config.Set
		runtime bool
	}{
		{"default", def, true},
		{"default-without-runtime", def, false},
		{"synthetic-1k", small, true},
		{"synthetic-30k", big, false},
	} {
		e := New(NewSnapshot(tc.set), Options{RuntimeMetrics: tc.runtime})
		// A still clock keeps the runtime metrics of consecutive scrapes
		// the same, so that the plain and the gzip body can be compared.
		e.selfMetrics.now = func() time.Time { return time.Unix(1_700_000_000, 0) }
		h := e.MetricsHandler(promslog.NewNopLogger())
		for f := range numFormats {
			if f == formatOpenMetrics && tc.set.Series() > 100 {
				// expfmt's OpenMetrics parser takes milliseconds a line;
				// the end-to-end test has Prometheus parse large sets.
				continue
			}
			t.Run(fmt.Sprintf("%s/%s", tc.name, formatNames[f]), func(t *testing.T) {
				plain := scrapeBothWays(t, h, f)
				self := checkFigures(t, decodeExposition(t, plain, f), tc.set)
				checkSelf(t, self, tc.set, tc.runtime)
			})
		}
	}
}

// scrapeBothWays scrapes f plain and gzip, checks that both carry the same
// bytes, and returns them.
func scrapeBothWays(t *testing.T, h http.Handler, f format) []byte {
	t.Helper()
	resp, body := scrapeAs(t, h, http.MethodGet, f, false, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s", resp.Status)
	}
	plain := plainBody(t, resp, body, f, false)
	resp, body = scrapeAs(t, h, http.MethodGet, f, true, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("gzip: status %s", resp.Status)
	}
	if unzipped := plainBody(t, resp, body, f, true); !bytes.Equal(unzipped, plain) {
		t.Fatalf("the gzip body does not decompress to the plain body")
	}
	return plain
}

// TestRandomSetsRoundTrip is the property: for any valid set, every format,
// plain and gzip, parses back to exactly its figures. Names, label values
// and help carry every character the formats escape.
func TestRandomSetsRoundTrip(t *testing.T) {
	// expfmt's OpenMetrics parser takes milliseconds a line: 30 sets of
	// about 30 series take seconds.
	runs := 30
	if testing.Short() {
		runs = 5
	}
	for seed := range uint64(runs) {
		set := randomSet(rand.New(rand.NewPCG(seed, 0x5eed)))
		h := New(NewSnapshot(set), Options{}).MetricsHandler(promslog.NewNopLogger())
		for f := range numFormats {
			plain := scrapeBothWays(t, h, f)
			self := checkFigures(t, decodeExposition(t, plain, f), set)
			checkSelf(t, self, set, false)
			if t.Failed() {
				t.Fatalf("seed %d, %s:\n%s", seed, formatNames[f], plain)
			}
		}
	}
}

// randomSet makes a valid set: up to 5 metrics of up to 3 labels and up to
// 12 figures, and up to 2 sources.
func randomSet(r *rand.Rand) *config.Set {
	set := &config.Set{}
	names := map[string]bool{}
	for range 1 + r.IntN(5) {
		name := randomName(r, "m_")
		if names[name] {
			continue
		}
		names[name] = true
		// The text format cannot carry whitespace at the start of a help
		// text: its parser skips it, whoever encodes.
		m := config.Metric{Name: name, Help: "h" + randomText(r)}
		labels := map[string]bool{}
		for range r.IntN(4) {
			l := randomName(r, "l_")
			if !labels[l] {
				labels[l] = true
				m.Labels = append(m.Labels, l)
			}
		}
		seen := map[string]bool{}
		for range 1 + r.IntN(12) {
			values := make([]string, len(m.Labels))
			for i := range values {
				values[i] = randomText(r)
			}
			key := strings.Join(values, "\xff")
			if seen[key] {
				continue
			}
			seen[key] = true
			m.Figures = append(m.Figures, config.Figure{LabelValues: values, Value: randomValue(r)})
		}
		set.Metrics = append(set.Metrics, m)
	}
	slices.SortFunc(set.Metrics, func(a, b config.Metric) int { return strings.Compare(a.Name, b.Name) })
	for range r.IntN(3) {
		s := config.Source{Title: randomText(r)}
		if r.IntN(2) == 0 {
			s.Publisher = randomText(r)
		}
		if r.IntN(2) == 0 {
			s.URL = "https://example.org/" + randomName(r, "")
		}
		if r.IntN(3) == 0 {
			s.Page = fmt.Sprint(r.IntN(500))
		}
		set.Sources = append(set.Sources, s)
	}
	return set
}

func randomName(r *rand.Rand, prefix string) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
	b := []byte(prefix)
	for range 1 + r.IntN(10) {
		b = append(b, chars[r.IntN(len(chars))])
	}
	return string(b)
}

// randomText is non-empty text with the characters the formats escape.
func randomText(r *rand.Rand) string {
	pieces := []string{"a", "Z", "9", " ", `\`, `"`, "\n", "{", "}", ",", "=", "#", "省", "é", "\t", "'", "\\n", "# EOF"}
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func randomValue(r *rand.Rand) float64 {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return -1
	case 3:
		return float64(r.IntN(1_000_000))
	case 4:
		return -float64(r.Int64())
	case 5:
		return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(1+r.IntN(2045))<<52) // any finite
	case 6:
		return r.Float64() * 1e-300
	default:
		return math.Copysign(0, -1)
	}
}

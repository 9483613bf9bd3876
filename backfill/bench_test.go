package backfill

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// million is the size of the benchmarks' sets.
const million = 1_000_000

// monthlySet is a million monthly figures: 4000 series (regions) over the
// 250 months from 1990-01.
func monthlySet() *config.Set {
	const regions, months = 4000, 250
	monthNames := make([]string, months)
	for i := range monthNames {
		monthNames[i] = fmt.Sprintf("%04d-%02d", 1990+i/12, 1+i%12)
	}
	m := config.Metric{Name: "employed_people", Help: "Employed people.", Labels: []string{"region", "month"}, Figures: make([]config.Figure, 0, regions*months)}
	for r := range regions {
		region := fmt.Sprintf("region_%04d", r)
		for i := range months {
			m.Figures = append(m.Figures, config.Figure{LabelValues: []string{region, monthNames[i]}, Value: float64(r*months + i)})
		}
	}
	return &config.Set{Metrics: []config.Metric{m}}
}

// benchSets are the shapes benchmarked: a yearbook (20 metrics × 40,000
// counties × 5 years, labelled county, province and year) and a monthly
// table (4000 regions × 250 months).
func benchSets(b *testing.B) map[string]*config.Set {
	yearbook, err := synth.Set(million)
	if err != nil {
		b.Fatal(err)
	}
	return map[string]*config.Set{"yearbook": yearbook, "monthly": monthlySet()}
}

// BenchmarkBackfillBlocks puts a million figures on the time axis and
// writes them as TSDB blocks, as `backfill --output.tsdb` does once the
// figures are loaded.
func BenchmarkBackfillBlocks(b *testing.B) {
	for name, set := range benchSets(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dir, err := os.MkdirTemp(b.TempDir(), "blocks")
				if err != nil {
					b.Fatal(err)
				}
				plan, err := NewPlan(set, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := plan.WriteBlocks(context.Background(), dir, BlockOptions{}); err != nil {
					b.Fatal(err)
				}
				os.RemoveAll(dir)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/million, "ns/figure")
		})
	}
}

// BenchmarkBackfillOpenMetrics puts a million figures on the time axis
// and writes them as OpenMetrics, as `backfill --out` does.
func BenchmarkBackfillOpenMetrics(b *testing.B) {
	for name, set := range benchSets(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plan, err := NewPlan(set, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := plan.WriteOpenMetrics(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/million, "ns/figure")
		})
	}
}

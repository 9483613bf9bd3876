package web

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/figures-exporter/figures_exporter/config"
)

// Geometry of the bar charts on /figures, in SVG user units (CSS pixels
// at full width). The SVG scales down with the page on narrow screens.
const (
	chartWidth     = 720.0
	chartLabelMin  = 48.0
	chartCharWidth = 8.0 // of a 13px sans-serif character, generously (DejaVu Sans is wide)
	chartGap       = 8.0 // between a label and its bar
	// chartLabelMax: labels are right-aligned at most this far in, room
	// for the longest label after truncation.
	chartLabelMax  = chartLabelRunes*chartCharWidth + chartGap
	chartValueRoom = 172.0 // right of the longest bar, for its value
	chartRow       = 28.0
	chartBar       = 18.0
	chartPad       = 6.0
	// chartMaxBars keeps a metric with very many figures to its table: a
	// chart of hundreds of bars helps nobody.
	chartMaxBars = 60
	// chartLabelRunes truncates long labels; the full label is in the
	// bar's tooltip and in the table.
	chartLabelRunes = 25
)

// barChart is a horizontal bar chart of a metric's figures, drawn by the
// server as inline SVG: no script, no external asset.
type barChart struct {
	Width, Height   float64
	LabelEnd        float64
	BarStart        float64
	AxisTop, AxisTo float64
	Bars            []chartBarView
}

type chartBarView struct {
	Label  string // the label values that tell the figures apart
	Title  string // tooltip: the whole series and its value
	Y      float64
	TextY  float64
	Width  float64
	ValueX float64
	Value  string
}

// newBarChart charts a metric with two or more figures, all of them zero
// or more; it returns nil for any other metric, which its table shows well
// enough (one figure, too many, or negative figures, whose bars would need
// an axis in the middle).
func newBarChart(m *config.Metric, shown []int, rows []figureRow) *barChart {
	if len(shown) < 2 || len(shown) > chartMaxBars {
		return nil
	}
	figures := make([]*config.Figure, len(shown))
	maxValue := 0.0
	for i, j := range shown {
		f := &m.Figures[j]
		if f.Value < 0 {
			return nil
		}
		figures[i] = f
		maxValue = math.Max(maxValue, f.Value)
	}
	varying := varyingLabels(m.Labels, figures)
	labels := make([]string, len(figures))
	longest := 0
	for i, f := range figures {
		parts := make([]string, 0, len(varying))
		for _, j := range varying {
			parts = append(parts, f.LabelValues[j])
		}
		labels[i] = truncateRunes(strings.Join(parts, " · "), chartLabelRunes)
		longest = max(longest, utf8.RuneCountInString(labels[i]))
	}
	// The label column is as wide as the longest label needs, so that
	// short labels (cash, in_kind) do not leave a gap before the bars.
	labelEnd := math.Round(min(max(float64(longest)*chartCharWidth+chartGap, chartLabelMin), chartLabelMax))
	barStart := labelEnd + chartGap
	barRoom := chartWidth - barStart - chartValueRoom
	c := &barChart{
		Width:    chartWidth,
		Height:   float64(len(figures))*chartRow + 2*chartPad,
		LabelEnd: labelEnd,
		BarStart: barStart,
		AxisTop:  chartPad / 2,
	}
	c.AxisTo = c.Height - chartPad/2
	for i, f := range figures {
		width := 0.0
		if maxValue > 0 {
			width = math.Round(f.Value/maxValue*barRoom*10) / 10
		}
		y := chartPad + float64(i)*chartRow + (chartRow-chartBar)/2
		c.Bars = append(c.Bars, chartBarView{
			Label:  labels[i],
			Title:  rows[i].Series + " = " + rows[i].Value,
			Y:      y,
			TextY:  y + chartBar/2,
			Width:  math.Max(width, 1), // a zero still shows where it is
			ValueX: barStart + width + 6,
			Value:  rows[i].Value,
		})
	}
	return c
}

// varyingLabels are the indexes of the labels whose values differ between
// the figures charted: year="2011" on every figure says nothing in a chart.
func varyingLabels(labels []string, figures []*config.Figure) []int {
	var idx []int
	for j := range labels {
		first := figures[0].LabelValues[j]
		for _, f := range figures[1:] {
			if f.LabelValues[j] != first {
				idx = append(idx, j)
				break
			}
		}
	}
	return idx
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

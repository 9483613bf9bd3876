package dashboard

import "github.com/grafana/grafana-foundation-sdk/go/dashboard"

// gridWidth is the width of Grafana's dashboard grid.
const gridWidth = 24

// Panel sizes in grid units. Four stats share a line; bar charts, which
// need room for their bars and legend, two.
const (
	statWidth, statHeight = 6, 5
	barWidth, barHeight   = 12, 9
	tableWidth            = 24
)

// tableHeight fits a table's header and rows, up to a height past which
// the table scrolls.
func tableHeight(rows int) uint32 {
	return uint32(min(3+rows, 12))
}

// grid places panels left to right, wrapping to a new line when the next
// one would not fit, and starts each row on a line of its own. The SDK's
// own placement only wraps after a line overflows, which would leave a
// twelve-wide bar chart hanging off the grid after three stats.
type grid struct {
	x, y, lineHeight uint32
}

// row places a row header across the grid below everything so far.
func (g *grid) row() dashboard.GridPos {
	g.newLine()
	pos := dashboard.GridPos{X: 0, Y: g.y, W: gridWidth, H: 1}
	g.y++
	return pos
}

// place returns the position of the next panel of size w×h.
func (g *grid) place(w, h uint32) dashboard.GridPos {
	if g.x+w > gridWidth {
		g.newLine()
	}
	pos := dashboard.GridPos{X: g.x, Y: g.y, W: w, H: h}
	g.x += w
	g.lineHeight = max(g.lineHeight, h)
	return pos
}

func (g *grid) newLine() {
	if g.x > 0 {
		g.y += g.lineHeight
	}
	g.x, g.lineHeight = 0, 0
}

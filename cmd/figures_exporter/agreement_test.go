package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/dashboard"
	"github.com/figures-exporter/figures_exporter/exposition"
	"github.com/figures-exporter/figures_exporter/internal/synth"
	"github.com/figures-exporter/figures_exporter/metricinfo"
	"github.com/figures-exporter/figures_exporter/web"
)

// declaredFigures declares what names alone would get wrong: a unit the
// name does not end with, a title, a base, a capitalized time label.
const declaredFigures = `
metrics:
  - name: gdp
    help: Gross domestic product.
    unit: USD
    title: GDP (current US$)
    labels: [country, Year]
    figures: [{country: France, Year: "2020", value: 2.63e12}, {country: Chad, Year: "2020", value: 1.1e10}]
  - name: exports_over_2010
    help: Exports over those of 2010.
    base: "2010"
    labels: [TIME_PERIOD]
    figures: [{TIME_PERIOD: "2011", value: 1.2}, {TIME_PERIOD: "2012", value: 1.3}]
  - name: enrolment_ratio
    help: Children enrolled, as a share of all children.
    labels: [state]
    figures: [{state: Ohio, value: 0.97}]
`

// TestPageDashboardAndRenderAgree: the figures page, the dashboard and
// `render --format openmetrics` say the same title and unit of every
// metric, as metricinfo reads it, for the report, the real-shaped set and
// a set that declares units, titles and a base.
func TestPageDashboardAndRenderAgree(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"real.yml":     string(synth.RealShapedYAML()),
		"declared.yml": declaredFigures,
	}
	paths := []string{""} // the embedded report
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var set *config.Set
			var err error
			args := []string{"render", "--format=openmetrics"}
			if path == "" {
				set, err = config.Default()
			} else {
				set, err = config.Load(path, config.Options{})
				args = append(args, "--config.file="+path)
			}
			if err != nil {
				t.Fatal(err)
			}
			page := indexOf(t, set)
			panels := panelsOf(t, set)
			code, rendered, stderr := runCommand(t, args...)
			if code != 0 {
				t.Fatalf("render: %s", stderr)
			}
			for i := range set.Metrics {
				m := &set.Metrics[i]
				info := metricinfo.Of(m)
				grafana, _ := info.Grafana()
				p, d := page[m.Name], panels[m.Help]
				if p.title != info.Title || d.title != info.Title {
					t.Errorf("%s: the page's title %q, the dashboard's %q; metricinfo's %q", m.Name, p.title, d.title, info.Title)
				}
				if want := strings.Join([]string{info.UnitName(), info.Kind.String()}, " "); p.unit != info.UnitName() && p.unit != info.Kind.String() {
					t.Errorf("%s: the page's unit %q, want %q", m.Name, p.unit, want)
				}
				if d.unit != grafana || d.row != info.Row() {
					t.Errorf("%s: the dashboard's unit %q in row %q; metricinfo's %q in %q", m.Name, d.unit, d.row, grafana, info.Row())
				}
				unitLine := "# UNIT " + m.Name + " "
				got := ""
				for line := range strings.Lines(rendered) {
					if rest, ok := strings.CutPrefix(line, unitLine); ok {
						got = strings.TrimSpace(rest)
					}
				}
				if got != info.UnitEnding() {
					t.Errorf("%s: render says unit %q, metricinfo %q", m.Name, got, info.UnitEnding())
				}
			}
		})
	}
}

type pageEntry struct{ title, unit string }

// indexOf reads /figures' index: each metric's title and unit.
func indexOf(t *testing.T, set *config.Set) map[string]pageEntry {
	t.Helper()
	snap := exposition.NewSnapshot(set)
	mux, err := web.Routes(web.RouteOptions{Metrics: http.NotFoundHandler(), Current: func() web.Served { return snap }})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/figures", nil))
	doc, err := html.Parse(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]pageEntry{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			for _, a := range n.Attr {
				if a.Key == "data-metric" {
					var cells []*html.Node
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode && c.Data == "td" {
							cells = append(cells, c)
						}
					}
					out[a.Val] = pageEntry{title: textOf(findTag(cells[0], "a")), unit: textOf(cells[1])}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func findTag(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findTag(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

type panelEntry struct{ title, unit, row string }

// panelsOf reads the dashboard's metric panels by their description, the
// metric's help: title, unit and the row above.
func panelsOf(t *testing.T, set *config.Set) map[string]panelEntry {
	t.Helper()
	raw, err := dashboard.JSON(set)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Type, Title, Description string
			FieldConfig              struct {
				Defaults struct{ Unit string }
			}
		}
	}
	if err := json.NewDecoder(io.NopCloser(strings.NewReader(string(raw)))).Decode(&d); err != nil {
		t.Fatal(err)
	}
	out := map[string]panelEntry{}
	row := ""
	for _, p := range d.Panels {
		if p.Type == "row" {
			row = p.Title
			continue
		}
		// A History panel (time series over the backfilled figures) is
		// the metric's title "over time", in the same unit.
		if row == "History" {
			latest := out[p.Description]
			if p.Title != latest.title+" over time" || p.FieldConfig.Defaults.Unit != latest.unit {
				t.Errorf("history panel %q in %q; the metric's panel is %q in %q", p.Title, p.FieldConfig.Defaults.Unit, latest.title, latest.unit)
			}
			continue
		}
		out[p.Description] = panelEntry{title: p.Title, unit: p.FieldConfig.Defaults.Unit, row: row}
	}
	return out
}

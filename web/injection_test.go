package web

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// TestNoInjectionIntoPages parses the pages as a browser does and finds
// every text exactly as written, and no element or link the file tried to
// smuggle in.
func TestNoInjectionIntoPages(t *testing.T) {
	set := testutil.HostileSet(t, "..")
	_, h := serveSet(t, set, RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures", nil)
	doc := parseHTML(t, page)
	m := set.Metrics[0]

	for _, tag := range []string{"script", "b", "iframe", "img"} {
		if n := findAll(doc, byTag(tag)); len(n) > 0 {
			t.Errorf("the page has %d <%s> elements from the file", len(n), tag)
		}
	}
	for _, a := range findAll(doc, byTag("a")) {
		if href := strings.ToLower(attr(a, "href")); strings.HasPrefix(href, "javascript:") {
			t.Errorf("a link to %q", href)
		}
	}

	section := findAll(doc, byAttr("id", "hostile"))
	if len(section) != 1 {
		t.Fatal("no section for the hostile metric")
	}
	if help := findAll(section[0], byClass("help")); len(help) != 1 || text(help[0]) != m.Help {
		t.Errorf("help reads %q, want %q", text(help[0]), m.Help)
	}
	rows := findAll(section[0], func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-series") != "" })
	if len(rows) != len(m.Figures) {
		t.Fatalf("%d rows, want %d: a label value broke the table", len(rows), len(m.Figures))
	}
	titles := findAll(section[0], byTag("title"))
	if len(titles) != len(m.Figures) {
		t.Fatalf("%d bar titles, want %d", len(titles), len(m.Figures))
	}
	for i, f := range m.Figures {
		series := config.SeriesName(m.Name, m.Labels, f.LabelValues)
		if got := attr(rows[i], "data-series"); got != series {
			t.Errorf("row %d data-series %q, want %q", i, got, series)
		}
		cells := findAll(rows[i], byClass("label"))
		for j, v := range f.LabelValues {
			if text(cells[j]) != v {
				t.Errorf("row %d, %s reads %q, want %q", i, m.Labels[j], text(cells[j]), v)
			}
		}
		if got, want := text(titles[i]), series+" = "+readingOf(&m, f).Value; got != want {
			t.Errorf("bar %d title %q, want %q", i, got, want)
		}
	}

	src := findAll(section[0], byClass("source"))
	if len(src) != 1 {
		t.Fatal("no source")
	}
	s := set.Sources[0]
	if got, want := text(src[0]), "Source: "+s.Title+", "+s.Publisher+", page "+s.Page; got != want {
		t.Errorf("source reads %q, want %q", got, want)
	}
}

package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/common/version"
	"golang.org/x/net/html"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/exposition"
)

// TestPagesCSPCoversExactlyTheirStyles: the CSP names the hash of every
// <style> element of the page, and the page needs nothing the CSP forbids:
// no script, no style attribute, no external resource.
func TestPagesCSPCoversExactlyTheirStyles(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	for _, path := range []string{"/", "/figures"} {
		resp, page := do(t, h, http.MethodGet, path, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		doc := parseHTML(t, page)
		styles := findAll(doc, byTag("style"))
		if len(styles) == 0 {
			t.Fatalf("%s has no stylesheet", path)
		}
		for _, s := range styles {
			sum := sha256.Sum256([]byte(text(s)))
			if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, hash) {
				t.Errorf("%s: the CSP %q does not allow its stylesheet %s", path, csp, hash)
			}
		}
		if got := strings.Count(csp, "'sha256-"); got != len(styles) {
			t.Errorf("%s: the CSP allows %d stylesheets, the page has %d", path, got, len(styles))
		}
		for _, tag := range []string{"script", "img", "link", "iframe", "object", "embed", "form"} {
			if n := len(findAll(doc, byTag(tag))); n > 0 {
				t.Errorf("%s has %d <%s> elements", path, n, tag)
			}
		}
		for _, n := range findAll(doc, func(n *html.Node) bool { return attr(n, "style") != "" }) {
			t.Errorf("%s: <%s> has a style attribute, which the CSP blocks", path, n.Data)
		}
		for _, n := range findAll(doc, func(n *html.Node) bool { return attr(n, "src") != "" }) {
			t.Errorf("%s: <%s> loads %s", path, n.Data, attr(n, "src"))
		}
	}
}

// TestCSPHashIgnoresLineEnds: the hash is of the stylesheet as a browser
// parses it, so a template checked out with CRLF line ends still matches.
func TestCSPHashIgnoresLineEnds(t *testing.T) {
	lf := contentSecurityPolicy([]byte("<style>a{}\nb{}\n</style>"), "'none'")
	for _, page := range []string{"<style>a{}\r\nb{}\r\n</style>", "<style>a{}\rb{}\r</style>"} {
		if got := contentSecurityPolicy([]byte(page), "'none'"); got != lf {
			t.Errorf("%q: %s, want %s", page, got, lf)
		}
	}
}

// TestLandingLinksEveryPage: the landing page links metrics, figures,
// health, readiness and build info, and each link answers 200.
func TestLandingLinksEveryPage(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{TelemetryPath: "/figures-metrics"})
	_, page := do(t, h, http.MethodGet, "/", nil)
	links := map[string]string{}
	for _, a := range findAll(parseHTML(t, page), byTag("a")) {
		links[text(a)] = attr(a, "href")
	}
	for name, want := range map[string]string{
		"Metrics": "/figures-metrics", "Figures": "/figures", "Health": "/-/healthy",
		"Readiness": "/-/ready", "Build info": "/version",
	} {
		if links[name] != want {
			t.Errorf("landing link %q = %q, want %q (links: %v)", name, links[name], want, links)
			continue
		}
		if resp, _ := do(t, h, http.MethodGet, want, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("the landing page links %s, which answers %s", want, resp.Status)
		}
	}
	if resp, _ := do(t, h, http.MethodGet, "/nothing-here", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing-here: %s, want 404", resp.Status)
	}
}

// TestVersionIsBuildInfo: /version serves the build's version as JSON,
// the same as figures_exporter_build_info's labels.
func TestVersionIsBuildInfo(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	resp, body := do(t, h, http.MethodGet, "/version", nil)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var info map[string]string
	if err := json.Unmarshal([]byte(body), &info); err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	want := map[string]string{
		"version": version.Version, "revision": version.GetRevision(), "branch": version.Branch,
		"buildUser": version.BuildUser, "buildDate": version.BuildDate, "goVersion": version.GoVersion,
		"platform": version.GoOS + "/" + version.GoArch, "tags": version.GetTags(),
	}
	for k, v := range want {
		if got, ok := info[k]; !ok || got != v {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, v)
		}
	}
}

// TestFiguresPageShowsEveryFigure: one section per metric with its help
// and unit, one row per figure with its labels and its readable value, a
// bar chart for each metric with several figures, and the source.
func TestFiguresPageShowsEveryFigure(t *testing.T) {
	set := defaultSet(t)
	_, h := serveSet(t, set, RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures", nil)
	doc := parseHTML(t, page)

	sections := findAll(doc, byTag("section"))
	if len(sections) != len(set.Metrics) {
		t.Fatalf("%d sections, want one per metric (%d)", len(sections), len(set.Metrics))
	}
	for i, m := range set.Metrics {
		s := sections[i]
		if attr(s, "id") != m.Name {
			t.Errorf("section %d is %q, want %q", i, attr(s, "id"), m.Name)
		}
		if help := findAll(s, byClass("help")); len(help) != 1 || text(help[0]) != m.Help {
			t.Errorf("%s: help not shown as %q", m.Name, m.Help)
		}
		rows := findAll(s, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-series") != "" })
		if len(rows) != len(m.Figures) {
			t.Errorf("%s: %d rows, want %d", m.Name, len(rows), len(m.Figures))
			continue
		}
		for j, f := range m.Figures {
			cells := findAll(rows[j], byClass("label"))
			for k, v := range f.LabelValues {
				if k >= len(cells) || text(cells[k]) != v {
					t.Errorf("%s figure %d: label %s not shown as %q", m.Name, j, m.Labels[k], v)
				}
			}
			value := findAll(rows[j], byClass("value"))
			if len(value) != 1 || ownText(value[0]) != readingOf(&m, f).Value {
				t.Errorf("%s figure %d: value not shown as %q", m.Name, j, readingOf(&m, f).Value)
			}
		}
		bars := findAll(s, byTag("rect"))
		if wantChart := len(m.Figures) > 1; wantChart != (len(bars) == len(m.Figures)) || (!wantChart && len(bars) > 0) {
			t.Errorf("%s: %d bars for %d figures", m.Name, len(bars), len(m.Figures))
		}
		if src := findAll(s, byClass("source")); len(src) != 1 || !strings.Contains(text(src[0]), set.Sources[0].Title) {
			t.Errorf("%s: the source is not shown", m.Name)
		}
	}

	row := findAll(doc, byAttr("data-series", `aid_yuan{year="2011"}`))
	if len(row) != 1 {
		t.Fatal("no row for aid_yuan{year=\"2011\"}")
	}
	if got := text(row[0]); !strings.Contains(got, "2011") || !strings.Contains(got, "CN¥840,264,000") || !strings.Contains(got, "840.264 million") {
		t.Errorf("the aid_yuan row reads %q", got)
	}
}

// TestFiguresChartBarsAreProportional: the longest bar is the largest
// figure and the others are in proportion, labelled by the label that
// differs between them (program), not by the one they share (year).
func TestFiguresChartBarsAreProportional(t *testing.T) {
	_, h := serveDefault(t, RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures", nil)
	doc := parseHTML(t, page)
	section := findAll(doc, byAttr("id", "training_person_times"))[0]
	var labels []string
	for _, l := range findAll(section, byClass("bar-label")) {
		labels = append(labels, text(l))
	}
	if strings.Join(labels, ",") != "cadre,technical,labor" {
		t.Errorf("bar labels %v, want the programs", labels)
	}
	widths := map[string]string{}
	for i, r := range findAll(section, byTag("rect")) {
		widths[labels[i]] = attr(r, "width")
	}
	// 436615 is the largest: the full bar room; 4686/436615 of it, 1035/436615 of it.
	// The longest label, "technical", sets where the bars start.
	room := chartWidth - (math.Round(9*chartCharWidth+chartGap) + chartGap) - chartValueRoom
	want := map[string]float64{"labor": room, "cadre": 4686.0 / 436615 * room, "technical": 1035.0 / 436615 * room}
	for label, w := range want {
		w = max(w, 1) // the thinnest bar is still drawn
		got, err := strconv.ParseFloat(widths[label], 64)
		if err != nil || got < w-0.1 || got > w+0.1 {
			t.Errorf("bar %s is %s wide, want %.1f", label, widths[label], w)
		}
	}
}

// TestFiguresRenderedOncePerSnapshot: requests reuse the rendered page
// until a new snapshot is published, which renders its own figures.
func TestFiguresRenderedOncePerSnapshot(t *testing.T) {
	e := exposition.New(exposition.NewSnapshot(defaultSet(t)), exposition.Options{})
	h := newFiguresHandler(RouteOptions{TelemetryPath: "/metrics"})
	first := h.render(e.Current())
	if again := h.render(e.Current()); again != first {
		t.Error("the page was rendered twice for one snapshot")
	}
	next, err := config.Parse("next.yml", []byte("metrics:\n  - name: aid_yuan\n    help: Aid.\n    labels: [year]\n    figures:\n      - {year: \"2012\", value: 1000}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e.Publish(exposition.NewSnapshot(next))
	second := h.render(e.Current())
	if second == first {
		t.Fatal("a new snapshot served the old page")
	}
	if !strings.Contains(string(second.page.body), "CN¥1,000") || strings.Contains(string(second.page.body), "840,264,000") {
		t.Error("the page of the new snapshot does not show its figures")
	}
}

// BenchmarkFiguresPage is what a request for /figures costs once the page
// is rendered: a header and a copy.
func BenchmarkFiguresPage(b *testing.B) {
	set, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	e := exposition.New(exposition.NewSnapshot(set), exposition.Options{})
	mux, err := routes(e, RouteOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h := Harden(mux)
	r, _ := http.NewRequest(http.MethodGet, "/figures", nil)
	for b.Loop() {
		h.ServeHTTP(discard{}, r)
	}
}

// BenchmarkRenderFigures is the cost of rendering the page, paid once per
// snapshot.
func BenchmarkRenderFigures(b *testing.B) {
	set, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := renderFigures(newFiguresView(set, RouteOptions{TelemetryPath: "/metrics"})); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// TestFiguresPageSourcesAndFiles: a source's URL becomes a link only when
// it is a web address, and the page names the files it serves without the
// directories they are kept in.
func TestFiguresPageSourcesAndFiles(t *testing.T) {
	for url, link := range map[string]string{
		"https://example.org/report.pdf#page=3": "https://example.org/report.pdf#page=3",
		"http://example.org/r":                  "http://example.org/r",
		"javascript:alert(1)":                   "",
		"JavaScript:alert(1)":                   "",
		"file:///etc/passwd":                    "",
		"data:text/html,<script>x</script>":     "",
		"//example.org/no-scheme":               "",
		"":                                      "",
	} {
		if got := newSourceView(config.Source{Title: "t", URL: url}).Link; got != link {
			t.Errorf("source URL %q links %q, want %q", url, got, link)
		}
	}

	dir := t.TempDir()
	path := dir + "/figures.yml"
	if err := os.WriteFile(path, []byte("source:\n  title: T\n  url: https://example.org/t\nmetrics:\n  - name: a_yuan\n    help: A.\n    labels: [year]\n    figures:\n      - {year: \"2011\", value: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, h := serveSet(t, set, RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures", nil)
	if strings.Contains(page, dir) {
		t.Error("the page shows the directory of the figures file")
	}
	doc := parseHTML(t, page)
	if footer := findAll(doc, byTag("footer")); len(footer) != 1 || !strings.Contains(text(footer[0]), "figures.yml") {
		t.Error("the footer does not name the file served")
	}
	links := findAll(doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "https://example.org/t" })
	if len(links) != 1 || attr(links[0], "rel") != "noopener noreferrer" {
		t.Errorf("the source is not linked once with rel=noopener noreferrer: %d links", len(links))
	}
	if lede := findAll(doc, byClass("lede")); len(lede) != 1 || !strings.HasPrefix(text(lede[0]), "1 figure in 1 metric, from") {
		t.Errorf("the lede reads %q", text(findAll(doc, byClass("lede"))[0]))
	}
}

package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/synth"
	"github.com/figures-exporter/figures_exporter/internal/testutil"
)

// Page sizes the figures pages must stay under, whatever the set's size.
const (
	maxIndexBytes  = 200 << 10
	maxMetricBytes = 300 << 10
)

func synthSet(t testing.TB, series int) *config.Set {
	t.Helper()
	set, err := synth.Set(series)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func realShapedSet(t testing.TB) *config.Set {
	t.Helper()
	set, err := config.Parse("real.yml", synth.RealShapedYAML())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// figureRows are the rows of figures on a page.
func figureRows(doc *html.Node) []*html.Node {
	return findAll(doc, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-series") != "" })
}

// TestFiguresIndexAtScale: at 100,000 figures /figures is an index of the
// metrics with their counts, linking each metric's page, and no figure.
func TestFiguresIndexAtScale(t *testing.T) {
	set := synthSet(t, 100_000)
	_, h := serveSet(t, set, RouteOptions{})
	resp, page := do(t, h, http.MethodGet, "/figures", nil)
	if resp.StatusCode != http.StatusOK || len(page) > maxIndexBytes {
		t.Fatalf("/figures: %s, %d bytes; want 200 and at most %d", resp.Status, len(page), maxIndexBytes)
	}
	t.Logf("/figures at 100,000 figures: %d bytes", len(page))
	doc := parseHTML(t, page)
	if n := len(figureRows(doc)); n != 0 {
		t.Errorf("/figures shows %d figures of a set of 100,000; want only the index", n)
	}
	entries := findAll(doc, func(n *html.Node) bool { return attr(n, "data-metric") != "" })
	if len(entries) != len(set.Metrics) {
		t.Fatalf("%d index entries, want %d", len(entries), len(set.Metrics))
	}
	for i, e := range entries {
		m := &set.Metrics[i]
		cells := findAll(e, byTag("td"))
		if attr(e, "data-metric") != m.Name || text(cells[2]) != "5,000" {
			t.Errorf("index entry %d: %s with %q figures, want %s with 5,000", i, attr(e, "data-metric"), text(cells[2]), m.Name)
		}
		href := attr(findAll(e, byTag("a"))[0], "href")
		if href != "/figures/"+m.Name {
			t.Errorf("%s links %q", m.Name, href)
		}
	}
	if !strings.Contains(page, "100,000 figures in 20 metrics") {
		t.Error("the lede does not count the figures and metrics")
	}
}

// TestMetricPageAtScale: a metric's page shows a page of its figures, a
// pager, a filter per label (a list for a label with few values, a text
// field for one with thousands) and a CSV link, and stays small.
func TestMetricPageAtScale(t *testing.T) {
	_, h := serveSet(t, synthSet(t, 100_000), RouteOptions{})
	resp, page := do(t, h, http.MethodGet, "/figures/county_gdp_yuan", nil)
	if resp.StatusCode != http.StatusOK || len(page) > maxMetricBytes {
		t.Fatalf("%s, %d bytes; want 200 and at most %d", resp.Status, len(page), maxMetricBytes)
	}
	t.Logf("/figures/county_gdp_yuan at 100,000 figures: %d bytes", len(page))
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") || strings.Contains(csp, "script") {
		t.Errorf("CSP %q: want forms to this server only, and no script", csp)
	}
	doc := parseHTML(t, page)
	rows := figureRows(doc)
	if len(rows) != rowsPerPage || attr(rows[0], "data-series") != `county_gdp_yuan{county="county_00001",province="province_01",year="2011"}` {
		t.Fatalf("%d rows, the first %q", len(rows), attr(rows[0], "data-series"))
	}
	if !strings.Contains(text(findAll(doc, byClass("lede"))[0]), "5,000 figures, 1–100 shown") {
		t.Errorf("lede %q", text(findAll(doc, byClass("lede"))[0]))
	}
	forms := findAll(doc, byTag("form"))
	if len(forms) != 1 || attr(forms[0], "method") != "get" || attr(forms[0], "action") != "/figures/county_gdp_yuan" {
		t.Fatalf("forms %d, want one GET form to the page itself", len(forms))
	}
	if sel := findAll(forms[0], byAttr("name", "province")); len(sel) != 1 || sel[0].Data != "select" || len(findAll(sel[0], byTag("option"))) != synth.Provinces+1 {
		t.Error("province: want a list of its 31 values and all")
	}
	if in := findAll(forms[0], byAttr("name", "county")); len(in) != 1 || in[0].Data != "input" {
		t.Error("county: want a text field for its 1,000 values")
	}
	next := findAll(doc, byAttr("rel", "next"))
	if len(next) != 1 || attr(next[0], "href") != "/figures/county_gdp_yuan?page-number=2" {
		t.Fatalf("next page link %v", next)
	}
	if len(findAll(doc, byAttr("rel", "prev"))) != 0 {
		t.Error("a previous page before the first")
	}
	if n := len(findAll(doc, byTag("rect"))); n != 0 {
		t.Errorf("%d bars: a page of 100 figures is a table", n)
	}

	// The second page, then the last, and past the last.
	_, page = do(t, h, http.MethodGet, "/figures/county_gdp_yuan?page-number=2", nil)
	rows = figureRows(parseHTML(t, page))
	if len(rows) != rowsPerPage || !strings.Contains(attr(rows[0], "data-series"), `county="county_00021"`) {
		t.Errorf("page 2 starts with %q", attr(rows[0], "data-series"))
	}
	_, last := do(t, h, http.MethodGet, "/figures/county_gdp_yuan?page-number=50", nil)
	_, past := do(t, h, http.MethodGet, "/figures/county_gdp_yuan?page-number=999", nil)
	if last != past || !strings.Contains(last, "4,901–5,000 shown") {
		t.Error("a page past the last is not the last")
	}
}

func TestMetricPageFilters(t *testing.T) {
	set := synthSet(t, 100_000)
	_, h := serveSet(t, set, RouteOptions{})
	// A county's five years, found by typing part of its name in any case.
	_, page := do(t, h, http.MethodGet, "/figures/county_gdp_yuan?county=COUNTY_00042&year=", nil)
	doc := parseHTML(t, page)
	rows := figureRows(doc)
	if len(rows) != 5 {
		t.Fatalf("%d rows for county_00042, want its 5 years", len(rows))
	}
	for _, r := range rows {
		if !strings.Contains(attr(r, "data-series"), `county="county_00042"`) {
			t.Errorf("row %q is not county_00042's", attr(r, "data-series"))
		}
	}
	if !strings.Contains(page, "5 of 5,000 figures") {
		t.Error("the lede does not say 5 of 5,000")
	}
	// Five figures make a chart.
	if n := len(findAll(doc, byTag("rect"))); n != 5 {
		t.Errorf("%d bars for 5 figures", n)
	}
	// The filter stays in the form, the pager and the CSV link.
	if in := findAll(doc, byAttr("name", "county")); len(in) != 1 || attr(in[0], "value") != "COUNTY_00042" {
		t.Error("the county field lost its value")
	}
	if a := findAll(doc, byClass("csv")); len(a) != 1 || attr(a[0], "href") != "/figures/county_gdp_yuan.csv?county=COUNTY_00042" {
		t.Errorf("CSV link %v", a)
	}
	// A province and a year: the 33 of its 1,000 counties (c%31 = 6), one year.
	_, page = do(t, h, http.MethodGet, "/figures/county_gdp_yuan?province=province_07&year=2013", nil)
	if n := len(figureRows(parseHTML(t, page))); n != 33 {
		t.Errorf("%d rows for province_07 in 2013, want 33", n)
	}
	// Nothing matches.
	_, page = do(t, h, http.MethodGet, "/figures/county_gdp_yuan?county=nowhere", nil)
	if !strings.Contains(page, "No figure matches") {
		t.Error("no message for an empty result")
	}
	if resp, _ := do(t, h, http.MethodGet, "/figures/no_such_metric", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown metric: %s", resp.Status)
	}
}

func TestMetricCSV(t *testing.T) {
	set := realShapedSet(t)
	_, h := serveSet(t, set, RouteOptions{})
	resp, body := do(t, h, http.MethodGet, "/figures/gdp_usd.csv?country=france", nil)
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="gdp_usd.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(records[0], ",") != "country,Year,value,source,publisher" || len(records) != 31 {
		t.Fatalf("header %q and %d records, want 30 years of France", records[0], len(records)-1)
	}
	if r := records[1]; r[0] != "France" || r[1] != "1994" || r[4] != "International Monetary Fund" {
		t.Errorf("first record %q", r)
	}
	if r := records[30]; r[1] != "2023" || r[4] != "World Bank" {
		t.Errorf("last record %q", r)
	}
	// The whole metric without a filter.
	_, body = do(t, h, http.MethodGet, "/figures/disaster_deaths.csv", nil)
	if n := strings.Count(body, "\n"); n != 804 {
		t.Errorf("%d lines, want a header and 803 figures", n)
	}
	if spreadsheetSafe("=HYPERLINK(1)") != "'=HYPERLINK(1)" || spreadsheetSafe("-12.5") != "-12.5" || spreadsheetSafe("Ohio") != "Ohio" {
		t.Error("formula-like cells are not kept as text")
	}
}

// TestEachFigureShowsItsOwnSource: a metric's source is the one most of
// its figures come from; a figure from another source says so in its row.
func TestEachFigureShowsItsOwnSource(t *testing.T) {
	_, h := serveSet(t, realShapedSet(t), RouteOptions{})
	_, page := do(t, h, http.MethodGet, "/figures/gdp_usd?country=Chile", nil)
	doc := parseHTML(t, page)
	if src := findAll(doc, byClass("source")); len(src) != 1 || !strings.Contains(text(src[0]), "World Development Indicators, World Bank") {
		t.Errorf("the metric's source is not the World Bank's")
	}
	for _, r := range figureRows(doc) {
		imf := strings.Contains(attr(r, "data-series"), `Year="199`)
		own := findAll(r, byClass("row-source"))
		if imf != (len(own) == 1) || (imf && text(own[0]) != "Source: World Economic Outlook, International Monetary Fund") {
			t.Errorf("%s: row source %d", attr(r, "data-series"), len(own))
		}
	}
	// The index names each metric's main source.
	_, page = do(t, h, http.MethodGet, "/figures", nil)
	e := findAll(parseHTML(t, page), byAttr("data-metric", "state_engineers_ratio"))
	if len(e) != 1 || !strings.Contains(text(e[0]), "U.S. Bureau of Labor Statistics") || !strings.Contains(text(e[0]), "ratio") {
		t.Error("the index does not give the state shares their source and unit")
	}
}

// TestMetricPageShowsHostileTextAsText: the metric page, its form and its
// links carry the hostile file's text as text.
func TestMetricPageShowsHostileTextAsText(t *testing.T) {
	set := testutil.HostileSet(t, "..")
	_, h := serveSet(t, set, RouteOptions{})
	m := set.Metrics[0]
	for _, path := range []string{"/figures/" + m.Name, "/figures/" + m.Name + "?" + m.Labels[0] + "=" + "%3Cscript%3E"} {
		_, page := do(t, h, http.MethodGet, path, nil)
		doc := parseHTML(t, page)
		for _, tag := range []string{"script", "b", "iframe", "img"} {
			if n := findAll(doc, byTag(tag)); len(n) > 0 {
				t.Errorf("%s has %d <%s> elements", path, len(n), tag)
			}
		}
		for _, a := range findAll(doc, byTag("a")) {
			if href := strings.ToLower(attr(a, "href")); strings.HasPrefix(href, "javascript:") {
				t.Errorf("%s links %q", path, href)
			}
		}
	}
}

// TestRealShapedPagesAreSmall: the real-shaped set's index and its largest
// metric's pages (803 rows of 118 entities, 1,860 of 62 countries) stay
// small, and the index links every metric.
func TestRealShapedPagesAreSmall(t *testing.T) {
	set := realShapedSet(t)
	_, h := serveSet(t, set, RouteOptions{})
	for _, path := range []string{"/figures", "/figures/disaster_deaths", "/figures/gdp_usd", "/figures/gdp_usd?page-number=19", "/figures/state_engineers_ratio"} {
		resp, page := do(t, h, http.MethodGet, path, nil)
		limit := maxMetricBytes
		if path == "/figures" {
			limit = maxIndexBytes
		}
		if resp.StatusCode != http.StatusOK || len(page) > limit {
			t.Errorf("%s: %s, %d bytes; want 200 and at most %d", path, resp.Status, len(page), limit)
		}
		t.Logf("%s: %d bytes", path, len(page))
	}
}

// BenchmarkMetricPage is a request for a metric's page at 100,000
// figures: the metric's 5,000 figures rebuilt, filtered and a page of
// them rendered.
func BenchmarkMetricPage(b *testing.B) {
	_, h := serveSet(b, synthSet(b, 100_000), RouteOptions{})
	for _, path := range []string{"/figures/county_gdp_yuan", "/figures/county_gdp_yuan?province=province_07&page-number=2"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if resp, _ := do(b, h, http.MethodGet, path, nil); resp.StatusCode != http.StatusOK {
					b.Fatal(resp.Status)
				}
			}
		})
	}
}

// TestIndexOfManyMetricsIsSearchedAndPaged: 450 metrics (a table of
// indicators in rows) make an index of 200 a page, with a search field.
func TestIndexOfManyMetricsIsSearchedAndPaged(t *testing.T) {
	set := &config.Set{}
	for i := range 450 {
		set.Metrics = append(set.Metrics, config.Metric{
			Name: fmt.Sprintf("indicator_%03d", i), Help: fmt.Sprintf("Indicator %d.", i), Labels: []string{"year"},
			Figures: []config.Figure{{LabelValues: []string{"2020"}, Value: 1}, {LabelValues: []string{"2021"}, Value: 2}},
		})
	}
	_, h := serveSet(t, set, RouteOptions{})
	resp, page := do(t, h, http.MethodGet, "/figures", nil)
	doc := parseHTML(t, page)
	entries := findAll(doc, func(n *html.Node) bool { return attr(n, "data-metric") != "" })
	if len(entries) != metricsPerPage || len(page) > maxIndexBytes {
		t.Fatalf("%d entries in %d bytes, want %d in at most %d", len(entries), len(page), metricsPerPage, maxIndexBytes)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") {
		t.Errorf("CSP %q does not let the search form submit", csp)
	}
	if in := findAll(doc, byAttr("name", "metric")); len(in) != 1 || in[0].Data != "input" {
		t.Error("no search field")
	}
	if next := findAll(doc, byAttr("rel", "next")); len(next) != 1 || attr(next[0], "href") != "/figures?page-number=2" {
		t.Errorf("next link %v", next)
	}
	_, page = do(t, h, http.MethodGet, "/figures?page-number=3", nil)
	entries = findAll(parseHTML(t, page), func(n *html.Node) bool { return attr(n, "data-metric") != "" })
	if len(entries) != 50 || attr(entries[0], "data-metric") != "indicator_400" {
		t.Errorf("page 3: %d entries", len(entries))
	}
	_, page = do(t, h, http.MethodGet, "/figures?metric=INDICATOR_04", nil)
	entries = findAll(parseHTML(t, page), func(n *html.Node) bool { return attr(n, "data-metric") != "" })
	if len(entries) != 10 || !strings.Contains(page, "1–10 of 10 metrics matching") {
		t.Errorf("search: %d entries", len(entries))
	}
	// A small set's index has no form, and keeps form-action 'none'.
	_, h = serveSet(t, defaultSet(t), RouteOptions{})
	resp, page = do(t, h, http.MethodGet, "/figures?metric=aid", nil)
	if strings.Contains(page, "<form") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "form-action 'none'") {
		t.Error("the report's index has a form")
	}
}

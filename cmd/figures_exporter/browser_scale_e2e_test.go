package main_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/figures-exporter/figures_exporter/internal/e2e"
	"github.com/figures-exporter/figures_exporter/internal/synth"
)

// TestBrowserReadsManyFigures reads 100,000 synthetic figures in headless
// Chromium as a person would: /figures is an index whose first screen
// shows the metrics and their counts; a metric's page shows its first 100
// figures; its filter form narrows them on the server; its pager and CSV
// link work; and no page logs a console error or a CSP violation, form
// included. Screenshots of each step are kept as artifacts.
func TestBrowserReadsManyFigures(t *testing.T) {
	ctx := e2e.StartBrowser(t)
	var figures bytes.Buffer
	if err := synth.WriteYAML(&figures, 100_000); err != nil {
		t.Fatal(err)
	}
	path := e2e.WriteFile(t, t.TempDir(), "figures.yml", figures.String())
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)
	console := e2e.WatchConsole(t, ctx)

	visit(t, ctx, exp.URL+"/figures")
	if lede := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector(".lede").textContent`)); !strings.Contains(lede, "100,000 figures in 20 metrics") {
		t.Errorf("lede %q", lede)
	}
	// The first screen (1280×900) holds the index's header and its first
	// metrics, with their counts, and the page is short: no figure on it.
	firstScreen := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-metric]")].filter(r => r.getBoundingClientRect().bottom <= innerHeight).map(r => r.dataset.metric + " " + r.cells[2].textContent)`))
	if len(firstScreen) < 5 || firstScreen[0] != "county_aid_yuan 5,000" {
		t.Errorf("first screen shows %q, want the index from county_aid_yuan with 5,000 figures", firstScreen)
	}
	if h := browse(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`)); h > 3000 {
		t.Errorf("/figures is %.0f px tall at 100,000 figures", h)
	}
	e2e.SaveArtifact(t, "figures-100k-first-screen.png", browse(t, ctx, chromedp.CaptureScreenshot()))

	// A metric's page from the index.
	follow(t, ctx, `tr[data-metric="county_gdp_yuan"] a`)
	if loc := browse(t, ctx, chromedp.Location()); loc != exp.URL+"/figures/county_gdp_yuan" {
		t.Fatalf("the index led to %s", loc)
	}
	if n := browse(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("tr[data-series]").length`)); n != 100 {
		t.Errorf("%d rows on the first page, want 100", n)
	}
	if v := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("tr[data-series] td.value").firstChild.textContent`)); !strings.HasPrefix(v, "CN¥") {
		t.Errorf("the first value reads %q, want yuan as CN¥", v)
	}
	if top := browse(t, ctx, chromedp.Evaluate[float64](`document.querySelector("tr[data-series]").getBoundingClientRect().top`)); top > 800 {
		t.Errorf("the first figure is %.0f px down: not on the first screen", top)
	}
	e2e.SaveArtifact(t, "metric-100k-first-screen.png", browse(t, ctx, chromedp.CaptureScreenshot()))

	// Filter by a province from its list and a county by part of its name:
	// the form submits to the server, under the page's CSP.
	act(t, ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="province"]`), "province_07"),
		chromedp.SendKeys(chromedp.CSS(`input[name="county"]`), "0006"))
	follow(t, ctx, `form.filters button[type="submit"]`)
	if loc := browse(t, ctx, chromedp.Location()); !strings.Contains(loc, "province=province_07") || !strings.Contains(loc, "county=0006") {
		t.Errorf("the filter led to %s", loc)
	}
	series := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-series]")].map(r => r.dataset.series)`))
	for _, s := range series {
		if !strings.Contains(s, `province="province_07"`) || !strings.Contains(s, "0006") {
			t.Errorf("row %s does not match the filters", s)
		}
	}
	if len(series) == 0 {
		t.Error("the filters kept no figure")
	}
	e2e.SaveArtifact(t, "metric-100k-filtered.png", browse(t, ctx, chromedp.FullScreenshot(100)))

	// The pager: the second page of the whole metric.
	visit(t, ctx, exp.URL+"/figures/county_gdp_yuan")
	follow(t, ctx, `nav.pager a[rel="next"]`)
	if first := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("tr[data-series]").dataset.series`)); !strings.Contains(first, `county="county_00021"`) {
		t.Errorf("page 2 starts with %s", first)
	}
	// The CSV link, fetched as a download would.
	href := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("a.csv").href`))
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || strings.Count(string(body), "\n") != 5001 {
		t.Errorf("CSV %s: %v, %s, %d lines", href, err, resp.Header.Get("Content-Type"), strings.Count(string(body), "\n"))
	}

	for _, p := range console.Problems() {
		t.Errorf("console: %s", p)
	}
}

// TestBrowserReadsRealShapedFigures reads the real-shaped set (3,005
// figures: 803 rows of 118 entities, 62 countries a year, a share per US
// state) in Chromium: shares read as percentages, a metric's page finds a
// country from its list, an entity by typing part of its name, and a
// figure whose source is not its metric's says so in its row.
func TestBrowserReadsRealShapedFigures(t *testing.T) {
	ctx := e2e.StartBrowser(t)
	path := e2e.WriteFile(t, t.TempDir(), "real.yml", string(synth.RealShapedYAML()))
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)
	console := e2e.WatchConsole(t, ctx)

	visit(t, ctx, exp.URL+"/figures")
	titles := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-metric] a")].map(a => a.textContent)`))
	if strings.Join(titles, "|") != "Disaster deaths|GDP (current US$)|Life expectancy|State engineers|US employment (thousands)|Western aid" {
		t.Errorf("index titles %q", titles)
	}
	e2e.SaveArtifact(t, "figures-real-shaped.png", browse(t, ctx, chromedp.FullScreenshot(100)))

	visit(t, ctx, exp.URL+"/figures/state_engineers_ratio")
	values := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-series] td.value")].map(td => td.firstChild.textContent)`))
	if len(values) != 51 {
		t.Fatalf("%d state shares, want 51", len(values))
	}
	for _, v := range values {
		if !strings.HasSuffix(v, "%") || strings.Contains(v, "×") {
			t.Errorf("a share reads %q, want a percentage", v)
		}
	}
	e2e.SaveArtifact(t, "metric-state-shares.png", browse(t, ctx, chromedp.CaptureScreenshot()))

	visit(t, ctx, exp.URL+"/figures/gdp_usd")
	// 62 countries: a list to choose from.
	act(t, ctx, chromedp.SetValue(chromedp.CSS(`select[name="country"]`), "France"))
	follow(t, ctx, `form.filters button[type="submit"]`)
	rows := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-series]")].map(r => r.dataset.series + " | " + (r.querySelector(".row-source") ? r.querySelector(".row-source").textContent : ""))`))
	if len(rows) != 30 {
		t.Fatalf("%d rows for France, want its 30 years", len(rows))
	}
	for _, r := range rows {
		imf := strings.Contains(r, `Year="199`)
		if !strings.Contains(r, `country="France"`) || imf != strings.Contains(r, "International Monetary Fund") {
			t.Errorf("row %s", r)
		}
	}
	if src := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("p.source").textContent`)); !strings.Contains(src, "World Bank") {
		t.Errorf("the metric's source reads %q", src)
	}
	e2e.SaveArtifact(t, "metric-gdp-france.png", browse(t, ctx, chromedp.FullScreenshot(100)))

	// 118 entities: typed, in any case.
	visit(t, ctx, exp.URL+"/figures/disaster_deaths")
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name="Entity"]`), "WORLD"))
	follow(t, ctx, `form.filters button[type="submit"]`)
	entities := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr[data-series] td.label:first-child")].map(td => td.textContent)`))
	if len(entities) != 6 || entities[0] != "World" {
		t.Errorf("WORLD found %q, want the World's 6 years", entities)
	}

	for _, p := range console.Problems() {
		t.Errorf("console: %s", p)
	}
}

// act runs browser actions that return nothing, with a bounded time.
func act(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(step, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

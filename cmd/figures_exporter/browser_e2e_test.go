package main_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// browserStep bounds one browser action, so that a page that never loads
// fails the test with a reason instead of hanging it.
const browserStep = 30 * time.Second

// TestBrowserReadsTheFigures opens the landing page and /figures of the
// real binary in headless Chromium, as a person would: both render with
// their styles under their Content-Security-Policy without a single console
// error, /figures shows aid_yuan for 2011 as 840,264,000, and every link
// leads where it says. Screenshots are kept as artifacts.
func TestBrowserReadsTheFigures(t *testing.T) {
	ctx := e2e.StartBrowser(t)
	exp := e2e.StartExporter(t, e2e.BuildExporter(t))
	console := e2e.WatchConsole(t, ctx)

	// The landing page: exporter-toolkit's, with its inline stylesheet
	// allowed by hash, so its orange header must be there.
	visit(t, ctx, exp.URL+"/")
	if title := browse(t, ctx, chromedp.Title()); title != "Figures Exporter" {
		t.Errorf("landing page title %q", title)
	}
	if bg := browse(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header")).backgroundColor`)); bg != "rgb(230, 82, 44)" {
		t.Errorf("the landing page is not styled: header background %q (blocked stylesheet?)", bg)
	}
	e2e.SaveArtifact(t, "landing.png", browse(t, ctx, chromedp.FullScreenshot(100)))

	// Every link of the landing page leads to a page that answers.
	for _, link := range []struct{ text, path, contains string }{
		{"Metrics", "/metrics", `aid_yuan{year="2011"} 8.40264e+08`},
		{"Figures", "/figures", "CN¥840,264,000"},
		{"Health", "/-/healthy", "Healthy"},
		{"Readiness", "/-/ready", "Ready"},
		{"Build info", "/version", `"goVersion"`},
	} {
		visit(t, ctx, exp.URL+"/")
		follow(t, ctx, `main a[href="`+link.path+`"]`)
		if loc := browse(t, ctx, chromedp.Location()); loc != exp.URL+link.path {
			t.Errorf("the %s link led to %s, want %s", link.text, loc, exp.URL+link.path)
		}
		if body := browse(t, ctx, chromedp.Evaluate[string](`document.body.innerText`)); !strings.Contains(body, link.contains) {
			t.Errorf("%s does not show %q:\n%.500s", link.path, link.contains, body)
		}
	}

	// The figures page.
	visit(t, ctx, exp.URL+"/figures")
	row := `tr[data-series='aid_yuan{year="2011"}']`
	if year := browse(t, ctx, chromedp.Text(chromedp.CSS(row+" td.label"))); year != "2011" {
		t.Errorf("the aid_yuan row's year reads %q", year)
	}
	if value := browse(t, ctx, chromedp.Text(chromedp.CSS(row+" td.value"))); !strings.Contains(value, "840,264,000") {
		t.Errorf("the aid_yuan 2011 row reads %q, want 840,264,000", value)
	}
	if n := browse(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("section.metric").length`)); n != 19 {
		t.Errorf("%d metric sections, want the report's 19", n)
	}
	// The four metrics with several figures each have a drawn bar chart.
	charts := browse(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section.metric")].filter(s => s.querySelector("svg.chart rect")).map(s => s.id)`))
	if strings.Join(charts, ",") != "ratio_to_base_year,social_donations_yuan,training_person_times,trainings_held" {
		t.Errorf("charts for %v", charts)
	}
	if w := browse(t, ctx, chromedp.Evaluate[float64](`document.querySelector("#training_person_times svg.chart").getBoundingClientRect().width`)); w < 300 {
		t.Errorf("the bar chart is %.0f px wide: not laid out", w)
	}
	if bg := browse(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("section.metric")).backgroundColor`)); bg != "rgb(255, 255, 255)" {
		t.Errorf("the figures page is not styled: card background %q", bg)
	}
	e2e.SaveArtifact(t, "figures.png", browse(t, ctx, chromedp.FullScreenshot(100)))
	e2e.SaveArtifact(t, "figures-first-screen.png", browse(t, ctx, chromedp.CaptureScreenshot()))
	e2e.SaveArtifact(t, "figures-chart.png", browse(t, ctx, chromedp.Screenshot(chromedp.CSS("#social_donations_yuan"))))

	// Its navigation leads to the metrics, health and build info.
	for _, link := range []struct{ path, contains string }{
		{"/metrics", "# TYPE aid_yuan gauge"},
		{"/-/healthy", "Healthy"},
		{"/version", `"version"`},
		{"/", "Figures from reports"},
	} {
		visit(t, ctx, exp.URL+"/figures")
		follow(t, ctx, `header nav a[href="`+link.path+`"], header a[href="`+link.path+`"]`)
		if body := browse(t, ctx, chromedp.Evaluate[string](`document.body.innerText`)); !strings.Contains(body, link.contains) {
			t.Errorf("the figures page's link to %s shows no %q", link.path, link.contains)
		}
	}

	for _, p := range console.Problems() {
		t.Errorf("console: %s", p)
	}
	if t.Failed() {
		t.Logf("all console messages: %v", console.Entries())
	}
}

// visit loads url and waits for its load event.
func visit(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(step, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

// follow clicks the first element matching selector and waits for the
// page it leads to to load.
func follow(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if _, err := chromedp.Run(step, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(selector)))); err != nil {
		t.Fatalf("following %s: %v", selector, err)
	}
}

// browse runs one browser action with a bounded time and returns its value.
func browse[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	v, err := chromedp.Run(step, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// TestBrowserShowsHostileTextAsText serves the hostile figures file and
// reads /figures in Chromium: every help and label value is text in the
// DOM exactly as the file wrote it, no element came from the file, and the
// console stays clean.
func TestBrowserShowsHostileTextAsText(t *testing.T) {
	ctx := e2e.StartBrowser(t)
	path := e2e.HostileFiguresFile(t)
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := e2e.StartExporter(t, e2e.BuildExporter(t), "--config.file="+path)
	console := e2e.WatchConsole(t, ctx)
	visit(t, ctx, exp.URL+"/figures")

	if n := browse(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("script, b, iframe, img").length`)); n != 0 {
		t.Errorf("the file put %d elements into the page", n)
	}
	m := set.Metrics[0]
	if help := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("#hostile .help").textContent`)); help != m.Help {
		t.Errorf("help reads %q, want %q", help, m.Help)
	}
	cells := browse(t, ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll("#hostile tbody tr")].map(tr => [...tr.querySelectorAll("td.label")].map(td => td.textContent))`))
	if len(cells) != len(m.Figures) {
		t.Fatalf("%d rows, want %d", len(cells), len(m.Figures))
	}
	for i, f := range m.Figures {
		if strings.Join(cells[i], "\x00") != strings.Join(f.LabelValues, "\x00") {
			t.Errorf("row %d reads %q, want %q", i, cells[i], f.LabelValues)
		}
	}
	if href := browse(t, ctx, chromedp.Evaluate[string](`document.querySelector("#hostile .source a") ? document.querySelector("#hostile .source a").getAttribute("href") : ""`)); strings.HasPrefix(strings.ToLower(href), "javascript:") {
		t.Errorf("the source links %q", href)
	}
	e2e.SaveArtifact(t, "figures-hostile.png", browse(t, ctx, chromedp.FullScreenshot(100)))
	for _, p := range console.Problems() {
		t.Errorf("console: %s", p)
	}
}

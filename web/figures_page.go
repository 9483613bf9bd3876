package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

//go:embed templates/figures.html templates/metric.html templates/parts.html templates/figures.css
var templateFiles embed.FS

// pageFuncs are the helpers the page templates call.
var pageFuncs = template.FuncMap{"plural": plural, "thousands": thousands}

// figuresTemplate and metricTemplate are parsed once; html/template
// escapes every figure, label and help text for the context it lands in
// (text, attribute, URL, SVG).
var (
	figuresTemplate = template.Must(template.New("figures.html").Funcs(pageFuncs).
			ParseFS(templateFiles, "templates/figures.html", "templates/parts.html"))
	metricTemplate = template.Must(template.New("metric.html").Funcs(pageFuncs).
			ParseFS(templateFiles, "templates/metric.html", "templates/parts.html"))
)

// figuresCSS is the pages' one stylesheet, inlined so that a page needs
// no other request; the Content-Security-Policy allows it by its hash.
var figuresCSS = func() template.CSS {
	css, err := templateFiles.ReadFile("templates/figures.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(css)
}()

// inlineFigures is the most figures /figures shows in full below its
// index: a report's few dozen figures read best on one page, while a set of
// thousands is read a metric at a time, on the metric's own page.
const inlineFigures = 200

// chrome is what every figures page has around its content.
type chrome struct {
	// Title names the page; Here says it is /figures itself.
	Title         string
	Here          bool
	CSS           template.CSS
	TelemetryPath string
	FiguresPath   string
	VersionPath   string
}

func newChrome(title string, opts RouteOptions) chrome {
	return chrome{Title: title, CSS: figuresCSS, TelemetryPath: opts.TelemetryPath, FiguresPath: FiguresPath, VersionPath: VersionPath}
}

// figuresView is what the /figures template renders.
type figuresView struct {
	chrome
	Series  int
	Sources []sourceView
	// Files are the base names of the files served: the page tells what
	// is served, not where the server keeps it.
	Files []string
	// Index lists every metric, with its figures counted and a link to
	// its page.
	Index []indexEntry
	// Metrics are the metrics shown in full below the index: all of them
	// for a set of at most inlineFigures figures, none otherwise.
	Metrics []metricView
	// Searchable says the index has more than metricsPerPage metrics, so
	// it is paged and has a search field; Filter is the text searched,
	// Matched the metrics found, First and Last those shown (1-based).
	Searchable           bool
	Filter               string
	Matched, First, Last int
	Pages                []pageLink
	Prev, Next           string
}

// metricsPerPage is the most metrics the index lists at once: a set of
// thousands of metrics (a table with indicators in rows) is searched and
// paged like a metric's figures.
const metricsPerPage = 200

// indexParam names the index's search text in its query.
const indexParam = "metric"

// indexPage is the index of v with the metrics whose name or title
// contains filter (ignoring case), page n of them.
func (v *figuresView) indexPage(filter string, n int) *figuresView {
	out := *v
	out.Filter = filter
	if !v.Searchable {
		return &out
	}
	var matched []indexEntry
	lower := strings.ToLower(filter)
	for _, e := range v.Index {
		if strings.Contains(strings.ToLower(e.Name), lower) || strings.Contains(strings.ToLower(e.Title), lower) {
			matched = append(matched, e)
		}
	}
	pages := max(1, (len(matched)+metricsPerPage-1)/metricsPerPage)
	n = max(1, min(n, pages))
	first := (n - 1) * metricsPerPage
	out.Index = matched[first:min(first+metricsPerPage, len(matched))]
	out.Matched, out.First, out.Last = len(matched), first+1, first+len(out.Index)
	href := func(page int) string {
		q := url.Values{}
		if filter != "" {
			q.Set(indexParam, filter)
		}
		if page > 1 {
			q.Set(pageParam, strconv.Itoa(page))
		}
		if len(q) == 0 {
			return FiguresPath
		}
		return FiguresPath + "?" + q.Encode()
	}
	out.Pages, out.Prev, out.Next = pager(n, pages, href)
	return &out
}

// indexEntry is one metric in the index.
type indexEntry struct {
	Name, Title, Unit, Kind string
	Figures                 int
	Href                    string
	Source                  *sourceView
}

// sourceView is a source as the page shows it. Link is the source's URL
// only when it is a web address; anything else (javascript:, file:) is
// not made a link, while figures_source_info still carries it as text.
type sourceView struct {
	Title, Publisher, Page string
	Link                   string
}

func newSourceView(s config.Source) sourceView {
	v := sourceView{Title: s.Title, Publisher: s.Publisher, Page: s.Page}
	if u, err := url.Parse(s.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		v.Link = u.String()
	}
	return v
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands writes a count with thousands separators.
func thousands(n int) string { return metricinfo.GroupThousands(float64(n)) }

// metricView is one metric's section: on /figures for a small set, and on
// the metric's own page.
type metricView struct {
	Name  string
	Title string
	Help  string
	Unit  string
	Kind  string
	// Href is the metric's own page.
	Href   string
	Labels []string
	Rows   []figureRow
	Chart  *barChart
	// Source is where most of the metric's figures come from. A figure
	// from another source shows it in its row (figureRow.Source).
	Source *sourceView
}

type figureRow struct {
	Series      string // aid_yuan{year="2011"}, as in PromQL
	LabelValues []string
	Value       string // for reading: CN¥840,264,000
	Note        string // = CN¥840.264 million
	Exact       string // in full, for the tooltip: 840264000
	// Source is the figure's source when it is not the metric's.
	Source *sourceView
}

// sourceViews are the set's sources as the page shows them, by index.
func sourceViews(set *config.Set) []sourceView {
	views := make([]sourceView, len(set.Sources))
	for i, s := range set.Sources {
		views[i] = newSourceView(s)
	}
	return views
}

// metricHref is the path of a metric's page.
func metricHref(name string) string { return FiguresPath + "/" + url.PathEscape(name) }

// newMetricView builds the section of m showing the figures at rows
// (indexes into m.Figures), with a chart when they are few enough.
func newMetricView(m *config.Metric, info metricinfo.Info, sources []sourceView, rows []int) metricView {
	mv := metricView{
		Name: m.Name, Title: info.Title, Help: m.Help, Unit: info.UnitName(), Kind: info.Kind.String(),
		Href: metricHref(m.Name), Labels: m.Labels,
	}
	main := 0
	if counts := metricinfo.SourcesOf(m); len(counts) > 0 {
		main = counts[0].Source
		mv.Source = &sources[main-1]
	}
	for _, j := range rows {
		f := &m.Figures[j]
		r := info.Format(f.LabelValues, f.Value)
		row := figureRow{
			Series:      config.SeriesName(m.Name, m.Labels, f.LabelValues),
			LabelValues: f.LabelValues,
			Value:       r.Value,
			Note:        r.Note,
			Exact:       strconv.FormatFloat(f.Value, 'f', -1, 64),
		}
		if f.Source > 0 && f.Source != main {
			row.Source = &sources[f.Source-1]
		}
		mv.Rows = append(mv.Rows, row)
	}
	mv.Chart = newBarChart(m, rows, mv.Rows)
	return mv
}

func newFiguresView(set *config.Set, opts RouteOptions) *figuresView {
	v := &figuresView{chrome: newChrome("Figures", opts), Series: set.Series(), Sources: sourceViews(set)}
	for _, f := range set.Files {
		v.Files = append(v.Files, filepath.Base(f))
	}
	v.Here = true
	v.Searchable = len(set.Metrics) > metricsPerPage
	inline := v.Series <= inlineFigures
	for i := range set.Metrics {
		m := &set.Metrics[i]
		info := metricinfo.Of(m)
		e := indexEntry{Name: m.Name, Title: info.Title, Unit: info.UnitName(), Kind: info.Kind.String(), Figures: len(m.Figures), Href: metricHref(m.Name)}
		if counts := metricinfo.SourcesOf(m); len(counts) > 0 {
			e.Source = &v.Sources[counts[0].Source-1]
		}
		v.Index = append(v.Index, e)
		if inline {
			all := make([]int, len(m.Figures))
			for j := range all {
				all[j] = j
			}
			v.Metrics = append(v.Metrics, newMetricView(m, info, v.Sources, all))
		}
	}
	return v
}

// renderFigures renders the page of v.
func renderFigures(v *figuresView) (htmlPage, error) {
	var buf bytes.Buffer
	if err := figuresTemplate.Execute(&buf, v); err != nil {
		return htmlPage{}, err
	}
	if v.Searchable {
		return newFormPage(buf.Bytes()), nil
	}
	return newHTMLPage(buf.Bytes()), nil
}

// figuresHandler serves /figures, rendered once per snapshot: the first
// request after a snapshot is published renders it, every other request
// copies the rendered bytes. The cache lives here rather than in the
// snapshot because the page depends on the routes (the metrics path) too.
type figuresHandler struct {
	opts   RouteOptions
	logger *slog.Logger
	mu     sync.Mutex // held while rendering, so each snapshot renders once
	cached atomic.Pointer[renderedFigures]
}

type renderedFigures struct {
	snap Served
	// view is the whole index, for a request that searches or pages it.
	view *figuresView
	page htmlPage
	err  error
}

func newFiguresHandler(opts RouteOptions) *figuresHandler {
	return &figuresHandler{opts: opts, logger: loggerOf(opts)}
}

// loggerOf is the logger of opts, or one that discards.
func loggerOf(opts RouteOptions) *slog.Logger {
	if opts.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return opts.Logger
}

func (h *figuresHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rendered := h.render(h.opts.Current())
	if rendered.err != nil {
		h.logger.Error("cannot render the figures page", "err", rendered.err)
		http.Error(w, "cannot render the figures page", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	if !rendered.view.Searchable || (q.Get(indexParam) == "" && q.Get(pageParam) == "") {
		rendered.page.ServeHTTP(w, r)
		return
	}
	n, _ := strconv.Atoi(q.Get(pageParam))
	page, err := renderFigures(rendered.view.indexPage(strings.TrimSpace(q.Get(indexParam)), n))
	if err != nil {
		h.logger.Error("cannot render the figures page", "err", err)
		http.Error(w, "cannot render the figures page", http.StatusInternalServerError)
		return
	}
	page.ServeHTTP(w, r)
}

// render returns the page of snap, rendering it if it is not the snapshot
// rendered last.
func (h *figuresHandler) render(snap Served) *renderedFigures {
	if c := h.cached.Load(); c != nil && c.snap == snap {
		return c
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if c := h.cached.Load(); c != nil && c.snap == snap {
		return c
	}
	view := newFiguresView(snap.Set(), h.opts)
	page, err := renderFigures(view.indexPage("", 1))
	c := &renderedFigures{snap: snap, view: view, page: page, err: err}
	h.cached.Store(c)
	return c
}

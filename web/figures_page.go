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
)

//go:embed templates/figures.html templates/figures.css
var templateFiles embed.FS

// figuresTemplate is parsed once; html/template escapes every figure,
// label and help text for the context it lands in (text, attribute, SVG).
var figuresTemplate = template.Must(template.New("figures.html").
	Funcs(template.FuncMap{"plural": plural}).
	ParseFS(templateFiles, "templates/figures.html"))

// figuresCSS is the page's one stylesheet, inlined so that the page needs
// no other request; the Content-Security-Policy allows it by its hash.
var figuresCSS = func() template.CSS {
	css, err := templateFiles.ReadFile("templates/figures.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(css)
}()

// figuresView is what the /figures template renders.
type figuresView struct {
	CSS           template.CSS
	TelemetryPath string
	FiguresPath   string
	VersionPath   string
	Series        int
	Sources       []sourceView
	// Files are the base names of the files served: the page tells what
	// is served, not where the server keeps it.
	Files   []string
	Metrics []metricView
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

type metricView struct {
	Name   string
	Help   string
	Unit   string
	Labels []string
	Rows   []figureRow
	Chart  *barChart
	// Source is where the metric's figures come from, when the set names
	// exactly one source. A figure with a source of its own shows it in
	// its row (figureRow.Source).
	Source *sourceView
}

type figureRow struct {
	Series      string // aid_yuan{year="2011"}, as in PromQL
	LabelValues []string
	Value       string // for reading: 840,264,000 yuan
	Note        string // = 840.264 million
	Exact       string // in full, for the tooltip: 840264000
	Source      *sourceView
}

func newFiguresView(set *config.Set, opts RouteOptions) *figuresView {
	v := &figuresView{
		CSS:           figuresCSS,
		TelemetryPath: opts.TelemetryPath,
		FiguresPath:   FiguresPath,
		VersionPath:   VersionPath,
		Series:        set.Series(),
	}
	for _, s := range set.Sources {
		v.Sources = append(v.Sources, newSourceView(s))
	}
	for _, f := range set.Files {
		v.Files = append(v.Files, filepath.Base(f))
	}
	var only *sourceView
	if len(v.Sources) == 1 {
		only = &v.Sources[0]
	}
	for i := range set.Metrics {
		m := &set.Metrics[i]
		mv := metricView{Name: m.Name, Help: m.Help, Unit: unitOf(m.Name), Labels: m.Labels, Source: only}
		if isRatio(m.Name) {
			mv.Unit = "ratio"
		}
		for _, f := range m.Figures {
			r := readable(m.Name, f.Value)
			mv.Rows = append(mv.Rows, figureRow{
				Series:      seriesName(m.Name, m.Labels, f.LabelValues),
				LabelValues: f.LabelValues,
				Value:       r.Value,
				Note:        r.Note,
				Exact:       strconv.FormatFloat(f.Value, 'f', -1, 64),
			})
		}
		mv.Chart = newBarChart(m, mv.Rows)
		v.Metrics = append(v.Metrics, mv)
	}
	return v
}

// seriesName writes a series as PromQL selects it, with label values
// quoted and escaped as Go (and PromQL) strings.
func seriesName(name string, labels, values []string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, l := range labels {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(l)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(values[i]))
	}
	b.WriteByte('}')
	return b.String()
}

// renderFigures renders the page for set.
func renderFigures(set *config.Set, opts RouteOptions) (htmlPage, error) {
	var buf bytes.Buffer
	if err := figuresTemplate.Execute(&buf, newFiguresView(set, opts)); err != nil {
		return htmlPage{}, err
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
	page htmlPage
	err  error
}

func newFiguresHandler(opts RouteOptions) *figuresHandler {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &figuresHandler{opts: opts, logger: logger}
}

func (h *figuresHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rendered := h.render(h.opts.Current())
	if rendered.err != nil {
		h.logger.Error("cannot render the figures page", "err", rendered.err)
		http.Error(w, "cannot render the figures page", http.StatusInternalServerError)
		return
	}
	rendered.page.ServeHTTP(w, r)
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
	page, err := renderFigures(snap.Set(), h.opts)
	c := &renderedFigures{snap: snap, page: page, err: err}
	h.cached.Store(c)
	return c
}

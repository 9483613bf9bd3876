package web

import (
	"bytes"
	"encoding/csv"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/metricinfo"
)

// Each metric has a page of its own, /figures/<metric>, and its figures as
// CSV, /figures/<metric>.csv. Both take the same query: a label's name
// with a value keeps the figures whose value of that label contains it,
// ignoring case (?Entity=world&Year=2020), and pageParam picks the page.
// Filtering and paging are done here, so the pages need no script and the
// strict Content-Security-Policy stays: the filter form is a plain GET
// form, which the policy allows to submit to this server alone.

// rowsPerPage is how many figures a metric's page shows at once: a few
// screens, tens of kilobytes.
const rowsPerPage = 100

// pageParam names the page number in a metric page's query. A label name
// cannot contain a hyphen, so no label is named like it.
const pageParam = "page-number"

// selectValues is the most distinct values a label may have for its filter
// to be a list to choose from; a label with more (counties, entities) is
// filtered by typing.
const selectValues = 100

// metricPageView is what the metric page template renders.
type metricPageView struct {
	chrome
	Metric metricView
	// Filters are one per label; Filtered says any is set.
	Filters  []filterView
	Filtered bool
	// Matched is the number of figures the filters keep, of Total;
	// First and Last number the figures shown (1-based).
	Matched, Total, First, Last int
	Pages                       []pageLink
	Prev, Next                  string
	CSV                         string
	Clear                       string
}

// filterView is one label's filter in the form.
type filterView struct {
	Label string
	Value string
	// Options are the label's values to choose from, when it has at most
	// selectValues; otherwise the form has a text field.
	Options []string
}

// pageLink is one link of the pager; Href is empty for the current page
// and for the gaps ("…") between distant pages.
type pageLink struct {
	Text    string
	Href    string
	Current bool
}

// metricQuery is a metric page's query: the label filters and the page.
type metricQuery struct {
	filters []string // by label index; "" means none
	page    int      // 1-based
}

func parseMetricQuery(m *config.Metric, q url.Values) metricQuery {
	mq := metricQuery{filters: make([]string, len(m.Labels)), page: 1}
	for i, l := range m.Labels {
		mq.filters[i] = strings.TrimSpace(q.Get(l))
	}
	if n, err := strconv.Atoi(q.Get(pageParam)); err == nil && n > 1 {
		mq.page = n
	}
	return mq
}

// values is the query of q at page (0: without a page).
func (q metricQuery) values(m *config.Metric, page int) url.Values {
	v := url.Values{}
	for i, f := range q.filters {
		if f != "" {
			v.Set(m.Labels[i], f)
		}
	}
	if page > 1 {
		v.Set(pageParam, strconv.Itoa(page))
	}
	return v
}

func (q metricQuery) href(base string, m *config.Metric, page int) string {
	if v := q.values(m, page); len(v) > 0 {
		return base + "?" + v.Encode()
	}
	return base
}

// match returns the indexes of the figures of m the filters keep.
func (q metricQuery) match(m *config.Metric) []int {
	lower := make([]string, len(q.filters))
	for i, f := range q.filters {
		lower[i] = strings.ToLower(f)
	}
	var rows []int
	for j := range m.Figures {
		ok := true
		for i, f := range lower {
			if f != "" && !strings.Contains(strings.ToLower(m.Figures[j].LabelValues[i]), f) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, j)
		}
	}
	return rows
}

// labelOptions are the distinct values of label i in m, sorted, or nil
// when there are more than selectValues.
func labelOptions(m *config.Metric, i int) []string {
	seen := map[string]bool{}
	for j := range m.Figures {
		v := m.Figures[j].LabelValues[i]
		if !seen[v] {
			if len(seen) == selectValues {
				return nil
			}
			seen[v] = true
		}
	}
	opts := make([]string, 0, len(seen))
	for v := range seen {
		opts = append(opts, v)
	}
	slices.Sort(opts)
	return opts
}

func newMetricPageView(set *config.Set, m *config.Metric, q metricQuery, opts RouteOptions) *metricPageView {
	info := metricinfo.Of(m)
	matched := q.match(m)
	pages := max(1, (len(matched)+rowsPerPage-1)/rowsPerPage)
	q.page = min(q.page, pages)
	first := (q.page - 1) * rowsPerPage
	shown := matched[first:min(first+rowsPerPage, len(matched))]
	base := metricHref(m.Name)
	v := &metricPageView{
		chrome:  newChrome(info.Title, opts),
		Metric:  newMetricView(m, info, sourceViews(set), shown),
		Matched: len(matched),
		Total:   len(m.Figures),
		First:   first + 1,
		Last:    first + len(shown),
		CSV:     q.href(base+".csv", m, 0),
		Clear:   base,
	}
	for i, l := range m.Labels {
		v.Filters = append(v.Filters, filterView{Label: l, Value: q.filters[i], Options: labelOptions(m, i)})
		v.Filtered = v.Filtered || q.filters[i] != ""
	}
	v.Pages, v.Prev, v.Next = pager(q.page, pages, func(p int) string { return q.href(base, m, p) })
	return v
}

// pager links page n of pages: the first and last pages and two on each
// side of n, with gaps between, and the previous and next pages.
func pager(n, pages int, href func(int) string) (links []pageLink, prev, next string) {
	if n > 1 {
		prev = href(n - 1)
	}
	if n < pages {
		next = href(n + 1)
	}
	if pages < 2 {
		return nil, prev, next
	}
	last := 0
	for p := 1; p <= pages; p++ {
		if p != 1 && p != pages && (p < n-2 || p > n+2) {
			continue
		}
		if last > 0 && p > last+1 {
			links = append(links, pageLink{Text: "…"})
		}
		link := pageLink{Text: strconv.Itoa(p), Current: p == n}
		if !link.Current {
			link.Href = href(p)
		}
		links = append(links, link)
		last = p
	}
	return links, prev, next
}

// metricPages serves /figures/<metric> and /figures/<metric>.csv. Each
// request builds the one metric it asks for from the current snapshot, so
// a page costs in proportion to its metric, not to the set.
type metricPages struct {
	opts   RouteOptions
	logger *slog.Logger
}

func newMetricPages(opts RouteOptions) *metricPages {
	return &metricPages{opts: opts, logger: loggerOf(opts)}
}

func (h *metricPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, _ := strings.CutPrefix(r.URL.Path, FiguresPath+"/")
	name, asCSV := strings.CutSuffix(name, ".csv")
	snap := h.opts.Current()
	m, ok := snap.Metric(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	set := snap.Head()
	q := parseMetricQuery(m, r.URL.Query())
	if asCSV {
		serveCSV(w, r, set, m, q)
		return
	}
	var buf bytes.Buffer
	if err := metricTemplate.Execute(&buf, newMetricPageView(set, m, q, h.opts)); err != nil {
		h.logger.Error("cannot render a metric's page", "metric", name, "err", err)
		http.Error(w, "cannot render the metric's page", http.StatusInternalServerError)
		return
	}
	newFormPage(buf.Bytes()).ServeHTTP(w, r)
}

// serveCSV writes the figures of m the query keeps as CSV: a column per
// label, the value as the exposition writes it, and the source's title
// and publisher.
func serveCSV(w http.ResponseWriter, r *http.Request, set *config.Set, m *config.Metric, q metricQuery) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(append(append([]string{}, m.Labels...), "value", "source", "publisher"))
	record := make([]string, 0, len(m.Labels)+3)
	for _, j := range q.match(m) {
		f := &m.Figures[j]
		record = record[:0]
		for _, v := range f.LabelValues {
			record = append(record, spreadsheetSafe(v))
		}
		src, _ := set.SourceOf(f)
		record = append(record, strconv.FormatFloat(f.Value, 'g', -1, 64), spreadsheetSafe(src.Title), spreadsheetSafe(src.Publisher))
		_ = cw.Write(record)
	}
	cw.Flush()
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+m.Name+`.csv"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(buf.Bytes())
}

// spreadsheetSafe keeps a text cell from being read as a formula by a
// spreadsheet that opens the file (=HYPERLINK(…) in a label value): such a
// cell starts with a quote, which spreadsheets show as text.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

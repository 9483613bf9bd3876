package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// htmlPage is an HTML page rendered once, with the Content-Security-Policy
// that allows exactly its own inline stylesheets and nothing else: no
// scripts, no external assets, no frames, no forms.
type htmlPage struct {
	body []byte
	csp  string
}

// styleElement finds the text of each <style> element. The pages are our
// own output (html/template or exporter-toolkit's landing page), not
// arbitrary HTML, so a regular expression is enough to find them.
var styleElement = regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`)

func newHTMLPage(body []byte) htmlPage {
	return htmlPage{body: body, csp: contentSecurityPolicy(body, "'none'")}
}

// newFormPage is newHTMLPage for a page with a GET form (a metric's page
// and its filters): the form may submit to this server, and nowhere else.
func newFormPage(body []byte) htmlPage {
	return htmlPage{body: body, csp: contentSecurityPolicy(body, "'self'")}
}

// contentSecurityPolicy allows the page's inline stylesheets by their
// SHA-256, rather than all inline styles ('unsafe-inline'), so that markup
// slipped into a page could not style it either. Inline SVG elements are
// part of the document, not images, so no img-src is needed.
func contentSecurityPolicy(page []byte, formAction string) string {
	directives := []string{"default-src 'none'"}
	var styles []string
	for _, m := range styleElement.FindAllSubmatch(page, -1) {
		// Browsers hash the text as parsed, with line ends normalized to
		// \n: a stylesheet checked out with CRLF must still match.
		css := bytes.ReplaceAll(m[1], []byte("\r\n"), []byte("\n"))
		css = bytes.ReplaceAll(css, []byte("\r"), []byte("\n"))
		sum := sha256.Sum256(css)
		styles = append(styles, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	if len(styles) > 0 {
		directives = append(directives, "style-src "+strings.Join(styles, " "))
	}
	directives = append(directives, "base-uri 'none'", "form-action "+formAction, "frame-ancestors 'none'")
	return strings.Join(directives, "; ")
}

func (p htmlPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	setDefault(h, "Content-Security-Policy", p.csp)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(p.body)
}

// capture runs a handler that serves a fixed page (exporter-toolkit's
// landing page) and returns what it wrote, so that the page can be served
// with its own security policy.
func capture(h http.Handler, path string) []byte {
	w := &captureWriter{header: http.Header{}}
	r, _ := http.NewRequest(http.MethodGet, path, nil)
	h.ServeHTTP(w, r)
	return w.body.Bytes()
}

// captureWriter is the least http.ResponseWriter that keeps a body.
type captureWriter struct {
	header http.Header
	body   bytes.Buffer
}

func (w *captureWriter) Header() http.Header         { return w.header }
func (w *captureWriter) Write(p []byte) (int, error) { return w.body.Write(p) }
func (w *captureWriter) WriteHeader(int)             {}

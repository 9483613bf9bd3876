package exposition

import (
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// offeredFormats are the formats /metrics negotiates, in order of
// preference when a client accepts several equally.
var offeredFormats = []expfmt.Format{
	expfmt.FmtProtoDelim,
	expfmt.FmtOpenMetrics_1_0_0,
	expfmt.FmtOpenMetrics_0_0_1,
	expfmt.FmtText,
}

// maxNegotiated bounds the cache of negotiated Accept headers. A scraper
// sends the same header every time, so a few entries serve every scraper;
// the bound keeps clients that vary the header from growing it.
const maxNegotiated = 64

// negotiated is the outcome of one Accept header.
type negotiated struct {
	format      format
	contentType []string // the Content-Type header, ready to set
}

// negotiator caches the outcome of content negotiation per Accept header:
// expfmt's negotiation parses the header into maps and strings, which costs
// more than the rest of a small scrape.
type negotiator struct {
	cache atomic.Pointer[map[string]negotiated] // copied on write
}

func (n *negotiator) negotiate(h http.Header) negotiated {
	accept := h.Values("Accept")
	if len(accept) > 1 {
		return negotiate(h)
	}
	key := ""
	if len(accept) == 1 {
		key = accept[0]
	}
	cache := n.cache.Load()
	var known map[string]negotiated
	if cache != nil {
		known = *cache
	}
	if neg, ok := known[key]; ok {
		return neg
	}
	neg := negotiate(h)
	if len(known) < maxNegotiated {
		next := maps.Clone(known)
		if next == nil {
			next = map[string]negotiated{}
		}
		next[key] = neg
		// Losing a race loses no more than this entry.
		n.cache.CompareAndSwap(cache, &next)
	}
	return neg
}

// negotiate picks the format for an Accept header. The figures are encoded
// with their names as they are, which is what every escaping scheme but
// "dots" makes of the names config accepts; a client that asks for dots
// is told so in the Content-Type, which then says underscores.
func negotiate(h http.Header) negotiated {
	f := expfmt.NegotiateAccept(h, offeredFormats...)
	if f.ToEscapingScheme() == model.DotsEscaping {
		f = f.WithEscapingScheme(model.UnderscoreEscaping)
	}
	neg := negotiated{format: formatText, contentType: []string{string(f)}}
	switch f.FormatType() {
	case expfmt.TypeOpenMetrics:
		neg.format = formatOpenMetrics
	case expfmt.TypeProtoDelim:
		neg.format = formatProtoDelim
	}
	return neg
}

// acceptsGzip reports whether Accept-Encoding allows gzip; q=0 (or Q=0)
// refuses it.
func acceptsGzip(h http.Header) bool {
	for _, value := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(value, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			if !strings.EqualFold(coding, "gzip") && coding != "*" {
				continue
			}
			// The weight's name is case-insensitive, like every parameter
			// name (RFC 9110, 12.4.2): Q=0 refuses too.
			params = strings.TrimSpace(params)
			if len(params) < 2 || !strings.EqualFold(params[:2], "q=") {
				return true
			}
			q := params[2:]
			weight, err := strconv.ParseFloat(q, 64)
			return err == nil && weight > 0
		}
	}
	return false
}

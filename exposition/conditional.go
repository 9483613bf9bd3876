package exposition

import (
	"net/http"
	"strconv"
	"strings"
)

// Conditional requests. A scrape's body is the figures followed by the self
// metrics, and the self metrics change from scrape to scrape (process CPU
// time, memory), so no date can say when "the" body last changed, and an
// ETag over the figures alone would answer 304 to a client whose copy has
// stale self metrics. The ETag therefore names the exact bytes of the
// body: the snapshot of figures, the gathering of each part of the self
// metrics that was served (each a random 64-bit id, drawn anew whenever the
// part is encoded anew), the format and the encoding. Two requests get the
// same ETag only when they would get the same bytes, so If-None-Match never
// produces a wrong 304; it produces a 304 as long as nothing in the body
// changed, which with --web.disable-exporter-metrics is until the next
// reload. There is no Last-Modified, so If-Modified-Since is ignored, as
// RFC 9110 (13.1.3) says a server without modification dates must.

// etag returns the quoted ETag of a body.
func etag(figures, state, runtime uint64, f format, gzip bool) string {
	b := make([]byte, 0, 2+3*16+4)
	b = append(b, '"')
	b = appendHex(b, figures)
	b = append(b, '-')
	b = appendHex(b, state)
	b = append(b, '-')
	b = appendHex(b, runtime)
	b = append(b, '-', "tmp"[f])
	if gzip {
		b = append(b, 'z')
	}
	return string(append(b, '"'))
}

func appendHex(b []byte, v uint64) []byte {
	return strconv.AppendUint(b, v, 16)
}

// noneMatch evaluates If-None-Match against the current ETag: true when the
// client's copy is current, that is when the header is "*" or lists tag,
// weakly compared (RFC 9110, 13.1.2).
func noneMatch(h http.Header, tag string) bool {
	for _, value := range h.Values("If-None-Match") {
		for candidate := range strings.SplitSeq(value, ",") {
			candidate = strings.TrimSpace(candidate)
			if candidate == "*" || strings.TrimPrefix(candidate, "W/") == tag {
				return true
			}
		}
	}
	return false
}

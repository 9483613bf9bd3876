package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// LabelValues calls the label values API as Grafana's label_values(match,
// label) variable query does: the values of label over the series match
// selects between start and end.
func (p *Prometheus) LabelValues(t testing.TB, label, match string, start, end time.Time) []string {
	t.Helper()
	params := url.Values{"start": {start.Format(time.RFC3339)}, "end": {end.Format(time.RFC3339)}}
	if match != "" {
		params.Set("match[]", match)
	}
	resp, err := http.Get(p.URL + "/api/v1/label/" + url.PathEscape(label) + "/values?" + params.Encode())
	if err != nil {
		t.Fatalf("label values of %s: %v", label, err)
	}
	defer resp.Body.Close()
	var body struct {
		Status string   `json:"status"`
		Error  string   `json:"error"`
		Data   []string `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("label values of %s: decoding answer: %v", label, err)
	}
	if body.Status != "success" {
		t.Fatalf("label values of %s over %s: %s", label, match, body.Error)
	}
	return body.Data
}

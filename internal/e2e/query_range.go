package e2e

import (
	"net/url"
	"strconv"
	"testing"
	"time"
)

// Point is one sample of a range query's series.
type Point struct {
	Time  time.Time
	Value float64
}

// Series is one series of a range query's result.
type Series struct {
	Metric map[string]string
	Points []Point
}

// QueryRange runs a range query from start to end, a step apart, as
// Grafana runs a time-series panel's query.
func (p *Prometheus) QueryRange(t testing.TB, query string, start, end time.Time, step time.Duration) []Series {
	t.Helper()
	params := url.Values{
		"query": {query},
		"start": {strconv.FormatInt(start.Unix(), 10)},
		"end":   {strconv.FormatInt(end.Unix(), 10)},
		"step":  {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}
	var result []struct {
		Metric map[string]string `json:"metric"`
		Values [][2]any          `json:"values"`
	}
	p.api(t, "query_range", params, &result)
	var out []Series
	for _, r := range result {
		s := Series{Metric: r.Metric}
		for _, v := range r.Values {
			at, _ := v[0].(float64)
			text, _ := v[1].(string)
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				t.Fatalf("query_range %s: value %q: %v", query, text, err)
			}
			s.Points = append(s.Points, Point{Time: time.UnixMilli(int64(at * 1000)).UTC(), Value: f})
		}
		out = append(out, s)
	}
	return out
}

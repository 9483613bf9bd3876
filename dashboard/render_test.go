package dashboard

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

// grafanaJS holds render.cjs and the package.json of Grafana's data
// library, which runs the panels' transformations and unit formats.
const grafanaJS = "testdata/grafana"

// renderItem is one panel and the Prometheus result of its query, as
// render.cjs reads them.
type renderItem struct {
	Panel  json.RawMessage `json:"panel"`
	Result []promResult    `json:"result"`
	// Matrix is a range query's result, for a history panel.
	Matrix []promSeries `json:"matrix,omitempty"`
}

// promResult is one element of an instant query's data.result.
type promResult struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func promResults(samples []e2e.Sample) []promResult {
	out := make([]promResult, len(samples))
	for i, s := range samples {
		out[i] = promResult{Metric: s.Metric, Value: [2]any{1.7e9, strconv.FormatFloat(s.Value, 'g', -1, 64)}}
	}
	return out
}

// rendered is what render.cjs says Grafana would show of a panel.
type rendered struct {
	Title    string   `json:"title"`
	Problems []string `json:"problems"`
	Frames   []struct {
		Fields []renderedField `json:"fields"`
	} `json:"frames"`
}

type renderedField struct {
	Name    string   `json:"name"`
	Display string   `json:"display"`
	Type    string   `json:"type"`
	Values  []any    `json:"values"`
	Text    []string `json:"text"`
}

// renderInGrafana runs render.cjs over the items.
func renderInGrafana(t *testing.T, node string, items []renderItem) []rendered {
	t.Helper()
	in, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "render.cjs")
	cmd.Dir = grafanaJS
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("render.cjs: %v\n%s", err, stderr.String())
	}
	var r []rendered
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("render.cjs printed no results: %v\n%s", err, out)
	}
	if len(r) != len(items) {
		t.Fatalf("render.cjs rendered %d panels of %d", len(r), len(items))
	}
	return r
}

// rawPanels are the dashboard's panels as JSON, in order.
func rawPanels(t *testing.T, raw []byte) []json.RawMessage {
	t.Helper()
	var d struct {
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d.Panels
}

// checkRendered holds what Grafana would show of a metric's panel to its
// figures: a bar chart's one frame has the categories, sorted, on its x
// field and a number field per bar holding each figure in its category's
// row; a stat's frames are the figures, named by their year.
func checkRendered(t *testing.T, p jsonPanel, m *config.Metric, r rendered) {
	t.Helper()
	if len(r.Problems) > 0 {
		t.Fatalf("Grafana would not draw it: %s", strings.Join(r.Problems, "; "))
	}
	s := shapeOf(m)
	catIndex := slices.Index(m.Labels, s.Category)
	switch p.Type {
	case "barchart":
		fields := r.Frames[0].Fields
		x := slices.IndexFunc(fields, func(f renderedField) bool { return f.Display == s.Category })
		if x < 0 {
			t.Fatalf("no x field %q in %+v", s.Category, fields)
		}
		var wantX []string
		for _, f := range m.Figures {
			if !slices.Contains(wantX, f.LabelValues[catIndex]) {
				wantX = append(wantX, f.LabelValues[catIndex])
			}
		}
		slices.Sort(wantX)
		if !slices.Equal(fields[x].Text, wantX) {
			t.Errorf("category axis reads %q, want %q", fields[x].Text, wantX)
		}
		for _, f := range m.Figures {
			bar := p.Title
			if len(s.Series) > 0 {
				var parts []string
				for _, l := range s.Series {
					parts = append(parts, f.LabelValues[slices.Index(m.Labels, l)])
				}
				bar = strings.Join(parts, seriesSeparator)
			}
			i := slices.IndexFunc(fields, func(rf renderedField) bool { return rf.Display == bar && rf.Type == "number" })
			row := slices.Index(fields[x].Text, f.LabelValues[catIndex])
			if i < 0 || row < 0 || fields[i].Values[row] != f.Value {
				t.Errorf("figure %v is not the %q bar of %q: %+v", f.Value, bar, f.LabelValues[catIndex], fields)
			}
		}
	case "table":
		// One row per figure: the metric's labels and its value, and
		// neither Time nor any label the query should have aggregated.
		if len(r.Frames) != 1 {
			t.Fatalf("%d frames, want one table", len(r.Frames))
		}
		fields := r.Frames[0].Fields
		var names []string
		for _, f := range fields {
			names = append(names, f.Display)
		}
		want := append(orderedLabels(m, s), valueField)
		if !slices.Equal(names, want) {
			t.Errorf("columns %q, want %q", names, want)
		}
		got := map[string]float64{}
		for row := range fields[0].Values {
			values := make([]string, len(m.Labels))
			for _, f := range fields {
				if i := slices.Index(m.Labels, f.Display); i >= 0 {
					values[i] = f.Text[row]
				}
			}
			got[labelKey(m.Labels, values)] = fields[len(fields)-1].Values[row].(float64)
		}
		for _, f := range m.Figures {
			if v, ok := got[labelKey(m.Labels, f.LabelValues)]; !ok || v != f.Value {
				t.Errorf("figure %v of %q is not a row of the table", f.Value, f.LabelValues)
			}
		}
		if len(got) != len(m.Figures) {
			t.Errorf("%d rows, want %d figures", len(got), len(m.Figures))
		}
	case "stat":
		var got []string
		for _, fr := range r.Frames {
			for _, f := range fr.Fields {
				if f.Type == "number" {
					got = append(got, f.Display+"="+strconv.FormatFloat(f.Values[0].(float64), 'g', -1, 64))
				}
			}
		}
		var want []string
		for _, f := range m.Figures {
			name := "Value"
			if catIndex >= 0 {
				name = f.LabelValues[catIndex]
			}
			want = append(want, name+"="+strconv.FormatFloat(f.Value, 'g', -1, 64))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the stat shows %q, want %q", got, want)
		}
	}
}

// texts is every formatted value of a rendered panel.
func (r rendered) texts() []string {
	var out []string
	for _, fr := range r.Frames {
		for _, f := range fr.Fields {
			if f.Type != "time" {
				out = append(out, f.Text...)
			}
		}
	}
	return out
}

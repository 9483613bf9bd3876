package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prometheus/common/model"
	"go.yaml.in/yaml/v3"
)

// reservedPrefixes are metric name prefixes of the exporter's own metrics
// and of the Go and process collectors it serves beside the figures; a
// figure named like them would collide with them in one scrape.
var reservedPrefixes = []string{"figures_exporter_", "go_", "process_", "promhttp_"}

// sourceInfoMetric is the metric the exporter builds from Set.Sources.
const sourceInfoMetric = "figures_source_info"

// reservedKeys are the keys of a figure's mapping that are not labels.
var reservedKeys = []string{"value"}

// fileContent is what one figures file contributes to a Set.
type fileContent struct {
	metrics []declaredMetric
	source  *Source
}

// declaredMetric is a metric with the line it was declared on, so that
// conflicts between declarations can name both places.
type declaredMetric struct {
	Metric
	line int
}

// walker checks a document against the figures schema and collects every
// problem it finds on the way, rather than stopping at the first.
type walker struct {
	problems *problemList
}

func (w *walker) file(root *yaml.Node) fileContent {
	var content fileContent
	fields, ok := w.mapping(root, "", "a mapping with a metrics: list", []string{"metrics", "source"})
	if !ok {
		return content
	}
	if n, ok := fields["source"]; ok {
		content.source = w.source(n, "source")
	}
	metrics, ok := fields["metrics"]
	if !ok {
		w.problems.add(root.Line, "", "missing key metrics: expected a list of metrics")
		return content
	}
	items, ok := w.sequence(metrics, "metrics", "a list of metrics")
	if !ok {
		return content
	}
	if len(items) == 0 {
		w.problems.add(metrics.Line, "metrics", "the list is empty: expected at least one metric")
	}
	seen := map[string]int{}
	for i, item := range items {
		path := fmt.Sprintf("metrics[%d]", i)
		m, ok := w.metric(item, path)
		if !ok {
			continue
		}
		if first, dup := seen[m.Name]; dup {
			w.problems.add(item.Line, path+".name", "metric %q is declared twice: first at line %d", m.Name, first)
			continue
		}
		seen[m.Name] = item.Line
		content.metrics = append(content.metrics, m)
	}
	return content
}

func (w *walker) source(n *yaml.Node, path string) *Source {
	fields, ok := w.mapping(n, path, "a mapping with title, publisher, url or page", []string{"title", "publisher", "url", "page"})
	if !ok {
		return nil
	}
	var s Source
	for key, dst := range map[string]*string{"title": &s.Title, "publisher": &s.Publisher, "url": &s.URL, "page": &s.Page} {
		if v, ok := fields[key]; ok {
			*dst, _ = w.text(v, path+"."+key)
		}
	}
	if s.Title == "" && s.Publisher == "" {
		w.problems.add(n.Line, path, "a source needs a title or a publisher")
		return nil
	}
	return &s
}

func (w *walker) metric(n *yaml.Node, path string) (declaredMetric, bool) {
	m := declaredMetric{line: n.Line}
	fields, ok := w.mapping(n, path, "a mapping with name, help, labels and figures", []string{"name", "help", "labels", "figures"})
	if !ok {
		return m, false
	}
	valid := true
	for _, key := range []string{"name", "help", "figures"} {
		if _, ok := fields[key]; !ok {
			w.problems.add(n.Line, path, "missing key %s", key)
			valid = false
		}
	}
	if v, ok := fields["name"]; ok {
		m.Name, ok = w.metricName(v, path+".name")
		valid = valid && ok
	}
	if v, ok := fields["help"]; ok {
		m.Help, ok = w.text(v, path+".help")
		// Served after "# HELP name ", where blanks around it are lost on
		// the way back in: trimmed here, the help served is the help read.
		m.Help = strings.TrimSpace(m.Help)
		valid = valid && ok
	}
	if v, ok := fields["labels"]; ok {
		m.Labels, ok = w.labelNames(v, path+".labels")
		valid = valid && ok
	}
	if !valid {
		return m, false
	}
	figures, _ := w.sequence(fields["figures"], path+".figures", "a list of figures")
	if len(figures) == 0 && fields["figures"].Kind == yaml.SequenceNode {
		w.problems.add(fields["figures"].Line, path+".figures", "the list is empty: expected at least one figure")
	}
	seen := map[string]int{}
	for i, f := range figures {
		fpath := fmt.Sprintf("%s.figures[%d]", path, i)
		fig, ok := w.figure(f, fpath, m.Labels)
		if !ok {
			continue
		}
		key := strings.Join(fig.LabelValues, "\xff")
		if first, dup := seen[key]; dup {
			w.problems.add(f.Line, fpath, "duplicate series %s: the same labels as the figure at line %d", seriesName(m.Name, m.Labels, fig.LabelValues), first)
			continue
		}
		seen[key] = f.Line
		m.Figures = append(m.Figures, fig)
	}
	return m, true
}

func (w *walker) figure(n *yaml.Node, path string, labels []string) (Figure, bool) {
	fig := Figure{LabelValues: make([]string, len(labels))}
	want := append(append([]string{}, labels...), reservedKeys...)
	expected := "a mapping of " + describeKeys(want)
	fields, ok := w.mapping(n, path, expected, want)
	if !ok {
		return fig, false
	}
	valid := true
	for i, label := range labels {
		v, ok := fields[label]
		if !ok {
			w.problems.add(n.Line, path, "missing label %s: every figure needs %s", label, describeKeys(labels))
			valid = false
			continue
		}
		fig.LabelValues[i], ok = w.labelValue(v, path+"."+label)
		valid = valid && ok
	}
	v, ok := fields["value"]
	if !ok {
		w.problems.add(n.Line, path, "missing key value: expected the figure itself")
		return fig, false
	}
	fig.Value, ok = w.value(v, path+".value")
	return fig, valid && ok
}

func (w *walker) value(n *yaml.Node, path string) (float64, bool) {
	if n.Kind != yaml.ScalarNode {
		w.problems.add(n.Line, path, "expected a number, found %s", describe(n))
		return 0, false
	}
	switch n.ShortTag() {
	case "!!int", "!!float", "!!str":
	default:
		w.problems.add(n.Line, path, "expected a number, found %s", describe(n))
		return 0, false
	}
	if n.ShortTag() == "!!float" && isYAMLSpecialFloat(n.Value) {
		w.problems.add(n.Line, path, "expected a finite number, found %s: NaN and infinities are not figures", n.Value)
		return 0, false
	}
	if n.ShortTag() == "!!str" && strings.TrimSpace(n.Value) == "" {
		w.problems.add(n.Line, path, "expected a number, found an empty string")
		return 0, false
	}
	v, err := ParseValue(n.Value)
	if err != nil {
		w.problems.add(n.Line, path, "%s", err)
		return 0, false
	}
	return v, true
}

func isYAMLSpecialFloat(s string) bool {
	switch strings.TrimLeft(strings.ToLower(s), "+-") {
	case ".inf", ".nan", "inf", "nan":
		return true
	}
	return false
}

func (w *walker) metricName(n *yaml.Node, path string) (string, bool) {
	name, ok := w.text(n, path)
	if !ok {
		return "", false
	}
	if !model.LegacyValidation.IsValidMetricName(name) {
		w.problems.add(n.Line, path, "invalid metric name %q: expected letters, digits, _ and :, not starting with a digit", name)
		return "", false
	}
	if name == sourceInfoMetric {
		w.problems.add(n.Line, path, "metric name %q is reserved: the exporter builds it from the files' source: entries", name)
		return "", false
	}
	for _, prefix := range reservedPrefixes {
		if strings.HasPrefix(name, prefix) {
			w.problems.add(n.Line, path, "metric name %q would collide with the exporter's own metrics: names starting with %s are reserved", name, strings.Join(reservedPrefixes, ", "))
			return "", false
		}
	}
	return name, true
}

func (w *walker) labelNames(n *yaml.Node, path string) ([]string, bool) {
	items, ok := w.sequence(n, path, "a list of label names")
	if !ok {
		return nil, false
	}
	names := make([]string, 0, len(items))
	seen := map[string]bool{}
	valid := true
	for i, item := range items {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		name, ok := w.text(item, ipath)
		switch {
		case !ok:
			valid = false
		case !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__"):
			w.problems.add(item.Line, ipath, "invalid label name %q: expected letters, digits and _, not starting with a digit or __", name)
			valid = false
		case slices.Contains(reservedKeys, name):
			w.problems.add(item.Line, ipath, "label name %q is reserved: a figure's %q key holds the figure itself", name, name)
			valid = false
		case seen[name]:
			w.problems.add(item.Line, ipath, "label %q is declared twice", name)
			valid = false
		default:
			seen[name] = true
			names = append(names, name)
		}
	}
	return names, valid
}

func (w *walker) labelValue(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		w.problems.add(n.Line, path, "expected a label value, found %s", describe(n))
		return "", false
	}
	// The text as written: `year: 2011` is the label value "2011".
	if n.Value == "" {
		w.problems.add(n.Line, path, "expected a label value, found an empty string: an empty label value is the same as no label in Prometheus")
		return "", false
	}
	return n.Value, true
}

// text reads a string scalar. Numbers are taken as written, so that
// `page: 12` is the text "12".
func (w *walker) text(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" || n.ShortTag() == "!!bool" {
		w.problems.add(n.Line, path, "expected text, found %s", describe(n))
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		w.problems.add(n.Line, path, "expected text, found an empty string")
		return "", false
	}
	return n.Value, true
}

// mapping checks that n is a mapping whose keys are all allowed and unique,
// and returns its values by key.
func (w *walker) mapping(n *yaml.Node, path, expected string, allowed []string) (map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		w.problems.add(n.Line, path, "expected %s, found %s", expected, describe(n))
		return nil, false
	}
	fields := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kpath := joinPath(path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			w.problems.add(k.Line, path, "expected a key, found %s", describe(k))
		case !slices.Contains(allowed, k.Value):
			w.problems.add(k.Line, kpath, "unknown key %q: expected %s", k.Value, describeKeys(allowed))
		case fields[k.Value] != nil:
			w.problems.add(k.Line, kpath, "key %q appears twice", k.Value)
		case v.Kind == yaml.AliasNode:
			w.problems.add(v.Line, kpath, "YAML aliases are not supported: write the value out")
		default:
			fields[k.Value] = v
		}
	}
	return fields, true
}

func (w *walker) sequence(n *yaml.Node, path, expected string) ([]*yaml.Node, bool) {
	if n.Kind != yaml.SequenceNode {
		w.problems.add(n.Line, path, "expected %s, found %s", expected, describe(n))
		return nil, false
	}
	for _, item := range n.Content {
		if item.Kind == yaml.AliasNode {
			w.problems.add(item.Line, path, "YAML aliases are not supported: write the value out")
			return nil, false
		}
	}
	return n.Content, true
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// describe says what a node is, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing (null)"
		case "!!bool":
			return "the boolean " + n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!str":
			if n.Value == "" {
				return "an empty string"
			}
			return fmt.Sprintf("the text %q", truncate(n.Value, 40))
		}
		return fmt.Sprintf("%s %q", n.ShortTag(), truncate(n.Value, 40))
	}
	return "nothing"
}

func describeKeys(keys []string) string {
	switch len(keys) {
	case 0:
		return "no keys"
	case 1:
		return keys[0]
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// seriesName writes a series as Prometheus shows it, for messages.
func seriesName(name string, labels, values []string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, l := range labels {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", l, values[i])
	}
	b.WriteByte('}')
	return b.String()
}

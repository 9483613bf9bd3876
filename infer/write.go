package infer

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// write renders the entries as a figures file. It builds yaml.v3 nodes
// rather than marshalling structs so that every guess sits as a comment
// above the key it concerns and keys keep the order of the docs; yaml.v3
// does the quoting.
func write(entries []*Entry, header []string) ([]byte, error) {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range entries {
		seq.Content = append(seq.Content, entryNode(e))
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	key := str("figure_files")
	key.HeadComment = comment(header)
	root.Content = append(root.Content, key, seq)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func num(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}

// comment joins lines into a comment; yaml.v3 adds the "# ".
func comment(lines []string) string {
	var out []string
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			out = append(out, "# "+part)
		}
	}
	return strings.Join(out, "\n")
}

// mapping builds a mapping node from key, value pairs, skipping pairs
// whose value is nil.
type mapping struct {
	node  *yaml.Node
	notes map[string][]string
}

func newMapping(notes map[string][]string) *mapping {
	return &mapping{node: &yaml.Node{Kind: yaml.MappingNode}, notes: notes}
}

func (m *mapping) add(key string, v *yaml.Node) {
	if v == nil {
		return
	}
	k := str(key)
	k.HeadComment = comment(m.notes[key])
	m.node.Content = append(m.node.Content, k, v)
}

func flow(pairs ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		n.Content = append(n.Content, str(pairs[i]), str(pairs[i+1]))
	}
	return n
}

func list(values []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range values {
		n.Content = append(n.Content, str(v))
	}
	return n
}

func entryNode(e *Entry) *yaml.Node {
	m := newMapping(e.notes)
	m.add("path", str(e.Path))
	optional := func(key, v string) {
		if v != "" {
			m.add(key, str(v))
		}
	}
	optional("encoding", e.Encoding)
	optional("separator", e.Separator)
	optional("decimal", e.Decimal)
	optional("sheet", e.Sheet)
	optional("records", e.Records)
	if e.HeaderRow > 0 {
		m.add("header_row", num(e.HeaderRow))
	}
	optional("metric", e.Metric)
	optional("help", e.Help)
	optional("value", e.Value)
	optional("scale", e.Scale)
	if len(e.Values) > 0 {
		values := &yaml.Node{Kind: yaml.MappingNode}
		for _, v := range e.Values {
			values.Content = append(values.Content, str(v.Metric), flow("column", v.Column, "scale", v.Scale, "help", v.Help))
		}
		m.add("values", values)
	}
	if len(e.Labels) > 0 {
		labels := &yaml.Node{Kind: yaml.MappingNode}
		for _, l := range e.Labels {
			labels.Content = append(labels.Content, str(l.Name), str(l.Column))
		}
		m.add("labels", labels)
	}
	if e.ColumnsAs != nil {
		m.add("columns_as", flow("label", e.ColumnsAs.Label, "match", e.ColumnsAs.Match))
	}
	if r := e.RowsAsMetrics; r != nil {
		metrics := &yaml.Node{Kind: yaml.MappingNode}
		for _, rm := range r.Metrics {
			metrics.Content = append(metrics.Content, str(rm.Row), flow("metric", rm.Metric, "scale", rm.Scale, "help", rm.Help))
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("column"), str(r.Column), str("metrics"), metrics}}
		m.add("rows_as_metrics", n)
	}
	optional("period_year", e.PeriodYear)
	optional("time_label", e.TimeLabel)
	optional("periods", e.Periods)
	if e.Gaps != nil {
		m.add("gaps", list(e.Gaps))
	}
	if e.Status != nil {
		m.add("status", &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{str("column"), str(e.Status.Column), str("gaps"), list(e.Status.Gaps)}})
	}
	optional("parentheses", e.Parentheses)
	if len(e.Marks) > 0 {
		marks := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		for _, k := range slices.Sorted(maps.Keys(e.Marks)) {
			marks.Content = append(marks.Content, str(k), str(e.Marks[k]))
		}
		m.add("marks", marks)
	}
	if len(e.DropRows) > 0 {
		drop := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		for _, d := range e.DropRows {
			drop.Content = append(drop.Content, str(d.Label), list(d.Values))
		}
		m.add("drop", drop)
	}
	src := flow("title", e.Source)
	m.add("source", src)
	k := m.node.Content[len(m.node.Content)-2]
	lines := dropLines(e)
	lines = append(lines, "TODO: the publisher and url of this table; the title is its file name")
	if k.HeadComment != "" {
		k.HeadComment += "\n"
	}
	k.HeadComment += comment(lines)
	// Notes on keys that are not written (gaps counted under the default
	// tokens) and on the table as a whole go above the entry.
	var head []string
	for _, key := range notedKeys(e) {
		if !m.has(key) {
			head = append(head, e.notes[key]...)
		}
	}
	m.node.HeadComment = comment(head)
	return m.node
}

// notedKeys lists the keys with notes in a fixed order: the table's own
// notes first.
func notedKeys(e *Entry) []string {
	keys := []string{""}
	for k := range e.notes {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys[1:])
	return keys
}

func (m *mapping) has(key string) bool {
	for i := 0; i < len(m.node.Content); i += 2 {
		if m.node.Content[i].Value == key {
			return true
		}
	}
	return false
}

// dropLines writes the suggested drop: commented out, since dropping
// rows leaves figures of the table unserved; the user decides.
func dropLines(e *Entry) []string {
	if len(e.Drop) == 0 {
		return nil
	}
	var parts []string
	for _, d := range e.Drop {
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		_ = enc.Encode(list(d.Values)) // a list of strings always encodes
		parts = append(parts, fmt.Sprintf("%s: %s", d.Label, strings.TrimSpace(b.String())))
	}
	if len(e.DropRows) > 0 {
		return []string{
			"rows that look like totals are served like the others; sum() over these labels would count them twice.",
			"To leave them out, add to drop: " + strings.Join(parts, ", "),
		}
	}
	return []string{
		"rows that look like totals are served like the others; sum() over these labels would count them twice.",
		"To leave them out, uncomment:",
		"drop: {" + strings.Join(parts, ", ") + "}",
	}
}

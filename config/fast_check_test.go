package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// checkFast reads data with the fast YAML reader ("yaml") and, when it
// accepts, with yaml.v3 as parseYAML does, and returns an error saying how
// the two differ. accepted is whether the fast reader took data:
// acceptance promises that yaml.v3 reads the same one mapping. For
// "json", it reads data with readJSON and compares with encoding/json
// (checkJSONReader).
func checkFast(data []byte, syntax string) (accepted bool, err error) {
	var fast *document
	var ok bool
	switch syntax {
	case "yaml":
		fast, ok = readYAMLFast(data)
	case "json":
		var problems problemList
		if readJSON(data, &problems) == nil {
			return false, nil
		}
		return true, checkJSONReader(data)
	default:
		return false, fmt.Errorf("unknown syntax %q", syntax)
	}
	if !ok {
		if fast != nil {
			return false, errors.New("declined with a document")
		}
		return false, nil
	}
	if fast == nil || len(fast.nodes) == 0 || fast.root().kind != mappingNode {
		return true, errors.New("accepted without a root mapping")
	}
	root, err := decodeLikeParseYAML(data)
	if err != nil {
		return true, fmt.Errorf("accepted, but yaml.v3: %w", err)
	}
	want := fromYAML(root)
	if diff := sameNode(want, want.root(), fast, fast.root(), "$"); diff != "" {
		return true, errors.New(diff)
	}
	return true, nil
}

// decodeLikeParseYAML is parseYAML's reading, with its refusals as
// errors: one document whose root is a mapping.
func decodeLikeParseYAML(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("a second document (%v)", err)
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("no content")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("root kind %d", root.Kind)
	}
	return root, nil
}

// sameNode describes the first difference between want and got, or is
// empty: kind, tag, style, line, value and children, recursively.
func sameNode(wd *document, want *node, gd *document, got *node, path string) string {
	if want.kind != got.kind {
		return fmt.Sprintf("%s: kind %d, want %d", path, got.kind, want.kind)
	}
	if want.line != got.line {
		return fmt.Sprintf("%s: line %d, want %d", path, got.line, want.line)
	}
	if want.style != got.style {
		return fmt.Sprintf("%s: style %d, want %d", path, got.style, want.style)
	}
	if want.kind == scalarNode {
		if want.tag != got.tag || wd.shortTag(want) != gd.shortTag(got) {
			return fmt.Sprintf("%s: tag %s, want %s (value %q)", path, gd.shortTag(got), wd.shortTag(want), wd.value(want))
		}
		if wd.value(want) != gd.value(got) {
			return fmt.Sprintf("%s: value %q, want %q", path, gd.value(got), wd.value(want))
		}
		return ""
	}
	if want.kind == aliasNode {
		return ""
	}
	wc, gc := wd.children(want), gd.children(got)
	if len(wc) != len(gc) {
		return fmt.Sprintf("%s: %d children, want %d", path, len(gc), len(wc))
	}
	for i := range wc {
		if diff := sameNode(wd, &wc[i], gd, &gc[i], fmt.Sprintf("%s[%d]", path, i)); diff != "" {
			return diff
		}
	}
	return ""
}

// sameAsJSON describes the first difference between a document readJSON
// made and what encoding/json reads in data, or is empty.
func sameAsJSON(d *document, data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	diff := sameJSONValue(d, d.root(), dec, "$")
	if diff == "" {
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return "more after the top object"
		}
	}
	return diff
}

func sameJSONValue(d *document, n *node, dec *json.Decoder, path string) string {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Sprintf("%s: %v", path, err)
	}
	switch v := tok.(type) {
	case json.Delim:
		want := mappingNode
		if v == '[' {
			want = sequenceNode
		}
		if n.kind != want || n.style != styleFlow {
			return fmt.Sprintf("%s: kind %d style %d, want %d in flow", path, n.kind, n.style, want)
		}
		children := d.children(n)
		for i := range children {
			c := &children[i]
			if want == mappingNode && i%2 == 0 {
				key, err := dec.Token()
				if err != nil {
					return fmt.Sprintf("%s: %v", path, err)
				}
				if c.kind != scalarNode || c.tag != tagStr || c.style != 0 || d.value(c) != key {
					return fmt.Sprintf("%s: key %q (kind %d tag %d style %d), want %q", path, d.value(c), c.kind, c.tag, c.style, key)
				}
				continue
			}
			if diff := sameJSONValue(d, c, dec, fmt.Sprintf("%s[%d]", path, i)); diff != "" {
				return diff
			}
		}
		if end, err := dec.Token(); err != nil || end == nil {
			return fmt.Sprintf("%s: %d children, want more", path, len(children))
		} else if _, ok := end.(json.Delim); !ok {
			return fmt.Sprintf("%s: %d children, want more", path, len(children))
		}
		return ""
	case string:
		if n.kind != scalarNode || n.tag != tagStr || n.style != 0 || d.value(n) != v {
			return fmt.Sprintf("%s: %q (tag %d style %d), want string %q", path, d.value(n), n.tag, n.style, v)
		}
	case json.Number:
		if n.kind != scalarNode || n.style != stylePlain || d.value(n) != string(v) {
			return fmt.Sprintf("%s: %q, want number %s", path, d.value(n), v)
		}
	case bool:
		if n.kind != scalarNode || n.style != stylePlain || n.tag != tagBool || d.value(n) != fmt.Sprint(v) {
			return fmt.Sprintf("%s: %q, want %v", path, d.value(n), v)
		}
	case nil:
		if n.kind != scalarNode || n.style != stylePlain || n.tag != tagNull || d.value(n) != "null" {
			return fmt.Sprintf("%s: %q, want null", path, d.value(n))
		}
	}
	return ""
}

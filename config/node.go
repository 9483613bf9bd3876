package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// document is a figures file read into nodes: what the schema walk reads,
// whatever the file's syntax. Its nodes live in one slice, a collection's
// children side by side, so that a file of a million figures costs a few
// large allocations rather than tens of millions of small ones, and holds
// no pointer between nodes for the garbage collector to follow.
//
// A node's value may share memory with the file's bytes (the fast readers
// make it so rather than copy every scalar); those bytes are never
// modified. The walk copies whatever it keeps beyond the load (names,
// help, label values, sources), so that a Set does not pin the file.
type document struct {
	// nodes[0] is the root.
	nodes []node
	// tags are the tags of scalars that are not plain text, numbers,
	// booleans or null (!!timestamp, !!binary, custom tags): rare, so
	// kept beside the nodes rather than in each.
	tags []string
}

// node is one value of a document: a scalar, a mapping (its children are
// key, value, key, value…), a list, or an alias of a list or mapping,
// which the walk refuses. Aliases of scalars are read as the scalar.
type node struct {
	value string
	// first and count place a collection's children in document.nodes;
	// first indexes document.tags for a scalar tagged tagOther.
	first, count int32
	line         int32
	kind         nodeKind
	tag          scalarTag
	style        nodeStyle
}

type nodeKind uint8

const (
	scalarNode nodeKind = iota + 1
	mappingNode
	sequenceNode
	aliasNode
)

// scalarTag is what a scalar resolves to, as YAML 1.2's core schema (and
// yaml.v3) resolves it: `2011` is an integer, `"2011"` text, `~` null.
type scalarTag uint8

const (
	tagStr scalarTag = iota + 1
	tagInt
	tagFloat
	tagBool
	tagNull
	tagOther
)

// nodeStyle says how a node was written, where that changes a message.
type nodeStyle uint8

const (
	// styleFlow marks a mapping written {…} or a list written […].
	styleFlow nodeStyle = 1 << iota
	// stylePlain marks a scalar written without quotes or a tag; a key
	// that starts with a digit inside {…} is then likely the rest of a
	// number cut at a comma, and an empty plain scalar is no value at all.
	stylePlain
)

// root returns the document's top node.
func (d *document) root() *node { return &d.nodes[0] }

// children returns a mapping's keys and values, alternating, or a list's
// items.
func (d *document) children(n *node) []node {
	return d.nodes[n.first : n.first+n.count]
}

// shortTag names a scalar's tag as YAML does: "!!str", "!!int"…
func (d *document) shortTag(n *node) string {
	switch n.tag {
	case tagStr:
		return "!!str"
	case tagInt:
		return "!!int"
	case tagFloat:
		return "!!float"
	case tagBool:
		return "!!bool"
	case tagNull:
		return "!!null"
	case tagOther:
		return d.tags[n.first]
	}
	return ""
}

// fromYAML reads a yaml.v3 node tree into a document: the path for YAML
// the fast reader leaves to yaml.v3, and for TOML (decoded, then encoded
// as YAML nodes).
func fromYAML(root *yaml.Node) *document {
	d := &document{nodes: make([]node, 1, countNodes(root))}
	d.nodes[0] = d.convert(root)
	return d
}

// countNodes counts the nodes convert makes of n, so that d.nodes is
// allocated once.
func countNodes(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode {
		return 1
	}
	count := 1
	for _, c := range n.Content {
		count += countNodes(c)
	}
	return count
}

// convert returns n as a node, its children (and theirs) appended to
// d.nodes. A collection's children are reserved side by side first and
// filled in after, since filling one appends its own children.
func (d *document) convert(n *yaml.Node) node {
	out := node{line: int32(n.Line)}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil && n.Alias.Kind == yaml.ScalarNode {
			return d.convert(n.Alias)
		}
		out.kind = aliasNode
		return out
	case yaml.ScalarNode:
		out.kind, out.value = scalarNode, n.Value
		if n.Style == 0 {
			out.style = stylePlain
		}
		switch tag := n.ShortTag(); tag {
		case "!!str":
			out.tag = tagStr
		case "!!int":
			out.tag = tagInt
		case "!!float":
			out.tag = tagFloat
		case "!!bool":
			out.tag = tagBool
		case "!!null":
			out.tag = tagNull
		default:
			out.tag, out.first = tagOther, int32(len(d.tags))
			d.tags = append(d.tags, tag)
		}
		return out
	case yaml.MappingNode:
		out.kind = mappingNode
	case yaml.SequenceNode:
		out.kind = sequenceNode
	case yaml.DocumentNode:
		// Not reached: parseYAML hands over the document's content.
		panic(fmt.Sprintf("config: a YAML document node at line %d inside a document", n.Line))
	}
	if n.Style&yaml.FlowStyle != 0 {
		out.style = styleFlow
	}
	out.first, out.count = int32(len(d.nodes)), int32(len(n.Content))
	d.nodes = append(d.nodes, make([]node, len(n.Content))...)
	for i, c := range n.Content {
		child := d.convert(c)
		d.nodes[int(out.first)+i] = child
	}
	return out
}

package config

import (
	"bytes"
	"fmt"
	"math"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// document is a figures file read into nodes: what the schema walk reads,
// whatever the file's syntax. Its nodes live in one slice, a collection's
// children side by side, and hold no pointer: a file of a million figures
// costs a few large allocations rather than tens of millions of small
// ones, and the garbage collector has nothing in them to scan (it spent
// more time scanning nine million value strings than the readers spent
// reading them).
//
// A scalar's value is a piece of text, the file's own bytes for most
// scalars (the fast readers alias them rather than copy), or extra, where
// decoded escapes and yaml.v3's values are kept. The file's bytes are never
// modified. The walk copies whatever it keeps beyond the load (names,
// help, label values, sources), so that a Set does not pin the file.
type document struct {
	// nodes[0] is the root.
	nodes []node
	text  string
	extra []byte
	// tags are the tags of scalars that are not plain text, numbers,
	// booleans or null (!!timestamp, !!binary, custom tags): rare, so
	// kept beside the nodes rather than in each.
	tags []string
	// aliases are the aliases of scalars read as their scalar: a node
	// read from one has count set to its index here plus one.
	aliases []aliasUse
	// size is the length of the file the document was read from, and
	// expanded the text kept or served through aliases so far (see
	// walker.expand).
	size, expanded int
	overExpanded   bool
}

// aliasUse is an alias of a scalar: its anchor's name and its line.
type aliasUse struct {
	name string
	line int32
}

// aliasAllowance is how much text aliases may add to a file beyond its own
// size: the text a file expands to (label values, help, sources) is at most
// twice its size plus this, whatever aliases it holds.
const aliasAllowance = 1 << 20

// aliasBudget is the most text the aliases of a document may stand for.
func (d *document) aliasBudget() int { return d.size + aliasAllowance }

// node is one value of a document: a scalar, a mapping (its children are
// key, value, key, value…), a list, or an alias of a list or mapping,
// which the walk refuses. Aliases of scalars are read as the scalar.
type node struct {
	// start and size place a scalar's value in document.text, or in
	// document.extra when inExtra.
	start, size uint32
	// first and count place a collection's children in document.nodes;
	// first indexes document.tags for a scalar tagged tagOther, and count
	// is 1 + the index in document.aliases of a scalar read from an alias.
	first, count int32
	line         int32
	kind         nodeKind
	tag          scalarTag
	style        nodeStyle
	inExtra      bool
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

// maxDocumentText is the most text a document can place: offsets are
// 32-bit, to keep a node at 24 bytes.
const maxDocumentText = math.MaxUint32

// value returns a scalar's value.
func (d *document) value(n *node) string {
	if n.size == 0 {
		return ""
	}
	if n.inExtra {
		return unsafe.String(&d.extra[n.start], n.size)
	}
	return d.text[n.start : n.start+n.size]
}

// setValue makes v the value of n: in place when v is a piece of the
// document's text, as most scalars of the fast readers are, else copied
// to extra.
func (d *document) setValue(n *node, v string) {
	n.size = uint32(len(v))
	if len(v) == 0 {
		return
	}
	text := uintptr(unsafe.Pointer(unsafe.StringData(d.text)))
	at := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	if len(d.text) > 0 && at >= text && at+uintptr(len(v)) <= text+uintptr(len(d.text)) {
		n.start = uint32(at - text)
		return
	}
	n.start = uint32(len(d.extra))
	n.inExtra = true
	d.extra = append(d.extra, v...)
}

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
	c := converter{d: &document{nodes: make([]node, 1, countNodes(root))}, anchored: map[*yaml.Node]node{}}
	c.d.nodes[0] = c.convert(root)
	return c.d
}

// converter fills a document from a yaml.v3 tree.
type converter struct {
	d *document
	// anchored are the anchored scalars converted so far: every alias of
	// one shares its value, so that a file of a million aliases of a long
	// text cannot become a million copies of it.
	anchored map[*yaml.Node]node
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
// the document's nodes. A collection's children are reserved side by side first and
// filled in after, since filling one appends its own children.
func (c *converter) convert(n *yaml.Node) node {
	d := c.d
	out := node{line: int32(n.Line)}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil && n.Alias.Kind == yaml.ScalarNode {
			out := c.convert(n.Alias)
			d.aliases = append(d.aliases, aliasUse{name: n.Value, line: int32(n.Line)})
			out.count = int32(len(d.aliases))
			return out
		}
		out.kind = aliasNode
		return out
	case yaml.ScalarNode:
		if done, ok := c.anchored[n]; ok {
			return done
		}

		out.kind = scalarNode
		if n.Style == 0 {
			out.style = stylePlain
		}
		d.setValue(&out, n.Value)
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
		if n.Anchor != "" {
			c.anchored[n] = out
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
	for i, child := range n.Content {
		d.nodes[int(out.first)+i] = c.convert(child)
	}
	return out
}

// nodeCapacity is how many nodes to make room for at once when reading
// data: about one per eight bytes in a file of figures, but no more than
// the text can hold, counted from the characters that introduce a node:
// perColon nodes per ':' (a JSON value; a YAML key and value), one per ','
// and '[' (a list item), and one per opener (JSON's '{' for its first
// key, YAML's '-' for a block list item). A file of a few long texts (a
// 64 MiB label value) then takes no room for eight million nodes, which
// cost three times its size.
func nodeCapacity(data []byte, perColon int, opener byte) int {
	count := 1 + perColon*bytes.Count(data, []byte{':'}) + bytes.Count(data, []byte{','}) +
		bytes.Count(data, []byte{'['}) + bytes.Count(data, []byte{opener})
	return min(len(data)/8, count) + 16
}

// builder fills a document as a streaming reader reads: the children of
// the collections being read wait on stack until each is complete, and
// are then placed side by side in the document.
type builder struct {
	doc   *document
	stack []node
}

// complete places the children on the stack from base as out's, and
// returns out.
func (b *builder) complete(out node, base int) node {
	children := b.stack[base:]
	out.first, out.count = int32(len(b.doc.nodes)), int32(len(children))
	b.doc.nodes = append(b.doc.nodes, children...)
	b.stack = b.stack[:base]
	return out
}

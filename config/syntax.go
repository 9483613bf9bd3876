package config

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// parseDocument turns the bytes of a figures file into a document, whatever
// its syntax, so that one schema walk checks every syntax alike. YAML and
// JSON keep their line numbers; TOML documents lose them. JSON is read as
// JSON (readJSON); fast allows the fast YAML reader, which reads the
// common forms of YAML to the very document yaml.v3 gives, without its
// node tree.
//
// Viper is not used for figures files on purpose: it lowercases keys, which
// would silently rename labels, and its weak typing turns "" into 0.
func parseDocument(name string, data []byte, problems *problemList, fast bool) *document {
	if !checkEncoding(data, problems) {
		return nil
	}
	doc := parseSyntax(name, data, problems, fast)
	if doc != nil {
		doc.size = len(data)
	}
	return doc
}

// parseSyntax is parseDocument once the text is known to be UTF-8.
func parseSyntax(name string, data []byte, problems *problemList, fast bool) *document {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".yml", ".yaml":
		if fast {
			if doc, ok := readYAMLFast(data); ok {
				return doc
			}
		}
		return parseYAML(data, "YAML", problems)
	case ".json":
		return readJSON(data, problems)
	case ".toml":
		if line, msg := checkTOMLNesting(data); line > 0 {
			problems.add(line, "", "invalid TOML: %s", msg)
			return nil
		}
		return parseTOML(data, problems)
	default:
		problems.add(0, "", "unknown file type %q: expected .yml, .yaml, .json or .toml", ext)
		return nil
	}
}

func parseYAML(data []byte, syntax string, problems *problemList) *document {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			problems.add(0, "", "the file is empty: expected a mapping with a metrics: list")
			return nil
		}
		line, msg := yamlErrorLine(err)
		if strings.HasPrefix(msg, "exceeded max depth") {
			// yaml.v3 says where no more than this.
			line, msg = flowDepthLine(data), depthError("mappings and lists are")
		}
		problems.add(line, "", "invalid %s: %s", syntax, msg)
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		problems.add(next.Line, "", "a second %s document: expected one document per file", syntax)
		return nil
	}
	// A lone "---" is a document holding nothing, which the decoder places
	// on a line past the end.
	if len(doc.Content) == 0 || isNothing(doc.Content[0]) {
		problems.add(0, "", "the file is empty: expected a mapping with a metrics: list")
		return nil
	}
	// yaml.v3 allows 10,000 levels; a figures file needs six, and the
	// fast readers take 64.
	if deep := tooDeep(doc.Content[0], 1); deep != nil {
		problems.add(deep.Line, "", "invalid %s: %s", syntax, depthError("mappings and lists are"))
		return nil
	}
	return fromYAML(doc.Content[0])
}

// tooDeep returns the first mapping or list of n's tree nested deeper
// than maxDepth, n being at depth, or nil. yaml.v3 bounds the recursion
// at 10,000 levels.
func tooDeep(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return nil
	}
	if depth > maxDepth {
		return n
	}
	for _, c := range n.Content {
		if deep := tooDeep(c, depth+1); deep != nil {
			return deep
		}
	}
	return nil
}

// isNothing is an implicit null: no text at all, unlike "null" or "~".
func isNothing(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == "" && n.Style == 0
}

// yamlErrorLine splits "yaml: line 3: did not find expected key" into its
// line and its message.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, after, ok := strings.Cut(rest, ": ")
	line, convErr := strconv.Atoi(num)
	if !ok || convErr != nil {
		return 0, msg
	}
	return line, after
}

func parseTOML(data []byte, problems *problemList) *document {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var derr *toml.DecodeError
		if errors.As(err, &derr) {
			line, _ := derr.Position()
			problems.add(line, strings.Join(derr.Key(), "."), "invalid TOML: %s", strings.TrimPrefix(derr.Error(), "toml: "))
			return nil
		}
		problems.add(0, "", "invalid TOML: %s", err)
		return nil
	}
	if len(doc) == 0 {
		problems.add(0, "", "the file is empty: expected a table with a metrics array")
		return nil
	}
	var node yaml.Node
	if err := node.Encode(doc); err != nil {
		problems.add(0, "", "cannot read TOML document: %s", err)
		return nil
	}
	return fromYAML(&node)
}

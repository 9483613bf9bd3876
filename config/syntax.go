package config

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// parseDocument turns the bytes of a figures file into a YAML node tree,
// whatever its syntax, so that one schema walk checks every syntax alike.
// YAML and JSON keep their line numbers; TOML documents lose them.
//
// Viper is not used for figures files on purpose: it lowercases keys, which
// would silently rename labels, and its weak typing turns "" into 0.
func parseDocument(name string, data []byte, problems *problemList) *yaml.Node {
	if line, offset, ok := binaryAt(data); ok {
		problems.add(line, "", "not a text file: byte 0x%02x at offset %d is not UTF-8 text: expected a YAML, JSON or TOML file saved as UTF-8", data[offset], offset)
		return nil
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".yml", ".yaml":
		return parseYAML(data, "YAML", problems)
	case ".json":
		// JSON is YAML; only the messages name the syntax the user wrote.
		return parseYAML(data, "JSON", problems)
	case ".toml":
		return parseTOML(data, problems)
	default:
		problems.add(0, "", "unknown file type %q: expected .yml, .yaml, .json or .toml", ext)
		return nil
	}
}

// binaryAt finds the first NUL byte or invalid UTF-8 sequence, the marks
// of a binary file or of a text saved in another encoding, which every
// decoder would otherwise report in its own obscure words.
func binaryAt(data []byte) (line, offset int, found bool) {
	line = 1
	for offset < len(data) {
		r, size := utf8.DecodeRune(data[offset:])
		if r == 0 || (r == utf8.RuneError && size == 1) {
			return line, offset, true
		}
		if r == '\n' {
			line++
		}
		offset += size
	}
	return 0, 0, false
}

func parseYAML(data []byte, syntax string, problems *problemList) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			problems.add(0, "", "the file is empty: expected a mapping with a metrics: list")
			return nil
		}
		line, msg := yamlErrorLine(err)
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
	return doc.Content[0]
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

func parseTOML(data []byte, problems *problemList) *yaml.Node {
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
	return &node
}

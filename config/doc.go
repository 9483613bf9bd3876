// Package config turns figures files into one immutable, validated Set of
// figures.
//
// It is pure: it reads the files it is given, and nothing else. It knows
// nothing of HTTP or of the exporter's flags, so the same Set can be checked
// by `figures_exporter check`, served, rendered, or turned into a dashboard.
// Every problem in a file is reported at once, each naming the file, the line
// where the decoder knows it, and the path inside the document
// (metrics[3].figures[1].value), and saying what was expected and what was
// found.
//
// Every syntax is read into one document of nodes (node.go) that one schema
// walk checks (schema.go). JSON is read as JSON by jsontext (read_json.go).
// YAML goes through a fast reader (read_yaml_fast.go) that reads its
// common forms exactly as yaml.v3 would, without its node tree, and
// declines the rest, which yaml.v3 then reads; TOML goes through go-toml.
// Nesting is bounded before any parser recurses (nesting.go). CSV rows of figures
// are read apart (csv.go), with no document.
package config

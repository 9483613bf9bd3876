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
package config

package config_test

import (
	"testing"

	"github.com/figures-exporter/figures_exporter/config"
)

// Inputs FuzzParse found, kept as named tests beside the corpus files in
// testdata/fuzz/FuzzParse that `go test` replays.

// TestHelpIsServedAsWritten: a help with blanks around it was served as
// "# HELP name  0" and read back by Prometheus as "0" (b328e25ff78007ea).
func TestHelpIsServedAsWritten(t *testing.T) {
	set, err := config.Parse("f.toml", []byte("[[metrics]]\nname = \"a\"\nhelp = \" 0 \"\nfigures = [{value = 1}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Metrics[0].Help; got != "0" {
		t.Errorf("help %q, want the blanks trimmed: %q", got, "0")
	}
}

// TestLoneDocumentMarkerIsAnEmptyFile: "---" alone was "expected a
// mapping, found nothing (null)" on line 2 of a one-line file
// (042dcdae0600c21e).
func TestLoneDocumentMarkerIsAnEmptyFile(t *testing.T) {
	_, err := config.Parse("f.yml", []byte("---"))
	want := "f.yml: the file is empty: expected a mapping with a metrics: list"
	if err == nil || err.Error() != want {
		t.Errorf("f.yml: %v, want %s", err, want)
	}
	// A .json file must be JSON, which "---" is not.
	_, err = config.Parse("f.json", []byte("---"))
	want = "f.json:1: invalid JSON at column 2: invalid character '-' in number (expecting digit)"
	if err == nil || err.Error() != want {
		t.Errorf("f.json: %v, want %s", err, want)
	}
	// An explicit null is not empty: it says what it found.
	_, err = config.Parse("f.yml", []byte("null\n"))
	want = "f.yml:1: expected a mapping with a metrics: list, found nothing (null)"
	if err == nil || err.Error() != want {
		t.Errorf("null: %v, want %s", err, want)
	}
}

// TestLinesCountCarriageReturns: a lone CR ends a line for the decoder, so
// a problem may be on line 2 of a file without LF (7ce01e8e4e072521); the
// fuzz property counts lines the same way.
func TestLinesCountCarriageReturns(t *testing.T) {
	_, err := config.Parse("f.yml", []byte("\"00\r"))
	want := "f.yml:2: invalid YAML: found unexpected end of stream"
	if err == nil || err.Error() != want {
		t.Errorf("%v, want %s", err, want)
	}
}

package config

import _ "embed"

// DefaultName names the embedded report in messages and in Set.Files.
const DefaultName = "embedded:east_west_2011.yml"

//go:embed default/east_west_2011.yml
var defaultFigures []byte

// Default returns the figures of the 2011 East–West report that the binary
// serves when no figures file is given.
func Default() (*Set, error) {
	return Parse(DefaultName, defaultFigures)
}

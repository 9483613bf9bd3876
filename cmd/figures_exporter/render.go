package main

import (
	"io"

	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/exposition"
)

// render prints the figures alone in the text format.
func render(v *viper.Viper, stdout io.Writer) error {
	set, err := loadFigures(v)
	if err != nil {
		return err
	}
	return exposition.NewSnapshot(set).WriteText(stdout)
}

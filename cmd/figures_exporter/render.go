package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/exposition"
)

// render prints the figures alone in the text format, or in OpenMetrics
// (with the units metricinfo reads, as # UNIT) when format is openmetrics.
func render(v *viper.Viper, format string, stdout io.Writer) error {
	if format != "text" && format != "openmetrics" {
		return fmt.Errorf("--format %q: expected text or openmetrics", format)
	}
	set, err := loadFigures(v)
	if err != nil {
		return err
	}
	if format == "openmetrics" {
		return exposition.NewSnapshot(set).WriteOpenMetrics(stdout)
	}
	return exposition.NewSnapshot(set).WriteText(stdout)
}

// newRenderCommand is `figures_exporter render [--format text|openmetrics]`.
// v is a function because the root command's viper is made after its
// subcommands.
func newRenderCommand(v func() *viper.Viper, stdout io.Writer) *cobra.Command {
	format := "text"
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Print the figures in the Prometheus text format (for promtool or node_exporter's textfile collector), or in OpenMetrics with their units",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return render(v(), format, stdout)
		},
	}
	cmd.Flags().StringVar(&format, "format", format, "text or openmetrics")
	return cmd
}

package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/figures-exporter/figures_exporter/dashboard"
)

//go:generate go test -run TestCommittedDashboardIsWhatTheCommandPrints -update .

// newDashboardCommand prints the Grafana dashboard of the configured
// figures. It reads its flags itself (cmd.Flags() holds the inherited
// --config.file too), so it needs nothing from the root command but a
// place to print.
func newDashboardCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "dashboard",
		Short: "Print a Grafana dashboard (JSON) of the figures: a row per unit, a panel per metric",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, err := newViper(cmd.Flags())
			if err != nil {
				return err
			}
			set, err := loadFigures(v)
			if err != nil {
				return err
			}
			out, err := dashboard.JSON(set)
			if err != nil {
				return err
			}
			_, err = stdout.Write(out)
			return err
		},
	}
}

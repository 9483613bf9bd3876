package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/prometheus/common/version"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

const programName = "figures_exporter"

// annotationShutsDown marks the commands that end cleanly when their context
// is cancelled by SIGINT or SIGTERM: serving (after a grace period for
// scrapes in flight) and backfill (without a half-written block). The
// other commands are ended by the signal itself.
const annotationShutsDown = "figures_exporter/shuts-down-on-signal"

// newRootCommand builds the command tree: the root serves, subcommands
// check and render.
func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	var v *viper.Viper
	root := &cobra.Command{
		Use:           programName,
		Short:         "Serve figures from reports as Prometheus gauges",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.Info(),
		Annotations:   map[string]string{annotationShutsDown: "yes"},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) (err error) {
			if cmd.Annotations[annotationShutsDown] == "" {
				// main catches SIGINT and SIGTERM for the commands that
				// end cleanly on their context; the others (check, render,
				// init, dashboard) must stop at once, as any command-line
				// tool does, or Ctrl-C would wait for a long check.
				signal.Reset(os.Interrupt, syscall.SIGTERM)
			}
			v, err = newViper(cmd.Flags())
			return err
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), v, stderr)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate(version.Print(programName) + "\n")
	addConfigFlags(root.PersistentFlags())
	addServeFlags(root.Flags())
	addWebFlags(root.Flags())
	addReloadFlags(root.Flags())

	root.AddCommand(
		&cobra.Command{
			Use:   "check",
			Short: "Validate the figures file; exit 0, or 1 with every problem found",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return check(v, stdout, stderr)
			},
		},
		newRenderCommand(func() *viper.Viper { return v }, stdout),
		newBackfillCommand(func() *viper.Viper { return v }, stdout, stderr),
		newDashboardCommand(stdout),
		newInitCommand(stdout, stderr),
	)
	return root
}

// check reports whether the configured figures load. Warnings (figures
// without a source) go to stderr with the problems, and do not fail.
func check(v *viper.Viper, stdout, stderr io.Writer) error {
	set, err := loadFigures(v)
	if err != nil {
		return err
	}
	for _, w := range set.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "%s: %d metrics, %d figures, %d sources: OK\n", set.Files[0], len(set.Metrics), set.Series(), len(set.Sources))
	return nil
}

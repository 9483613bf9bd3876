package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/figures-exporter/figures_exporter/backfill"
)

// Flag names of the backfill subcommand.
const (
	flagBackfillTimeLabel     = "time-label"
	flagBackfillAt            = "at"
	flagBackfillOut           = "out"
	flagBackfillKeepTimeLabel = "keep-time-label"
)

// newBackfillCommand builds `figures_exporter backfill`. getViper returns
// the root's viper, which exists only once the command line is parsed.
func newBackfillCommand(getViper func() *viper.Viper, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backfill",
		Short: "Write the figures as OpenMetrics stamped by year, for promtool tsdb create-blocks-from openmetrics",
		Long: `Write every figure whose metric has the time label as an OpenMetrics sample
stamped in the year the label names, so that Prometheus and Grafana can put
figures of past years on a time axis:

  figures_exporter backfill --config.file figures.yml --out figures.om
  promtool tsdb create-blocks-from openmetrics figures.om data/

The time label is dropped (unless --keep-time-label), so that a metric's
figures for several years form one series. Metrics without it are skipped.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBackfill(getViper(), stdout, stderr)
		},
	}
	addBackfillFlags(cmd.Flags())
	return cmd
}

func addBackfillFlags(fs *pflag.FlagSet) {
	fs.String(flagBackfillTimeLabel, "year", "Label whose values are years (four digits, from 1970).")
	fs.String(flagBackfillAt, "end", "When in its year to stamp each figure: end (12-31T23:59:59), start (01-01T00:00:00), MM-DD or MM-DDTHH:MM:SS; UTC.")
	fs.String(flagBackfillOut, "-", "File to write the OpenMetrics to; - is standard output.")
	fs.Bool(flagBackfillKeepTimeLabel, false, "Keep the time label on the samples, making one series per year rather than one series over the years.")
}

func runBackfill(v *viper.Viper, stdout, stderr io.Writer) error {
	at, err := backfill.ParseStamp(v.GetString(flagBackfillAt))
	if err != nil {
		return fmt.Errorf("--%s: %w", flagBackfillAt, err)
	}
	opts := backfill.Options{
		TimeLabel:     v.GetString(flagBackfillTimeLabel),
		At:            at,
		KeepTimeLabel: v.GetBool(flagBackfillKeepTimeLabel),
	}
	set, err := loadFigures(v)
	if err != nil {
		return err
	}
	var sum backfill.Summary
	write := func(w io.Writer) (err error) {
		sum, err = backfill.Write(w, set, opts)
		return err
	}
	if name := v.GetString(flagBackfillOut); name == "-" || name == "" {
		err = write(stdout)
	} else {
		err = writeFileAtomically(name, write)
	}
	if err != nil {
		return fmt.Errorf("backfill (--%s=%s): %w", flagBackfillTimeLabel, opts.TimeLabel, err)
	}
	fmt.Fprintf(stderr, "backfill: wrote %d samples of %d metrics, stamped at %s of their %s\n", sum.Samples, sum.Metrics, at, opts.TimeLabel)
	if len(sum.Skipped) > 0 {
		fmt.Fprintf(stderr, "backfill: skipped %d metrics without the label %s: %s\n", len(sum.Skipped), opts.TimeLabel, strings.Join(sum.Skipped, ", "))
	}
	return nil
}

// writeFileAtomically writes name through a temporary file in the same
// directory, renamed into place only once write succeeds, so that a
// failed backfill never leaves a truncated file for promtool to read.
func writeFileAtomically(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

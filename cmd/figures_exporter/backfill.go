package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/common/model"
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
	flagBackfillStrict        = "strict"
	flagBackfillTSDB          = "output.tsdb"
	flagBackfillBlockDuration = "max-block-duration"
)

// newBackfillCommand builds `figures_exporter backfill`. getViper returns
// the root's viper, which exists only once the command line is parsed.
func newBackfillCommand(getViper func() *viper.Viper, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backfill",
		Short: "Put the figures on Prometheus' time axis: TSDB blocks, or OpenMetrics stamped by period",
		Long: `Stamp every figure whose metric has a time label at the period the label
names (2011, 2011-Q1, 2011-03, 2011-03-31 and the forms tables write them
in), and write the samples as Prometheus TSDB blocks or as OpenMetrics:

  figures_exporter backfill --config.file figures.yml --output.tsdb blocks/
  cp -r blocks/* /var/lib/prometheus/metrics2/   # Prometheus' --storage.tsdb.path

  figures_exporter backfill --config.file figures.yml --out figures.om
  promtool tsdb create-blocks-from openmetrics figures.om data/

The time label is the one a metric declares with time_label:, else
--time-label, else the first label named year, quarter, month, date,
period, time_period or time (any case). It is dropped (unless
--keep-time-label), so that a metric's figures over time form one series.
Metrics without a time label are left out. A figure whose time label is not
a period, or is a period before 1970, is skipped with a warning (an error
with --strict).

Prometheus deletes samples older than --storage.tsdb.retention.time (15d
by default): give it one that reaches back to the first figure, such as
100y.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{annotationShutsDown: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBackfill(cmd.Context(), getViper(), stdout, stderr)
		},
	}
	addBackfillFlags(cmd.Flags())
	return cmd
}

func addBackfillFlags(fs *pflag.FlagSet) {
	fs.String(flagBackfillTimeLabel, "", "Label holding the periods of metrics that declare none with time_label:; default: the first label named year, quarter, month, date, period, time_period or time.")
	fs.String(flagBackfillAt, "end", "Where in its period to stamp each figure: end (its last second, such as 2011-03-31T23:59:59 for 2011-Q1) or start (its first); for years also MM-DD or MM-DDTHH:MM:SS. UTC.")
	fs.String(flagBackfillOut, "-", "File to write OpenMetrics to, for promtool tsdb create-blocks-from openmetrics; - is standard output. Not written when --output.tsdb is given, unless named.")
	fs.String(flagBackfillTSDB, "", "Directory to write TSDB blocks to (created if missing), ready to copy into Prometheus' --storage.tsdb.path.")
	fs.String(flagBackfillBlockDuration, model.Duration(backfill.DefaultMaxBlockDuration).String(), "With --output.tsdb, the longest block to write, as promtool's flag of that name (Prometheus durations: 2h, 31d, 1y ...); blocks are 2h times a power of 3, at most about 4.5 years.")
	fs.Bool(flagBackfillKeepTimeLabel, false, "Keep the time label on the samples, making one series per period rather than one series over time.")
	fs.Bool(flagBackfillStrict, false, "Fail when any figure is skipped (its time label is not a period, or is before 1970), rather than warn.")
}

func runBackfill(ctx context.Context, v *viper.Viper, stdout, stderr io.Writer) error {
	at, err := backfill.ParseStamp(v.GetString(flagBackfillAt))
	if err != nil {
		return fmt.Errorf("--%s: %w", flagBackfillAt, err)
	}
	maxBlock, err := model.ParseDuration(v.GetString(flagBackfillBlockDuration))
	if err != nil {
		return fmt.Errorf("--%s: %w", flagBackfillBlockDuration, err)
	}
	opts := backfill.Options{
		TimeLabel:     v.GetString(flagBackfillTimeLabel),
		At:            at,
		KeepTimeLabel: v.GetBool(flagBackfillKeepTimeLabel),
		Strict:        v.GetBool(flagBackfillStrict),
	}
	set, err := loadFigures(v)
	if err != nil {
		return err
	}
	plan, err := backfill.NewPlan(set, opts)
	if err != nil {
		return fmt.Errorf("backfill: %w", err)
	}
	sum := &plan.Summary
	for _, w := range sum.Warnings() {
		fmt.Fprintf(stderr, "backfill: warning: %s\n", w)
	}
	tsdbDir := v.GetString(flagBackfillTSDB)
	if out := v.GetString(flagBackfillOut); tsdbDir == "" || out != "-" {
		if out == "-" || out == "" {
			err = plan.WriteOpenMetrics(stdout)
		} else {
			err = writeFileAtomically(out, plan.WriteOpenMetrics)
		}
		if err != nil {
			return fmt.Errorf("backfill: %w", err)
		}
	}
	for _, m := range sum.Metrics {
		fmt.Fprintf(stderr, "backfill: %s\n", describeMetric(m))
	}
	where := "at the " + at.String() + " of their periods"
	if at != backfill.End() && at != backfill.Start() {
		where = "at " + at.String() + " of their years"
	}
	fmt.Fprintf(stderr, "backfill: %s of %s, stamped %s", count(sum.Samples, "sample"), count(len(sum.Metrics), "metric"), where)
	if sum.Samples > 0 {
		fmt.Fprintf(stderr, ", from %s to %s", sum.First.Format(time.RFC3339), sum.Last.Format(time.RFC3339))
	}
	if sum.Skipped > 0 {
		fmt.Fprintf(stderr, "; %s skipped", count(sum.Skipped, "figure"))
	}
	fmt.Fprintln(stderr)
	if len(sum.Untimed) > 0 {
		fmt.Fprintf(stderr, "backfill: left out %s without a time label: %s\n", count(len(sum.Untimed), "metric"), strings.Join(sum.Untimed, ", "))
	}
	if tsdbDir == "" {
		return nil
	}
	blocks, err := plan.WriteBlocks(ctx, tsdbDir, backfill.BlockOptions{MaxDuration: time.Duration(maxBlock)})
	if err != nil {
		return fmt.Errorf("backfill: writing TSDB blocks to %s: %w", tsdbDir, err)
	}
	for _, b := range blocks {
		fmt.Fprintf(stderr, "backfill: block %s: %s of %s, %s to %s\n", b.ULID, count(b.Samples, "sample"), count(b.Series, "series"), b.MinTime.Format(time.RFC3339), b.MaxTime.Format(time.RFC3339))
	}
	fmt.Fprintf(stderr, "backfill: wrote %s to %s: copy them into Prometheus' --storage.tsdb.path, and keep them with a --storage.tsdb.retention.time reaching back to %d (such as 100y)\n", count(len(blocks), "block"), tsdbDir, sum.First.Year())
	return nil
}

// describeMetric says what one metric gives to the time axis.
func describeMetric(m backfill.MetricSummary) string {
	if m.Samples == 0 {
		return fmt.Sprintf("%s: no samples: every one of its %d figures was skipped (label %s)", m.Name, m.Skipped, m.TimeLabel)
	}
	periods := fmt.Sprintf("%ss %s to %s", m.Kind, m.First, m.Last)
	if m.First == m.Last {
		periods = fmt.Sprintf("%s %s", m.Kind, m.First)
	}
	text := fmt.Sprintf("%s: %s in %s, %s (label %s)", m.Name, count(m.Samples, "sample"), count(m.Series, "series"), periods, m.TimeLabel)
	if m.Skipped > 0 {
		text += fmt.Sprintf(", %s skipped", count(m.Skipped, "figure"))
	}
	return text
}

// count writes n things: 1 sample, 2 samples, 2 series.
func count(n int, thing string) string {
	if n != 1 && !strings.HasSuffix(thing, "s") {
		thing += "s"
	}
	return fmt.Sprintf("%d %s", n, thing)
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

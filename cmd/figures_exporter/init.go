package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/figures-exporter/figures_exporter/infer"
)

// Flag names of the init subcommand.
const (
	flagInitOutput = "output"
	flagInitForce  = "force"
	flagInitLabel  = "label"
)

// newInitCommand builds `figures_exporter init TABLE…`: the shape of
// each table is worked out by package infer; this is only files and
// flags.
func newInitCommand(stdout, stderr io.Writer) *cobra.Command {
	var output string
	var force bool
	var labels []string
	cmd := &cobra.Command{
		Use:   "init TABLE...",
		Short: "Write a figures file that serves every number of the given tables (CSV, TSV, xlsx, JSON records)",
		Long: `Read one or more published tables, work out their shape (encoding, separator,
header row, which columns are labels and which hold figures, years across,
indicators in rows, gaps, units in headers) and write a figures file that
maps them. Every choice that was a guess has a comment above it; a summary
goes to standard error. See docs/init.md.

  figures_exporter init -o figures.yml tables/*.csv
  figures_exporter --config.file figures.yml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(args, output, force, labels, stdout, stderr)
		},
	}
	cmd.Flags().StringVarP(&output, flagInitOutput, "o", "", "write the figures file here rather than to standard output; table paths in it are relative to its directory")
	cmd.Flags().BoolVar(&force, flagInitForce, false, "overwrite the --output file if it exists")
	cmd.Flags().StringArrayVar(&labels, flagInitLabel, nil, "read this column as a label whatever it holds (codes, ids, coordinates that are numbers); repeat for several")
	return cmd
}

func runInit(tables []string, output string, force bool, labels []string, stdout, stderr io.Writer) error {
	if output != "" && !force {
		if _, err := os.Stat(output); err == nil {
			return fmt.Errorf("%s exists: init does not overwrite a figures file that may have been edited; give --%s to replace it", output, flagInitForce)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	base := "."
	if output != "" {
		base = filepath.Dir(output)
	}
	inputs := make([]infer.Input, len(tables))
	for i, t := range tables {
		data, err := os.ReadFile(t)
		if err != nil {
			return err
		}
		inputs[i] = infer.Input{Path: relativeTo(base, t), Data: data, Labels: labels}
	}
	res, err := infer.Infer(inputs)
	if err != nil {
		return err
	}
	if output == "" {
		if _, err := stdout.Write(res.File); err != nil {
			return err
		}
	} else if err := os.WriteFile(output, res.File, 0o644); err != nil {
		return err
	}
	fmt.Fprint(stderr, res.Summary())
	if res.Stats.Guesses > 0 {
		where := "the file"
		if output != "" {
			where = output
		}
		fmt.Fprintf(stderr, "%d guesses: each has a comment above it in %s; review them, then run check\n", res.Stats.Guesses, where)
	}
	return nil
}

// relativeTo names path as a figures file in dir names it: relative to
// dir when it can be, else absolute.
func relativeTo(dir, path string) string {
	absDir, err1 := filepath.Abs(dir)
	absPath, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return path
	}
	if rel, err := filepath.Rel(absDir, absPath); err == nil {
		return rel
	}
	return absPath
}

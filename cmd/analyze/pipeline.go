package main

import (
	"fmt"
	"io"

	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// options of a run, validated after parsing.
type runOptions struct {
	dataDir, outDir string
}

func runPipeline(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "analyze [run] [-data DIR] [-out DIR] [flags]", stderr)
	var o runOptions
	fs.StringVar(&o.dataDir, "data", "data", "folder with codebook.yaml and the yearly exports")
	fs.StringVar(&o.outDir, "out", "out", "folder to write the outputs into")
	q := addQualityFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return usageError{err}
	}
	ld, err := loadAll(o.dataDir, *q)
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	if files["private/responses.csv"], err = report.ResponsesCSV(ld.kept, ld.cb); err != nil {
		return err
	}
	if files["private/exclusions.csv"], err = report.ExclusionsCSV(ld.in.Ledger); err != nil {
		return err
	}
	printLedger(stdout, ld.in.Ledger)
	if err := writeOutputs(o.outDir, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(files), o.outDir)
	return nil
}

package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
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
	h := hypotheses.Defaults()
	fs.Float64Var(&h.Alpha, "alpha", h.Alpha, "family-wise significance level (Holm) and BH q")
	fs.Uint64Var(&h.Seed, "seed", h.Seed, "seed of every bootstrap")
	fs.IntVar(&h.Resamples, "resamples", h.Resamples, "bootstrap replicates")
	fs.Float64Var(&h.EquivalenceMargin, "equivalence-margin", h.EquivalenceMargin, "H4 equivalence margin in SD per SD")
	pub := addPublicFlags(fs)
	fs.IntVar(&h.MinGroup, "min-group", h.MinGroup, "smallest group a test may use; smaller gives \"insufficient data\"")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return usageError{err}
	}
	if err := h.Validate(); err != nil {
		return usageError{err}
	}
	if err := pub.validate(); err != nil {
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
	main := hypotheses.RunAll(ld.kept, h)
	raw := hypotheses.RunAll(ld.raw, h)
	results := report.NewResults(main, raw)
	if files["results.json"], err = report.JSON(results); err != nil {
		return err
	}
	rel, err := release(o.dataDir, ld, *pub, h.Alpha, files)
	if err != nil {
		return err
	}
	printLedger(stdout, ld.in.Ledger)
	fmt.Fprintln(stdout)
	printVerdicts(stdout, results)
	if err := writeOutputs(o.outDir, files); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printRelease(stdout, rel)
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(files), o.outDir)
	return nil
}

func printVerdicts(w io.Writer, r report.Results) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "hypothesis\tverdict\tp\tp (Holm)\tn\twithout quality rules")
	for _, h := range r.Hypotheses {
		s := h.Sensitivity.Verdict
		if h.Sensitivity.Changed {
			s += " (CHANGED)"
		} else {
			s += " (same)"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%d\t%s\n", h.ID, h.Title, h.Verdict, stats.FormatP(h.PValue), stats.FormatP(h.PAdjusted), h.N, s)
	}
	tw.Flush()
	for _, h := range r.Hypotheses {
		fmt.Fprintf(w, "%s: %s\n", h.ID, h.Finding)
	}
}

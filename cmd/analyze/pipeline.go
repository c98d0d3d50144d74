package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// options of a run, validated after parsing.
type runOptions struct {
	dataDir, outDir string
	quality         clean.Options
	analysis        hypotheses.Options
	public          publicOptions
	limits          ingest.Options
	quiet           bool // no stage lines on stderr
	cards           bool // write the private where-you-stand cards (a mail merge)
	// flags are the settings that shape the outputs, by flag name, for the
	// manifest (not -data, -out or -q).
	flags map[string]string
}

func parseRunFlags(args []string, stderr io.Writer) (runOptions, error) {
	fs := newFlagSet("run", "analyze [run] [-data DIR] [-out DIR] [flags]", stderr)
	o := runOptions{analysis: hypotheses.Defaults()}
	h := &o.analysis
	fs.StringVar(&o.dataDir, "data", "data", "folder with codebook.yaml and the yearly exports")
	fs.StringVar(&o.outDir, "out", "out", "folder to write the outputs into (replaced whole when the run succeeds)")
	q := addQualityFlags(fs)
	lim := addLimitFlags(fs)
	fs.Float64Var(&h.Alpha, "alpha", h.Alpha, "family-wise significance level (Holm) and BH q")
	fs.Uint64Var(&h.Seed, "seed", h.Seed, "seed of every bootstrap")
	fs.IntVar(&h.Resamples, "resamples", h.Resamples, "bootstrap replicates")
	fs.Float64Var(&h.EquivalenceMargin, "equivalence-margin", h.EquivalenceMargin, "H4 equivalence margin in SD per SD")
	pub := addPublicFlags(fs)
	fs.IntVar(&h.MinGroup, "min-group", h.MinGroup, "smallest group a test may use; smaller gives \"insufficient data\"")
	fs.BoolVar(&o.quiet, "q", false, "quiet: no stage lines or progress on stderr")
	fs.BoolVar(&o.cards, "cards", false, "also write the private where-you-stand cards of the latest wave (private/cards/, cards.csv) for a mail merge")
	if err := parseFlags(fs, args); err != nil {
		return o, err
	}
	o.quality, o.public, o.limits = *q, *pub, *lim
	if err := q.Validate(); err != nil {
		return o, usageError{err}
	}
	if err := h.Validate(); err != nil {
		return o, usageError{err}
	}
	if err := pub.validate(); err != nil {
		return o, usageError{err}
	}
	o.flags = map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "data" && f.Name != "out" && f.Name != "q" {
			o.flags[f.Name] = f.Value.String()
		}
	})
	return o, nil
}

func runPipeline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseRunFlags(args, stderr)
	if err != nil {
		return err
	}
	// Every setting is checked before any export is read.
	if err := report.CheckOutDir(o.outDir); err != nil {
		return err
	}
	cb, err := loadCodebook(o.dataDir)
	if err != nil {
		return err
	}
	plan, err := planRelease(o.dataDir, cb, o.public, stderr)
	if err != nil {
		return err
	}
	key, err := readCardsKey(o.dataDir)
	if err != nil {
		return err
	}
	st := newStages(stderr, o.quiet)
	interrupted := func() error { return fmt.Errorf("interrupted; %s left as it was", o.outDir) }
	done := st.start("read, harmonize and clean")
	ld, err := loadWith(cb, o.dataDir, o.quality, o.limits)
	if err != nil {
		return err
	}
	done(fmt.Sprintf("%d waves, %d rows read, %d kept (%s)", len(ld.in.Reports), len(ld.in.Ledger.Entries), ld.kept.Len(), ld.in.Rates()))
	done = st.start("private responses and exclusions")
	files, err := privateFiles(ld)
	if err != nil {
		return err
	}
	done("")
	results, err := testHypotheses(ctx, st, ld, o.analysis)
	if err != nil {
		return interrupted()
	}
	done = st.start("trends")
	if results.Trends, err = runTrends(ld, o.analysis.Seed, o.analysis.Alpha, files); err != nil {
		return err
	}
	done(fmt.Sprintf("%d variables, %d tests", len(results.Trends.Variables), results.Trends.Tests()))
	if files["results.json"], err = report.JSON(results); err != nil {
		return err
	}
	done = st.start("charts and deck")
	pages, err := addCharts(files, results, ld.kept)
	if err != nil {
		return err
	}
	done("")
	done = st.start("public release (anonymize)")
	rel, err := release(plan, ld, o.analysis.Alpha, files)
	if err != nil {
		return err
	}
	if rel.r == nil {
		done("none: release.yaml absent")
	} else {
		done(fmt.Sprintf("%d extracts, k = %d", len(rel.r.Extracts), rel.r.Config.K))
		done = st.start("respondents' kit")
		k, err := addKit(ld, rel, files)
		if err != nil {
			return err
		}
		// The last public file: the hash list next year's release reads
		// this one through.
		files["public/"+anonymize.ManifestFile] = publicManifest(files)
		done("")
		if o.cards {
			done = st.start("where-you-stand cards")
			keyedBy, err := addCards(ld, rel, k, key, files)
			if err != nil {
				return err
			}
			done(keyedBy)
		}
	}
	done = st.start("report")
	in := reportInput(ld, results, rel, o.analysis.Alpha, pages)
	if err := addReport(files, in); err != nil {
		return err
	}
	done("")
	printLedger(stdout, ld.in.Ledger)
	fmt.Fprintln(stdout)
	printVerdicts(stdout, results)
	printTrends(stdout, results.Trends)
	done = st.start("write outputs")
	man, err := manifest(o, ld, rel)
	if err != nil {
		return err
	}
	if err := report.Commit(ctx, o.outDir, files, man); err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		return err
	}
	done(fmt.Sprintf("%d files and %s", len(files), report.ManifestName))
	st.total()
	printDone(stdout, o.outDir, rel, len(files))
	return nil
}

// privateFiles renders out/private/.
func privateFiles(ld *loaded) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	if files["private/responses.csv"], err = report.ResponsesCSV(ld.kept, ld.cb); err != nil {
		return nil, err
	}
	if files["private/exclusions.csv"], err = report.ExclusionsCSV(ld.in.Ledger); err != nil {
		return nil, err
	}
	return files, nil
}

// testHypotheses runs the hypotheses on the kept responses and again, as
// the sensitivity check, on all harmonized responses. It returns ctx.Err()
// as soon as ctx is cancelled.
func testHypotheses(ctx context.Context, st *stages, ld *loaded, o hypotheses.Options) (report.Results, error) {
	if err := ctx.Err(); err != nil {
		return report.Results{}, err
	}
	var main, raw hypotheses.Report
	done := st.startLong("hypotheses (bootstrap)")
	if err := cancellable(ctx, func() { main = hypotheses.RunAll(ld.kept, o) }); err != nil {
		return report.Results{}, err
	}
	done(fmt.Sprintf("%d tested, B = %d", len(main.Results), o.Resamples))
	done = st.startLong("sensitivity: without quality rules")
	sens := o
	sens.VerdictsOnly = true // the sensitivity pass reports only verdicts and p-values
	if err := cancellable(ctx, func() { raw = hypotheses.RunAll(ld.raw, sens) }); err != nil {
		return report.Results{}, err
	}
	done("")
	ld.dropHarmonized()
	return report.NewResults(main, raw, ld.in.Ledger), nil
}

func printDone(stdout io.Writer, outDir string, rel released, files int) {
	fmt.Fprintln(stdout)
	printRelease(stdout, rel)
	fmt.Fprintf(stdout, "wrote %d files and %s to %s; read %s\n", files, report.ManifestName, outDir,
		filepath.Join(outDir, "report.html"))
}

// cancellable runs a stage that computes in memory only, and returns
// ctx.Err() as soon as ctx is cancelled, without waiting for the stage: its
// results are simply not used, and nothing has been written yet.
func cancellable(ctx context.Context, stage func()) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		stage()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func printVerdicts(w io.Writer, r report.Results) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "hypothesis\tverdict\tp\tp (Holm)\tp contra\tp contra (Holm)\tn\twithout quality rules")
	for _, h := range r.Hypotheses {
		s := string(h.Sensitivity.Verdict)
		if h.Sensitivity.Changed {
			s += " (CHANGED)"
		} else {
			s += " (same)"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", h.ID, h.Title, h.Verdict, fp(h.PValue), fp(h.PAdjusted), fp(h.PContra), fp(h.PContraAdjusted), h.N, s)
	}
	tw.Flush()
	for _, h := range r.Hypotheses {
		fmt.Fprintf(w, "%s: %s\n", h.ID, h.Finding)
		for _, c := range h.Robustness {
			fmt.Fprintf(w, "%s sensitivity: %s: %s = %.3f, p = %s\n", h.ID, c.Name, c.StatisticName, c.Statistic, fp(c.PValue))
		}
	}
}

func fp(p hypotheses.Float) string { return stats.FormatP(float64(p)) }

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// loadAll reads the codebook and every export of a data folder and applies
// the quality rules.
type loaded struct {
	cb      *codebook.Codebook
	in      *ingest.Result
	raw     *dataset.Dataset // harmonized, before quality rules
	kept    *dataset.Dataset
	quality clean.Report
	// withdrawal is what data/withdrawn.csv removed before the quality rules.
	withdrawal clean.Withdrawal
}

// loadAll reads the codebook, the exports and the withdrawals in dataDir and
// applies the quality rules q.
//
// kept: the one-call load the stage benchmarks time (bench_stages_test.go); the commands load in two steps.
func loadAll(dataDir string, q clean.Options, lim ingest.Options) (*loaded, error) {
	cb, err := loadCodebook(dataDir)
	if err != nil {
		return nil, err
	}
	return loadWith(cb, dataDir, q, lim)
}

// loadCodebook reads the data folder's codebook.yaml.
func loadCodebook(dataDir string) (*codebook.Codebook, error) {
	return codebook.Load(filepath.Join(dataDir, "codebook.yaml"))
}

// loadWith reads every export cb names from the data folder and applies
// the quality rules.
func loadWith(cb *codebook.Codebook, dataDir string, q clean.Options, lim ingest.Options) (*loaded, error) {
	in, err := ingest.LoadWith(dataDir, cb, lim)
	if err != nil {
		return nil, err
	}
	ids, err := clean.ReadWithdrawn(filepath.Join(dataDir, clean.WithdrawnFile))
	if err != nil {
		return nil, err
	}
	var wd clean.Withdrawal
	in.Data, wd = clean.Withdraw(in.Data, in.Ledger, ids)
	kept, qrep := clean.Apply(in.Data, in.Ledger, cb, q)
	if err := in.Ledger.Verify(in.Read, kept); err != nil {
		return nil, err
	}
	return &loaded{cb: cb, in: in, raw: in.Data, kept: kept, quality: qrep, withdrawal: wd}, nil
}

// dropHarmonized lets go of the responses before the quality rules once
// the sensitivity pass, their only reader, is done: at a million responses
// they are half a gigabyte the later stages would otherwise carry.
func (ld *loaded) dropHarmonized() {
	ld.raw, ld.in.Data = nil, nil
}

func printLedger(w io.Writer, l *dataset.Ledger) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\tfile\tread\tkept\texcluded\treasons\t")
	total := dataset.Counts{Excluded: map[dataset.Reason]int{}}
	for _, c := range l.Tally() {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%s\t\n", c.Year, filepath.Base(c.File), c.Read, c.Kept, c.ExcludedTotal(), reasons(c.Excluded))
		total.Read += c.Read
		total.Kept += c.Kept
		for k, v := range c.Excluded {
			total.Excluded[k] += v
		}
	}
	fmt.Fprintf(tw, "all\t\t%d\t%d\t%d\t%s\t\n", total.Read, total.Kept, total.ExcludedTotal(), reasons(total.Excluded))
	tw.Flush()
}

// printRepeats tells how many companies answered in both waves of each
// pair that has any (by the private company key, which is never printed).
func printRepeats(w io.Writer, ps []dataset.RepeatPair) {
	parts := []string{}
	for _, p := range ps {
		if p.Companies > 0 {
			parts = append(parts, fmt.Sprintf("%d-%d %d", p.From, p.To, p.Companies))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "none")
	}
	fmt.Fprintf(w, "repeat companies per wave pair: %s\n", strings.Join(parts, ", "))
}

// reasons lists counts by key, keys sorted: "blank 3, dont_know 1".
func reasons[K ~string](m map[K]int) string {
	return countList(m, func(k K) string { return string(k) })
}

// quotedCounts lists counts of answer text: each text quoted, so a newline
// or control character in an answer cannot forge a report line.
func quotedCounts(m map[string]int) string {
	return countList(m, strconv.Quote)
}

func countList[K ~string](m map[K]int, show func(K) string) string {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", show(k), m[k])
	}
	return strings.Join(parts, ", ")
}

// shownNames prints column names from a file: as written when they are
// short, printable single lines, else quoted and cut (codebook.BoundText).
func shownNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		b := codebook.BoundText(n)
		if q := strconv.Quote(b); b != n || q[1:len(q)-1] != n {
			n = q
		}
		out[i] = n
	}
	return strings.Join(out, ", ")
}

func addQualityFlags(fs *flag.FlagSet) *clean.Options {
	q := clean.Defaults()
	fs.Float64Var(&q.MinAnswered, "min-answered", q.MinAnswered, "exclude responses answering less than this share of the wave's questions (0 = off)")
	fs.Float64Var(&q.SpeederFraction, "speeder-fraction", q.SpeederFraction, "exclude responses faster than this fraction of the wave median duration (0 = off)")
	fs.BoolVar(&q.Dedupe, "dedupe", q.Dedupe, "keep only the latest complete response per email or company within a wave")
	fs.BoolVar(&q.DropPreview, "drop-preview", q.DropPreview, "exclude preview, test and spam responses (tool status or response_type)")
	fs.BoolVar(&q.DropPartial, "drop-partial", q.DropPartial, "exclude responses the tool marks unfinished")
	return &q
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "analyze validate [-data DIR] [quality flags]", stderr)
	dataDir := fs.String("data", "data", "folder with codebook.yaml and the yearly exports")
	q := addQualityFlags(fs)
	lim := addLimitFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return usageError{err}
	}
	cb, err := loadCodebook(*dataDir)
	if err != nil {
		return err
	}
	plan, err := planRelease(*dataDir, cb, publicOptions{}, stderr)
	if err != nil {
		return err
	}
	ld, err := loadWith(cb, *dataDir, *q, *lim)
	if err != nil {
		return err
	}
	printReadWarnings(stdout, ld.in)
	for _, r := range ld.in.Reports {
		writeWaveReport(stdout, r)
	}
	fmt.Fprintln(stdout, "== ledger (rows read = kept + excluded)")
	printLedger(stdout, ld.in.Ledger)
	printRepeats(stdout, dataset.RepeatPairs(ld.kept))
	printDedupe(stdout, ld.quality)
	for _, n := range ld.quality.Notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	if plan.cfg == nil {
		fmt.Fprintln(stdout, "release.yaml: absent (no public release)")
	} else {
		fmt.Fprintf(stdout, "release.yaml: ok (k = %d)\n", plan.cfg.K)
	}
	return nil
}

// printDedupe tells, per wave, how many rows each dedupe key removed and how
// many placeholder answers ("N/A", "stealth") it refused to key on.
func printDedupe(w io.Writer, q clean.Report) {
	years := make([]int, 0, len(q.Dedupe))
	for y := range q.Dedupe {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		removed, skipped := map[string]int{}, map[string]int{}
		for k, s := range q.Dedupe[y] {
			removed[k], skipped[k] = s.Removed, s.Placeholder
		}
		fmt.Fprintf(w, "dedupe %d: rows removed by key: %s; placeholder answers not used as keys: %s\n", y, reasons(removed), reasons(skipped))
	}
}

func writeWaveReport(w io.Writer, r *ingest.WaveReport) {
	fmt.Fprintf(w, "== %d  %s  (%d header rows, %d data rows, %d blank, %d trailing blank)\n",
		r.Year, r.File, r.HeaderRows, r.Rows, r.BlankRows, r.TrailingBlank)
	fmt.Fprintf(w, "variables found (%d): %s\n", len(r.Found), strings.Join(r.Found, ", "))
	fmt.Fprintf(w, "not asked this wave (%d): %s\n", len(r.NotAsked), strings.Join(r.NotAsked, ", "))
	if len(r.Ignored) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", shownNames(r.Ignored))
	}
	if len(r.UnmappedEmpty) > 0 {
		fmt.Fprintf(w, "unmapped empty columns: %s\n", shownNames(r.UnmappedEmpty))
	}
	if len(r.IgnoreUnused) > 0 {
		fmt.Fprintf(w, "warning: ignore entries that match no column: %s\n", shownNames(r.IgnoreUnused))
	}
	names := make([]string, 0, len(r.Vars))
	for n := range r.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "variable\tparsed\tflagged\tmissing by reason")
	for _, n := range names {
		s := r.Vars[n]
		flags := map[string]int{}
		for k, v := range s.Flags {
			flags[string(k)] = v
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", n, s.Parsed, reasons(flags), reasons(s.Missing))
	}
	tw.Flush()
	vars := make([]string, 0, len(r.Unmapped))
	for v := range r.Unmapped {
		vars = append(vars, v)
	}
	sort.Strings(vars)
	for _, v := range vars {
		fmt.Fprintf(w, "unmapped labels in %s: %s\n", v, quotedCounts(r.Unmapped[v]))
	}
	if len(r.Issues) > 0 {
		fmt.Fprintf(w, "values that became missing (%d shown", min(len(r.Issues), 20))
		if n := len(r.Issues) + r.IssuesDropped; n > 20 {
			fmt.Fprintf(w, " of %d", n)
		}
		fmt.Fprintln(w, "):")
		for _, is := range r.Issues[:min(len(r.Issues), 20)] {
			fmt.Fprintln(w, "  "+filepath.Base(is.File)+strings.TrimPrefix(is.String(), is.File))
		}
	}
	fmt.Fprintln(w)
}

func runSynth(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("synth", "analyze synth -out DIR [-seed N] [-scale F] [-effects planted|null|null-wobble|h5-wave]", stderr)
	o := synth.DefaultOptions()
	out := fs.String("out", "", "folder to write the exports, codebook.yaml, release.yaml and truth.json into (required)")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed")
	fs.Float64Var(&o.Scale, "scale", o.Scale, "multiplier on the per-wave sample sizes")
	fs.StringVar(&o.Effects, "effects", o.Effects, "planted, null, null-wobble (null with 3-10% year-to-year wobble of the ARR growth spread), or h5-wave (null with a wave effect on expected AI gains and none within repeat companies)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("-out is required")}
	}
	if err := o.Validate(); err != nil {
		return usageError{err}
	}
	res, err := synth.Write(*out, o)
	if err != nil {
		return err
	}
	for _, e := range res.Exports {
		fmt.Fprintf(stdout, "%d  %-26s %4d rows\n", e.Year, e.File, len(e.Rows))
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(res.Files), *out)
	return nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
)

// publicOptions are the flags of the public release. The previous release
// is not a flag: release.yaml names it (previous:), so it cannot be forgotten.
type publicOptions struct {
	k int // 0: k of release.yaml; else raise k to this
}

func addPublicFlags(fs *flag.FlagSet) *publicOptions {
	p := &publicOptions{}
	fs.IntVar(&p.k, "k", 0, "raise k of data/release.yaml to this (0 = use the file; k may only be raised)")
	return p
}

func (p *publicOptions) validate() error {
	if p.k != 0 && p.k < 2 {
		return fmt.Errorf("-k must be at least 2, got %d", p.k)
	}
	return nil
}

// releasePlan is the public release as configured, read and checked
// before any export is: the release config (nil when release.yaml is
// absent: no public release) with -k applied, and the previous release
// its previous: names, checked against its SHA256SUMS (nil before the
// first release).
type releasePlan struct {
	cfg  *anonymize.Config
	prev *anonymize.Previous
}

// planRelease reads the data folder's release.yaml, applies -k and reads
// the previous release it names. Without the file no public release is
// made (its extracts, hierarchies and bands are written by a person, never
// computed from the data): one line on stderr says so, and -k is an error.
func planRelease(dataDir string, cb *codebook.Codebook, p publicOptions, stderr io.Writer) (releasePlan, error) {
	path := filepath.Join(dataDir, "release.yaml")
	cfg, err := anonymize.LoadConfig(path, cb)
	if errors.Is(err, fs.ErrNotExist) {
		if p.k != 0 {
			return releasePlan{}, usageError{fmt.Errorf("-k needs %s: without it no public release is made", path)}
		}
		fmt.Fprintf(stderr, "release.yaml absent: k = %d, ℓ = %d defaults; no previous release; no public extracts (they need the extracts release.yaml names)\n",
			anonymize.DefaultK, anonymize.DefaultL)
		return releasePlan{}, nil
	}
	if err != nil {
		return releasePlan{}, err
	}
	plan := releasePlan{cfg: cfg}
	if p.k != 0 {
		if err := cfg.RaiseK(p.k); err != nil {
			return releasePlan{}, usageError{err}
		}
	}
	if cfg.Previous != "" {
		if plan.prev, err = anonymize.LoadPrevious(filepath.Join(dataDir, filepath.FromSlash(cfg.Previous)), cfg); err != nil {
			return releasePlan{}, err
		}
	}
	return plan, nil
}

type released struct {
	r       *anonymize.Release // nil: no public release (release.yaml absent)
	attacks map[string]anonymize.Attacks
	in      map[string]int                // respondents per extract
	heads   map[string]anonymize.Headline // per extract, its hypothesis's headline
}

// release builds out/public/ from the kept responses through the
// anonymizer (with the previous release release.yaml names, its published
// waves frozen), runs the attacker models and refuses a release any of them
// breaks.
func release(plan releasePlan, ld *loaded, alpha float64, files map[string][]byte) (released, error) {
	cfg := plan.cfg
	if cfg == nil {
		return released{}, nil
	}
	r, err := anonymize.BuildFrom(ld.kept, ld.withdrawal.Removed, ld.cb, cfg, plan.prev)
	if err != nil {
		return released{}, err
	}
	in := anonymize.ReportInput{Attacks: map[string]anonymize.Attacks{}, Headlines: map[string]anonymize.Headline{}, Alpha: alpha,
		Withdrawal: anonymize.Withdrawals{Requests: ld.withdrawal.Requests, NotFound: ld.withdrawal.NotFound}}
	if ld.withdrawal.Removed != nil {
		in.Withdrawal.Removed = ld.withdrawal.Removed.Len()
	}
	rel, err := attackRelease(r, ld, &in)
	if err != nil {
		return released{}, err
	}
	if err := freezeTrends(plan.prev, cfg.K, files, &in); err != nil {
		return released{}, err
	}
	pub, err := r.Files(ld.cb)
	if err != nil {
		return released{}, err
	}
	for name, b := range pub {
		files["public/"+name] = b
	}
	files["public/"+anonymize.Disclosure] = r.Report(in)
	return rel, nil
}

// freezeTrends applies the history rule to public/trends.csv and names the
// previous release in the report.
func freezeTrends(prev *anonymize.Previous, k int, files map[string][]byte, in *anonymize.ReportInput) error {
	if prev == nil {
		return nil
	}
	in.Previous = fmt.Sprintf("the release whose %s has sha256 `%s` (%d files checked against it)", anonymize.ManifestFile, prev.ManifestSHA256, prev.Files())
	t := prev.Trends()
	if t == nil {
		return nil
	}
	var th anonymize.TrendsHistory
	var err error
	name := "public/" + anonymize.TrendsCSV
	if files[name], th, err = anonymize.FreezeTrends(t, files[name], k); err != nil {
		return err
	}
	in.Trends = &th
	return nil
}

// publicManifest lists the sha256 of every file under public/: the next
// release reads this one only through it. It must be the last public file
// made (after the respondents' kit).
func publicManifest(files map[string][]byte) []byte {
	pub := map[string][]byte{}
	for name, b := range files {
		if n, ok := strings.CutPrefix(name, "public/"); ok {
			pub[n] = b
		}
	}
	return anonymize.Manifest(pub)
}

// attackRelease runs every attacker model on every extract and refuses a
// release one of them breaks.
func attackRelease(r *anonymize.Release, ld *loaded, in *anonymize.ReportInput) (released, error) {
	cfg := r.Config
	rel := released{r: r, attacks: in.Attacks, in: map[string]int{}, heads: in.Headlines}
	attacks := anonymize.AttackAll(r, ld.kept, ld.cb)
	heads := r.Headlines(ld.kept)
	for i, x := range r.Extracts {
		a := attacks[i]
		in.Attacks[x.Spec.Name] = a
		for _, l := range []anonymize.Linkage{a.Declared, a.Colleague, a.AnyTwo, a.CrossYear, a.Partial} {
			if !l.Pass(cfg.K) {
				return released{}, fmt.Errorf("release refused: extract %s fails the %s attack (%d singled out, largest linkage %.3f > 1/%d)",
					x.Spec.Name, l.Model, l.Unique, l.MaxProb, cfg.K)
			}
		}
		if a.DiversityFailures > 0 {
			return released{}, fmt.Errorf("release refused: extract %s has %d classes failing l-diversity or the modal-share cap", x.Spec.Name, a.DiversityFailures)
		}
		if h, ok := heads[x.Spec.Name]; ok {
			in.Headlines[x.Spec.Name] = h
		}
		for _, n := range x.RowsIn {
			rel.in[x.Spec.Name] += n
		}
	}
	return rel, nil
}

func printRelease(w io.Writer, rel released) {
	if rel.r == nil {
		fmt.Fprintln(w, "no public release: release.yaml absent")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "public extract (k = %d)\treleased\tsmallest class\tsingled out\tlargest linkage\n", rel.r.Config.K)
	for _, x := range rel.r.Extracts {
		a := rel.attacks[x.Spec.Name]
		worst, unique := 0.0, 0
		for _, l := range []anonymize.Linkage{a.Declared, a.Colleague, a.AnyTwo, a.CrossYear, a.Partial} {
			worst, unique = max(worst, l.MaxProb), unique+l.Unique
		}
		fmt.Fprintf(tw, "%s\t%d of %d\t%d\t%d\t%.3f\n", x.Spec.Name, x.Len(), rel.in[x.Spec.Name], x.MinClass, unique, worst)
	}
	tw.Flush()
}

// addKit writes the respondents' kit from the public files just written
// (package kit: README, licence, citation, rerun scripts, benchmarks,
// explorer; the wholly suppressed columns appended to the disclosure
// report) and returns it for the cards.
func addKit(ld *loaded, rel released, files map[string][]byte) (*kit.Kit, error) {
	pub := map[string][]byte{}
	for name, b := range files {
		if rest, ok := strings.CutPrefix(name, "public/"); ok {
			pub[rest] = b
		}
	}
	k, err := kit.Build(pub, kit.Meta{Config: rel.r.Config, Codebook: ld.cb})
	if err != nil {
		return nil, fmt.Errorf("respondents' kit: %w", err)
	}
	for name, b := range k.Files {
		files["public/"+name] = b
	}
	files["public/"+anonymize.Disclosure] = append(files["public/"+anonymize.Disclosure], "\n"+kit.GapsMarkdown(k.Gaps, k.Public.K)...)
	return k, nil
}

// addCards writes the private "where you stand" cards of the latest wave
// (-cards: a mail merge is a deliberate act, and at a million responses the
// cards are the largest part of a run), named under key (nil: derived from
// the raw exports). It returns how the cards were keyed, for the stage line.
func addCards(ld *loaded, rel released, k *kit.Kit, key *cards.Key, files map[string][]byte) (string, error) {
	rs := cards.Respondents(ld.kept, ld.cb, rel.r.Config, k.Public, rel.r.Generalization())
	keyedBy := "cards keyed by the data folder's " + cards.KeyFile
	if key == nil {
		keyedBy = "cards keyed from the raw exports; a mail-merge run should set its own key in the data folder's " + cards.KeyFile
		var exports []cards.Export
		for _, in := range ld.in.Inputs {
			exports = append(exports, cards.Export{Path: in.Path, SHA256: in.SHA256})
		}
		derived, err := cards.ExportKey(exports)
		if err != nil {
			return "", fmt.Errorf("where-you-stand cards: %w", err)
		}
		key = &derived
	}
	cs, err := cards.Files(rs, *key, k.Benchmarks)
	if err != nil {
		return "", fmt.Errorf("where-you-stand cards: %w", err)
	}
	for name, b := range cs {
		files["private/"+name] = b
	}
	return keyedBy, nil
}

// readCardsKey reads the data folder's secret for the card names; nil when
// the folder has none.
func readCardsKey(dataDir string) (*cards.Key, error) {
	key, ok, err := cards.ReadKey(filepath.Join(dataDir, cards.KeyFile))
	if !ok {
		return nil, err
	}
	return &key, nil
}

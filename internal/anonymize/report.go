package anonymize

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// ReportInput is what the disclosure report states besides the release.
type ReportInput struct {
	Attacks   map[string]Attacks  // per extract
	Headlines map[string]Headline // per extract with a hypothesis
	// Intersections is the successive-release attack per extract; nil when
	// no previous release was given.
	Intersections []Intersection
	Previous      string // how the previous release was named ("" when none)
	// Trends is what the history rule did to the public trends (with a
	// previous release).
	Trends     *TrendsHistory
	Withdrawal Withdrawals
	Alpha      float64
}

// Withdrawals are the withdrawal requests of data/withdrawn.csv.
type Withdrawals struct {
	Requests int // response ids listed
	Removed  int // responses removed (every wave)
	NotFound int // ids no response carries
}

// Report renders disclosure-report.md.
func (r *Release) Report(in ReportInput) []byte {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "# Disclosure report\n\n")
	if c.WeakerThanPolicy != "" {
		fmt.Fprintf(&b, "**Weaker than policy** (k >= %d, l >= %d, modal share <= %g): %s\n\n", DefaultK, DefaultL, DefaultModalShare, oneLine(c.WeakerThanPolicy))
	}
	fmt.Fprintf(&b, "Release configuration sha256 `%s`.\n\n", c.SHA256())
	fmt.Fprintf(&b, "- k = %d", c.K)
	if c.K != c.ConfigK() {
		fmt.Fprintf(&b, " (raised by -k from the configuration's k = %d)", c.ConfigK())
	}
	fmt.Fprintf(&b, "; l = %d; largest share of one value in a class %.2f; row suppression cap %.0f%% per extract.\n", c.L, c.MaxModalShare, 100*c.MaxSuppression)
	b.WriteString("- The release is a set of extracts, each built only from the columns listed in its dictionary rows (no identifier, row number or timestamp column), " +
		"sorted by its own values. The configuration allows no two extracts to share more than two variables besides the year, so a join of two extracts on their shared columns " +
		"faces the any-two-columns figures below.\n")
	b.WriteString("- Every company attribute a colleague, investor or competitor can know (firmographics, headcount and team sizes, motions, SDR model, tools used) " +
		"is a quasi-identifier; only performance figures, AI gains and expectations, and opinions are sensitive.\n\n")
	r.writeModels(&b)
	for _, x := range r.Extracts {
		x.writeSection(&b, c, in)
	}
	r.writeHistory(&b, in)
	r.writeWithdrawals(&b, in.Withdrawal)
	if len(in.Intersections) > 0 {
		r.writeIntersection(&b, in)
	}
	return []byte(b.String())
}

func (r *Release) writeModels(b *strings.Builder) {
	k := r.Config.K
	b.WriteString("## Attacker models\n\n")
	b.WriteString("Each model is run on every extract's rows against the true answers of the respondents released in it. " +
		"A row is a candidate when it shows what the attacker knows, or `*` there. A respondent is *singled out* when exactly one row is a candidate; " +
		fmt.Sprintf("the linkage probability is 1 / candidates. Pass: nobody singled out and largest probability at most 1/k = %.3f.\n\n", 1/float64(k)))
	b.WriteString("| model | what the attacker knows |\n|---|---|\n")
	b.WriteString("| declared | the target took part, its wave, and every quasi-identifier the extract declares |\n")
	b.WriteString("| colleague | the target's wave and every company attribute the file releases (columns whose codebook role is quasi_identifier) |\n")
	b.WriteString("| any two columns | the target's wave and its values in any one or two released columns, sensitive ones included (the worst pair is shown) |\n")
	b.WriteString("| cross-year | a company answered in two waves; the attacker takes its earlier row's quasi-identifiers and looks for them in the later wave " +
		"(repeat companies are found in the private data by email domain, else company name; singled out = linked to exactly one row, which is truly theirs) |\n")
	b.WriteString("| partial knowledge | the target's wave, every quasi-identifier of the extract, and its true answer in one sensitive column (a board member knows the win rate); the worst column is shown. " +
		"Cells are suppressed until at least k rows show that answer or `*`. The same with two known answers is reported beside it |\n")
	b.WriteString("| release history | the previous published release and this one: a published wave is re-emitted as published, or changed by 0 or at least k rows per class (see Release history) |\n\n")
}

func (x *Extract) writeSection(b *strings.Builder, c *Config, in ReportInput) {
	fmt.Fprintf(b, "## Extract %s\n\n", x.Spec.Name)
	if x.Spec.Hypothesis != "" {
		fmt.Fprintf(b, "The variables the tests of %s need, so a respondent can rerun them. ", x.Spec.Hypothesis)
	}
	if x.Spec.Theme != "" {
		fmt.Fprintf(b, "Theme: %s. ", x.Spec.Theme)
	}
	fmt.Fprintf(b, "File `%s`. The generalization lattice (%d nodes) was searched exhaustively; with h = level / height per quasi-identifier, nodes within the suppression cap are ordered by the largest h, then the mean of h², then discernibility, then the lower levels.\n\n",
		CSVName(x.Spec.Name), x.NodesSearched)
	if len(x.qis) > 0 {
		b.WriteString("| quasi-identifier | level | of | pinned at least |\n|---|---|---|---|\n")
		for j, q := range x.qis {
			fmt.Fprintf(b, "| %s | %d | %d (%d = suppressed) | %d |\n", q.Variable, x.Levels[j], q.Height(), q.Height(), c.Pinned[x.Spec.Name][q.Variable])
		}
		b.WriteString("\n")
	}
	b.WriteString("| year | respondents | released | rows suppressed |\n|---|---|---|---|\n")
	years := make([]int, 0, len(x.RowsIn))
	for y := range x.RowsIn {
		years = append(years, y)
	}
	sort.Ints(years)
	tin, tout := 0, 0
	for _, y := range years {
		if x.history != nil && x.history.levels[y] != nil {
			// A published wave: today's respondent count could move by
			// one (a late response, a withdrawal); only rows are shown.
			fmt.Fprintf(b, "| %d | (published wave) | %d | - |\n", y, x.RowsOut[y])
			continue
		}
		fmt.Fprintf(b, "| %d | %d | %d | %d |\n", y, x.RowsIn[y], x.RowsOut[y], x.RowsIn[y]-x.RowsOut[y])
		tin, tout = tin+x.RowsIn[y], tout+x.RowsOut[y]
	}
	all := "all"
	if x.history != nil {
		all = "all new waves"
	}
	fmt.Fprintf(b, "| %s | %d | %d | %d (%.1f%%) |\n\n", all, tin, tout, tin-tout, 100*float64(tin-tout)/math.Max(1, float64(tin)))
	fmt.Fprintf(b, "%d classes, smallest %d.", x.Classes, x.MinClass)
	if len(x.SuppressedCells) > 0 {
		b.WriteString(" Sensitive cells set to `*`: ")
		b.WriteString(x.suppressedSummary())
		b.WriteString(".")
	}
	b.WriteString("\n\n")
	if a, ok := in.Attacks[x.Spec.Name]; ok {
		writeAttacks(b, c.K, a)
	}
	if h, ok := in.Headlines[x.Spec.Name]; ok {
		fmt.Fprintf(b, "Headline of %s on the private data and on this file (one-sided p in the claimed direction; alpha = %g): %s, %s: private %.3f (p %s), public %.3f (p %s); same direction: %s; same significance: %s.\n\n",
			h.ID, in.Alpha, h.Comparison, h.Statistic, h.Private, stats.FormatP(h.PrivateP), h.Public, stats.FormatP(h.PublicP),
			yes(h.SameDirection()), yes(h.SameSignificance(in.Alpha)))
	}
}

func (x *Extract) suppressedSummary() string {
	vars := make([]string, 0, len(x.SuppressedCells))
	for v := range x.SuppressedCells {
		vars = append(vars, v)
	}
	sort.Strings(vars)
	parts := make([]string, len(vars))
	for i, v := range vars {
		parts[i] = fmt.Sprintf("%s %d", v, x.SuppressedCells[v])
	}
	return strings.Join(parts, ", ")
}

func writeAttacks(b *strings.Builder, k int, a Attacks) {
	b.WriteString("| model | attacker knows | respondents | singled out | largest probability | fewest candidates | pass |\n|---|---|---|---|---|---|---|\n")
	for _, l := range []Linkage{a.Declared, a.Colleague, a.AnyTwo, a.Partial} {
		fmt.Fprintf(b, "| %s | %s | %d | %d | %.3f | %d | %s |\n", l.Model, l.Known, l.Targets, l.Unique, l.MaxProb, l.MinCands, yes(l.Pass(k)))
	}
	if l := a.PartialTwo; l.Targets > 0 {
		fmt.Fprintf(b, "| %s | %s (worst pair; reported, not a pass rule) | %d | %d | %.3f | %d | - |\n", l.Model, l.Known, l.Targets, l.Unique, l.MaxProb, l.MinCands)
	}
	if a.Panel == 0 {
		b.WriteString("| cross-year | no company answered in two of this extract's waves under the same name | 0 | - | - | - | not run |\n")
	} else {
		l := a.CrossYear
		fmt.Fprintf(b, "| %s | %s | %d pairs | %d | %.3f | %d | %s |\n", l.Model, l.Known, l.Targets, l.Unique, l.MaxProb, l.MinCands, yes(l.Pass(k)))
	}
	fmt.Fprintf(b, "\n(any two columns: %d column pairs tried.) l-diversity and the modal-share cap, recomputed from the rows per class and sensitive column (and multi-select option): %d failing.\n\n",
		a.Pairs, a.DiversityFailures)
}

// Pass reports whether nobody is singled out and the largest linkage
// probability is at most 1/k.
func (l Linkage) Pass(k int) bool { return l.Unique == 0 && l.MaxProb <= 1/float64(k)+1e-12 }

// oneLine folds a configured text to one line, so it cannot forge report
// structure.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// writeHistory states the history rules and what this release did to the
// published waves.
func (r *Release) writeHistory(b *strings.Builder, in ReportInput) {
	k := r.Config.K
	b.WriteString("## Release history\n\n")
	fmt.Fprintf(b, "Published rows are frozen: every wave a previous release published is re-emitted in every extract exactly as published, read from that release's files "+
		"(checked against its `%s`). Only new waves are anonymized afresh, at the pinned levels or coarser. A published wave changes only class by class "+
		"(year and quasi-identifiers) where the rows added and the rows removed are each 0 or at least k = %d, or the whole class is taken down; "+
		"otherwise the release is refused. Public trend counts of published waves follow the same rule.\n\n", ManifestFile, k)
	if in.Previous == "" {
		b.WriteString("This is the first release of the project: no previous release is named (release.yaml `previous:`). Once this release is published, " +
			"name its `public/` folder under `previous:` and keep `" + GeneralizationFile + "`'s levels under `pinned:`.\n\n")
		return
	}
	fmt.Fprintf(b, "Previous release: %s.\n\n", in.Previous)
	b.WriteString("| extract | published wave | rows re-emitted as published | classes replaced (change of k or more) | classes taken down | rows taken down |\n|---|---|---|---|---|---|\n")
	for _, c := range r.Changes() {
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d | %d |\n", c.Extract, c.Year, c.Frozen, c.Replaced, c.Down, c.DownRows)
	}
	b.WriteString("\n")
	if t := in.Trends; t != nil {
		fmt.Fprintf(b, "Public trends: %d (variable, wave) groups of published waves re-emitted as published, %d replaced (every count moved by 0 or at least %d).\n\n", t.Frozen, t.Changed, k)
	}
}

// writeWithdrawals says how many withdrawal requests were honoured and how.
func (r *Release) writeWithdrawals(b *strings.Builder, w Withdrawals) {
	b.WriteString("## Withdrawals\n\n")
	if w.Requests == 0 {
		b.WriteString("No withdrawal requests (`withdrawn.csv` in the data folder lists none).\n\n")
		return
	}
	down, rows, notShown, inPublished := 0, 0, 0, 0
	for _, c := range r.Changes() {
		down, rows, notShown, inPublished = down+c.Down, rows+c.DownRows, notShown+c.NotShown, inPublished+c.Withdrawn
	}
	fmt.Fprintf(b, "Requests: %d; honoured: %d. Those responses are removed from every private output and from this and every later release (ledger reason `withdrawn`, so rows read = kept + excluded still holds). ",
		w.Requests, w.Requests-w.NotFound)
	if w.NotFound > 0 {
		fmt.Fprintf(b, "%d of the requests named no response in the data (already removed, or mistyped). ", w.NotFound)
	}
	fmt.Fprintf(b, "Responses of new waves are simply not released. Where a withdrawn response sat in a published wave (%d extract rows over all extracts), "+
		"the class holding it was taken down whole (%d classes, %d published rows) rather than its row alone, which a comparison of the two releases would single out; "+
		"%d of those extract rows had been suppressed at publication, so nothing of them was shown.\n\n", inPublished, down, rows, notShown)
}

package anonymize

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Linkage is the outcome of one attacker model on one file: for each
// target respondent, the candidates are the rows compatible with what the
// attacker knows (the same value, or "*").
type Linkage struct {
	Model    string  // short name
	Known    string  // what the attacker knows, in plain words
	Targets  int     // respondents attacked
	Unique   int     // targets with exactly one candidate row (singled out)
	MaxProb  float64 // largest 1 / candidates over targets whose row is a candidate
	Missing  int     // targets whose own row is not among the candidates
	MinCands int     // fewest candidates of any target (0 when none)
}

// Link counts, for each target (a row of values over the header), the rows
// of rows compatible on the columns cols, and summarizes. Column 0 is the
// year; a "*" in a row matches any known value.
func Link(rows [][]string, cols []int, targets [][]string) Linkage {
	ix := newLinkIndex(rows, cols)
	var l Linkage
	for _, t := range targets {
		n := ix.candidates(t)
		l.Targets++
		if n == 0 {
			l.Missing++
			continue
		}
		if n == 1 {
			l.Unique++
		}
		if l.MinCands == 0 || n < l.MinCands {
			l.MinCands = n
		}
		l.MaxProb = max(l.MaxProb, 1/float64(n))
	}
	return l
}

// linkIndex counts the released rows by their values on some columns, so
// that each target's candidates cost a few map lookups, not a pass over the
// rows. Targets that agree on those columns have the same candidates, so
// each distinct target is counted once.
type linkIndex struct {
	cols   []int
	counts map[string]int
	star   []bool // per position in cols: some row holds "*" there
	memo   map[string]int
}

func newLinkIndex(rows [][]string, cols []int) linkIndex {
	ix := linkIndex{cols: cols, counts: make(map[string]int, len(rows)), star: make([]bool, len(cols)), memo: map[string]int{}}
	for _, r := range rows {
		ix.counts[keyOf(r, cols)]++
		for p, c := range cols {
			if r[c] == Suppressed {
				ix.star[p] = true
			}
		}
	}
	return ix
}

// candidates is the number of rows compatible with target t.
func (ix linkIndex) candidates(t []string) int {
	k := keyOf(t, ix.cols)
	if n, ok := ix.memo[k]; ok {
		return n
	}
	n := 0
	forEachPattern(t, ix.cols, ix.star, func(k string) { n += ix.counts[k] })
	ix.memo[k] = n
	return n
}

func keyOf(r []string, cols []int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = r[c]
	}
	return strings.Join(parts, "\x00")
}

// forEachPattern calls f with the key of t over cols and every variant with
// some of its non-year cells replaced by "*", where a row holds "*" in that
// column (star; other variants match no row).
func forEachPattern(t []string, cols []int, star []bool, f func(string)) {
	parts := make([]string, len(cols))
	var rec func(i int)
	rec = func(i int) {
		if i == len(cols) {
			f(strings.Join(parts, "\x00"))
			return
		}
		parts[i] = t[cols[i]]
		rec(i + 1)
		if cols[i] != 0 && star[i] && t[cols[i]] != Suppressed {
			parts[i] = Suppressed
			rec(i + 1)
		}
	}
	rec(0)
}

// Attacks are the attacker models run on one extract.
type Attacks struct {
	Declared  Linkage // year + the extract's declared quasi-identifiers
	Colleague Linkage // year + every column of a company attribute (codebook role)
	AnyTwo    Linkage // year + the worst pair of released columns
	CrossYear Linkage // a repeat company's earlier row, used to find its later one
	Pairs     int     // column pairs tried for AnyTwo
	Panel     int     // repeat-company pairs found (0: the data identify none)
	// DiversityFailures counts (class, sensitive column) pairs of the rows
	// that fail ℓ-diversity or the modal-share cap, recomputed.
	DiversityFailures int
}

// CompanyKey returns a function naming the company of a response across
// waves from the private data: the email domain, else the company name
// (case and spacing folded); "" when neither is known.
func CompanyKey(d *dataset.Dataset) func(i int) string {
	email, company := d.Col("email"), d.Col("company")
	return func(i int) string {
		if email != nil {
			if e := email.Format(i); strings.Contains(e, "@") {
				return "@" + strings.ToLower(strings.TrimSpace(e[strings.LastIndex(e, "@")+1:]))
			}
		}
		if company != nil {
			return normCompany(company.Format(i))
		}
		return ""
	}
}

// Attack runs the attacker models on the extract's rows against the true
// answers of its released respondents. company names a response's company
// across waves (nil to skip the cross-year model; see CompanyKey).
func (x *Extract) Attack(d *dataset.Dataset, cb *codebook.Codebook, company func(i int) string) Attacks {
	targets := make([][]string, len(x.released))
	for t, i := range x.released {
		targets[t] = x.TrueRow(d, i)
	}
	var a Attacks
	qi := []int{0}
	for j := 1; j <= x.QICols; j++ {
		qi = append(qi, j)
	}
	a.Declared = Link(x.Rows, qi, targets)
	a.Declared.Model, a.Declared.Known = "declared", "the year and every quasi-identifier the extract declares"
	coll := []int{0}
	for j, col := range x.Columns {
		if v := cb.Var(col.Variable); v != nil && v.Role == codebook.RoleQuasi {
			coll = append(coll, j+1)
		}
	}
	a.Colleague = Link(x.Rows, coll, targets)
	a.Colleague.Model, a.Colleague.Known = "colleague", "the year and every company attribute in the file (all columns whose codebook role is quasi_identifier)"
	a.AnyTwo, a.Pairs = x.anyTwo(targets)
	a.DiversityFailures = x.diversityFailures(cb)
	if company != nil {
		a.CrossYear, a.Panel = x.crossYear(d, company)
	}
	a.CrossYear.Model = "cross-year"
	a.CrossYear.Known = "a repeat company's row in an earlier wave (its released quasi-identifiers), used to find the same company in a later wave"
	return a
}

// anyTwo runs the year + two columns model for every pair of columns and
// keeps the worst (most unique, then highest probability).
func (x *Extract) anyTwo(targets [][]string) (Linkage, int) {
	var worst Linkage
	pairs := 0
	n := len(x.Header)
	for a := 1; a < n; a++ {
		for b := a; b < n; b++ {
			cols := []int{0, a}
			if b != a {
				cols = append(cols, b)
			}
			l := Link(x.Rows, cols, targets)
			pairs++
			l.Known = "the year and " + strings.Join(names(x.Header, cols[1:]), " and ")
			if pairs == 1 || l.Unique > worst.Unique || (l.Unique == worst.Unique && l.MaxProb > worst.MaxProb) {
				worst = l
			}
		}
	}
	worst.Model = "any two columns"
	return worst, pairs
}

func names(header []string, cols []int) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = header[c]
	}
	return out
}

// crossYear links repeat companies across waves: the attacker holds the
// company's released quasi-identifiers from its earlier row and looks for
// them among the later wave's rows.
func (x *Extract) crossYear(d *dataset.Dataset, company func(int) string) (Linkage, int) {
	byCo := map[string][]int{}
	for _, i := range x.released {
		if co := company(i); co != "" {
			byCo[co] = append(byCo[co], i)
		}
	}
	cos := make([]string, 0, len(byCo))
	for co := range byCo {
		cos = append(cos, co)
	}
	sort.Strings(cos)
	qi := []int{0}
	for j := 1; j <= x.QICols; j++ {
		qi = append(qi, j)
	}
	var targets, truths [][]string
	for _, co := range cos {
		is := byCo[co]
		for a := 0; a < len(is); a++ {
			for b := 0; b < len(is); b++ {
				if d.Year[is[a]] >= d.Year[is[b]] {
					continue
				}
				// The earlier row's quasi-identifiers in the later wave.
				t := x.TrueRow(d, is[a])
				t[0] = itoa(d.Year[is[b]])
				targets = append(targets, t)
				truths = append(truths, x.TrueRow(d, is[b]))
			}
		}
	}
	l := Link(x.Rows, qi, targets)
	// A candidate set that does not hold the company's later row links
	// nothing: count only targets whose later row is among the candidates.
	ix := newLinkIndex(x.Rows, qi)
	l.Unique = 0
	for t := range targets {
		if keyOf(targets[t], qi) == keyOf(truths[t], qi) && ix.candidates(targets[t]) == 1 {
			l.Unique++
		}
	}
	return l, len(targets)
}

func normCompany(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Intersection is the successive-release attack: respondents released in
// both the previous and this release, grouped by their class in each.
type Intersection struct {
	Extract  string
	Years    []int
	Common   int // respondents in both files
	MinGroup int // smallest group sharing both classes (k must hold)
	Below    int // respondents in groups smaller than k
}

// Intersect runs the intersection attack of this extract against a
// previous release's generalization (levels per quasi-identifier, years):
// an attacker holding both files and a target's quasi-identifiers narrows
// the target to the respondents in both classes.
func (x *Extract) Intersect(d *dataset.Dataset, k int, prevLevels map[string]int, prevYears []int) (Intersection, error) {
	in := Intersection{Extract: x.Spec.Name, Years: prevYears}
	prev := make([]int, len(x.qis))
	for j, q := range x.qis {
		l, ok := prevLevels[q.Variable]
		if !ok {
			l = q.Height() // absent before: not released, as if "*"
		}
		if l < 0 || l > q.Height() {
			return in, fmt.Errorf("previous release: %s: %s level %d outside 0..%d", x.Spec.Name, q.Variable, l, q.Height())
		}
		prev[j] = l
	}
	key := func(i int, levels []int) string { return x.classKey(d, i, levels) }
	inPrev := map[int]bool{}
	for _, y := range prevYears {
		inPrev[y] = true
	}
	// Classes of the previous release over the same respondents.
	prevCount := map[string]int{}
	for _, i := range rowsOf(d, x.Spec) {
		if inPrev[d.Year[i]] {
			prevCount[key(i, prev)]++
		}
	}
	var keys []string
	for _, i := range x.released {
		pk := key(i, prev)
		if !inPrev[d.Year[i]] || prevCount[pk] < k {
			continue // not in the previous file
		}
		keys = append(keys, pk+"\x01"+key(i, x.Levels))
	}
	in.Common = len(keys)
	for _, g := range groupBy(keys) {
		if in.MinGroup == 0 || len(g) < in.MinGroup {
			in.MinGroup = len(g)
		}
		if len(g) < k {
			in.Below += len(g)
		}
	}
	return in, nil
}

// diversityFailures recomputes the classes from the rows and counts the
// (class, sensitive column) pairs failing ℓ-diversity or the cap.
func (x *Extract) diversityFailures(cb *codebook.Codebook) int {
	keys := make([]string, len(x.Rows))
	qi := []int{0}
	for j := 1; j <= x.QICols; j++ {
		qi = append(qi, j)
	}
	for i, r := range x.Rows {
		keys[i] = keyOf(r, qi)
	}
	s := &suppressor{cfg: x.cfg, cols: x.Columns, rows: x.Rows, classes: groupBy(keys)}
	n := 0
	for _, cl := range s.classes {
		for j, col := range s.cols {
			if !col.QI && s.fails(cl, j) {
				n++
			}
		}
	}
	return n
}

// classKey is respondent i's class at the given levels: the year and the
// generalized quasi-identifiers.
func (x *Extract) classKey(d *dataset.Dataset, i int, levels []int) string {
	var b strings.Builder
	b.WriteString(itoa(d.Year[i]))
	for j, q := range x.qis {
		b.WriteByte(0)
		b.WriteString(q.generalize(q.level0(d, i), levels[j]))
	}
	return b.String()
}

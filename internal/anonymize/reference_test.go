package anonymize

// The simple string version of the release, as it was before the rows were
// coded (internal/anonymize at commit 60842e1, renamed): the reference the
// coded version must match exactly.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// refExtract is an extract with its rows as labels.
type refExtract struct {
	*Extract
	Rows     [][]string
	released []int
}

// refLattice is the generalization search with string class keys.
type refLattice struct {
	qis     []*QI
	base    [][]string // [qi][row] level-0 label
	year    []int      // [row]
	floor   []int
	related [][2]int
	k       int
	maxSup  float64
	nodes   int
}

func (s *refLattice) classSizes(levels []int) []int {
	counts := map[string]int{}
	for i := range s.year {
		counts[s.key(i, levels)]++
	}
	var out []int
	for _, n := range counts {
		out = append(out, n)
	}
	return out
}

func (s *refLattice) key(i int, levels []int) string {
	var b strings.Builder
	b.WriteString(itoa(s.year[i]))
	for j, q := range s.qis {
		b.WriteByte(0)
		b.WriteString(q.generalize(s.base[j][i], levels[j]))
	}
	return b.String()
}

func refBuildExtract(d *dataset.Dataset, cb *codebook.Codebook, c *Config, spec *ExtractSpec) (*refExtract, error) {
	x := &refExtract{Extract: &Extract{Spec: spec, RowsIn: map[int]int{}, RowsOut: map[int]int{}, SuppressedCells: map[string]int{}, cfg: c}}
	x.columns(cb, c)
	x.asked = map[string][]int{}
	for _, col := range x.Columns {
		x.asked[col.Variable] = cb.WavesAsking(col.Variable)
	}
	idx := rowsOf(d, spec)
	s := x.lattice(d, c, idx)
	best := s.search()
	x.NodesSearched = s.nodes
	if best == nil {
		return nil, fmt.Errorf("no generalization reaches k=%d with at most %.0f%% of rows suppressed", c.K, 100*c.MaxSuppression)
	}
	x.Levels = best.levels
	keys := make([]string, len(idx))
	for t, i := range idx {
		keys[t] = s.key(t, best.levels)
		x.RowsIn[d.Year[i]]++
	}
	sup := &refSuppressor{cfg: c, cols: x.Columns, count: x.SuppressedCells, asked: x.asked}
	for _, members := range groupBy(keys) {
		if len(members) >= c.K { // smaller classes are suppressed rows
			x.addClass(d, idx, members, sup)
		}
	}
	sup.run()
	for _, row := range sup.rows {
		x.markNotAsked(row)
	}
	sort.Slice(sup.rows, func(a, b int) bool { return slices.Compare(sup.rows[a], sup.rows[b]) < 0 })
	x.Rows = sup.rows
	return x, nil
}

// addClass appends one equivalence class's rows to the refSuppressor, in
// canonical order (by value), so that suppression does not depend on the
// input order.
func (x *refExtract) addClass(d *dataset.Dataset, idx, members []int, sup *refSuppressor) {
	type member struct {
		row []string
		i   int
	}
	ms := make([]member, len(members))
	for m, t := range members {
		ms[m] = member{x.trueRow(d, idx[t]), idx[t]}
	}
	sort.SliceStable(ms, func(a, b int) bool { return slices.Compare(ms[a].row, ms[b].row) < 0 })
	cl := make([]int, len(ms))
	for m, mb := range ms {
		cl[m] = len(sup.rows)
		sup.rows = append(sup.rows, mb.row)
		sup.year = append(sup.year, d.Year[mb.i])
		x.released = append(x.released, mb.i)
		x.RowsOut[d.Year[mb.i]]++
	}
	sup.classes = append(sup.classes, cl)
	x.Classes++
	if x.MinClass == 0 || len(cl) < x.MinClass {
		x.MinClass = len(cl)
	}
}

// lattice prepares the generalization search over the extract's rows.
func (x *refExtract) lattice(d *dataset.Dataset, c *Config, idx []int) *refLattice {
	s := &refLattice{qis: x.qis, k: c.K, maxSup: c.MaxSuppression}
	s.year = make([]int, len(idx))
	for t, i := range idx {
		s.year[t] = d.Year[i]
	}
	for j, q := range x.qis {
		col := make([]string, len(idx))
		for t, i := range idx {
			col[t] = q.level0(d, i)
		}
		s.base = append(s.base, col)
		s.floor = append(s.floor, c.Pinned[x.Spec.Name][q.Variable])
		for j2 := j + 1; j2 < len(x.qis); j2++ {
			if slices.Contains(c.RelatedTo(q.Variable), x.qis[j2].Variable) {
				s.related = append(s.related, [2]int{j, j2})
			}
		}
	}
	return s
}

// markNotAsked writes NotAsked into the empty cells of variables the row's
// wave did not ask.
func (x *refExtract) markNotAsked(row []string) {
	y, _ := strconv.Atoi(row[0])
	for j, col := range x.Columns {
		if row[j+1] == "" && !slices.Contains(x.asked[col.Variable], y) {
			row[j+1] = NotAsked
		}
	}
}

// Attack runs the attacker models on the extract's rows against the true
// answers of its released respondents. company names a response's company
// across waves (nil to skip the cross-year model; see CompanyKey).
func (x *refExtract) Attack(d *dataset.Dataset, cb *codebook.Codebook, company func(i int) string) Attacks {
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
	a.Partial, a.PartialTwo = x.partial(qi, targets)
	a.DiversityFailures = x.diversityFailures(cb)
	if company != nil {
		a.CrossYear, a.Panel = x.crossYear(d, company)
	}
	a.CrossYear.Model = "cross-year"
	a.CrossYear.Known = "a repeat company's row in an earlier wave (its released quasi-identifiers), used to find the same company in a later wave"
	return a
}

// partial runs year + quasi-identifiers + one or two sensitive columns on
// labels and keeps the worst of each (most unique, highest probability,
// fewest candidates; the first among equals).
func (x *refExtract) partial(qi []int, targets [][]string) (one, two Linkage) {
	var ones, twos []Linkage
	for a := len(qi); a < len(x.Header); a++ {
		l := Link(x.Rows, append(slices.Clone(qi), a), targets)
		l.Known = "the year, every quasi-identifier and " + x.Header[a]
		ones = append(ones, l)
		for b := a + 1; b < len(x.Header); b++ {
			l := Link(x.Rows, append(slices.Clone(qi), a, b), targets)
			l.Known = "the year, every quasi-identifier, " + x.Header[a] + " and " + x.Header[b]
			twos = append(twos, l)
		}
	}
	worst := func(ls []Linkage) Linkage {
		if len(ls) == 0 {
			return Linkage{}
		}
		w := ls[0]
		for _, l := range ls[1:] {
			if l.Unique > w.Unique || (l.Unique == w.Unique && l.MaxProb > w.MaxProb) ||
				(l.Unique == w.Unique && l.MaxProb == w.MaxProb && l.MinCands < w.MinCands) {
				w = l
			}
		}
		return w
	}
	one, two = worst(ones), worst(twos)
	one.Model, two.Model = "partial knowledge (one answer)", "partial knowledge (two answers)"
	return one, two
}

// anyTwo runs the year + two columns model for every pair of columns and
// keeps the worst (most unique, then highest probability).
func (x *refExtract) anyTwo(targets [][]string) (Linkage, int) {
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

// crossYear links repeat companies across waves: the attacker holds the
// company's released quasi-identifiers from its earlier row and looks for
// them among the later wave's rows.
func (x *refExtract) crossYear(d *dataset.Dataset, company func(int) string) (Linkage, int) {
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

// diversityFailures recomputes the classes from the rows and counts the
// (class, sensitive column) pairs failing ℓ-diversity or the cap.
func (x *refExtract) diversityFailures(cb *codebook.Codebook) int {
	keys := make([]string, len(x.Rows))
	qi := []int{0}
	for j := 1; j <= x.QICols; j++ {
		qi = append(qi, j)
	}
	for i, r := range x.Rows {
		keys[i] = keyOf(r, qi)
	}
	s := &refSuppressor{cfg: x.cfg, cols: x.Columns, rows: x.Rows, classes: groupBy(keys)}
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

// valid reports whether a node respects the pinned floor and suppresses
// related quasi-identifiers together.
func (s *refLattice) valid(levels []int) bool {
	for j, l := range levels {
		if l < s.floor[j] {
			return false
		}
	}
	for _, p := range s.related {
		a, b := levels[p[0]] == s.qis[p[0]].Height(), levels[p[1]] == s.qis[p[1]].Height()
		if a != b {
			return false
		}
	}
	return true
}

// evaluate computes a node's figures.
func (s *refLattice) evaluate(levels []int) *node {
	n := len(s.year)
	nd := &node{levels: slices.Clone(levels)}
	for _, c := range s.classSizes(levels) {
		if c < s.k {
			nd.suppressed += c
		} else {
			nd.discern += float64(c * c)
		}
	}
	nd.discern += float64(nd.suppressed * n)
	for j, q := range s.qis {
		h := float64(levels[j]) / float64(q.Height())
		nd.precision += h * h
		nd.worst = math.Max(nd.worst, h)
	}
	nd.precision /= float64(max(1, len(s.qis)))
	return nd
}

// search visits every node (odometer order) and returns the best within
// the suppression cap, or nil.
func (s *refLattice) search() *node {
	var best *node
	levels := slices.Clone(s.floor)
	for {
		if s.valid(levels) {
			s.nodes++
			nd := s.evaluate(levels)
			if float64(nd.suppressed) <= s.maxSup*float64(len(s.year)) && (best == nil || nd.better(best)) {
				best = nd
			}
		}
		j := 0
		for ; j < len(levels); j++ {
			levels[j]++
			if levels[j] <= s.qis[j].Height() {
				break
			}
			levels[j] = s.floor[j]
		}
		if j == len(levels) {
			return best
		}
	}
}

type refSuppressor struct {
	cfg     *Config
	cols    []Column   // after year
	rows    [][]string // row[0] is the year
	year    []int
	classes [][]int
	count   map[string]int   // suppressed cells per variable
	asked   map[string][]int // variable → waves asking it
	truth   [][]string       // rows before any suppression
}

func (s *refSuppressor) run() {
	for _, r := range s.rows {
		s.truth = append(s.truth, slices.Clone(r))
	}
	for {
		changed := s.diversity()
		changed = s.partial() || changed
		changed = s.pairs() || changed
		changed = s.stick() || changed
		if !changed {
			return
		}
	}
}

// suppress sets row r's column j (0-based after year) to "*".
func (s *refSuppressor) suppress(r, j int) bool {
	if s.cols[j].QI || s.rows[r][j+1] == Suppressed {
		return false
	}
	s.rows[r][j+1] = Suppressed
	s.count[s.cols[j].Variable]++
	return true
}

// diversity enforces ℓ-diversity and the modal-share cap per class and
// sensitive column; a failing class loses the column's answered cells.
func (s *refSuppressor) diversity() bool {
	changed := false
	for _, cl := range s.classes {
		for j, col := range s.cols {
			if col.QI || !s.fails(cl, j) {
				continue
			}
			for _, r := range cl {
				if s.rows[r][j+1] != "" {
					changed = s.suppress(r, j) || changed
				}
			}
		}
	}
	return changed
}

// partial: while some row of a class has fewer than k rows showing its
// true value or "*" in a sensitive column, the last cell showing the most
// shown value (the smallest label among equals) becomes "*".
func (s *refSuppressor) partial() bool {
	if s.cfg.noPartial {
		return false
	}
	changed := false
	for _, cl := range s.classes {
		for j, col := range s.cols {
			for !col.QI {
				counts := map[string]int{}
				for _, r := range cl {
					counts[s.rows[r][j+1]]++
				}
				fails := false
				for _, r := range cl {
					fails = fails || counts[s.truth[r][j+1]]+counts[Suppressed] < s.cfg.K
				}
				common := ""
				found := false
				for v, n := range counts {
					if v != Suppressed && (!found || n > counts[common] || (n == counts[common] && v < common)) {
						common, found = v, true
					}
				}
				if !fails || !found {
					break
				}
				for i := len(cl) - 1; i >= 0; i-- {
					if s.rows[cl[i]][j+1] == common {
						s.suppress(cl[i], j)
						changed = true
						break
					}
				}
			}
		}
	}
	return changed
}

// fails reports whether class cl violates ℓ or the cap in column j.
func (s *refSuppressor) fails(cl []int, j int) bool {
	counts := map[string]int{}
	n := 0
	for _, r := range cl {
		if v := s.rows[r][j+1]; v != "" && v != Suppressed && v != NotAsked {
			counts[v]++
			n++
		}
	}
	if n == 0 {
		return false
	}
	cap := s.cfg.MaxModalShare * float64(n)
	if s.cols[j].Option != "" {
		yes := counts[Chosen]
		return yes == 0 || yes == n || float64(yes) > cap
	}
	need := s.cfg.L
	if p := s.possible(j); p < need {
		need = p
	}
	modal := 0
	for _, c := range counts {
		modal = max(modal, c)
	}
	return len(counts) < need || float64(modal) > cap
}

// possible is the number of values column j can show.
func (s *refSuppressor) possible(j int) int {
	if n := s.cols[j].values; n > 0 {
		return n
	}
	return s.cfg.L
}

// pairs enforces the year + one or two columns rule within each year.
func (s *refSuppressor) pairs() bool {
	changed := false
	byYear := map[int][]int{}
	for r, y := range s.year {
		byYear[y] = append(byYear[y], r)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		rows := byYear[y]
		for a := range s.cols {
			if !s.cols[a].QI {
				changed = s.fixPair(rows, a, -1) || changed
			}
		}
		for a := range s.cols {
			for b := a + 1; b < len(s.cols); b++ {
				if !s.cols[a].QI || !s.cols[b].QI {
					changed = s.fixPair(rows, a, b) || changed
				}
			}
		}
	}
	return changed
}

// cell returns row r's value in column j, or "" for j < 0 (a constant).
func (s *refSuppressor) cell(r, j int) string {
	if j < 0 {
		return ""
	}
	return s.rows[r][j+1]
}

// fixPair suppresses until every (a, b) combination shown in rows occurs
// at least k times; b < 0 checks column a alone.
func (s *refSuppressor) fixPair(rows []int, a, b int) bool {
	changed := false
	for {
		combos := map[[2]string][]int{}
		for _, r := range rows {
			key := [2]string{s.cell(r, a), s.cell(r, b)}
			combos[key] = append(combos[key], r)
		}
		keys := make([][2]string, 0, len(combos))
		for k, members := range combos {
			if len(members) < s.cfg.K {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			return changed
		}
		sort.Slice(keys, func(i, j int) bool { return slices.Compare(keys[i][:], keys[j][:]) < 0 })
		progress := false
		for _, k := range keys {
			progress = s.fixCombo(rows, combos, a, b, k) || progress
		}
		if !progress {
			return changed // nothing left to suppress (cannot happen with k-anonymous classes)
		}
		changed = true
	}
}

// fixCombo repairs one rare combination: suppress a shown sensitive value
// in it (the rarer one), or, when both are already "*" or
// quasi-identifiers, pool more rows into it by suppressing their cell.
func (s *refSuppressor) fixCombo(rows []int, combos map[[2]string][]int, a, b int, k [2]string) bool {
	members := combos[k]
	canA := !s.cols[a].QI && k[0] != Suppressed
	canB := b >= 0 && !s.cols[b].QI && k[1] != Suppressed
	if canA && canB && s.marginal(rows, b, k[1]) < s.marginal(rows, a, k[0]) {
		canA = false
	}
	target := -1
	switch {
	case canA:
		target = a
	case canB:
		target = b
	}
	if target >= 0 {
		changed := false
		for _, r := range members {
			changed = s.suppress(r, target) || changed
		}
		return changed
	}
	// Pool: column p is sensitive and shows "*" here; the other, o, keeps
	// its value. Suppress p in rows sharing o's value, rarest combos first.
	p, o, keep := a, b, k[1]
	if s.cols[a].QI || k[0] != Suppressed {
		p, o, keep = b, a, k[0]
	}
	var cand []int
	for _, r := range rows {
		if s.cell(r, o) == keep && s.cell(r, p) != Suppressed {
			cand = append(cand, r)
		}
	}
	size := func(r int) int { return len(combos[[2]string{s.cell(r, a), s.cell(r, b)}]) }
	sort.SliceStable(cand, func(i, j int) bool { return size(cand[i]) < size(cand[j]) })
	need := s.cfg.K - len(members)
	changed := false
	for _, r := range cand {
		if need <= 0 {
			break
		}
		if s.suppress(r, p) {
			need--
			changed = true
		}
	}
	return changed
}

// marginal counts rows whose column j shows v.
func (s *refSuppressor) marginal(rows []int, j int, v string) int {
	n := 0
	for _, r := range rows {
		if s.cell(r, j) == v {
			n++
		}
	}
	return n
}

// stick suppresses, in each row, the related cells of a suppressed cell.
func (s *refSuppressor) stick() bool {
	changed := false
	for r := range s.rows {
		for j, col := range s.cols {
			if col.QI || s.rows[r][j+1] != Suppressed {
				continue
			}
			for j2, other := range s.cols {
				if j2 == j || other.QI {
					continue
				}
				same := other.Variable == col.Variable // another option of the same multi-select
				asked := slices.Contains(s.asked[other.Variable], s.year[r])
				if asked && (same || slices.Contains(s.cfg.RelatedTo(col.Variable), other.Variable)) {
					changed = s.suppress(r, j2) || changed
				}
			}
		}
	}
	return changed
}

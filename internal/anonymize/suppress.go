package anonymize

import (
	"slices"
	"sort"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// suppressor sets sensitive cells of an extract to "*" until, all at once:
//   - every class has, per sensitive column, at least ℓ distinct shown
//     values (capped by the column's possible values) and no value above
//     the modal-share cap; a multi-select option must be neither unanimous
//     nor chosen by more than the cap;
//   - the year and any one or two columns (at least one sensitive) shown
//     together occur at least k times ("*" counts as a value of its own, so
//     an attacker who matches "*" as unknown finds at least as many);
//   - a suppressed cell takes with it the cells of related variables in
//     the row (codebook derivations, configured groups, the other options
//     of the same multi-select) where their wave asked them, so it cannot
//     be read back from them, not even as "unanswered".
//
// Each step only adds suppression, so the loop ends. The rows are codes
// (table): column j of cols is table column j+1, after the year.
type suppressor struct {
	cfg     *Config
	cols    []Column // after year
	t       *table   // sorted by year first: each year's rows are a range
	truth   [][]uint16
	classes [][2]int // row ranges
	years   [][2]int // row ranges, one per year code present
	yearOf  []int    // year code → index into years
	count   []int    // per table column: cells suppressed
	star    []uint16 // per table column: the code of Suppressed
	related [][]int  // per column: the columns suppressed with it
	asked   [][]bool // per table column and year code: the wave asked it
	marg    [][][]int32
	version [][]int           // per year and table column: suppressions so far
	checked map[[3]int][2]int // (year, a, b+1) → versions when fixPair last left it
	scratch []int32
}

func newSuppressor(x *Extract, t *table, classes [][2]int) *suppressor {
	s := &suppressor{cfg: x.cfg, cols: x.Columns, t: t, classes: classes, checked: map[[3]int][2]int{}}
	s.truth = make([][]uint16, len(t.cells))
	s.count = make([]int, len(t.cells))
	s.star = make([]uint16, len(t.cells))
	width := 0
	for j := range t.cells {
		s.star[j], _ = t.code(j, Suppressed)
		width = max(width, len(t.labels[j]))
		if j > x.QICols {
			s.truth[j] = slices.Clone(t.cells[j])
		}
	}
	s.scratch = make([]int32, width)
	s.asked = x.askedTable(t)
	s.related = make([][]int, len(x.Columns))
	for j, col := range x.Columns {
		for j2, other := range x.Columns {
			if j2 != j && !col.QI && !other.QI && (other.Variable == col.Variable || slices.Contains(x.cfg.RelatedTo(col.Variable), other.Variable)) {
				s.related[j] = append(s.related[j], j2)
			}
		}
	}
	s.yearRanges()
	return s
}

// yearRanges finds each year's rows and counts their codes per column.
func (s *suppressor) yearRanges() {
	s.yearOf = make([]int, len(s.t.labels[0]))
	year := s.t.cells[0]
	for lo := 0; lo < len(year); {
		hi := lo + 1
		for hi < len(year) && year[hi] == year[lo] {
			hi++
		}
		s.yearOf[year[lo]] = len(s.years)
		s.years = append(s.years, [2]int{lo, hi})
		marg := make([][]int32, len(s.t.cells))
		for j, col := range s.t.cells {
			marg[j] = make([]int32, len(s.t.labels[j]))
			for _, c := range col[lo:hi] {
				marg[j][c]++
			}
		}
		s.marg = append(s.marg, marg)
		s.version = append(s.version, make([]int, len(s.t.cells)))
		lo = hi
	}
}

func (s *suppressor) run() {
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
func (s *suppressor) suppress(r, j int) bool {
	tc := j + 1
	old := s.t.cells[tc][r]
	if s.cols[j].QI || old == s.star[tc] {
		return false
	}
	s.t.cells[tc][r] = s.star[tc]
	s.count[tc]++
	y := s.yearOf[s.t.cells[0][r]]
	s.marg[y][tc][old]--
	s.marg[y][tc][s.star[tc]]++
	s.version[y][tc]++
	return true
}

// diversity enforces ℓ-diversity and the modal-share cap per class and
// sensitive column; a failing class loses the column's answered cells.
func (s *suppressor) diversity() bool {
	changed := false
	for _, cl := range s.classes {
		for j, col := range s.cols {
			if col.QI || !s.fails(cl, j) {
				continue
			}
			for r := cl[0]; r < cl[1]; r++ {
				if s.t.cells[j+1][r] != 0 { // code 0 is ""
					changed = s.suppress(r, j) || changed
				}
			}
		}
	}
	return changed
}

// partial enforces the partial-knowledge rule: an attacker who knows a
// target's year, every quasi-identifier (its class) and its true value in
// one sensitive column finds at least k candidate rows, those showing that
// value or "*". While some row's true value leaves fewer, one more cell of
// the most shown value becomes "*": the fewest cells, taken where they
// tell least, so a rare value stays visible among enough "*".
func (s *suppressor) partial() bool {
	if s.cfg.noPartial {
		return false
	}
	changed := false
	for _, cl := range s.classes {
		for j, col := range s.cols {
			if col.QI {
				continue
			}
			for s.partialFails(cl, j) && s.suppressCommonest(cl, j) {
				changed = true
			}
		}
	}
	return changed
}

// shownCounts counts the codes of column j in class cl.
func (s *suppressor) shownCounts(cl [2]int, j int) []int32 {
	counts := s.scratch[:len(s.t.labels[j+1])]
	clear(counts)
	for _, c := range s.t.cells[j+1][cl[0]:cl[1]] {
		counts[c]++
	}
	return counts
}

// partialFails reports whether some row of class cl has fewer than k rows
// showing its true value in column j or "*".
func (s *suppressor) partialFails(cl [2]int, j int) bool {
	tc := j + 1
	counts := s.shownCounts(cl, j)
	stars := counts[s.star[tc]]
	for r := cl[0]; r < cl[1]; r++ {
		if t := s.truth[tc][r]; t != s.star[tc] && counts[t]+stars < int32(s.cfg.K) {
			return true
		}
	}
	return false
}

// suppressCommonest sets to "*" the last cell of class cl showing the most
// shown value of column j (the lowest code among equals); false when every
// cell is "*" already.
func (s *suppressor) suppressCommonest(cl [2]int, j int) bool {
	tc := j + 1
	counts := s.shownCounts(cl, j)
	common := -1
	for c, n := range counts {
		if n > 0 && uint16(c) != s.star[tc] && (common < 0 || n > counts[common]) {
			common = c
		}
	}
	for r := cl[1] - 1; common >= 0 && r >= cl[0]; r-- {
		if s.t.cells[tc][r] == uint16(common) && s.suppress(r, j) {
			return true
		}
	}
	return false
}

// fails reports whether the class of rows cl violates ℓ or the cap in
// column j.
func (s *suppressor) fails(cl [2]int, j int) bool {
	tc := j + 1
	counts := s.scratch[:len(s.t.labels[tc])]
	clear(counts)
	na, _ := s.t.code(tc, NotAsked)
	n, distinct := 0, 0
	for _, c := range s.t.cells[tc][cl[0]:cl[1]] {
		if c != 0 && c != s.star[tc] && c != na {
			if counts[c] == 0 {
				distinct++
			}
			counts[c]++
			n++
		}
	}
	if n == 0 {
		return false
	}
	cap := s.cfg.MaxModalShare * float64(n)
	if s.cols[j].Option != "" {
		yes := 0
		if c, ok := s.t.code(tc, Chosen); ok {
			yes = int(counts[c])
		}
		return yes == 0 || yes == n || float64(yes) > cap
	}
	need := s.cfg.L
	if p := s.possible(j); p < need {
		need = p
	}
	return distinct < need || float64(slices.Max(counts)) > cap
}

// possible is the number of values column j can show.
func (s *suppressor) possible(j int) int {
	if n := s.cols[j].values; n > 0 {
		return n
	}
	return s.cfg.L
}

// pairs enforces the year + one or two columns rule within each year.
func (s *suppressor) pairs() bool {
	changed := false
	for y := range s.years {
		for a := range s.cols {
			if !s.cols[a].QI {
				changed = s.fixPair(y, a, -1) || changed
			}
		}
		for a := range s.cols {
			for b := a + 1; b < len(s.cols); b++ {
				if !s.cols[a].QI || !s.cols[b].QI {
					changed = s.fixPair(y, a, b) || changed
				}
			}
		}
	}
	return changed
}

// cell returns row r's code in column j, or 0 ("") for j < 0 (a constant).
func (s *suppressor) cell(r, j int) uint16 {
	if j < 0 {
		return 0
	}
	return s.t.cells[j+1][r]
}

// width is the number of codes column j can hold (1 for j < 0).
func (s *suppressor) width(j int) int {
	if j < 0 {
		return 1
	}
	return len(s.t.labels[j+1])
}

// versions are the suppression counts of columns a and b in year y.
func (s *suppressor) versions(y, a, b int) [2]int {
	v := [2]int{s.version[y][a+1], 0}
	if b >= 0 {
		v[1] = s.version[y][b+1]
	}
	return v
}

// combo is the state of one fixPair pass: the count of each (a, b) code
// pair in the year's rows, as at the start of the pass.
type combo struct {
	a, b    int
	db      int
	count   []int32
	members map[int][]int // rare pairs → their rows
}

func (c *combo) index(ca, cb uint16) int { return int(ca)*c.db + int(cb) }

// fixPair suppresses until every (a, b) combination shown in year y's rows
// occurs at least k times; b < 0 checks column a alone. A pair whose two
// columns are unchanged since fixPair last left it is left as it is.
func (s *suppressor) fixPair(y, a, b int) bool {
	key := [3]int{y, a, b + 1}
	if v, ok := s.checked[key]; ok && v == s.versions(y, a, b) {
		return false
	}
	changed := false
	for {
		c, rare := s.combos(y, a, b)
		if len(rare) == 0 {
			break
		}
		progress := false
		for _, k := range rare {
			progress = s.fixCombo(y, c, k) || progress
		}
		if !progress {
			break // nothing left to suppress (cannot happen with k-anonymous classes)
		}
		changed = true
	}
	s.checked[key] = s.versions(y, a, b)
	return changed
}

// combos counts the (a, b) code pairs of year y's rows and lists the rare
// ones (fewer than k rows) in code order, which is label order.
func (s *suppressor) combos(y, a, b int) (*combo, []int) {
	lo, hi := s.years[y][0], s.years[y][1]
	c := &combo{a: a, b: b, db: s.width(b), count: make([]int32, s.width(a)*s.width(b))}
	for r := lo; r < hi; r++ {
		c.count[c.index(s.cell(r, a), s.cell(r, b))]++
	}
	var rare []int
	for k, n := range c.count {
		if n > 0 && int(n) < s.cfg.K {
			rare = append(rare, k)
		}
	}
	if len(rare) == 0 {
		return c, nil
	}
	c.members = map[int][]int{}
	for r := lo; r < hi; r++ {
		if k := c.index(s.cell(r, a), s.cell(r, b)); int(c.count[k]) < s.cfg.K {
			c.members[k] = append(c.members[k], r)
		}
	}
	return c, rare
}

// fixCombo repairs one rare combination: suppress a shown sensitive value
// in it (the rarer one), or, when both are already "*" or
// quasi-identifiers, pool more rows into it by suppressing their cell.
func (s *suppressor) fixCombo(y int, c *combo, k int) bool {
	a, b := c.a, c.b
	ka, kb := uint16(k/c.db), uint16(k%c.db)
	members := c.members[k]
	canA := !s.cols[a].QI && ka != s.star[a+1]
	canB := b >= 0 && !s.cols[b].QI && kb != s.star[b+1]
	if canA && canB && s.marg[y][b+1][kb] < s.marg[y][a+1][ka] {
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
	p, o, keep := a, b, kb
	if s.cols[a].QI || ka != s.star[a+1] {
		p, o, keep = b, a, ka
	}
	var cand []int
	for r := s.years[y][0]; r < s.years[y][1]; r++ {
		if s.cell(r, o) == keep && s.cell(r, p) != s.star[p+1] {
			cand = append(cand, r)
		}
	}
	size := func(r int) int32 { return c.count[c.index(s.cell(r, a), s.cell(r, b))] }
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

// stick suppresses, in each row, the related cells of a suppressed cell
// where the row's wave asked them.
func (s *suppressor) stick() bool {
	changed := false
	year := s.t.cells[0]
	for r := range year {
		for j, col := range s.cols {
			if col.QI || s.t.cells[j+1][r] != s.star[j+1] {
				continue
			}
			for _, j2 := range s.related[j] {
				if s.asked[j2+1][year[r]] {
					changed = s.suppress(r, j2) || changed
				}
			}
		}
	}
	return changed
}

// classes sorts the rows by their values (classes in key order, each
// class's rows by value, equal rows in dataset order, so that suppression
// does not depend on the input order), drops the classes smaller than k
// (suppressed rows), and hands the rest to a suppressor.
func (x *Extract) classes(d *dataset.Dataset, idx []int, all *table) *suppressor {
	perm := stableOrder(all)
	var keep []int32
	var classes [][2]int
	for lo := 0; lo < len(perm); {
		hi := lo + 1
		for hi < len(perm) && samePrefix(all, perm[lo], perm[hi], 1+x.QICols) {
			hi++
		}
		if hi-lo >= x.cfg.K {
			classes = append(classes, [2]int{len(keep), len(keep) + hi - lo})
			keep = append(keep, perm[lo:hi]...)
			x.Classes++
			if x.MinClass == 0 || hi-lo < x.MinClass {
				x.MinClass = hi - lo
			}
		}
		lo = hi
	}
	all.permute(keep)
	x.released = make([]int, len(keep))
	for r, p := range keep {
		x.released[r] = idx[p]
		x.RowsOut[d.Year[idx[p]]]++
	}
	return newSuppressor(x, all, classes)
}

// samePrefix reports whether rows a and b agree on the first n columns.
func samePrefix(t *table, a, b int32, n int) bool {
	for j := 0; j < n; j++ {
		if t.cells[j][a] != t.cells[j][b] {
			return false
		}
	}
	return true
}

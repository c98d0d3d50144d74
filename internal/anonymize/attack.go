package anonymize

import (
	"math"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
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
		l.add(ix.candidates(t), 1)
	}
	return l
}

// add counts m targets with n candidates each.
func (l *Linkage) add(n, m int) {
	l.Targets += m
	if n == 0 {
		l.Missing += m
		return
	}
	if n == 1 {
		l.Unique += m
	}
	if l.MinCands == 0 || n < l.MinCands {
		l.MinCands = n
	}
	l.MaxProb = max(l.MaxProb, 1/float64(n))
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
	// Partial is year + every quasi-identifier + the worst one sensitive
	// column (a board member knows the target's win rate); PartialTwo the
	// same with two sensitive columns, reported, not enforced.
	Partial, PartialTwo Linkage
	Pairs               int // column pairs tried for AnyTwo
	Panel               int // repeat-company pairs found (0: the data identify none)
	// DiversityFailures counts (class, sensitive column) pairs of the rows
	// that fail ℓ-diversity or the modal-share cap, recomputed.
	DiversityFailures int
}

// CompanyKey returns a function naming the company of a response across
// waves from the private data (clean.CompanyKey's rule; "" unknown).
func CompanyKey(d *dataset.Dataset) func(i int) string {
	return clean.CompanyKey(d, codebook.DefaultDedupePlaceholders)
}

// Attack runs the attacker models on the extract's rows against the true
// answers of its released respondents. company names a response's company
// across waves (nil to skip the cross-year model; see CompanyKey).
func (x *Extract) Attack(d *dataset.Dataset, cb *codebook.Codebook, company func(i int) string) Attacks {
	var a Attacks
	a.Declared = x.link(x.rows, x.qiCols(), x.truth)
	a.Declared.Model, a.Declared.Known = "declared", "the year and every quasi-identifier the extract declares"
	coll := []int{0}
	for j, col := range x.Columns {
		if v := cb.Var(col.Variable); v != nil && v.Role == codebook.RoleQuasi {
			coll = append(coll, j+1)
		}
	}
	a.Colleague = a.Declared // the same columns: the same figures
	if !slices.Equal(coll, x.qiCols()) {
		a.Colleague = x.link(x.rows, coll, x.truth)
	}
	a.Colleague.Model, a.Colleague.Known = "colleague", "the year and every company attribute in the file (all columns whose codebook role is quasi_identifier)"
	a.AnyTwo, a.Pairs = x.anyTwo()
	a.Partial, a.PartialTwo = x.partialKnowledge()
	a.DiversityFailures = x.diversityFailures()
	if company != nil {
		a.CrossYear, a.Panel = x.crossYear(d, company)
	}
	a.CrossYear.Model = "cross-year"
	a.CrossYear.Known = "a repeat company's row in an earlier wave (its released quasi-identifiers), used to find the same company in a later wave"
	return a
}

// qiCols are the year and the quasi-identifier columns.
func (x *Extract) qiCols() []int {
	qi := []int{0}
	for j := 1; j <= x.QICols; j++ {
		qi = append(qi, j)
	}
	return qi
}

// link is Link on coded rows and targets (of the same labels), falling back
// to Link on labels when a key over cols would not fit 64 bits.
func (x *Extract) link(rows *table, cols []int, targets *table) Linkage {
	ix, ok := newCodedIndex(rows, cols)
	if !ok {
		return Link(rows.strings(), cols, targets.strings())
	}
	var l Linkage
	for k, m := range ix.count(targets) {
		l.add(ix.candidates(k), m)
	}
	return l
}

// anyTwo runs the year + two columns model for every pair of columns and
// keeps the worst (most unique, then highest probability).
func (x *Extract) anyTwo() (Linkage, int) {
	var worst Linkage
	pairs := 0
	n := len(x.Header)
	for a := 1; a < n; a++ {
		for b := a; b < n; b++ {
			cols := []int{0, a}
			if b != a {
				cols = append(cols, b)
			}
			l := x.link(x.rows, cols, x.truth)
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

// partialKnowledge runs year + every quasi-identifier + one, then two,
// sensitive columns, and keeps the worst of each (most singled out, then
// the highest probability, then the fewest candidates).
func (x *Extract) partialKnowledge() (one, two Linkage) {
	qi := x.qiCols()
	worse := func(l, w Linkage) bool {
		if l.Unique != w.Unique {
			return l.Unique > w.Unique
		}
		if l.MaxProb != w.MaxProb {
			return l.MaxProb > w.MaxProb
		}
		return l.MinCands < w.MinCands
	}
	ones, twos := 0, 0
	for a := 1 + x.QICols; a < len(x.Header); a++ {
		l := x.link(x.rows, append(slices.Clone(qi), a), x.truth)
		l.Known = "the year, every quasi-identifier and " + x.Header[a]
		if ones == 0 || worse(l, one) {
			one = l
		}
		ones++
		for b := a + 1; b < len(x.Header); b++ {
			l := x.link(x.rows, append(slices.Clone(qi), a, b), x.truth)
			l.Known = "the year, every quasi-identifier, " + x.Header[a] + " and " + x.Header[b]
			if twos == 0 || worse(l, two) {
				two = l
			}
			twos++
		}
	}
	one.Model, two.Model = "partial knowledge (one answer)", "partial knowledge (two answers)"
	return one, two
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
// them among the later wave's rows. Every (earlier, later) pair of a
// company's rows is a target; pairs with the same earlier quasi-identifiers
// and later wave are one target key, counted once with their number.
func (x *Extract) crossYear(d *dataset.Dataset, company func(int) string) (Linkage, int) {
	group := map[string]int{}
	var byCo [][]int // released rows per company
	for r, i := range x.released {
		co := company(i)
		if co == "" {
			continue
		}
		g, ok := group[co]
		if !ok {
			g = len(byCo)
			group[co] = g
			byCo = append(byCo, nil)
		}
		byCo[g] = append(byCo[g], r)
	}
	cands := x.candidatesOn(x.qiCols())
	var l Linkage
	unique, pairs := 0, 0
	for _, rs := range byCo {
		u, p := x.companyPairs(d, rs, cands, &l)
		unique, pairs = unique+u, pairs+p
	}
	// A candidate set that does not hold the company's later row links
	// nothing: count only targets whose later row is among the candidates.
	l.Unique = unique
	return l, pairs
}

// companyPairs adds one company's targets to l and returns how many of them
// single out the company's later row, and how many there are.
func (x *Extract) companyPairs(d *dataset.Dataset, rs []int, cands func(r int, year uint16) int, l *Linkage) (unique, pairs int) {
	t, qi := x.truth, x.qiCols()[1:]
	year := func(r int) int { return d.Year[x.released[r]] }
	slices.SortFunc(rs, func(a, b int) int {
		for _, c := range qi {
			if d := int(t.cells[c][a]) - int(t.cells[c][b]); d != 0 {
				return d
			}
		}
		return year(a) - year(b)
	})
	later := map[int]int{} // rows per wave
	waves := map[int]uint16{}
	for _, r := range rs {
		later[year(r)]++
		waves[year(r)] = t.cells[0][r]
	}
	for lo := 0; lo < len(rs); {
		hi := lo + 1
		for hi < len(rs) && samePlace(t, rs[lo], t, rs[hi], qi) {
			hi++
		}
		// rs[lo:hi] share their quasi-identifiers, in wave order.
		for yb, nb := range later {
			earlier, same := 0, 0 // rows before wave yb; rows in yb
			for _, r := range rs[lo:hi] {
				switch {
				case year(r) < yb:
					earlier++
				case year(r) == yb:
					same++
				}
			}
			if earlier == 0 {
				continue
			}
			n := cands(rs[lo], waves[yb])
			l.add(n, earlier*nb)
			pairs += earlier * nb
			if n == 1 {
				unique += earlier * same
			}
		}
		lo = hi
	}
	return unique, pairs
}

// candidatesOn returns the number of released rows compatible, on cols
// (column 0 first), with the true row r in the wave of year code y.
func (x *Extract) candidatesOn(cols []int) func(r int, y uint16) int {
	if ix, ok := newCodedIndex(x.rows, cols); ok {
		return func(r int, y uint16) int {
			return ix.candidates(ix.withFirst(ix.key(x.truth, r), y))
		}
	}
	ix := newLinkIndex(x.rows.strings(), cols)
	return func(r int, y uint16) int {
		row := x.truth.row(r)
		row[0] = x.truth.labels[0][y]
		return ix.candidates(row)
	}
}

// samePlace reports whether row a of s and row b of t agree on cols.
func samePlace(s *table, a int, t *table, b int, cols []int) bool {
	for _, c := range cols {
		if s.cells[c][a] != t.cells[c][b] {
			return false
		}
	}
	return true
}

// diversityFailures recomputes the classes from the rows (runs of equal
// year and quasi-identifiers: the rows are sorted) and counts the (class,
// sensitive column) pairs failing ℓ-diversity or the cap.
func (x *Extract) diversityFailures() int {
	t := x.rows
	width := 0
	for _, l := range t.labels {
		width = max(width, len(l))
	}
	s := &suppressor{cfg: x.cfg, cols: x.Columns, t: t, scratch: make([]int32, width)}
	s.star = make([]uint16, len(t.cells))
	for j := range t.cells {
		s.star[j], _ = t.code(j, Suppressed)
	}
	n := 0
	for lo := 0; lo < t.rows(); {
		hi := lo + 1
		for hi < t.rows() && samePrefix(t, int32(lo), int32(hi), 1+x.QICols) {
			hi++
		}
		for j, col := range s.cols {
			if !col.QI && s.fails([2]int{lo, hi}, j) {
				n++
			}
		}
		lo = hi
	}
	return n
}

// classKey is respondent i's class at the given levels: the year and the
// generalized quasi-identifiers.
// kept: a step of Intersect (see its reason).
func (x *Extract) classKey(d *dataset.Dataset, i int, levels []int) string {
	var b strings.Builder
	b.WriteString(itoa(d.Year[i]))
	for j, q := range x.qis {
		b.WriteByte(0)
		b.WriteString(q.generalize(q.level0(d, i), levels[j]))
	}
	return b.String()
}

// codedIndex counts coded rows by their codes on some columns, packed into
// one key (mixed radix: the columns' numbers of labels), so that each
// distinct target's candidates cost a few lookups.
type codedIndex struct {
	cols     []int
	radix    []uint64
	starCode []uint16
	star     []bool // per position in cols: some row holds "*" there
	dense    []int32
	sparse   map[uint64]int32
}

// denseKeys is the largest key space a codedIndex counts in a slice.
const denseKeys = 1 << 16

// newCodedIndex indexes rows on cols; false when a key would not fit 64 bits.
func newCodedIndex(rows *table, cols []int) (*codedIndex, bool) {
	ix := &codedIndex{cols: cols, star: make([]bool, len(cols))}
	space := uint64(1)
	for _, c := range cols {
		r := uint64(len(rows.labels[c]))
		if space > math.MaxUint64/r {
			return nil, false
		}
		space *= r
		sc, _ := rows.code(c, Suppressed)
		ix.radix, ix.starCode = append(ix.radix, r), append(ix.starCode, sc)
	}
	if space <= denseKeys {
		ix.dense = make([]int32, space)
	} else {
		ix.sparse = map[uint64]int32{}
	}
	for r := 0; r < rows.rows(); r++ {
		if k := ix.key(rows, r); ix.dense != nil {
			ix.dense[k]++
		} else {
			ix.sparse[k]++
		}
	}
	for p, c := range cols {
		ix.star[p] = c != 0 && slices.Contains(rows.cells[c], ix.starCode[p])
	}
	return ix, true
}

// key is the key of row r of t.
func (ix *codedIndex) key(t *table, r int) uint64 {
	k := uint64(0)
	for p, c := range ix.cols {
		k = k*ix.radix[p] + uint64(t.cells[c][r])
	}
	return k
}

// withFirst is key k with the first column's code set to c.
func (ix *codedIndex) withFirst(k uint64, c uint16) uint64 {
	rest := uint64(1)
	for _, r := range ix.radix[1:] {
		rest *= r
	}
	return k%rest + uint64(c)*rest
}

// rowsAt is the number of indexed rows with key k.
func (ix *codedIndex) rowsAt(k uint64) int {
	if ix.dense != nil {
		return int(ix.dense[k])
	}
	return int(ix.sparse[k])
}

// count returns the distinct keys of the rows of targets, with how many
// rows have each.
func (ix *codedIndex) count(targets *table) map[uint64]int {
	out := map[uint64]int{}
	if ix.dense == nil {
		for r := 0; r < targets.rows(); r++ {
			out[ix.key(targets, r)]++
		}
		return out
	}
	counts := make([]int32, len(ix.dense))
	for r := 0; r < targets.rows(); r++ {
		counts[ix.key(targets, r)]++
	}
	for k, m := range counts {
		if m > 0 {
			out[uint64(k)] = int(m)
		}
	}
	return out
}

// candidates is the number of rows compatible with a target of key k: its
// codes, or "*" in a non-year column where some row holds "*".
func (ix *codedIndex) candidates(k uint64) int {
	codes := make([]uint16, len(ix.cols))
	for p := len(ix.cols) - 1; p >= 0; p-- {
		codes[p] = uint16(k % ix.radix[p])
		k /= ix.radix[p]
	}
	var rec func(p int, k uint64) int
	rec = func(p int, k uint64) int {
		if p == len(ix.cols) {
			return ix.rowsAt(k)
		}
		n := rec(p+1, k*ix.radix[p]+uint64(codes[p]))
		if ix.star[p] && codes[p] != ix.starCode[p] {
			n += rec(p+1, k*ix.radix[p]+uint64(ix.starCode[p]))
		}
		return n
	}
	return rec(0, 0)
}

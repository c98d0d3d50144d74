package anonymize

import (
	"math"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// node is one point of the generalization lattice: a level per
// quasi-identifier, with the figures that order nodes.
type node struct {
	levels     []int
	worst      float64 // largest normalized generalization height (lower is better)
	precision  float64 // mean squared normalized generalization height (lower is better)
	discern    float64 // discernibility: Σ class², suppressed rows count n each (lower is better)
	suppressed int     // rows in classes smaller than k
}

// better orders lattice nodes: the smallest largest normalized height first
// (avoid suppressing a quasi-identifier entirely when coarsening several
// will do), then the smallest mean squared height, then discernibility
// (fewer, larger classes), then the lower levels.
func (a *node) better(b *node) bool {
	const eps = 1e-12
	switch {
	case a.worst < b.worst-eps:
		return true
	case a.worst > b.worst+eps:
		return false
	case a.precision < b.precision-eps:
		return true
	case a.precision > b.precision+eps:
		return false
	case a.discern != b.discern:
		return a.discern < b.discern
	}
	return slices.Compare(a.levels, b.levels) < 0
}

// lattice searches the generalization levels of one extract exhaustively.
type lattice struct {
	qis     []*QI
	year    []int32    // [row] year code
	base    [][]int32  // [qi][row] level-0 label index
	labels  [][]string // [qi] level-0 labels by index
	floor   []int      // pinned lowest level per quasi-identifier
	related [][2]int   // pairs of quasi-identifiers that must reach "*" together
	k       int
	maxSup  float64
	nodes   int
	codes   *latticeCodes // the distinct rows as small integers, for evaluate; nil until first needed
	years   int           // number of year codes
}

// latticeCodes hold the distinct rows (year and level-0 labels) with their
// counts, so that evaluate counts classes with one uint64 key per distinct
// row instead of a string per row: per quasi-identifier the level-0 code of
// each distinct row, and per level the code of each label's
// generalization. Two rows share a class at some levels exactly when their
// year and generalized codes agree, so the counts are those of the string
// keys.
type latticeCodes struct {
	year  []uint64    // [tuple] year code
	base  [][]int32   // [qi][tuple] level-0 label code
	count []int       // [tuple] rows
	gen   [][][]int32 // [qi][level][level-0 code] generalized label code at that level
	radix [][]uint64  // [qi][level] number of generalized codes at that level
	dense []int32     // class counts, when a node's key space is small
}

// encode builds the codes; nil when a class key would not fit 64 bits.
func (s *lattice) encode() *latticeCodes {
	c := &latticeCodes{}
	room := math.MaxUint64 / uint64(max(1, s.years))
	for j, q := range s.qis {
		gen, radix := generalizedCodes(q, s.labels[j])
		top := slices.Max(radix)
		if top == 0 || top > room {
			return nil
		}
		room /= top
		c.gen, c.radix = append(c.gen, gen), append(c.radix, radix)
	}
	return c
}

// rowKey is the class key of row t at the given levels (c from encode).
// kept: a step of Intersect (see its reason).
func (s *lattice) rowKey(c *latticeCodes, t int, levels []int) uint64 {
	k := uint64(s.year[t])
	for j, lv := range levels {
		k = k*c.radix[j][lv] + uint64(c.gen[j][lv][s.base[j][t]])
	}
	return k
}

// distinct fills c with the distinct rows and their counts (every row once
// when a level-0 key would not fit 64 bits).
func (s *lattice) distinct(c *latticeCodes) {
	c.base = make([][]int32, len(s.qis))
	room := math.MaxUint64 / uint64(max(1, s.years))
	fits := true
	for j := range s.qis {
		r := uint64(max(1, len(s.labels[j])))
		fits = fits && r <= room
		room /= r
	}
	seen := map[uint64]int{}
	for i, y := range s.year {
		if fits {
			k := uint64(y)
			for j := range s.qis {
				k = k*uint64(max(1, len(s.labels[j]))) + uint64(s.base[j][i])
			}
			if t, ok := seen[k]; ok {
				c.count[t]++
				continue
			}
			seen[k] = len(c.count)
		}
		c.year = append(c.year, uint64(y))
		for j := range s.qis {
			c.base[j] = append(c.base[j], s.base[j][i])
		}
		c.count = append(c.count, 1)
	}
}

// generalizedCodes numbers the generalizations of labels at each level of
// q, and returns per level the code of each label's generalization and the
// number of codes.
func generalizedCodes(q *QI, labels []string) ([][]int32, []uint64) {
	gen := make([][]int32, q.Height()+1)
	radix := make([]uint64, len(gen))
	for lv := range gen {
		index := map[string]int32{}
		gen[lv] = make([]int32, len(labels))
		for c, l := range labels {
			g := q.generalize(l, lv)
			gc, ok := index[g]
			if !ok {
				gc = int32(len(index))
				index[g] = gc
			}
			gen[lv][c] = gc
		}
		radix[lv] = uint64(len(index))
	}
	return gen, radix
}

// classSizes counts the rows per class at the given levels.
func (s *lattice) classSizes(levels []int) []int {
	if s.codes == nil {
		if s.codes = s.encode(); s.codes != nil {
			s.distinct(s.codes)
		}
	}
	var out []int
	if c := s.codes; c != nil {
		return c.classSizes(levels, uint64(max(1, s.years)))
	}
	counts := map[string]int{}
	for i := range s.year {
		counts[s.key(i, levels)]++
	}
	for _, n := range counts {
		out = append(out, n)
	}
	return out
}

// classSizes counts the distinct rows per class at the given levels, in a
// slice when the classes' key space is small, else in a map.
func (c *latticeCodes) classSizes(levels []int, space uint64) []int {
	gen := make([][]int32, len(levels))
	radix := make([]uint64, len(levels))
	for j, lv := range levels {
		gen[j], radix[j] = c.gen[j][lv], c.radix[j][lv]
		space *= radix[j] // fits: encode checked the largest radixes
	}
	key := func(t int) uint64 {
		k := c.year[t]
		for j, r := range radix {
			k = k*r + uint64(gen[j][c.base[j][t]])
		}
		return k
	}
	var out []int
	if space <= denseKeys {
		if uint64(len(c.dense)) < space {
			c.dense = make([]int32, space)
		}
		counts := c.dense[:space]
		for t, n := range c.count {
			counts[key(t)] += int32(n)
		}
		for k, n := range counts {
			if n > 0 {
				out = append(out, int(n))
				counts[k] = 0
			}
		}
		return out
	}
	counts := make(map[uint64]int, len(c.count))
	for t, n := range c.count {
		counts[key(t)] += n
	}
	for _, n := range counts {
		out = append(out, n)
	}
	return out
}

// key is the class key of row i at the given levels: year and generalized
// quasi-identifiers.
func (s *lattice) key(i int, levels []int) string {
	var b strings.Builder
	b.WriteString(itoa(int(s.year[i])))
	for j, q := range s.qis {
		b.WriteByte(0)
		b.WriteString(q.generalize(s.labels[j][s.base[j][i]], levels[j]))
	}
	return b.String()
}

// valid reports whether a node respects the pinned floor and suppresses
// related quasi-identifiers together.
func (s *lattice) valid(levels []int) bool {
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
func (s *lattice) evaluate(levels []int) *node {
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
func (s *lattice) search() *node {
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

// lattice prepares the generalization search over the extract's rows: the
// year and level-0 label of every quasi-identifier, as codes.
func (x *Extract) lattice(d *dataset.Dataset, c *Config, idx []int, years *coder) *lattice {
	s := &lattice{qis: x.qis, k: c.K, maxSup: c.MaxSuppression}
	s.year = years.codes(idx)
	s.years = len(years.labels)
	for j, q := range x.qis {
		cd := newCoder(rawKey(d, q.Variable, q.Bands), func(i int) string { return q.level0(d, i) })
		s.base = append(s.base, cd.codes(idx))
		s.labels = append(s.labels, cd.labels)
		s.floor = append(s.floor, max(c.Pinned[x.Spec.Name][q.Variable], x.floor[q.Variable]))
		for j2 := j + 1; j2 < len(x.qis); j2++ {
			if slices.Contains(c.RelatedTo(q.Variable), x.qis[j2].Variable) {
				s.related = append(s.related, [2]int{j, j2})
			}
		}
	}
	return s
}

// generalize returns the label of a level-0 label at the given level. For a
// multi-select the label is a "; "-joined set; each option is mapped and the
// mapped set, sorted, is the label.
func (q *QI) generalize(label string, level int) string {
	if level >= q.Height() {
		return Suppressed
	}
	if label == "" || level == 0 { // missing is its own value up to "*"
		return label
	}
	if !q.multi {
		for i := 0; i < level; i++ {
			label = q.Levels[i][label]
		}
		return label
	}
	parts := strings.Split(label, "; ")
	for i := 0; i < level; i++ {
		set := map[string]bool{}
		for _, p := range parts {
			set[q.Levels[i][p]] = true
		}
		parts = sortedKeys(set)
	}
	return strings.Join(parts, "; ")
}

// level0 is a respondent's quasi-identifier label before generalization.
func (q *QI) level0(d *dataset.Dataset, i int) string {
	switch {
	case q.Bands != nil:
		return q.Bands.Label(d.Float(q.Variable, i))
	case q.multi:
		ch, ok := d.Chosen(q.Variable, i)
		if !ok {
			return ""
		}
		return strings.Join(ch, "; ")
	}
	l, _ := d.Level(q.Variable, i)
	return l
}

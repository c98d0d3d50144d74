package anonymize

import (
	"math"
	"slices"
	"strings"
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
	base    [][]string // [qi][row] level-0 label
	year    []int      // [row]
	floor   []int      // pinned lowest level per quasi-identifier
	related [][2]int   // pairs of quasi-identifiers that must reach "*" together
	k       int
	maxSup  float64
	nodes   int
}

// key is the class key of row i at the given levels: year and generalized
// quasi-identifiers.
func (s *lattice) key(i int, levels []int) string {
	var b strings.Builder
	b.WriteString(itoa(s.year[i]))
	for j, q := range s.qis {
		b.WriteByte(0)
		b.WriteString(q.generalize(s.base[j][i], levels[j]))
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
	counts := map[string]int{}
	for i := 0; i < n; i++ {
		counts[s.key(i, levels)]++
	}
	nd := &node{levels: slices.Clone(levels)}
	for _, c := range counts {
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

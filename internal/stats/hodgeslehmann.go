package stats

import (
	"math"
	"math/rand/v2"
	"slices"
)

// HodgesLehmann is the Hodges–Lehmann shift estimate of x − y: the type-7
// median of all n1·n2 pairwise differences x_i − y_j (as R
// wilcox.test(conf.int=TRUE)'s estimate for large samples). NaN for an
// empty sample. The differences are never formed: the two middle order
// statistics are selected on the implicit sorted matrix of differences
// (Monahan 1984), O(n log n) expected time and O(n) memory.
func HodgesLehmann(x, y []float64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return math.NaN()
	}
	m := newDiffMatrix(x, y)
	total := len(x) * len(y)
	h := float64(total-1) * 0.5
	lo := math.Floor(h)
	i := int(lo)
	a := m.kth(i)
	if i+1 >= total {
		return a
	}
	return a + (h-lo)*(m.kth(i+1)-a) // as quantileSorted
}

// diffMatrix is the n1×n2 matrix d(i, j) = x[i] − y[j] with x ascending and
// y descending, so that d grows along rows and columns (floating-point
// subtraction is monotone in each argument).
type diffMatrix struct {
	x, y                []float64
	lo, hi, count, less []int // candidate columns of row i: [lo[i], hi[i])
	r                   *rand.Rand
}

func newDiffMatrix(x, y []float64) *diffMatrix {
	sx := slices.Clone(x)
	slices.Sort(sx)
	sy := slices.Clone(y)
	slices.Sort(sy)
	slices.Reverse(sy)
	n := len(sx)
	return &diffMatrix{x: sx, y: sy, lo: make([]int, n), hi: make([]int, n), count: make([]int, n), less: make([]int, n),
		r: rand.New(rand.NewPCG(1, 2))}
}

func (m *diffMatrix) d(i, j int) float64 { return m.x[i] - m.y[j] }

// kth returns the k-th smallest (0-based) difference: pick a random
// candidate as pivot, count the differences below and at it row by row in
// O(n1 + n2), keep the side holding rank k, until few candidates remain.
func (m *diffMatrix) kth(k int) float64 {
	for i := range m.lo {
		m.lo[i], m.hi[i] = 0, len(m.y)
	}
	below := 0 // differences known to rank before every candidate
	for {
		c := 0
		for i := range m.lo {
			c += m.hi[i] - m.lo[i]
		}
		if c <= 4*len(m.x)+64 {
			return m.selectSmall(k-below, c)
		}
		p := m.pivot(c)
		nLess := m.countBelow(p, true)
		copy(m.less, m.count)
		nLessEq := m.countBelow(p, false)
		switch {
		case k < nLess:
			for i := range m.hi {
				m.hi[i] = min(m.hi[i], m.less[i])
			}
		case k < nLessEq:
			return p
		default:
			for i := range m.lo {
				m.lo[i] = max(m.lo[i], m.count[i])
			}
		}
		below = 0
		for i := range m.lo {
			below += m.lo[i]
		}
	}
}

// pivot is a uniformly drawn candidate difference among the c remaining.
func (m *diffMatrix) pivot(c int) float64 {
	t := m.r.IntN(c)
	for i := range m.lo {
		w := m.hi[i] - m.lo[i]
		if t < w {
			return m.d(i, m.lo[i]+t)
		}
		t -= w
	}
	panic("hodges-lehmann: pivot out of range")
}

// countBelow sets count[i] to the number of columns j of row i with
// d(i, j) < p (strict) or ≤ p (the counted columns are a prefix of the row)
// and returns their sum. Rows grow with i, so the prefix shrinks: one pass
// of a single column pointer.
func (m *diffMatrix) countBelow(p float64, strict bool) int {
	j, total := len(m.y), 0
	for i, xi := range m.x {
		if strict {
			for j > 0 && !(xi-m.y[j-1] < p) {
				j--
			}
		} else {
			for j > 0 && !(xi-m.y[j-1] <= p) {
				j--
			}
		}
		m.count[i] = j
		total += j
	}
	return total
}

// selectSmall gathers the c remaining candidates and returns the k-th
// smallest of them.
func (m *diffMatrix) selectSmall(k, c int) float64 {
	vs := make([]float64, 0, c)
	for i := range m.lo {
		for j := m.lo[i]; j < m.hi[i]; j++ {
			vs = append(vs, m.d(i, j))
		}
	}
	slices.Sort(vs)
	return vs[k]
}

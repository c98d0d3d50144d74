package kit

import (
	"slices"
	"strconv"

	"github.com/gocarina/gocsv"
)

// The cohort dimensions of the benchmarks, as released columns.
const (
	StageColumn = "company_stage"
	ARRColumn   = "arr_band_coarse"
)

// Cohort is how a benchmark cell groups the respondents of a wave.
type Cohort string

// The cohorts, coarsest first.
const (
	CohortAll      Cohort = "all"
	CohortStage    Cohort = "stage"
	CohortARR      Cohort = "arr_band"
	CohortStageARR Cohort = "stage_x_arr_band"
)

// TooFew is the status of a cell with fewer than k respondents, or hidden
// so that such a cell cannot be recovered from its margin and siblings.
const TooFew = "too few"

// Benchmark is one row of benchmarks.csv: a numeric question's quartile
// bands among one cohort of one wave in one extract. Q1, Median and Q3 are
// the bands holding the ⌈p·n⌉-th smallest answer (p = ¼, ½, ¾); a hidden
// cell has Status "too few" and no n or bands.
type Benchmark struct {
	Wave     int    `csv:"wave"`
	Extract  string `csv:"extract"`
	Question string `csv:"question"`
	Label    string `csv:"label"`
	Cohort   Cohort `csv:"cohort"`
	Stage    string `csv:"stage"`
	ARRBand  string `csv:"arr_band"`
	N        Count  `csv:"n"`
	Q1       string `csv:"q1"`
	Median   string `csv:"median"`
	Q3       string `csv:"q3"`
	Status   string `csv:"status"`
}

// Count is a cell's number of respondents, written empty for a hidden cell.
type Count int

// MarshalCSV writes the count, or nothing for 0 (a hidden cell).
func (n Count) MarshalCSV() (string, error) {
	if n == 0 {
		return "", nil
	}
	return strconv.Itoa(int(n)), nil
}

// UnmarshalCSV reads a count ("" is 0).
func (n *Count) UnmarshalCSV(s string) error {
	if s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.Atoi(s)
	*n = Count(v)
	return err
}

// Shown reports whether the cell's figures are published.
func (b Benchmark) Shown() bool { return b.Status == "shown" }

// BenchmarksCSV renders the rows with their header.
func BenchmarksCSV(rows []Benchmark) ([]byte, error) { return gocsv.MarshalBytes(&rows) }

// ParseBenchmarks reads benchmarks.csv back.
//
// kept: the reader of the kit's published CSV that the kit and kit/cards tests round-trip through.
func ParseBenchmarks(b []byte) ([]Benchmark, error) {
	var rows []Benchmark
	err := gocsv.UnmarshalBytes(b, &rows)
	return rows, err
}

// Benchmarks computes, for every numeric question (Column.Numeric) of every extract and
// every wave that asked it, the quartile bands of all respondents, by
// stage, by ARR band and by stage × ARR band (the cohorts the extract's
// columns allow), with cells below p.K hidden together with enough
// siblings that no hidden cell can be recovered.
func Benchmarks(p *Public) []Benchmark {
	var out []Benchmark
	for _, x := range p.Extracts {
		for j, c := range x.Columns {
			if !c.Numeric() {
				continue
			}
			for _, y := range x.Years() {
				if slices.Contains(c.YearsAsked, y) {
					out = append(out, x.table(j, y, p.K)...)
				}
			}
		}
	}
	return out
}

// table is question j's cells in wave y.
func (x *Extract) table(j, y, k int) []Benchmark {
	c := x.Columns[j]
	st, arr := x.Col(StageColumn), x.Col(ARRColumn)
	var stages, arrs []string
	if st >= 0 {
		stages = known(x.Columns[st].Levels)
	}
	if arr >= 0 {
		arrs = known(x.Columns[arr].Levels)
	}
	// bands[s+1][a+1] collects the band indices of stage s and ARR band a;
	// index 0 is "any" (the margin).
	bands := make([][][]int, len(stages)+1)
	for s := range bands {
		bands[s] = make([][]int, len(arrs)+1)
	}
	year := strconv.Itoa(y)
	var r []string
	for i := range x.Len() {
		r = x.Row(i, r)
		b := levelAt(r, j, c.Levels)
		if r[0] != year || b < 0 {
			continue
		}
		s, a := 1+levelAt(r, st, stages), 1+levelAt(r, arr, arrs)
		for _, si := range distinct(0, s) {
			for _, ai := range distinct(0, a) {
				bands[si][ai] = append(bands[si][ai], b)
			}
		}
	}
	g := grid{k: k, n: make([][]int, len(bands))}
	for s := range bands {
		g.n[s] = make([]int, len(bands[s]))
		for a := range bands[s] {
			g.n[s][a] = len(bands[s][a])
		}
	}
	hidden := g.suppress()
	var out []Benchmark
	for s := range bands {
		for a := range bands[s] {
			cell := Benchmark{Wave: y, Extract: x.Name, Question: c.Name, Label: c.Label, Cohort: cohortOf(s, a)}
			if s > 0 {
				cell.Stage = stages[s-1]
			}
			if a > 0 {
				cell.ARRBand = arrs[a-1]
			}
			cell.fill(bands[s][a], c.Levels, hidden[s][a])
			out = append(out, cell)
		}
	}
	return out
}

// known drops "*" and the other non-values from released levels.
func known(levels []string) []string {
	return slices.DeleteFunc(slices.Clone(levels), func(l string) bool { return !Known(l) })
}

// levelAt is the index of row r's value in column j among levels (-1 when
// the column is absent, the value is unknown or not a released level).
func levelAt(r []string, j int, levels []string) int {
	if j < 0 || !Known(r[j]) {
		return -1
	}
	return slices.Index(levels, r[j])
}

// distinct is {0, i} without repeats, and {0} when i is 0 (unknown).
func distinct(zero, i int) []int {
	if i == zero {
		return []int{zero}
	}
	return []int{zero, i}
}

func cohortOf(s, a int) Cohort {
	switch {
	case s > 0 && a > 0:
		return CohortStageARR
	case s > 0:
		return CohortStage
	case a > 0:
		return CohortARR
	}
	return CohortAll
}

// fill sets the cell's n and quartile bands from its band indices.
func (b *Benchmark) fill(idx []int, levels []string, hidden bool) {
	if hidden {
		b.Status = TooFew
		return
	}
	s := slices.Clone(idx)
	slices.Sort(s)
	q := func(num, den int) string { return levels[s[max(0, (num*len(s)+den-1)/den-1)]] }
	b.N, b.Q1, b.Median, b.Q3, b.Status = Count(len(s)), q(1, 4), q(1, 2), q(3, 4), "shown"
}

// grid is the respondent counts of one table: n[0][0] all, n[s][0] by
// stage, n[0][a] by ARR band, n[s][a] by both.
type grid struct {
	k int
	n [][]int
}

// suppress hides every cell below k (zero cells included) and then, until
// nothing changes, in every set of siblings that add up to a published
// margin (the stages, the ARR bands, each stage's ARR bands, each ARR
// band's stages) whose hidden cells total 1 to k − 1 respondents, the
// smallest shown sibling: a hidden cell then cannot be recovered as the
// margin minus the shown siblings.
func (g grid) suppress() [][]bool {
	h := make([][]bool, len(g.n))
	for s := range g.n {
		h[s] = make([]bool, len(g.n[s]))
		for a := range g.n[s] {
			h[s][a] = g.n[s][a] < g.k
		}
	}
	for changed := true; changed; {
		changed = false
		for _, set := range g.siblings() {
			changed = g.complement(h, set) || changed
		}
	}
	return h
}

// siblings lists the sets of cells, as [stage, arr] pairs, that add up to a margin.
func (g grid) siblings() [][][2]int {
	ns, na := len(g.n), len(g.n[0])
	var sets [][][2]int
	line := func(fixed int, byStage bool) [][2]int {
		var set [][2]int
		if byStage {
			for s := 1; s < ns; s++ {
				set = append(set, [2]int{s, fixed})
			}
			return set
		}
		for a := 1; a < na; a++ {
			set = append(set, [2]int{fixed, a})
		}
		return set
	}
	for a := 0; a < na; a++ {
		sets = append(sets, line(a, true))
	}
	for s := 0; s < ns; s++ {
		sets = append(sets, line(s, false))
	}
	return sets
}

// complement hides the smallest shown cell of set when its hidden cells
// total 1 to k − 1; it reports whether it hid one.
func (g grid) complement(h [][]bool, set [][2]int) bool {
	sum, pick := 0, -1
	for i, c := range set {
		if h[c[0]][c[1]] {
			sum += g.n[c[0]][c[1]]
		} else if pick < 0 || g.n[c[0]][c[1]] < g.n[set[pick][0]][set[pick][1]] {
			pick = i
		}
	}
	if sum == 0 || sum >= g.k || pick < 0 {
		return false
	}
	h[set[pick][0]][set[pick][1]] = true
	return true
}

package anonymize

// Property tests: the coded release (tables of codes) against the simple
// string version it replaced (reference_test.go, xlsx_ref_test.go), on
// random extracts and random subsets of synthetic data.

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

// synthData generates, reads and cleans a synthetic data folder.
func synthData(t *testing.T, seed uint64) (*dataset.Dataset, *codebook.Codebook, *Config) {
	t.Helper()
	sv := synthtest.Cleaned(t, synth.Options{Seed: seed, Scale: 1, Effects: "planted"})
	cfg, err := LoadConfig(filepath.Join(sv.Dir, "release.yaml"), sv.Res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	return sv.Kept, sv.Res.Codebook, cfg
}

// TestBuildMatchesReference: on random subsets of synthetic data and random
// k, ℓ and modal caps, every extract has the reference's rows, figures and
// attack outcomes.
func TestBuildMatchesReference(t *testing.T) {
	t.Parallel()
	d, cb, base := synthData(t, 5)
	company := CompanyKey(d)
	rng := rand.New(rand.NewPCG(11, 12))
	trials := 6
	if testing.Short() {
		trials = 3
	}
	for trial := range trials {
		c := *base
		c.K = 2 + rng.IntN(6)
		c.L = 1 + rng.IntN(3)
		c.MaxModalShare = 0.5 + 0.5*rng.Float64()
		share := []float64{1, 0.3, 0.05, 0.01}[trial%4]
		sub := d.Subset(func(int) bool { return rng.Float64() < share })
		for _, spec := range c.Extracts {
			name := fmt.Sprintf("trial %d (k %d, l %d, %d rows) %s", trial, c.K, c.L, sub.Len(), spec.Name)
			want, err1 := refBuildExtract(sub, cb, &c, spec)
			got, err2 := buildExtract(sub, cb, &c, spec)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%s: errors %v and %v", name, err1, err2)
			}
			if err1 != nil {
				continue
			}
			sameExtract(t, name, want, got)
			if a, b := want.Attack(sub, cb, company), got.Attack(sub, cb, company); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: attacks\n%+v\nwant\n%+v", name, b, a)
			}
		}
	}
}

func sameExtract(t *testing.T, name string, want *refExtract, got *Extract) {
	t.Helper()
	if rows := got.Rows(); !reflect.DeepEqual(rows, want.Rows) && (len(rows) > 0 || len(want.Rows) > 0) {
		t.Fatalf("%s: rows differ (%d and %d)", name, len(rows), len(want.Rows))
	}
	figures := func(x *Extract) []any {
		return []any{x.Levels, x.RowsIn, x.RowsOut, x.SuppressedCells, x.Classes, x.MinClass, x.NodesSearched}
	}
	if a, b := figures(want.Extract), figures(got); !reflect.DeepEqual(a, b) {
		t.Errorf("%s: figures %v, want %v", name, b, a)
	}
	if a, b := slices.Sorted(slices.Values(want.released)), slices.Sorted(slices.Values(got.released)); !slices.Equal(a, b) {
		t.Errorf("%s: released respondents differ", name)
	}
}

// randomExtract makes an extract of random columns: quasi-identifiers,
// sensitive columns, the options of a multi-select and related variables,
// with waves that did not ask some of them.
func randomExtract(rng *rand.Rand) *Extract {
	c := &Config{K: 2 + rng.IntN(5), L: 1 + rng.IntN(3), MaxModalShare: 0.4 + 0.6*rng.Float64(), groups: map[string][]string{}}
	x := &Extract{cfg: c, asked: map[string][]int{}}
	nq, ns := rng.IntN(3), 1+rng.IntN(4)
	for j := range nq {
		x.Columns = append(x.Columns, Column{Name: fmt.Sprintf("q%d", j), Variable: fmt.Sprintf("q%d", j), QI: true})
	}
	x.QICols = nq
	for j := range ns {
		v := fmt.Sprintf("s%d", j)
		x.Columns = append(x.Columns, Column{Name: v, Variable: v, values: rng.IntN(5)})
	}
	if rng.IntN(2) == 0 {
		for o := range 2 + rng.IntN(2) {
			x.Columns = append(x.Columns, Column{Name: fmt.Sprintf("m__%d", o), Variable: "m", Option: fmt.Sprint(o), values: 2})
		}
	}
	if ns > 1 && rng.IntN(2) == 0 {
		c.groups["s0"], c.groups["s1"] = []string{"s1"}, []string{"s0"}
	}
	for _, col := range x.Columns {
		x.asked[col.Variable] = []int{2022, 2023}
		if rng.IntN(3) == 0 {
			x.asked[col.Variable] = []int{2023}
		}
	}
	x.Header = []string{"year"}
	for _, col := range x.Columns {
		x.Header = append(x.Header, col.Name)
	}
	return x
}

// randomRows draws n rows for x, sorted, in classes of at least k.
func randomRows(rng *rand.Rand, x *Extract, n int) ([][]string, [][]int) {
	values := []string{"", "a", "b", "c", "d", "e"}
	var rows [][]string
	for range n {
		row := []string{fmt.Sprint(2022 + rng.IntN(2))}
		for _, col := range x.Columns {
			switch {
			case col.QI:
				row = append(row, values[rng.IntN(3)])
			case col.Option != "":
				row = append(row, []string{"", Chosen, NotChosen, NotChosen}[rng.IntN(4)])
			default:
				row = append(row, values[rng.IntN(1+rng.IntN(len(values)))])
			}
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, slices.Compare)
	var kept [][]string
	var classes [][]int
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && slices.Equal(rows[hi][:1+x.QICols], rows[lo][:1+x.QICols]) {
			hi++
		}
		if hi-lo >= x.cfg.K {
			var cl []int
			for r := lo; r < hi; r++ {
				cl = append(cl, len(kept))
				kept = append(kept, rows[r])
			}
			classes = append(classes, cl)
		}
		lo = hi
	}
	return kept, classes
}

// TestSuppressorMatchesReference: on random extracts the coded suppressor
// suppresses the cells the string version does, and counts them alike.
func TestSuppressorMatchesReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 300 {
		x := randomExtract(rng)
		rows, classes := randomRows(rng, x, rng.IntN(200))
		if len(rows) == 0 {
			continue
		}
		want := &refSuppressor{cfg: x.cfg, cols: x.Columns, count: map[string]int{}, asked: x.asked, classes: classes}
		for _, r := range rows {
			want.rows = append(want.rows, slices.Clone(r))
			y, _ := strconv.Atoi(r[0])
			want.year = append(want.year, y)
		}
		want.run()
		tab, _, err := tableOf(rows)
		if err != nil {
			t.Fatal(err)
		}
		var ranges [][2]int
		for _, cl := range classes {
			ranges = append(ranges, [2]int{cl[0], cl[len(cl)-1] + 1})
		}
		got := newSuppressor(x, tab, ranges)
		got.run()
		if !reflect.DeepEqual(tab.strings(), want.rows) {
			t.Fatalf("trial %d: cells differ\n%v\nwant\n%v", trial, tab.strings(), want.rows)
		}
		counts := map[string]int{}
		for j, col := range x.Columns {
			if got.count[j+1] > 0 {
				counts[col.Variable] += got.count[j+1]
			}
		}
		if !reflect.DeepEqual(counts, want.count) {
			t.Fatalf("trial %d: counts %v, want %v", trial, counts, want.count)
		}
	}
}

// TestLinkMatchesReference: the coded linkage counts what Link counts on
// labels, "*" and "not asked" cells included.
func TestLinkMatchesReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	values := []string{"", Suppressed, NotAsked, "a", "b", "c"}
	draw := func(n, width int) [][]string {
		var out [][]string
		for range n {
			row := []string{fmt.Sprint(2022 + rng.IntN(2))}
			for range width - 1 {
				row = append(row, values[rng.IntN(len(values))])
			}
			out = append(out, row)
		}
		return out
	}
	for trial := range 300 {
		width := 2 + rng.IntN(4)
		rows, targets := draw(rng.IntN(60), width), draw(rng.IntN(60), width)
		rt, ts, err := tableOf(rows, targets)
		if err != nil {
			t.Fatal(err)
		}
		cols := []int{0}
		for j := 1; j < width; j++ {
			if rng.IntN(2) == 0 {
				cols = append(cols, j)
			}
		}
		if rt == nil {
			continue
		}
		want := Link(rows, cols, targets)
		if got := (&Extract{}).link(rt, cols, ts[0]); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %+v, want %+v", trial, got, want)
		}
	}
}

// TestIntersectMatchesLabels: the successive-release attack on coded class
// keys finds the groups the string keys find, for random previous levels
// and waves.
func TestIntersectMatchesLabels(t *testing.T) {
	t.Parallel()
	d, cb, c := synthData(t, 6)
	r, err := Build(d, cb, c)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(51, 52))
	for trial := range 40 {
		x := r.Extracts[rng.IntN(len(r.Extracts))]
		levels := map[string]int{}
		prev := make([]int, len(x.qis))
		for j, q := range x.qis {
			prev[j] = rng.IntN(q.Height() + 1)
			levels[q.Variable] = prev[j]
		}
		years := []int{2022 + rng.IntN(5), 2022 + rng.IntN(5)}
		inPrev := map[int]bool{years[0]: true, years[1]: true}
		k := 2 + rng.IntN(8)
		got, err := x.Intersect(d, k, levels, years)
		if err != nil {
			t.Fatal(err)
		}
		want := x.intersectLabels(d, k, prev, inPrev, Intersection{Extract: x.Spec.Name, Years: years})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (%s, levels %v, years %v): %+v, want %+v", trial, x.Spec.Name, prev, years, got, want)
		}
		if trial == 0 && got.Common == 0 {
			t.Logf("trial 0 intersects nobody")
		}
	}
}

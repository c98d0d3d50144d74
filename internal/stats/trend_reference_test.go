package stats

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

type refTrendsPy struct {
	Wilson []struct {
		X, N      float64
		Low, High float64
	}
	MedianCI []struct {
		X         []float64
		Median    float64
		L         int
		Low, High *float64
	} `json:"median_ci"`
	Chi2 []struct {
		Name         string
		Table        [][]float64
		Statistic, P float64
		DF           int
		MinExpected  float64 `json:"min_expected"`
	}
	KendallYear []struct {
		Name   string
		Groups [][]float64
		Tau, P float64
	} `json:"kendall_year"`
	MannWhitney []struct {
		Name string
		X, Y []float64
		U, P float64
	}
}

type refTrendsR struct {
	PropTrend []struct {
		Name        string
		X, N, Score []float64
		Chisq, P    []float64
	} `json:"prop_trend"`
	ChisqMC []struct {
		Name        string
		Table       [][]int
		Statistic   []float64
		PMC         []float64 `json:"p_mc"`
		PAsymptotic []float64 `json:"p_asymptotic"`
		B           int
	} `json:"chisq_mc"`
	Rake []struct {
		Wave           int
		Weights        []float64
		YLevels        []string  `json:"y_levels"`
		YShare         []float64 `json:"y_share"`
		TrimMultiple   float64   `json:"trim_upper_multiple"`
		WeightsTrimmed []float64 `json:"weights_trimmed"`
		YShareTrimmed  []float64 `json:"y_share_trimmed"`
		WeightsTrim5   []float64 `json:"weights_trim5"`
	}
}

func loadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestWilsonAndMedianCIAgainstScipy(t *testing.T) {
	var ref refTrendsPy
	loadJSON(t, "testdata/reference_trends_py.json", &ref)
	for _, c := range ref.Wilson {
		lo, hi := Wilson(c.X, c.N, 0.95)
		if !near(lo, c.Low, 1e-9) || !near(hi, c.High, 1e-9) {
			t.Errorf("Wilson(%g, %g) = %g, %g; scipy %g, %g", c.X, c.N, lo, hi, c.Low, c.High)
		}
	}
	for _, c := range ref.MedianCI {
		med, lo, hi, err := MedianCISorted(sortedCopies([][]float64{c.X})[0], 0.95)
		if err != nil || !near(med, c.Median, 1e-12) {
			t.Fatalf("n=%d: median %g (%v), want %g", len(c.X), med, err, c.Median)
		}
		if c.Low == nil {
			if !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("n=%d: want no interval, got %g–%g", len(c.X), lo, hi)
			}
			continue
		}
		if lo != *c.Low || hi != *c.High {
			t.Errorf("n=%d: CI %g–%g, want %g–%g (l=%d)", len(c.X), lo, hi, *c.Low, *c.High, c.L)
		}
	}
}

func TestChiSquareAgainstScipy(t *testing.T) {
	var ref refTrendsPy
	loadJSON(t, "testdata/reference_trends_py.json", &ref)
	for _, c := range ref.Chi2 {
		r, err := ChiSquare(c.Table)
		if err != nil {
			t.Fatal(c.Name, err)
		}
		if !near(r.Statistic, c.Statistic, 1e-10) || !near(r.P, c.P, 1e-9) || r.DF != c.DF || !near(r.MinExpected, c.MinExpected, 1e-12) {
			t.Errorf("%s: X²=%g p=%g df=%d minE=%g; scipy %g %g %d %g", c.Name, r.Statistic, r.P, r.DF, r.MinExpected, c.Statistic, c.P, c.DF, c.MinExpected)
		}
		// An all-zero column and row change nothing.
		padded := [][]float64{}
		for _, row := range c.Table {
			padded = append(padded, append(slices.Clone(row), 0))
		}
		padded = append(padded, make([]float64, len(padded[0])))
		if r2, err := ChiSquare(padded); err != nil || r2.Statistic != r.Statistic || r2.DF != r.DF {
			t.Errorf("%s padded with zeros: %+v, %v", c.Name, r2, err)
		}
	}
	if _, err := ChiSquare([][]float64{{1, 2}, {-1, 3}}); err == nil {
		t.Error("negative count accepted")
	}
	if _, err := ChiSquare([][]float64{{1, 2}, {0, 0}}); err == nil {
		t.Error("one non-empty row accepted")
	}
}

func TestKendallYearAndMannWhitneyAgainstScipy(t *testing.T) {
	var ref refTrendsPy
	loadJSON(t, "testdata/reference_trends_py.json", &ref)
	for _, c := range ref.KendallYear {
		r, err := KendallTauBGroups(c.Groups, TwoSided)
		if err != nil || !near(r.Statistic, c.Tau, 1e-10) || !near(r.P, c.P, 1e-8) {
			t.Errorf("%s: tau=%g p=%g (%v); scipy %g %g", c.Name, r.Statistic, r.P, err, c.Tau, c.P)
		}
	}
	for _, c := range ref.MannWhitney {
		r, err := MannWhitney(c.X, c.Y, TwoSided)
		if err != nil || !near(r.P, c.P, 1e-9) {
			t.Errorf("%s: p=%g (%v); scipy %g", c.Name, r.P, err, c.P)
		}
	}
}

func TestCochranArmitageAgainstR(t *testing.T) {
	var ref refTrendsR
	loadJSON(t, "testdata/reference_trends_r.json", &ref)
	for _, c := range ref.PropTrend {
		r, err := CochranArmitage(c.X, c.N, c.Score)
		if err != nil || !near(r.Z*r.Z, c.Chisq[0], 1e-9) || !near(r.P, c.P[0], 1e-9) {
			t.Errorf("%s: z²=%g p=%g (%v); R %g %g", c.Name, r.Z*r.Z, r.P, err, c.Chisq[0], c.P[0])
		}
	}
	if r, _ := CochranArmitage([]float64{10, 20, 30}, []float64{100, 100, 100}, []float64{1, 2, 3}); r.Z <= 0 {
		t.Errorf("rising proportions give z = %g, want > 0", r.Z)
	}
	if _, err := CochranArmitage([]float64{5, 120}, []float64{100, 100}, []float64{1, 2}); err == nil {
		t.Error("x > n accepted")
	}
}

// TestChiSquareMonteCarloInDistribution: the Monte Carlo p agrees with R's
// (another random stream, same B) within Monte Carlo error, and with many
// tables converges on the exact permutation p, which for these tables is
// close to R's own estimate.
func TestChiSquareMonteCarloInDistribution(t *testing.T) {
	var ref refTrendsR
	loadJSON(t, "testdata/reference_trends_r.json", &ref)
	for _, c := range ref.ChisqMC {
		r, err := ChiSquareMonteCarlo(c.Table, c.B, 7)
		if err != nil {
			t.Fatal(err)
		}
		if !near(r.Statistic, c.Statistic[0], 1e-10) {
			t.Errorf("%s: X² %g, R %g", c.Name, r.Statistic, c.Statistic[0])
		}
		p := c.PMC[0]
		se := math.Sqrt(2 * p * (1 - p) / float64(c.B)) // difference of two independent estimates
		if math.Abs(r.P-p) > 4*se {
			t.Errorf("%s: Monte Carlo p %g, R %g (4 SE = %g)", c.Name, r.P, p, 4*se)
		}
		r2, _ := ChiSquareMonteCarlo(c.Table, c.B, 7)
		if r2.P != r.P {
			t.Errorf("%s: same seed, different p %g vs %g", c.Name, r.P, r2.P)
		}
	}
}

func TestRakeAgainstRSurvey(t *testing.T) {
	var ref refTrendsR
	loadJSON(t, "testdata/reference_trends_r.json", &ref)
	f, err := os.Open("testdata/rake_fixture.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	stages, regions := []string{"A", "B", "C", "D", "E"}, []string{"APAC", "EU", "NA", "missing"} // R's sorted factor levels
	pool := func(col int, levels []string) []float64 {
		out := make([]float64, len(levels))
		for _, r := range recs {
			out[slices.Index(levels, r[col])]++
		}
		for i := range out {
			out[i] /= float64(len(recs))
		}
		return out
	}
	ps, pr := pool(1, stages), pool(2, regions)
	for _, w := range ref.Rake {
		var fs, fr []int
		var ys []string
		for _, r := range recs {
			if r[0] == itoa(w.Wave) {
				fs, fr, ys = append(fs, slices.Index(stages, r[1])), append(fr, slices.Index(regions, r[2])), append(ys, r[3])
			}
		}
		n := float64(len(fs))
		scale := func(p []float64) []float64 {
			out := make([]float64, len(p))
			for i := range p {
				out[i] = p[i] * n
			}
			return out
		}
		got, _, err := Rake(nil, [][]int{fs, fr}, [][]float64{scale(ps), scale(pr)}, 1000, 1e-13)
		if err != nil {
			t.Fatal(err)
		}
		checkWeights(t, "raked", got, w.Weights)
		checkShares(t, "raked", got, ys, w.YLevels, w.YShare)
		trimmed, k := TrimWeights(got, w.TrimMultiple*Mean(got))
		checkWeights(t, "trimmed", trimmed, w.WeightsTrimmed)
		checkShares(t, "trimmed", trimmed, ys, w.YLevels, w.YShareTrimmed)
		if k == 0 {
			t.Errorf("wave %d: trimming at %g× the mean trimmed nothing; the fixture should bind", w.Wave, w.TrimMultiple)
		}
		t5, _ := TrimWeights(got, 5*Mean(got))
		checkWeights(t, "trimmed at 5x", t5, w.WeightsTrim5)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func checkWeights(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d weights, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("%s weight %d: %.15g, R %.15g", what, i, got[i], want[i])
		}
	}
}

func checkShares(t *testing.T, what string, w []float64, ys, levels []string, want []float64) {
	t.Helper()
	tot := 0.0
	by := map[string]float64{}
	for i, y := range ys {
		by[y] += w[i]
		tot += w[i]
	}
	for k, l := range levels {
		if got := by[l] / tot; math.Abs(got-want[k]) > 1e-9 {
			t.Errorf("%s share of %s: %.15g, R svymean %.15g", what, l, got, want[k])
		}
	}
}

// TestWeightedRankTrendReducesToKendall: with unit weights and untied
// values it is Kendall's tau-b with the group index (and so JT); weights
// that undo an imbalance move it, and the p-value stays in [0, 1].
func TestWeightedRankTrendReducesToKendall(t *testing.T) {
	groups := [][]float64{{1.5, 2.25, 3.125, 0.5}, {2.75, 4.5, 1.25, 5.5, 6.5}, {7.5, 3.5, 8.25}}
	ones := [][]float64{{1, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1}}
	k, err := KendallTauBGroups(groups, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	w, err := WeightedRankTrend(groups, ones)
	if err != nil || !near(w.Z, k.Z, 1e-12) || !near(w.P, k.P, 1e-12) {
		t.Errorf("unit weights: z=%g p=%g (%v), Kendall z=%g p=%g", w.Z, w.P, err, k.Z, k.P)
	}
	mw, _ := MannWhitney(groups[1], groups[0], TwoSided)
	w2, _ := WeightedRankTrend(groups[:2], ones[:2])
	if w2.Z <= 0 || w2.P > mw.P+1e-12 { // no continuity correction: z at least as extreme
		t.Errorf("two groups: z=%g p=%g, Mann-Whitney p=%g", w2.Z, w2.P, mw.P)
	}
	if _, err := WeightedRankTrend(groups, ones[:2]); err == nil {
		t.Error("mismatched weights accepted")
	}
}

func TestKishAndWeightedMedian(t *testing.T) {
	if got := KishN([]float64{1, 1, 1, 1}); got != 4 {
		t.Errorf("Kish of equal weights = %g", got)
	}
	if got := KishN([]float64{3, 1}); !near(got, 16.0/10, 1e-15) {
		t.Errorf("Kish(3,1) = %g", got)
	}
	xs := []float64{5, 1, 3, 2, 4}
	if got := OrderWeighted(xs, []float64{1, 1, 1, 1, 1}).Quantile(0.5); got != 3 {
		t.Errorf("weighted median = %g", got)
	}
	if got := OrderWeighted(xs, []float64{10, 1, 1, 1, 1}).Quantile(0.5); got != 5 {
		t.Errorf("heavy 5: weighted median = %g", got)
	}
	med, lo, hi := OrderWeighted(xs, []float64{1, 1, 1, 1, 1}).MedianCI(0.95)
	if med != 3 || !(lo <= med && med <= hi) {
		t.Errorf("Woodruff %g [%g, %g]", med, lo, hi)
	}
}

// TestWeightedRankTrendTiedTwoGroups: with unit weights and ties, two
// groups give the tie-corrected Mann-Whitney z without continuity
// correction.
func TestWeightedRankTrendTiedTwoGroups(t *testing.T) {
	x := []float64{1, 2, 2, 3, 3, 3, 4, 5, 5}
	y := []float64{1, 1, 2, 2, 2, 3, 3, 4}
	mw, err := MannWhitney(x, y, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	n1, n2 := float64(len(x)), float64(len(y))
	n := n1 + n2
	_, tie := Rank(append(append([]float64(nil), x...), y...))
	sigma := math.Sqrt(n1 * n2 / 12 * ((n + 1) - tie/(n*(n-1))))
	want := (mw.Statistic - n1*n2/2) / sigma
	w, err := WeightedRankTrend([][]float64{y, x}, [][]float64{ones(len(y)), ones(len(x))})
	if err != nil || !near(w.Z, want, 1e-12) {
		t.Errorf("z = %g (%v), tie-corrected Mann-Whitney z = %g", w.Z, err, want)
	}
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// TestWeightedRankTrendNullLevel: under no trend, with unequal weights
// unrelated to the values, the weighted test rejects at about its level.
func TestWeightedRankTrendNullLevel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	reps, rej := 1500, 0
	if testing.Short() {
		reps = 400
	}
	for k := 0; k < reps; k++ {
		var gs, ws [][]float64
		for g := 0; g < 4; g++ {
			var x, w []float64
			for i := 0; i < 60; i++ {
				x = append(x, math.Round(r.NormFloat64()*3)) // ties, as survey answers have
				w = append(w, math.Exp(0.5*r.NormFloat64()))
			}
			gs, ws = append(gs, x), append(ws, w)
		}
		res, err := WeightedRankTrend(gs, ws)
		if err != nil {
			t.Fatal(err)
		}
		if res.P < 0.05 {
			rej++
		}
	}
	rate := float64(rej) / float64(reps)
	t.Logf("null rejection rate %.3f over %d replicates", rate, reps)
	if se := math.Sqrt(0.05 * 0.95 / float64(reps)); math.Abs(rate-0.05) > 4*se {
		t.Errorf("null rejection rate %.3f, want 0.05 ± %.3f", rate, 4*se)
	}
}

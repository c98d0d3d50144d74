package stats

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

type refPy struct {
	MannWhitney []struct {
		Name        string
		X, Y        []float64
		Alternative string
		U, P        float64
		Source      string
	}
	Cliffs []struct {
		Name  string
		X, Y  []float64
		Delta float64
	}
	HodgesLehmann []struct {
		Name  string
		X, Y  []float64
		Shift float64
	} `json:"hodges_lehmann"`
	Kruskal []struct {
		Name   string
		Groups [][]float64
		H, P   float64
	}
	Kendall []struct {
		Name        string
		X, Y        []float64
		Alternative string
		Tau, P      float64
	}
	Quantile []struct {
		X, P, Q []float64
	}
	McNemar []struct {
		B, C int
		P    float64
	}
	TOST []struct {
		Est, SE, DF, Margin, P float64
	}
	BCa []struct {
		Name, Statistic  string
		Samples          [][]float64
		Boot             []float64
		Level, Low, High float64
		PctLow           float64 `json:"pct_low"`
		PctHigh          float64 `json:"pct_high"`
	}
}

type refR struct {
	PAdjust struct {
		P, Holm, BH []float64
	}
	OLS struct {
		X1, X2, G, Y []float64
		Fits         []struct {
			Type        string
			Beta, SE, T []float64
			P           []float64
			Contrast    []float64
			CEst        float64   `json:"c_est"`
			CSE         float64   `json:"c_se"`
			CPGreater   float64   `json:"c_p_greater"`
			SumContrast []float64 `json:"sum_contrast"`
			SEst        float64   `json:"s_est"`
			SSE         float64   `json:"s_se"`
			SPGreater   float64   `json:"s_p_greater"`
			BiggerP     float64   `json:"bigger_p"`
		}
	}
	Wilcox struct {
		X, Y []float64
		W, P float64
	}
}

func load(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func alt(s string) Alternative {
	switch s {
	case "greater":
		return Greater
	case "less":
		return Less
	}
	return TwoSided
}

// close reports whether got is within rel relative (or 1e-300 absolute) of want.
func close(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300) || math.Abs(got-want) < 1e-15
}

const tol = 1e-9

func TestAgainstScipy(t *testing.T) {
	var r refPy
	load(t, "reference_py.json", &r)
	for _, c := range r.MannWhitney {
		got, err := MannWhitney(c.X, c.Y, alt(c.Alternative))
		if err != nil {
			t.Errorf("%s %s: %v", c.Name, c.Alternative, err)
			continue
		}
		if !close(got.Statistic, c.U, tol) || !close(got.P, c.P, tol) {
			t.Errorf("MannWhitney %s %s: U=%v p=%.17g, want U=%v p=%.17g (%s)", c.Name, c.Alternative, got.Statistic, got.P, c.U, c.P, c.Source)
		}
	}
	for _, c := range r.Cliffs {
		if got := CliffsDelta(c.X, c.Y); !close(got, c.Delta, tol) {
			t.Errorf("CliffsDelta %s = %v, want %v", c.Name, got, c.Delta)
		}
	}
	for _, c := range r.HodgesLehmann {
		if got := HodgesLehmann(c.X, c.Y); !close(got, c.Shift, tol) {
			t.Errorf("HodgesLehmann %s = %v, want %v", c.Name, got, c.Shift)
		}
	}
	for _, c := range r.Kruskal {
		got, eps, err := KruskalWallis(c.Groups...)
		if err != nil || !close(got.Statistic, c.H, tol) || !close(got.P, c.P, tol) {
			t.Errorf("KruskalWallis %s: H=%v p=%v err=%v, want H=%v p=%v", c.Name, got.Statistic, got.P, err, c.H, c.P)
		}
		n := 0
		for _, g := range c.Groups {
			n += len(g)
		}
		if !close(eps, c.H/float64(n-1), tol) {
			t.Errorf("epsilon² = %v", eps)
		}
	}
	for _, c := range r.Kendall {
		got, err := KendallTauB(c.X, c.Y, alt(c.Alternative))
		if err != nil || !close(got.Statistic, c.Tau, tol) || !close(got.P, c.P, tol) {
			t.Errorf("KendallTauB %s %s: tau=%v p=%.17g err=%v, want %v %.17g", c.Name, c.Alternative, got.Statistic, got.P, err, c.Tau, c.P)
		}
	}
	for _, c := range r.Quantile {
		for i, p := range c.P {
			if got := Quantile(c.X, p); !close(got, c.Q[i], tol) {
				t.Errorf("Quantile(n=%d, %v) = %v, want %v", len(c.X), p, got, c.Q[i])
			}
		}
	}
	for _, c := range r.McNemar {
		if got, err := McNemarExact(c.B, c.C); err != nil || !close(got, c.P, tol) {
			t.Errorf("McNemarExact(%d, %d) = %v, want %v", c.B, c.C, got, c.P)
		}
	}
	for _, c := range r.TOST {
		// For df > 1e8 TOST uses the normal tail (documented relative error < 1e-7).
		if got, err := TOST(c.Est, c.SE, c.DF, c.Margin); err != nil || !close(got, c.P, 1e-7) {
			t.Errorf("TOST(%v) = %v, want %v", c, got, c.P)
		}
	}
	for _, c := range r.BCa {
		stat := func(s [][]float64) float64 { return Mean(s[0]) }
		if c.Statistic == "cliffs_delta" {
			stat = func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }
		}
		lo, hi := BCaInterval(stat(c.Samples), c.Boot, Jackknife(c.Samples, stat), c.Level)
		if !close(lo, c.Low, tol) || !close(hi, c.High, tol) {
			t.Errorf("BCaInterval %s %v: [%.17g, %.17g], want [%.17g, %.17g]", c.Name, c.Level, lo, hi, c.Low, c.High)
		}
		plo, phi := PercentileInterval(c.Boot, c.Level)
		if !close(plo, c.PctLow, tol) || !close(phi, c.PctHigh, tol) {
			t.Errorf("PercentileInterval %s: [%v, %v], want [%v, %v]", c.Name, plo, phi, c.PctLow, c.PctHigh)
		}
	}
}

func TestAgainstR(t *testing.T) {
	var r refR
	load(t, "reference_r.json", &r)
	holm, bh := Holm(r.PAdjust.P), BenjaminiHochberg(r.PAdjust.P)
	for i := range r.PAdjust.P {
		if !close(holm[i], r.PAdjust.Holm[i], tol) || !close(bh[i], r.PAdjust.BH[i], tol) {
			t.Errorf("p.adjust[%d]: holm %v bh %v, want %v %v", i, holm[i], bh[i], r.PAdjust.Holm[i], r.PAdjust.BH[i])
		}
	}
	o := r.OLS
	x := make([][]float64, len(o.Y))
	for i := range x {
		x[i] = []float64{1, o.X1[i], o.X2[i], o.G[i]}
	}
	kinds := map[string]Covariance{"const": Classical, "HC0": HC0, "HC1": HC1, "HC3": HC3}
	for _, f := range o.Fits {
		fit, err := OLS([]string{"(Intercept)", "x1", "x2", "g"}, x, o.Y, kinds[f.Type])
		if err != nil {
			t.Fatal(err)
		}
		for j := range f.Beta {
			_, se, tt, p, _ := fit.Contrast(unit(4, j), TwoSided)
			if !close(fit.Beta[j], f.Beta[j], tol) || !close(se, f.SE[j], tol) || !close(tt, f.T[j], tol) || !close(p, f.P[j], 1e-8) {
				t.Errorf("OLS %s coef %d: b=%v se=%v t=%v p=%v, want %v %v %v %v", f.Type, j, fit.Beta[j], se, tt, p, f.Beta[j], f.SE[j], f.T[j], f.P[j])
			}
		}
		est, se, _, p, _ := fit.Contrast(f.Contrast, Greater)
		if !close(est, f.CEst, tol) || !close(se, f.CSE, tol) || !close(p, f.CPGreater, 1e-8) {
			t.Errorf("OLS %s contrast: %v %v %v, want %v %v %v", f.Type, est, se, p, f.CEst, f.CSE, f.CPGreater)
		}
		// H3's "bigger" part: the sum contrast and the larger of the two p-values.
		sest, sse, _, sp, _ := fit.Contrast(f.SumContrast, Greater)
		if !close(sest, f.SEst, tol) || !close(sse, f.SSE, tol) || !close(sp, f.SPGreater, 1e-8) || !close(math.Max(p, sp), f.BiggerP, 1e-8) {
			t.Errorf("OLS %s sum contrast: %v %v %v (bigger p %v), want %v %v %v (%v)", f.Type, sest, sse, sp, math.Max(p, sp), f.SEst, f.SSE, f.SPGreater, f.BiggerP)
		}
	}
	w, err := MannWhitney(r.Wilcox.X, r.Wilcox.Y, Less)
	if err != nil || !close(w.Statistic, r.Wilcox.W, tol) || !close(w.P, r.Wilcox.P, tol) {
		t.Errorf("MannWhitney vs wilcox.test: %v %v, want %v %v", w.Statistic, w.P, r.Wilcox.W, r.Wilcox.P)
	}
}

func unit(n, j int) []float64 {
	c := make([]float64, n)
	c[j] = 1
	return c
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 50; k++ {
		x, y := make([]float64, 5+r.IntN(30)), make([]float64, 5+r.IntN(30))
		for i := range x {
			x[i] = float64(r.IntN(6))
		}
		for i := range y {
			y[i] = float64(r.IntN(6)) + 0.5*float64(k%3)
		}
		a, err1 := MannWhitney(x, y, Greater)
		b, err2 := MannWhitney(y, x, Less)
		if err1 != nil || err2 != nil {
			continue
		}
		if a.P < 0 || a.P > 1 || !close(a.P, b.P, 1e-12) {
			t.Errorf("swap: p %v vs %v", a.P, b.P)
		}
		// monotone transform leaves rank tests unchanged
		ex, ey := make([]float64, len(x)), make([]float64, len(y))
		for i := range x {
			ex[i] = math.Exp(x[i]) * 3
		}
		for i := range y {
			ey[i] = math.Exp(y[i]) * 3
		}
		c, _ := MannWhitney(ex, ey, Greater)
		if !close(a.P, c.P, 1e-12) || !close(CliffsDelta(x, y), CliffsDelta(ex, ey), 1e-12) || !close(CliffsDelta(x, y), -CliffsDelta(y, x), 1e-12) {
			t.Errorf("monotone transform or swap changed a rank statistic")
		}
		u := 2*a.Statistic/float64(len(x)*len(y)) - 1
		if !close(u, CliffsDelta(x, y), 1e-12) {
			t.Errorf("δ = %v, 2U/(n1 n2) − 1 = %v", CliffsDelta(x, y), u)
		}
	}
	ps := []float64{0.03, 0.5, 0.001, 0.2, 0.04}
	h := Holm(ps)
	for i := range ps {
		if h[i] < ps[i] || h[i] > 1 {
			t.Errorf("Holm %v < raw %v", h[i], ps[i])
		}
		for j := range ps {
			if ps[i] < ps[j] && h[i] > h[j] {
				t.Errorf("Holm not monotone")
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	nan := math.NaN()
	if _, err := MannWhitney(nil, []float64{1}, Greater); !errors.Is(err, ErrTooSmall) {
		t.Errorf("empty: %v", err)
	}
	if _, err := MannWhitney([]float64{1, nan}, []float64{1}, Greater); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := MannWhitney([]float64{1, math.Inf(1)}, []float64{1}, Greater); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf: %v", err)
	}
	if r, err := MannWhitney([]float64{2, 2}, []float64{2, 2, 2}, Greater); err == nil || !math.IsNaN(r.P) {
		t.Errorf("all tied: p=%v err=%v", r.P, err)
	}
	if _, _, err := KruskalWallis([]float64{1, 2}); err == nil {
		t.Error("one group accepted")
	}
	if _, err := KendallTauB([]float64{1, 1, 1}, []float64{1, 2, 3}, TwoSided); err == nil {
		t.Error("constant x accepted")
	}
	// HC3 with a category of one respondent: leverage 1.
	x := [][]float64{{1, 0}, {1, 0}, {1, 0}, {1, 1}, {1, 0}}
	if _, err := OLS(nil, x, []float64{1, 2, 3, 4, 5}, HC3); !errors.Is(err, ErrLeverageOne) {
		t.Errorf("leverage 1: %v", err)
	}
	if _, err := OLS(nil, [][]float64{{1, 2}, {1, 2}, {1, 2}}, []float64{1, 2, 3}, HC0); err == nil {
		t.Error("rank-deficient X accepted")
	}
	if _, err := OLS(nil, [][]float64{{1, 2}, {1, 3}}, []float64{1, 2}, HC0); !errors.Is(err, ErrTooSmall) {
		t.Errorf("n ≤ p: %v", err)
	}
	if _, err := TOST(0, 0, 10, 0.1); err == nil {
		t.Error("se = 0 accepted")
	}
	if !math.IsNaN(Quantile(nil, 0.5)) || !math.IsNaN(CliffsDelta(nil, []float64{1})) {
		t.Error("empty input gave a number")
	}
	if _, err := Resample([][]float64{{}}, func([][]float64) float64 { return 0 }, 10, 1, 1); err == nil {
		t.Error("empty bootstrap sample accepted")
	}
}

// TestBootstrapWorkersIndependent: the replicates do not depend on the
// number of workers.
func TestBootstrapWorkersIndependent(t *testing.T) {
	s := [][]float64{{1, 2, 3, 4, 5, 9}, {2, 2, 8}}
	stat := func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }
	a, _ := Resample(s, stat, 501, 42, 1)
	b, _ := Resample(s, stat, 501, 42, 3)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("replicate %d: %v with 1 worker, %v with 3", i, a[i], b[i])
		}
	}
}

// Planted effects are found, null data rejects at about alpha.
func TestCalibrationMannWhitney(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	reject := func(shift float64) int {
		k := 0
		for rep := 0; rep < 400; rep++ {
			x, y := make([]float64, 60), make([]float64, 60)
			for i := range x {
				x[i] = math.Round(r.NormFloat64()*3) + shift
				y[i] = math.Round(r.NormFloat64() * 3)
			}
			res, _ := MannWhitney(x, y, Greater)
			if res.P < 0.05 {
				k++
			}
		}
		return k
	}
	if n := reject(0); n > 30 { // α = 5% of 400 is 20; 30 is > 2 SD above
		t.Errorf("null: %d/400 rejections", n)
	}
	if n := reject(2); n < 360 {
		t.Errorf("planted shift: only %d/400 rejections", n)
	}
}

func TestCalibrationBCaCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cover := 0
	const reps = 120
	for rep := 0; rep < reps; rep++ {
		x, y := make([]float64, 40), make([]float64, 40)
		for i := range x {
			x[i] = r.NormFloat64() + 0.5
			y[i] = r.NormFloat64()
		}
		iv, err := BCa([][]float64{x, y}, func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }, 999, uint64(rep), 0.95)
		if err != nil {
			t.Fatal(err)
		}
		const truth = 0.2763 // 2Φ(0.5/√2) − 1
		if iv.Low <= truth && truth <= iv.High {
			cover++
		}
	}
	if cover < 105 { // 95% of 120 = 114; allow sampling error
		t.Errorf("BCa 95%% interval covered the true δ in %d/%d samples", cover, reps)
	}
}

func TestDunn(t *testing.T) {
	g := [][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}, {2, 3, 6, 7}}
	z, p, err := Dunn(g, 1, 0)
	if err != nil || z <= 0 || p <= 0 || p >= 1 {
		t.Errorf("Dunn = %v %v %v", z, p, err)
	}
	z2, _, _ := Dunn(g, 0, 1)
	if !close(z, -z2, 1e-12) {
		t.Error("Dunn not antisymmetric")
	}
	// With two groups and no ties Dunn's z² is the KW H (no continuity correction).
	kw, _, _ := KruskalWallis(g[0], g[1])
	z3, _, _ := Dunn(g[:2], 0, 1)
	if !close(z3*z3, kw.Statistic, 1e-12) {
		t.Errorf("Dunn z² %v != H %v", z3*z3, kw.Statistic)
	}
}

func BenchmarkBCaCliffs2000(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := make([]float64, 2000), make([]float64, 2000)
	for i := range x {
		x[i], y[i] = math.Round(r.NormFloat64()*10), math.Round(r.NormFloat64()*10)
	}
	stat := func(s [][]float64) float64 { return CliffsDelta(s[0], s[1]) }
	for i := 0; i < b.N; i++ {
		if _, err := BCa([][]float64{x, y}, stat, 9999, 1, 0.95); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMannWhitney1M(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := make([]float64, 500000), make([]float64, 500000)
	for i := range x {
		x[i], y[i] = r.NormFloat64(), r.NormFloat64()
	}
	for i := 0; i < b.N; i++ {
		if _, err := MannWhitney(x, y, Greater); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKendallGroupsMatchesPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for rep := 0; rep < 20; rep++ {
		groups := make([][]float64, 3)
		var x, y []float64
		for k := range groups {
			for i := 0; i < 5+r.IntN(40); i++ {
				v := float64(r.IntN(12))
				groups[k] = append(groups[k], v)
				x, y = append(x, float64(k)), append(y, v)
			}
		}
		a, err1 := KendallTauBGroups(groups, Less)
		b, err2 := KendallTauB(x, y, Less)
		if err1 != nil || err2 != nil || !close(a.Statistic, b.Statistic, 1e-12) || !close(a.P, b.P, 1e-12) {
			t.Fatalf("grouped τ=%v p=%v, pairwise τ=%v p=%v", a.Statistic, a.P, b.Statistic, b.P)
		}
	}
}

func TestBootstrapP(t *testing.T) {
	boot := []float64{-1, 0, 1, 2, 3, 4, 5, 6, 7}
	tests := []struct {
		alt  Alternative
		want float64
	}{{Greater, 3.0 / 10}, {Less, 9.0 / 10}, {TwoSided, 2 * 3.0 / 10}}
	for _, tc := range tests {
		if got := BootstrapP(boot, tc.alt); !close(got, tc.want, 1e-12) {
			t.Errorf("BootstrapP(%v) = %v, want %v", tc.alt, got, tc.want)
		}
	}
}

// Slope agrees with the R-checked OLS on the same data.
func TestSlopeMatchesOLS(t *testing.T) {
	var r refR
	load(t, "reference_r.json", &r)
	x := make([][]float64, len(r.OLS.Y))
	for i := range x {
		x[i] = []float64{1, r.OLS.X1[i]}
	}
	fit, err := OLS(nil, x, r.OLS.Y, Classical)
	if err != nil {
		t.Fatal(err)
	}
	if got := Slope(r.OLS.X1, r.OLS.Y); !close(got, fit.Beta[1], 1e-12) {
		t.Errorf("Slope = %v, OLS = %v", got, fit.Beta[1])
	}
	if !math.IsNaN(Slope([]float64{1, 1}, []float64{1, 2})) {
		t.Error("constant x gave a slope")
	}
}

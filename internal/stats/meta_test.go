package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

type metaCase struct {
	Name          string
	Year, Yi, Sei []float64
	Beta, SE, T   []float64
	DF            float64
	PTwoSided     []float64 `json:"p_two_sided"`
	CILb          []float64 `json:"ci_lb"`
	CIUb          []float64 `json:"ci_ub"`
	Tau2          float64
	PGreater      float64 `json:"p_greater"`
	Tau2Default   float64 `json:"tau2_default"`
}

func relClose(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= abs+rel*math.Abs(want)
}

// TestMetaRegressionAgainstMetafor compares every fixture with R metafor's
// rma(yi, sei, mods = ~ year, method = "REML", test = "knha") run to a tight
// convergence threshold, and τ² also with metafor's default threshold
// (|Δτ²| < 1e-5).
func TestMetaRegressionAgainstMetafor(t *testing.T) {
	var ref struct{ Cases []metaCase }
	load(t, "reference_meta.json", &ref)
	if len(ref.Cases) < 4 {
		t.Fatalf("%d reference cases", len(ref.Cases))
	}
	positive := 0
	for _, c := range ref.Cases {
		f, err := MetaRegression(c.Yi, c.Sei, c.Year)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if c.Tau2 > 0 {
			positive++
		}
		if !relClose(f.Tau2, c.Tau2, 1e-9, 1e-14) || math.Abs(f.Tau2-c.Tau2Default) > 1e-5 {
			t.Errorf("%s: tau2 = %.12g, metafor %.12g (default threshold %.12g)", c.Name, f.Tau2, c.Tau2, c.Tau2Default)
		}
		if f.DF != c.DF {
			t.Errorf("%s: df = %v, metafor %v", c.Name, f.DF, c.DF)
		}
		for j := range c.Beta {
			lo, hi := f.CI(j, 0.95)
			for _, chk := range []struct {
				what      string
				got, want float64
			}{{"beta", f.Beta[j], c.Beta[j]}, {"se", f.SE[j], c.SE[j]}, {"t", f.T[j], c.T[j]},
				{"p", f.PValue(j, TwoSided), c.PTwoSided[j]}, {"ci_lb", lo, c.CILb[j]}, {"ci_ub", hi, c.CIUb[j]}} {
				if !relClose(chk.got, chk.want, 1e-8, 1e-12) {
					t.Errorf("%s: %s[%d] = %.10g, metafor %.10g", c.Name, chk.what, j, chk.got, chk.want)
				}
			}
		}
		if p := f.PValue(1, Greater); !relClose(p, c.PGreater, 1e-8, 1e-12) {
			t.Errorf("%s: one-sided p = %.10g, R %.10g", c.Name, p, c.PGreater)
		}
	}
	if positive == 0 {
		t.Error("no reference case with tau2 > 0")
	}
}

// TestMetaRegressionHomogeneous: with τ² = 0 and equal SEs the fit is
// ordinary least squares of y on x, and the Knapp–Hartung SE is the OLS SE.
func TestMetaRegressionHomogeneous(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1.0, 2.1, 2.9, 4.2, 4.9, 6.1}
	se := []float64{5, 5, 5, 5, 5, 5} // large SEs: REML τ² hits 0
	f, err := MetaRegression(y, se, x)
	if err != nil {
		t.Fatal(err)
	}
	if f.Tau2 != 0 {
		t.Errorf("tau2 = %v, want 0", f.Tau2)
	}
	b := Slope(x, y)
	a := Mean(y) - b*Mean(x)
	rss, sxx := 0.0, 0.0
	for i := range x {
		r := y[i] - a - b*x[i]
		rss += r * r
		sxx += (x[i] - Mean(x)) * (x[i] - Mean(x))
	}
	seB := math.Sqrt(rss / 4 / sxx)
	if !relClose(f.Beta[1], b, 1e-12, 1e-12) || !relClose(f.SE[1], seB, 1e-10, 0) {
		t.Errorf("slope %v se %v, OLS %v %v", f.Beta[1], f.SE[1], b, seB)
	}
}

// TestMetaRegressionNullCalibration: with a true slope of 0, heterogeneity
// τ² > 0 and estimated SEs at five points, the one-sided Knapp–Hartung test
// rejects at 5% in about 5% of 4000 simulated sets (a fixed-effect test
// would reject far more often).
func TestMetaRegressionNullCalibration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := []float64{2022, 2023, 2024, 2025, 2026}
	const runs = 4000
	rej := 0
	for k := 0; k < runs; k++ {
		y, se := make([]float64, 5), make([]float64, 5)
		for i := range y {
			s := 0.03
			se[i] = s * (0.8 + 0.4*r.Float64())
			y[i] = 1 + 0.06*r.NormFloat64() + s*r.NormFloat64()
		}
		f, err := MetaRegression(y, se, x)
		if err != nil {
			t.Fatal(err)
		}
		if f.PValue(1, Greater) < 0.05 {
			rej++
		}
	}
	// binomial: 5% of 4000 = 200, sd ≈ 13.8; allow up to 6.5% (about +4 sd).
	if rej > runs*65/1000 {
		t.Errorf("null rejections %d of %d", rej, runs)
	}
	t.Logf("null rejections at 5%%: %d of %d", rej, runs)
}

func TestMetaRegressionBadInput(t *testing.T) {
	x := []float64{1, 2, 3}
	for _, c := range []struct {
		y, se, x []float64
	}{
		{[]float64{1, 2}, []float64{1, 1}, []float64{1, 2}},          // k = p
		{[]float64{1, 2, 3}, []float64{1, 0, 1}, x},                  // zero SE
		{[]float64{1, math.NaN(), 3}, []float64{1, 1, 1}, x},         // NaN estimate
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, []float64{2, 2, 2}}, // constant moderator
		{[]float64{1, 2, 3}, []float64{1, 1}, x},                     // lengths differ
	} {
		if _, err := MetaRegression(c.y, c.se, c.x); err == nil {
			t.Errorf("y=%v se=%v x=%v: no error", c.y, c.se, c.x)
		}
	}
	if _, err := MetaRegression([]float64{1}, []float64{1}); !errors.Is(err, ErrTooSmall) {
		t.Errorf("k=1: %v", err)
	}
}

package stats

import (
	"math"
	"testing"
)

// TestVanElterenAgainstCoin compares with R coin::independence_test(y ~ g |
// stratum) with van Elteren scores, and with the formula computed by hand in R.
func TestVanElterenAgainstCoin(t *testing.T) {
	var ref struct {
		Cases []struct {
			Name      string
			X, Y      [][]float64
			Linear, Z float64
			PGreater  float64 `json:"p_greater"`
			FormulaT  float64 `json:"formula_t"`
			FormulaZ  float64 `json:"formula_z"`
		}
	}
	load(t, "reference_stratified.json", &ref)
	if len(ref.Cases) < 3 {
		t.Fatalf("%d cases", len(ref.Cases))
	}
	for _, c := range ref.Cases {
		r, err := VanElteren(c.X, c.Y, Greater)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if !relClose(r.Statistic, c.Linear, 1e-12, 1e-12) || !relClose(r.Statistic, c.FormulaT, 1e-12, 1e-12) {
			t.Errorf("%s: T = %.15g, coin %.15g, formula %.15g", c.Name, r.Statistic, c.Linear, c.FormulaT)
		}
		if !relClose(r.Z, c.Z, 1e-10, 1e-12) || !relClose(r.Z, c.FormulaZ, 1e-10, 1e-12) {
			t.Errorf("%s: z = %.15g, coin %.15g, formula %.15g", c.Name, r.Z, c.Z, c.FormulaZ)
		}
		if !relClose(r.P, c.PGreater, 1e-9, 1e-14) {
			t.Errorf("%s: p = %.15g, coin %.15g", c.Name, r.P, c.PGreater)
		}
		// The reverse direction mirrors.
		rl, _ := VanElteren(c.Y, c.X, Less)
		if !relClose(rl.P, r.P, 1e-12, 1e-15) {
			t.Errorf("%s: swapping groups and direction gives p %v, want %v", c.Name, rl.P, r.P)
		}
	}
}

// TestVanElterenOneStratum: with one stratum and no ties, van Elteren's z
// is the Mann–Whitney z without continuity correction.
func TestVanElterenOneStratum(t *testing.T) {
	x := []float64{3.1, 4.5, 6.2, 7.7, 9.0, 10.4}
	y := []float64{1.2, 2.8, 3.9, 5.1, 5.6}
	r, err := VanElteren([][]float64{x}, [][]float64{y}, Greater)
	if err != nil {
		t.Fatal(err)
	}
	mw, _ := MannWhitney(x, y, Greater)
	n1, n2 := 6.0, 5.0
	z := (mw.Statistic - n1*n2/2) / math.Sqrt(n1*n2*(n1+n2+1)/12)
	if math.Abs(r.Z-z) > 1e-12 {
		t.Errorf("z = %v, Mann-Whitney without correction %v", r.Z, z)
	}
}

func TestVanElterenBadInput(t *testing.T) {
	if _, err := VanElteren([][]float64{{1, 2}}, [][]float64{{}}, Greater); err == nil {
		t.Error("no stratum with both groups: no error")
	}
	if _, err := VanElteren([][]float64{{1, math.NaN()}}, [][]float64{{1}}, Greater); err == nil {
		t.Error("NaN: no error")
	}
	if _, err := VanElteren([][]float64{{1}}, nil, Greater); err == nil {
		t.Error("strata mismatch: no error")
	}
}

// TestMDEKendallGroups: without ties the null SD of τ is √(2(2n+5)/(9n(n−1)));
// ties in the group index (three years) make the detectable τ_b larger than
// that continuous-predictor formula.
func TestMDEKendallGroups(t *testing.T) {
	z := NormalQuantile(0.99) + NormalQuantile(0.8)
	distinct := [][]float64{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}}
	for k := range distinct {
		distinct[k][0] = float64(k*7%10) + 0.5
	}
	n := 10.0
	want := z * math.Sqrt(2*(2*n+5)/(9*n*(n-1)))
	if got := MDEKendallGroups(distinct, 0.01, 0.8); math.Abs(got-want) > 1e-12 {
		t.Errorf("no ties: %v, want %v", got, want)
	}
	three := make([][]float64, 3)
	for i := 0; i < 300; i++ {
		three[i%3] = append(three[i%3], float64(i*37%101))
	}
	n = 300
	cont := z * math.Sqrt(2*(2*n+5)/(9*n*(n-1)))
	if got := MDEKendallGroups(three, 0.01, 0.8); !(got > cont*1.1) {
		t.Errorf("three years: %v, not above the continuous formula %v", got, cont)
	}
	if !math.IsNaN(MDEKendallGroups([][]float64{{1}, {2}}, 0.05, 0.8)) {
		t.Error("n = 2 should be NaN")
	}
}

func TestMDEFromSE(t *testing.T) {
	got := MDEFromSE(0.1, math.Inf(1), 0.01, 0.8)
	want := (NormalQuantile(0.99) + NormalQuantile(0.8)) * 0.1
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%v, want %v", got, want)
	}
	if MDEFromSE(0.1, 3, 0.01, 0.8) <= got {
		t.Error("t on 3 df should need a larger effect than the normal")
	}
}

package hypotheses

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestFamilySize(t *testing.T) {
	if len(All) != familySize {
		t.Errorf("All has %d hypotheses, familySize is %d", len(All), familySize)
	}
}

// TestContraP: Amendment 1's rule, min over parts times their number, capped at 1.
func TestContraP(t *testing.T) {
	for _, c := range []struct {
		ps   []float64
		want float64
	}{
		{[]float64{0.01, 0.5, 0.9, 0.2}, 0.04},
		{[]float64{0.3, 0.8}, 0.6},
		{[]float64{0.7, 0.9}, 1},
		{[]float64{0.002}, 0.002},
	} {
		if got := contraP(c.ps); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("contraP(%v) = %v, want %v", c.ps, got, c.want)
		}
	}
	if !math.IsNaN(contraP(nil)) || !math.IsNaN(contraP([]float64{0.1, math.NaN()})) {
		t.Error("no parts or a NaN part must give NaN")
	}
}

// TestVerdictRules: contradicted needs the Holm-adjusted p_contra strictly
// below alpha (Amendment 2, item 9); supported needs Holm p_H below alpha and every effect in the
// claimed direction; a CI on the wrong side alone no longer contradicts.
func TestVerdictRules(t *testing.T) {
	for _, c := range []struct {
		r    Result
		want Verdict
	}{
		{Result{insufficient: "x", PAdjusted: 0.001}, Insufficient},
		{Result{PContraAdjusted: 0.049, PAdjusted: 1}, Contradicted},
		{Result{PContraAdjusted: 0.05, PAdjusted: 1}, NotSupported},
		{Result{PContraAdjusted: 0.051, PAdjusted: 0.3}, NotSupported},
		{Result{PContraAdjusted: 1, PAdjusted: 0.049, inDirection: true}, Supported},
		{Result{PContraAdjusted: 1, PAdjusted: 0.049, inDirection: false}, NotSupported},
		{Result{PContraAdjusted: 1, PAdjusted: 0.05, inDirection: true}, NotSupported},
	} {
		if got := verdict(&c.r, 0.05); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
}

// TestFmtDirected: the sign is stated once, in words.
func TestFmtDirected(t *testing.T) {
	for _, c := range []struct {
		e    Effect
		want string
	}{
		{Effect{Estimate: -0.55, CILow: -0.65, CIHigh: -0.46, CILevel: 0.95}, "0.55 points lower (95% CI 0.46 to 0.65 lower)"},
		{Effect{Estimate: 0.48, CILow: 0.40, CIHigh: 0.56, CILevel: 0.95}, "0.48 points higher (95% CI 0.40 to 0.56 higher)"},
		{Effect{Estimate: -0.12, CILow: -0.30, CIHigh: 0.05, CILevel: 0.95}, "0.12 points lower (95% CI 0.05 higher to 0.30 lower)"},
	} {
		got := fmtDirected(c.e, 2, "points", "higher", "lower")
		if got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if strings.Contains(got, "-") {
			t.Errorf("%q carries a minus sign beside a direction word", got)
		}
	}
}

func TestFloatJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		A, B, C Float
		D       *Float
	}{Float(math.NaN()), Float(math.Inf(-1)), 0.25, nil})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"A":null,"B":null,"C":0.25,"D":null}`; string(b) != want {
		t.Errorf("%s, want %s", b, want)
	}
}

// TestProvisional: below 999 resamples every verdict is marked with its B.
func TestProvisional(t *testing.T) {
	for b, want := range map[int]string{99: "provisional (B = 99)", 998: "provisional (B = 998)", 999: "", 9999: ""} {
		if got := provisional(b); got != want {
			t.Errorf("provisional(%d) = %q, want %q", b, got, want)
		}
	}
}

// TestCensoredAt: more than 10% at a codebook bound or at the observed
// maximum is flagged; exactly 10% is not.
func TestCensoredAt(t *testing.T) {
	zero, hundred := 0.0, 100.0
	rep := func(x float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = x
		}
		return out
	}
	mix := func(parts ...[]float64) []float64 {
		var out []float64
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	spread := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = 1 + float64(i)/float64(n)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		xs     []float64
		lo, hi *float64
		want   []Bound
	}{
		{"none", spread(100), &zero, &hundred, nil},
		{"11% at min", mix(rep(0, 11), spread(89)), &zero, &hundred, []Bound{BoundCodebookMin}},
		{"10% at min is not more than 10%", mix(rep(0, 10), spread(90)), &zero, &hundred, nil},
		{"20% at codebook max", mix(rep(100, 20), spread(80)), &zero, &hundred, []Bound{BoundCodebookMax}},
		{"15% at the observed max, no codebook max", mix(rep(50, 15), spread(85)), &zero, nil, []Bound{BoundObservedMax}},
		{"15% at the observed max below the codebook max", mix(rep(50, 15), spread(85)), nil, &hundred, []Bound{BoundObservedMax}},
	} {
		got := censoredAt("v", c.xs, c.lo, c.hi)
		var bs []Bound
		for _, g := range got {
			bs = append(bs, g.Bound)
			if want := float64(g.At) / float64(g.N); float64(g.Share) != want || g.N != len(c.xs) {
				t.Errorf("%s: share %v of n %d", c.name, g.Share, g.N)
			}
		}
		if fmt.Sprint(bs) != fmt.Sprint(c.want) {
			t.Errorf("%s: bounds %v, want %v", c.name, bs, c.want)
		}
	}
}

package trends

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// simSpec describes an in-memory survey for the calibration tests: nSingle
// nominal questions (4 levels), nNumber numbers, nMulti multi-selects (3
// options), all stationary; plus nShift numbers whose location rises by
// shift SDs per wave (planted trends).
type simSpec struct {
	years                            []int
	perWave                          int
	nSingle, nNumber, nMulti, nShift int
	shift                            float64
}

// simCodebook writes a codebook that every wave maps in full.
func simCodebook(s simSpec) *codebook.Codebook {
	var b strings.Builder
	b.WriteString("version: 1\nvariables:\n")
	b.WriteString("  - {name: company_stage, label: Stage, type: single, role: quasi_identifier, levels: [Seed, Series A, Series B]}\n")
	b.WriteString("  - {name: hq_region, label: Region, type: single, role: quasi_identifier, levels: [North America, Europe]}\n")
	for _, v := range simVars(s) {
		switch {
		case strings.HasPrefix(v, "single"):
			fmt.Fprintf(&b, "  - {name: %s, label: Q %s, type: single, role: sensitive, levels: [a, b, c, d], theme: sales}\n", v, v)
		case strings.HasPrefix(v, "multi"):
			fmt.Fprintf(&b, "  - {name: %s, label: Q %s, type: multi, role: sensitive, levels: [x, y, z], theme: ai}\n", v, v)
		default:
			fmt.Fprintf(&b, "  - {name: %s, label: Q %s, type: number, role: sensitive, min: -100, max: 100, theme: cash}\n", v, v)
		}
	}
	b.WriteString("waves:\n")
	for _, y := range s.years {
		fmt.Fprintf(&b, "  - year: %d\n    file: w%d.csv\n    tool: typeform\n    header_rows: 1\n    columns:\n", y, y)
		for _, v := range append([]string{"company_stage", "hq_region"}, simVars(s)...) {
			fmt.Fprintf(&b, "      - {var: %s, header: %s}\n", v, v)
		}
	}
	cb, err := codebook.Parse([]byte(b.String()))
	if err != nil {
		panic(err)
	}
	return cb
}

func simVars(s simSpec) []string {
	var out []string
	for i := 0; i < s.nSingle; i++ {
		out = append(out, fmt.Sprintf("single%d", i))
	}
	for i := 0; i < s.nNumber; i++ {
		out = append(out, fmt.Sprintf("number%d", i))
	}
	for i := 0; i < s.nMulti; i++ {
		out = append(out, fmt.Sprintf("multi%d", i))
	}
	for i := 0; i < s.nShift; i++ {
		out = append(out, fmt.Sprintf("shift%d", i))
	}
	return out
}

// simData draws the responses; stageEffect, when not zero, adds that many
// SDs per stage index to every shift variable (and stageMix tilts the stage
// mix towards later stages in later waves).
func simData(s simSpec, cb *codebook.Codebook, seed uint64, stageMix, stageEffect float64) *dataset.Dataset {
	r := rand.New(rand.NewPCG(seed, 99))
	var cols []*dataset.Column
	for _, v := range cb.Variables {
		kind := dataset.Numeric
		switch v.Type {
		case codebook.TypeSingle:
			kind = dataset.Categorical
		case codebook.TypeMulti:
			kind = dataset.Multi
		}
		cols = append(cols, &dataset.Column{Name: v.Name, Kind: kind, Levels: v.Levels})
	}
	d := dataset.New(cols)
	for k, y := range s.years {
		for j := 0; j < s.perWave; j++ {
			i := d.AddRow(y, fmt.Sprint(y, j), "sim", j+2)
			st := simStage(r, stageMix*float64(k))
			d.Col("company_stage").Num[i] = float64(st)
			d.Col("hq_region").Num[i] = float64(r.IntN(2))
			for _, v := range simVars(s) {
				d.Col(v).Num[i] = simValue(r, v, float64(k)*s.shift+stageEffect*float64(st))
			}
		}
	}
	return d
}

func simStage(r *rand.Rand, tilt float64) int {
	w := []float64{1, 1, 1 + tilt}
	x := r.Float64() * (w[0] + w[1] + w[2])
	switch {
	case x < w[0]:
		return 0
	case x < w[0]+w[1]:
		return 1
	}
	return 2
}

func simValue(r *rand.Rand, v string, loc float64) float64 {
	switch {
	case strings.HasPrefix(v, "single"):
		return float64(r.IntN(4))
	case strings.HasPrefix(v, "multi"):
		bits := 0
		for o := 0; o < 3; o++ {
			if r.Float64() < 0.4 {
				bits |= 1 << o
			}
		}
		return float64(bits)
	case strings.HasPrefix(v, "shift"):
		return math.Round((r.NormFloat64()+loc)*100) / 10
	}
	return math.Round(r.NormFloat64()*100) / 10
}

// TestFalseDiscoveriesNearQ: across seeds, with 70 true-null tests and 10
// planted trends in one BH family, the mean false discovery proportion stays
// at or below q (BH bounds it by q·m0/m), each planted trend over all waves is usually
// found, and under the complete null the chance of any discovery stays near
// q (BH controls the family-wise rate then).
func TestFalseDiscoveriesNearQ(t *testing.T) {
	seeds := 100
	if testing.Short() {
		seeds = 20
	}
	mixed := simSpec{years: []int{2022, 2023, 2024, 2025, 2026}, perWave: 250, nSingle: 10, nNumber: 10, nMulti: 5, nShift: 5, shift: 0.12}
	null := mixed
	null.nShift = 0
	o := Defaults()
	var fdp, power float64
	anyNull := 0
	for seed := 1; seed <= seeds; seed++ {
		res := mustRun(t, mixed, uint64(seed), o)
		v, rej, found := 0, 0, 0
		for _, tv := range res.Variables {
			for _, ts := range tv.Tests {
				if !ts.Significant || isRakeVar(tv.Name) {
					continue
				}
				rej++
				if strings.HasPrefix(tv.Name, "shift") {
					if len(ts.Years) > 2 {
						found++ // the trend over all waves, not this year vs last
					}
				} else {
					v++
				}
			}
		}
		if rej > 0 {
			fdp += float64(v) / float64(rej)
		}
		power += float64(found) / float64(mixed.nShift)
		if discoveries(mustRun(t, null, uint64(1000+seed), o)) > 0 {
			anyNull++
		}
	}
	fdp /= float64(seeds)
	power /= float64(seeds)
	fwer := float64(anyNull) / float64(seeds)
	t.Logf("%d seeds: mean FDP %.3f (q = %g), power %.2f, complete-null P(any discovery) %.3f", seeds, fdp, o.Q, power, fwer)
	if se := math.Sqrt(o.Q * (1 - o.Q) / float64(seeds)); fdp > o.Q+3*se {
		t.Errorf("mean false discovery proportion %.3f exceeds q = %g by more than 3 SE", fdp, o.Q)
	}
	if se := math.Sqrt(o.Q * (1 - o.Q) / float64(seeds)); fwer > o.Q+3*se {
		t.Errorf("complete null: P(any discovery) = %.3f, want about q = %g or less", fwer, o.Q)
	}
	if power < 0.8 {
		t.Errorf("planted trends found %.0f%% of the time, want at least 80%%", 100*power)
	}
}

func mustRun(t *testing.T, s simSpec, seed uint64, o Options) *Result {
	t.Helper()
	cb := simCodebook(s)
	res, err := Run(Input{Data: simData(s, cb, seed, 0, 0), Codebook: cb}, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func discoveries(r *Result) int {
	n := 0
	for _, tv := range r.Variables {
		if isRakeVar(tv.Name) {
			continue
		}
		for _, ts := range tv.Tests {
			if ts.Significant {
				n++
			}
		}
	}
	return n
}

// TestCompositionFlag: an outcome that depends only on stage, in waves whose
// stage mix drifts, shows a raw trend that raking to the pooled stage mix
// removes (flagged); a trend within stages survives reweighting (not
// flagged).
func TestCompositionFlag(t *testing.T) {
	s := simSpec{years: []int{2022, 2023, 2024, 2025, 2026}, perWave: 400, nShift: 1}
	cb := simCodebook(s)
	d := simData(s, cb, 5, 1.5, 0.8) // later waves: far more Series B, which answers 0.8 SD higher
	res, err := Run(Input{Data: d, Codebook: cb}, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	tv := varNamed(t, res, "shift0")
	trend := tv.Tests[len(tv.Tests)-1]
	if !trend.Significant || trend.WeightedSig || !trend.CompositionFlag || !tv.CompositionFlag {
		t.Errorf("composition-only trend: sig %v (p %g), weighted sig %v (p %g), flag %v", trend.Significant, trend.PAdjusted, trend.WeightedSig, trend.WeightedPAdjusted, trend.CompositionFlag)
	}
	if !strings.Contains(trend.Sentence, "may reflect who answered") {
		t.Errorf("sentence does not warn: %q", trend.Sentence)
	}
	s.shift = 0.25
	res, err = Run(Input{Data: simData(s, cb, 5, 0, 0), Codebook: cb}, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	trend = varNamed(t, res, "shift0").Tests[1]
	if !trend.Significant || !trend.WeightedSig || trend.CompositionFlag || trend.Direction != Up {
		t.Errorf("within-stage trend: sig %v, weighted sig %v, flag %v, direction %s", trend.Significant, trend.WeightedSig, trend.CompositionFlag, trend.Direction)
	}
}

func varNamed(t *testing.T, r *Result, name string) *Variable {
	t.Helper()
	for _, v := range r.Variables {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no variable %s", name)
	return nil
}

// TestSmallWavesUseMonteCarlo: with expected counts under 5 the chi-square
// p-value is the Monte Carlo one, said so, and the same on every run.
func TestSmallWavesUseMonteCarlo(t *testing.T) {
	s := simSpec{years: []int{2024, 2025, 2026}, perWave: 12, nSingle: 1}
	a := mustRun(t, s, 3, Defaults())
	b := mustRun(t, s, 3, Defaults())
	ta, tb := omnibus(varNamed(t, a, "single0").Tests), omnibus(varNamed(t, b, "single0").Tests)
	if len(ta) != 2 {
		t.Fatalf("%d chi-square tests, want 2", len(ta))
	}
	for i, ts := range ta {
		if ts.Method != ChiSquareMC || !strings.Contains(ts.Note, "Monte Carlo p from 2000 tables") {
			t.Errorf("%s: method %q note %q", ts.Scope, ts.Method, ts.Note)
		}
		if !(ts.P > 0 && ts.P <= 1) || ts.P != tb[i].P {
			t.Errorf("%s: p %g, rerun %g", ts.Scope, ts.P, tb[i].P)
		}
		if got := math.Round(ts.P * 2001); math.Abs(got-ts.P*2001) > 1e-6 {
			t.Errorf("%s: p %g is not k/(B+1)", ts.Scope, ts.P)
		}
	}
}

// omnibus keeps the tests that are not one level's Cochran–Armitage test.
func omnibus(ts []*Test) []*Test {
	var out []*Test
	for _, t := range ts {
		if t.Method != CochranArmitage {
			out = append(out, t)
		}
	}
	return out
}

// TestDegenerateInputs: no rows, or no stage and region to rake on, give a
// result (with reasons), not a panic.
func TestDegenerateInputs(t *testing.T) {
	s := simSpec{years: []int{2025, 2026}, perWave: 0, nSingle: 1, nNumber: 1, nMulti: 1}
	cb := simCodebook(s)
	res, err := Run(Input{Data: simData(s, cb, 1, 0, 0), Codebook: cb}, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Tests(); n != 0 {
		t.Errorf("empty data: %d tests", n)
	}
	s.perWave = 30
	d := simData(s, cb, 1, 0, 0)
	delete(d.Cols, "company_stage")
	delete(d.Cols, "hq_region")
	res, err = Run(Input{Data: d, Codebook: cb}, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Weighting {
		if w.KishN != float64(w.N) {
			t.Errorf("no rake variables: Kish n %g of %d", w.KishN, w.N)
		}
	}
	if _, err := Run(Input{Data: d, Codebook: cb}, Options{Q: 2}); err == nil {
		t.Error("q = 2 accepted")
	}
}

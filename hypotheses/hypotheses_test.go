package hypotheses_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

func sample(t testing.TB, o synth.Options) *dataset.Dataset {
	t.Helper()
	d, err := load(t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// load writes a synthetic data folder into dir, reads and cleans it.
func load(dir string, o synth.Options) (*dataset.Dataset, error) {
	res, err := synth.Write(dir, o)
	if err != nil {
		return nil, err
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		return nil, err
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, res.Codebook, clean.Defaults())
	return kept, nil
}

func fast() hypotheses.Options {
	o := hypotheses.Defaults()
	o.Resamples = 199
	return o
}

func TestInsufficientData(t *testing.T) {
	d := sample(t, synth.Options{Seed: 5, Scale: 0.03, Effects: "planted"})
	rep := hypotheses.RunAll(d, fast())
	for _, r := range rep.Results {
		if r.Verdict != hypotheses.Insufficient {
			t.Errorf("%s at n=%d: verdict %q, want insufficient data", r.ID, r.N, r.Verdict)
			continue
		}
		if !math.IsNaN(float64(r.PValue)) || !strings.Contains(r.Finding, "Insufficient data: ") {
			t.Errorf("%s: p = %v, finding %q; want no p-value and a reason", r.ID, r.PValue, r.Finding)
		}
	}
	// Waves missing entirely: only 2022–2023 data.
	old := d.Subset(func(i int) bool { return d.Year[i] <= 2023 })
	for _, r := range hypotheses.RunAll(old, fast()).Results {
		if r.Verdict != hypotheses.Insufficient {
			t.Errorf("%s without its waves: %q", r.ID, r.Verdict)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []func(*hypotheses.Options){
		func(o *hypotheses.Options) { o.Alpha = 0 },
		func(o *hypotheses.Options) { o.Alpha = 1 },
		func(o *hypotheses.Options) { o.Resamples = 10 },
		func(o *hypotheses.Options) { o.EquivalenceMargin = 0 },
		func(o *hypotheses.Options) { o.MinGroup = 1 },
	}
	for i, f := range bad {
		o := hypotheses.Defaults()
		f(&o)
		if err := o.Validate(); err == nil || !strings.HasPrefix(err.Error(), "-") {
			t.Errorf("case %d: err = %v, want one naming the flag", i, err)
		}
	}
	if err := hypotheses.Defaults().Validate(); err != nil {
		t.Error(err)
	}
}

// TestCrossCheck recomputes one component per hypothesis from the written
// responses.csv, parsing it here and calling the statistics directly (or,
// for H2, computing the IQRs by hand), independently of the hypothesis code.
func TestCrossCheck(t *testing.T) {
	sv := synthtest.Cleaned(t, synth.Options{Seed: 11, Scale: 1, Effects: "planted"})
	dir, res, kept := sv.Dir, sv.Res, sv.Kept
	b, err := report.ResponsesCSV(kept, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "responses.csv")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	num := func(r []string, v string) float64 {
		x, err := strconv.ParseFloat(r[col[v]], 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	kept.Company = nil // responses.csv carries no company key: every row its own company
	rep := hypotheses.RunAll(kept, fast())
	get := func(id, name string) hypotheses.Component {
		for _, r := range rep.Results {
			if r.ID == id {
				for _, c := range r.Components {
					if strings.HasPrefix(c.Name, name) {
						return c
					}
				}
			}
		}
		t.Fatalf("%s component %q not found", id, name)
		return hypotheses.Component{}
	}
	// H1: win rate, augmented vs autonomous: van Elteren by year (primary)
	// and the pooled Mann-Whitney (sensitivity).
	var aug, auto []float64
	augY, autoY := make([][]float64, 2), make([][]float64, 2)
	for _, r := range recs[1:] {
		y := r[col["year"]]
		w := num(r, "win_rate_pct")
		if (y != "2025" && y != "2026") || math.IsNaN(w) {
			continue
		}
		k := map[string]int{"2025": 0, "2026": 1}[y]
		switch r[col["sdr_model"]] {
		case "Human SDRs with AI tools (augmented)":
			aug, augY[k] = append(aug, w), append(augY[k], w)
		case "Autonomous AI SDR agents":
			auto, autoY[k] = append(auto, w), append(autoY[k], w)
		}
	}
	ve, _ := stats.VanElteren(augY, autoY, stats.Greater)
	c := get("H1", "win rate: augmented vs autonomous")
	if float64(c.PValue) != ve.P || float64(c.Statistic) != ve.Z || c.Groups[0].N != len(aug) {
		t.Errorf("H1: component p=%v z=%v n=%d, recomputed p=%v z=%v n=%d", c.PValue, c.Statistic, c.Groups[0].N, ve.P, ve.Z, len(aug))
	}
	mw, _ := stats.MannWhitney(aug, auto, stats.Greater)
	if pooled := rep.Results[0].Robustness[0]; float64(pooled.PValue) != mw.P || float64(pooled.Statistic) != mw.Statistic {
		t.Errorf("H1 pooled: p=%v U=%v, recomputed p=%v U=%v", pooled.PValue, pooled.Statistic, mw.P, mw.Statistic)
	}
	// H2: the point estimate of the IQR slope, by hand.
	var xs, gs []float64
	for y := 2022; y <= 2026; y++ {
		var g []float64
		for _, r := range recs[1:] {
			if v := num(r, "arr_growth_yoy_pct"); r[col["year"]] == strconv.Itoa(y) && !math.IsNaN(v) {
				g = append(g, math.Asinh(v))
			}
		}
		xs, gs = append(xs, float64(y)), append(gs, stats.Quantile(g, 0.75)-stats.Quantile(g, 0.25))
	}
	// The yearly middle halves the figure shows, back on the asinh scale,
	// span these IQRs (the figure shows growth in %, asinh undone).
	var h2 hypotheses.Result
	for _, r := range rep.Results {
		if r.ID == "H2" {
			h2 = r
		}
	}
	bands := h2.Figure.Panels[0].Series[0].Points
	for k, p := range bands {
		if iqr := math.Asinh(p.High) - math.Asinh(p.Low); p.X != xs[k] || math.Abs(iqr-gs[k]) > 1e-9 {
			t.Errorf("H2 IQR %v: %v, recomputed %v", p.X, iqr, gs[k])
		}
	}
	// The yearly IQRs part a reports are these, and the meta-regression on
	// them with the SEs it reports gives its slope and t.
	a := get("H2", "a:")
	if len(a.PerYear) != len(gs) {
		t.Fatalf("H2 part a reports %d years, want %d", len(a.PerYear), len(gs))
	}
	ses := make([]float64, len(gs))
	for k, v := range a.PerYear {
		if float64(v.Year) != xs[k] || math.Abs(float64(v.Estimate)-gs[k]) > 1e-12 {
			t.Errorf("H2 part a %d: IQR %v, recomputed %v", v.Year, v.Estimate, gs[k])
		}
		ses[k] = float64(v.SE)
	}
	fit, err := stats.MetaRegression(gs, ses, xs)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(float64(a.Effect.Estimate)-fit.Beta[1]) > 1e-9 || math.Abs(float64(a.Statistic)-fit.T[1]) > 1e-6 {
		t.Errorf("H2 slope %v t %v, recomputed %v %v", a.Effect.Estimate, a.Statistic, fit.Beta[1], fit.T[1])
	}
	// H5: Kendall tau_b of (year, expected - measured), pairwise O(n²).
	var yr, gap []float64
	for _, r := range recs[1:] {
		e, m := num(r, "ai_expected_gain_pct"), num(r, "ai_gain_measured_pct")
		y, _ := strconv.Atoi(r[col["year"]])
		if y >= 2024 && !math.IsNaN(e) && !math.IsNaN(m) {
			yr, gap = append(yr, float64(y)), append(gap, e-m)
		}
	}
	kt, _ := stats.KendallTauB(yr, gap, stats.Less)
	if c := get("H5", "decreasing"); math.Abs(float64(c.Statistic)-kt.Statistic) > 1e-12 || math.Abs(float64(c.PValue)-kt.P) > 1e-12*math.Max(kt.P, 1e-300) {
		t.Errorf("H5 tau %v p %v, recomputed %v %v", c.Statistic, c.PValue, kt.Statistic, kt.P)
	}
	// H3 and H4: n of complete cases, counted by hand.
	n3 := 0
	for _, r := range recs[1:] {
		if r[col["year"]] != "2026" {
			continue
		}
		ok := r[col["sales_cycle_change_12m"]] != "" && r[col["sales_cycle_change_12m"]] != "Don't know" &&
			r[col["buyer_ai_observed"]] != "" && r[col["ai_gtm_use_cases"]] != "" && r[col["customer_segment"]] != "" && r[col["acv_band"]] != ""
		if ok {
			n3++
		}
	}
	if c := get("H3", "beta_buyer > 0"); c.N != n3 {
		t.Errorf("H3 n = %d, counted %d", c.N, n3)
	}
	n4 := 0
	for _, r := range recs[1:] {
		y := r[col["year"]]
		s := r[col["sdr_hc_change_12m"]]
		if (y == "2025" || y == "2026") && s != "" && s != "No SDRs" && !math.IsNaN(num(r, "ai_gain_measured_pct")) {
			n4++
		}
	}
	if c := get("H4", "A:"); c.N != n4 {
		t.Errorf("H4 n = %d, counted %d", c.N, n4)
	}
}

// TestH1InsufficientNamesEveryContrast: with tiny groups every failing
// contrast is named, and n is reported anyway.
func TestH1InsufficientNamesEveryContrast(t *testing.T) {
	d := sample(t, synth.Options{Seed: 5, Scale: 0.05, Effects: "planted"})
	r := hypotheses.RunAll(d, fast()).Results[0]
	if r.Verdict != hypotheses.Insufficient {
		t.Fatalf("H1 at scale 0.05: %q", r.Verdict)
	}
	for _, name := range []string{"win rate: augmented vs autonomous AI", "win rate: augmented vs human-only", "new ARR per AE: augmented vs autonomous AI", "new ARR per AE: augmented vs human-only"} {
		if !strings.Contains(r.Finding, name) {
			t.Errorf("finding %q does not name %q", r.Finding, name)
		}
	}
	if r.N == 0 {
		t.Error("n not reported for insufficient data")
	}
	if r.Figure.Empty == "" {
		t.Error("insufficient data without an empty figure")
	}
}

// TestH5PartBNeedsPairs: with fewer repeat companies than the minimum
// group, H5 is insufficient and names the count; with the planted panel
// part b is tested on the companies' own changes.
func TestH5PartBNeedsPairs(t *testing.T) {
	d := sample(t, synth.Options{Seed: 6, Scale: 1, Effects: "planted"})
	r := hypotheses.RunAll(d, fast()).Results[4]
	if len(r.Components) != 2 || r.Components[1].N < 20 || !(float64(r.Components[1].PValue) < 0.05) {
		t.Fatalf("H5 part b on the planted panel: %+v", r.Components)
	}
	if !strings.Contains(r.Finding, "wave") || !strings.Contains(r.Finding, "sample") {
		t.Errorf("H5 finding lacks the wave-difference caveat: %s", r.Finding)
	}
	o := fast()
	o.MinGroup = r.Components[1].N + 1
	r = hypotheses.RunAll(d, o).Results[4]
	want := fmt.Sprintf("part b: %d companies", o.MinGroup-1)
	if r.Verdict != hypotheses.Insufficient || !strings.Contains(r.Finding, want) {
		t.Errorf("H5 with min group %d: %q %q, want insufficient naming %q", o.MinGroup, r.Verdict, r.Finding, want)
	}
}

// TestH5NeedsBaseline: without the 2024 wave H5 is insufficient and names
// it; without a later wave it names those.
func TestH5NeedsBaseline(t *testing.T) {
	d := sample(t, synth.Options{Seed: 6, Scale: 1, Effects: "planted"})
	for _, c := range []struct {
		keep func(y int) bool
		want string
	}{
		{func(y int) bool { return y != 2024 }, "2024"},
		{func(y int) bool { return y <= 2024 }, "2025, 2026"},
	} {
		sub := d.Subset(func(i int) bool { return c.keep(d.Year[i]) })
		r := hypotheses.RunAll(sub, fast()).Results[4]
		if r.Verdict != hypotheses.Insufficient || !strings.Contains(r.Finding, c.want) {
			t.Errorf("H5: %q %q, want insufficient data naming %s", r.Verdict, r.Finding, c.want)
		}
	}
}

// TestResultsOnSample: the planted sample gives every verdict "supported",
// an MDE for each (H2's included), p_contra beside p_H, descriptive tests
// outside the BH family, a robustness line for H1 and a figure per result.
func TestResultsOnSample(t *testing.T) {
	d := sample(t, synth.Options{Seed: 11, Scale: 1, Effects: "planted"})
	rep := hypotheses.RunAll(d, fast())
	for _, r := range rep.Results {
		if r.Verdict != hypotheses.Supported {
			t.Errorf("%s: %q: %s", r.ID, r.Verdict, r.Finding)
		}
		if math.IsNaN(float64(r.MDE)) || !(r.MDE > 0) || r.MDEUnit == "" {
			t.Errorf("%s: MDE %v %q", r.ID, r.MDE, r.MDEUnit)
		}
		if math.IsNaN(float64(r.PContra)) || r.PContraAdjusted < r.PContra {
			t.Errorf("%s: p_contra %v, adjusted %v", r.ID, r.PContra, r.PContraAdjusted)
		}
		if len(r.Years) == 0 || len(r.Variables) == 0 {
			t.Errorf("%s: years %v variables %v", r.ID, r.Years, r.Variables)
		}
		for _, c := range r.Secondary {
			if strings.Contains(c.Name, "descriptive") {
				t.Errorf("%s: descriptive test %q in the BH family", r.ID, c.Name)
			}
		}
		if r.NotShown == "" || !strings.HasPrefix(r.NotShown, "It does not show") {
			t.Errorf("%s: no plain 'what this does not show' line: %q", r.ID, r.NotShown)
		}
		if w := causalWords.FindString(r.Title + " " + r.Claim + " " + r.Finding); w != "" {
			t.Errorf("%s: causal wording %q in title, claim or finding", r.ID, w)
		}
		if signTwice.MatchString(r.Finding) {
			t.Errorf("%s: sign stated twice: %s", r.ID, r.Finding)
		}
		checkFigure(t, r)
	}
	h1 := rep.Results[0]
	for _, r := range rep.Results[:4:4] {
		for _, w := range r.Warnings {
			if strings.Contains(w, "repeat companies are left out") && strings.HasPrefix(w, "0 ") {
				t.Errorf("%s: the planted repeat companies are not found: %s", r.ID, w)
			}
		}
	}
	if len(rep.Repeats) == 0 || rep.Repeats[len(rep.Repeats)-1].Companies == 0 {
		t.Errorf("repeat companies per wave pair: %v", rep.Repeats)
	}
	if len(h1.Descriptive) != 2 || len(h1.Robustness) != 8 {
		t.Errorf("H1: %d descriptive, %d robustness components", len(h1.Descriptive), len(h1.Robustness))
	}
	if !strings.Contains(rep.Results[1].Warnings[0], "5 waves") {
		t.Errorf("H2 warning does not count the waves: %q", rep.Results[1].Warnings[0])
	}
	v := hypotheses.VerdictFigure(rep.Results, rep.Options.Alpha)
	if len(v.Panels) != 1 || len(v.Panels[0].Series[0].Points) != 5 || !strings.Contains(v.Title, "5 supported") {
		t.Errorf("verdict figure: %+v", v)
	}
}

// causalWords are claims of cause the results cannot make (Amendment 2, item 1).
var causalWords = regexp.MustCompile(`(?i)\b(outperform\w*|beats?|disrupts?|is widening|widens|causes?|leads? to|drives?|because|become[s]?)\b`)

// signTwice finds a negative number followed by a direction word ("-0.55 points lower").
var signTwice = regexp.MustCompile(`-[0-9.]+( points| SD)? (lower|higher|more|less|wider|narrower|longer|shorter)`)

func checkFigure(t *testing.T, r hypotheses.Result) {
	t.Helper()
	f := r.Figure
	if f.Empty != "" || f.Name == "" || len(f.Panels) == 0 {
		t.Errorf("%s figure: name %q, empty %q, %d panels", r.ID, f.Name, f.Empty, len(f.Panels))
		return
	}
	if strings.Contains(f.Title, "_") || !strings.Contains(f.Subtitle, "companies") || !strings.Contains(f.Stats, "Holm") {
		t.Errorf("%s figure: title %q subtitle %q", r.ID, f.Title, f.Subtitle)
	}
	for _, p := range f.Panels {
		for _, s := range p.Series {
			if len(s.Points) == 0 {
				t.Errorf("%s figure: series %q has no points", r.ID, s.Name)
			}
			for _, pt := range s.Points {
				if math.IsNaN(pt.Y) || pt.N == 0 {
					t.Errorf("%s figure: series %q point %+v", r.ID, s.Name, pt)
				}
			}
		}
	}
	want := map[string]int{"H1": 2, "H2": 3, "H3": 1, "H4": 2, "H5": 1}[r.ID]
	if len(f.Panels) != want {
		t.Errorf("%s figure: %d panels, want %d", r.ID, len(f.Panels), want)
	}
}

// TestHeadlinesMatchTheTests: each hypothesis's headline agrees with the
// numbers its own test reports on the same data.
func TestHeadlinesMatchTheTests(t *testing.T) {
	d := sample(t, synth.Options{Seed: 12, Scale: 1, Effects: "planted"})
	d.Company = nil // the public file has no company key: compare without the one-per-company rule
	rep := hypotheses.RunAll(d, fast())
	hl := hypotheses.Headlines(d)
	if len(hl) != 5 {
		t.Fatalf("%d headlines", len(hl))
	}
	h1 := rep.Results[0].Components[0] // win rate: augmented vs autonomous AI
	pooled := rep.Results[0].Robustness[0]
	if math.Abs(hl[0].Estimate-float64(h1.Effect.Estimate)) > 1e-12 || math.Abs(hl[0].P-float64(pooled.PValue)) > 1e-12 {
		t.Errorf("H1 headline %v (p %v), test %v (pooled p %v)", hl[0].Estimate, hl[0].P, h1.Effect.Estimate, pooled.PValue)
	}
	for _, h := range hl {
		if h.ID == "" || math.IsNaN(h.Estimate) || h.Estimate*h.Want <= 0 {
			t.Errorf("%s headline %v, want sign %v on planted data", h.ID, h.Estimate, h.Want)
		}
	}
}

// TestH3ObjectionsModelLeavesOutItsOwnItem: when new_objections is "Yes"
// exactly for those who ticked "New AI-driven objections", an index that
// counted that item would find it; the secondary model leaves it out, so it
// finds only what the other (independent) items carry.
func TestH3ObjectionsModelLeavesOutItsOwnItem(t *testing.T) {
	d := sample(t, synth.Options{Seed: 13, Scale: 1, Effects: "null"})
	obj, yes, no := d.Col("new_objections"), -1, -1
	for k, l := range obj.Levels {
		switch l {
		case "Yes":
			yes = k
		case "No":
			no = k
		}
	}
	for i := 0; i < d.Len(); i++ {
		ch, ok := d.Chosen("buyer_ai_observed", i)
		if !ok {
			continue
		}
		obj.Num[i] = float64(no)
		if slices.Contains(ch, "New AI-driven objections") {
			obj.Num[i] = float64(yes)
		}
	}
	r := hypotheses.RunAll(d, fast()).Results[2]
	if len(r.Secondary) != 1 || !strings.Contains(r.Secondary[0].Name, "without") {
		t.Fatalf("H3 secondary: %+v", r.Secondary)
	}
	if tt := float64(r.Secondary[0].Statistic); math.Abs(tt) > 4 {
		t.Errorf("objections model t = %v: the index still counts the outcome's own item", tt)
	}
	if len(r.Components) != 3 || !strings.Contains(r.Components[2].Name, "beta_buyer + beta_seller") {
		t.Fatalf("H3 parts: %+v", r.Components)
	}
	maxP := math.Max(float64(r.Components[0].PValue), math.Max(float64(r.Components[1].PValue), float64(r.Components[2].PValue)))
	if float64(r.PValue) != maxP {
		t.Errorf("p_H3 %v, max of the three parts %v", r.PValue, maxP)
	}
}

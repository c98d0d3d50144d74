package hypotheses_test

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
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
)

func sample(t testing.TB, o synth.Options) *dataset.Dataset {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Write(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, res.Codebook, clean.Defaults())
	return kept
}

func fast() hypotheses.Options {
	o := hypotheses.Defaults()
	o.Resamples = 199
	return o
}

// TestCalibration: with planted effects each hypothesis is supported in at
// least 80% of 50 seeds; with null effects each is supported in at most 10%
// and the family (any of the five) in at most 15%.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs 100 synthetic surveys")
	}
	const seeds = 50
	for _, mode := range []string{"planted", "null"} {
		supported := map[string]int{}
		family := 0
		for s := 0; s < seeds; s++ {
			d := sample(t, synth.Options{Seed: uint64(1000 + s), Scale: 1, Effects: mode})
			o := fast()
			o.Seed = uint64(s)
			rep := hypotheses.RunAll(d, o)
			any := false
			for _, r := range rep.Results {
				if r.Verdict == hypotheses.Supported {
					supported[r.ID]++
					any = true
				}
				if r.Verdict == hypotheses.Insufficient {
					t.Errorf("%s seed %d %s: insufficient data at full scale: %s", mode, s, r.ID, r.Finding)
				}
			}
			if any {
				family++
			}
		}
		t.Logf("%s: supported in %v of %d seeds; family %d", mode, supported, seeds, family)
		for _, h := range hypotheses.All {
			n := supported[h.ID]
			if mode == "planted" && n < seeds*80/100 {
				t.Errorf("planted: %s supported in only %d/%d seeds", h.ID, n, seeds)
			}
			if mode == "null" && n > seeds*10/100 {
				t.Errorf("null: %s supported in %d/%d seeds", h.ID, n, seeds)
			}
		}
		if mode == "null" && family > seeds*15/100 {
			t.Errorf("null: some hypothesis supported in %d/%d seeds", family, seeds)
		}
	}
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
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: 11, Scale: 1, Effects: "planted"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, res.Codebook, clean.Defaults())
	b, err := report.ResponsesCSV(kept, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "responses.csv")
	os.WriteFile(p, b, 0o644)
	f, _ := os.Open(p)
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
	// H1: win rate, augmented vs autonomous.
	var aug, auto []float64
	for _, r := range recs[1:] {
		y := r[col["year"]]
		w := num(r, "win_rate_pct")
		if (y != "2025" && y != "2026") || math.IsNaN(w) {
			continue
		}
		switch r[col["sdr_model"]] {
		case "Human SDRs with AI tools (augmented)":
			aug = append(aug, w)
		case "Autonomous AI SDR agents":
			auto = append(auto, w)
		}
	}
	mw, _ := stats.MannWhitney(aug, auto, stats.Greater)
	c := get("H1", "win rate: augmented vs autonomous")
	if float64(c.PValue) != mw.P || float64(c.Statistic) != mw.Statistic || c.Groups[0].N != len(aug) {
		t.Errorf("H1: component p=%v U=%v n=%d, recomputed p=%v U=%v n=%d", c.PValue, c.Statistic, c.Groups[0].N, mw.P, mw.Statistic, len(aug))
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
	slope := ((xs[0]-2024)*(gs[0]) + (xs[1]-2024)*gs[1] + (xs[3]-2024)*gs[3] + (xs[4]-2024)*gs[4]) / 10
	if c := get("H2", "a:"); math.Abs(float64(c.Statistic)-slope) > 1e-12 {
		t.Errorf("H2 slope %v, recomputed %v", c.Statistic, slope)
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

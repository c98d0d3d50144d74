package hypotheses_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

var updateCalibration = flag.Bool("update-calibration", false, "write the measured calibration table to docs/calibration.md")

// Calibration sizes: at least 100 null and 50 planted worlds (issue 9). The
// null worlds are null-wobble worlds: no effect anywhere, and H2's yearly
// spread moves by 3–10% per wave without a trend, so they also measure
// false "widening"; plain null worlds check the same without the wobble.
// The h5-wave worlds (Amendment 2, item 9) have correlated repeat companies
// and a wave effect on H5's gap with no change within companies: H5 must
// not be supported beyond alpha there.
const (
	nullWorlds       = 300
	plainNullWorlds  = 100
	h5WaveWorlds     = 100
	plantedWorlds    = 50
	calibrationB     = 99 // bootstrap replicates per world: small, the verdict rules are what is tested
	toleranceLevel   = 0.01
	plantedPowerGoal = 0.8
)

// worldOutcome is what one synthetic world gave.
type worldOutcome struct {
	verdicts map[string]hypotheses.Verdict
	h2aP     float64 // H2 part a one-sided p (false widening when < alpha in a null world)
	h5aP     float64 // H5 part a one-sided p (the wave effect in an h5-wave world)
	err      error
}

// runWorld may run on any goroutine: it reports a failure in err, not through t.
func runWorld(dir, mode string, seed uint64) worldOutcome {
	d, err := load(dir, synth.Options{Seed: seed, Scale: 1, Effects: mode})
	os.RemoveAll(dir)
	if err != nil {
		return worldOutcome{err: err}
	}
	o := hypotheses.Defaults()
	o.Resamples = calibrationB
	o.Seed = seed
	rep := hypotheses.RunAll(d, o)
	w := worldOutcome{verdicts: map[string]hypotheses.Verdict{}}
	for _, r := range rep.Results {
		w.verdicts[r.ID] = r.Verdict
		if r.ID == "H2" && len(r.Components) > 0 {
			w.h2aP = float64(r.Components[0].PValue)
		}
		if r.ID == "H5" && len(r.Components) > 0 {
			w.h5aP = float64(r.Components[0].PValue)
		}
	}
	return w
}

// runWorlds runs n worlds of a mode on all cores; the outcome does not
// depend on the order.
func runWorlds(t *testing.T, mode string, base uint64, n int) []worldOutcome {
	out := make([]worldOutcome, n)
	root := t.TempDir()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = runWorld(filepath.Join(root, fmt.Sprint(i)), mode, base+uint64(i))
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, w := range out {
		if w.err != nil {
			t.Fatalf("%s world %d: %v", mode, i, w.err)
		}
	}
	return out
}

// atMost reports whether k of n is consistent with a rate of at most p:
// the exact binomial P(X ≥ k | n, p) is at least toleranceLevel.
func atMost(k, n int, p float64) bool {
	if k == 0 {
		return true
	}
	return distuv.Binomial{N: float64(n), P: p}.Survival(float64(k-1)) >= toleranceLevel
}

// atLeast reports whether k of n is consistent with a rate of at least p.
func atLeast(k, n int, p float64) bool {
	return distuv.Binomial{N: float64(n), P: p}.CDF(float64(k)) >= toleranceLevel
}

// tally counts, per hypothesis and family-wise, the worlds with a verdict.
func tally(ws []worldOutcome, v hypotheses.Verdict) (map[string]int, int) {
	per, any := map[string]int{}, 0
	for _, w := range ws {
		hit := false
		for id, got := range w.verdicts {
			if got == v {
				per[id]++
				hit = true
			}
		}
		if hit {
			any++
		}
	}
	return per, any
}

// TestCalibration runs the verdict rules on synthetic worlds and holds them
// to their error rates with binomial tolerance (exact, one-sided, 1%):
// "supported" and "contradicted" each in at most 5% of null worlds
// family-wise, false "widening" (H2 part a at alpha) in at most 5% of
// null-wobble worlds, and each planted hypothesis supported in at least 80%
// of planted worlds.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs 150 synthetic surveys")
	}
	start := time.Now()
	alpha := hypotheses.Defaults().Alpha
	null := runWorlds(t, synth.EffectsNullWobble, 5000, nullWorlds)
	plain := runWorlds(t, synth.EffectsNull, 6000, plainNullWorlds)
	h5w := runWorlds(t, synth.EffectsH5Wave, 7000, h5WaveWorlds)
	planted := runWorlds(t, synth.EffectsPlanted, 9000, plantedWorlds)
	elapsed := time.Since(start)
	nullSup, nullSupAny := tally(null, hypotheses.Supported)
	nullCon, nullConAny := tally(null, hypotheses.Contradicted)
	_, plainSupAny := tally(plain, hypotheses.Supported)
	_, plainConAny := tally(plain, hypotheses.Contradicted)
	h5wSup, _ := tally(h5w, hypotheses.Supported)
	plantSup, _ := tally(planted, hypotheses.Supported)
	plantCon, plantConAny := tally(planted, hypotheses.Contradicted)
	widening, waveFound := 0, 0
	for _, w := range null {
		if w.h2aP < alpha {
			widening++
		}
	}
	for _, w := range h5w {
		if w.h5aP < alpha {
			waveFound++
		}
	}
	table := calibrationTable(nullSup, nullCon, plantSup, plantCon, nullSupAny, nullConAny, plantConAny, widening)
	table += fmt.Sprintf("\nPlain null worlds (`-effects null`): some hypothesis supported in %s, contradicted in %s.\n", pct(plainSupAny, plainNullWorlds), pct(plainConAny, plainNullWorlds))
	table += fmt.Sprintf("\nh5-wave worlds (`-effects h5-wave`): H5 supported in %s; its part a (the respondent-level trend, the whole of H5 before Amendment 2) finds the wave effect at alpha in %s.\n",
		pct(h5wSup["H5"], h5WaveWorlds), pct(waveFound, h5WaveWorlds))
	t.Logf("calibration (%d null-wobble, %d null, %d h5-wave and %d planted worlds, B = %d, %v):\n%s", nullWorlds, plainNullWorlds, h5WaveWorlds, plantedWorlds, calibrationB, elapsed.Round(time.Second), table)
	if *updateCalibration {
		writeCalibration(t, table, elapsed)
	}
	for _, c := range []struct {
		what string
		k, n int
		ok   func(k, n int, p float64) bool
		p    float64
	}{
		{"null worlds with some hypothesis supported", nullSupAny, nullWorlds, atMost, alpha},
		{"null worlds with some hypothesis contradicted", nullConAny, nullWorlds, atMost, alpha},
		{"null-wobble worlds with H2 part a 'widening' at alpha", widening, nullWorlds, atMost, alpha},
		{"planted worlds with some hypothesis contradicted", plantConAny, plantedWorlds, atMost, alpha},
		{"plain null worlds with some hypothesis supported", plainSupAny, plainNullWorlds, atMost, alpha},
		{"plain null worlds with some hypothesis contradicted", plainConAny, plainNullWorlds, atMost, alpha},
		{"h5-wave worlds with H5 supported", h5wSup["H5"], h5WaveWorlds, atMost, alpha},
		{"h5-wave worlds whose respondent-level trend finds the wave effect", waveFound, h5WaveWorlds, atLeast, plantedPowerGoal},
	} {
		if !c.ok(c.k, c.n, c.p) {
			t.Errorf("%s: %d of %d, not consistent with the bound of %.0f%%", c.what, c.k, c.n, 100*c.p)
		}
	}
	for _, h := range hypotheses.All {
		if k := plantSup[h.ID]; !atLeast(k, plantedWorlds, plantedPowerGoal) {
			t.Errorf("planted %s supported in %d of %d worlds, not consistent with at least %.0f%%", h.ID, k, plantedWorlds, 100*plantedPowerGoal)
		}
	}
}

// pct is "k/n (p%)".
func pct(k, n int) string { return fmt.Sprintf("%d/%d (%.0f%%)", k, n, 100*float64(k)/float64(n)) }

func calibrationTable(nullSup, nullCon, plantSup, plantCon map[string]int, nullSupAny, nullConAny, plantConAny, widening int) string {
	var b strings.Builder
	b.WriteString("| hypothesis | null: supported | null: contradicted | planted: supported | planted: contradicted |\n|---|---|---|---|---|\n")
	for _, h := range hypotheses.All {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", h.ID, pct(nullSup[h.ID], nullWorlds), pct(nullCon[h.ID], nullWorlds),
			pct(plantSup[h.ID], plantedWorlds), pct(plantCon[h.ID], plantedWorlds))
	}
	fmt.Fprintf(&b, "| any (family-wise) | %s | %s | | %s |\n", pct(nullSupAny, nullWorlds), pct(nullConAny, nullWorlds), pct(plantConAny, plantedWorlds))
	fmt.Fprintf(&b, "\nH2 part a one-sided p < alpha (false \"widening\") in null-wobble worlds: %s\n", pct(widening, nullWorlds))
	return b.String()
}

func writeCalibration(t *testing.T, table string, elapsed time.Duration) {
	doc := fmt.Sprintf(`# Calibration of the verdict rules

Measured by `+"`go test ./hypotheses -run TestCalibration -update-calibration`"+` (the test itself runs in
`+"`go test ./...`"+` without `+"`-short`"+`). Each world is a synthetic survey of 2022–2026 at full size from
`+"`analyze synth`"+`, read, cleaned and tested as the pipeline does, with %d bootstrap replicates.

- %d null worlds (`+"`-effects null-wobble`"+`): no effect anywhere, and the yearly spread of ARR growth
  (H2's outcome) moves up or down by 3–10%% per wave without a trend (Amendment 1, item 2).
- %d plain null worlds (`+"`-effects null`"+`).
- %d h5-wave worlds (`+"`-effects h5-wave`"+`, Amendment 2, item 9): no effect except H5's expected gains,
  which fall from wave to wave among new respondents only; repeat companies keep their first wave's
  distribution, so no company changes.
- %d planted worlds (`+"`-effects planted`"+`): the effects of the bundled sample.

Every world has about 120 repeat companies per wave pair whose win rate, new ARR per AE, ARR growth,
gains and SDR change correlate 0.6 across waves (Amendment 2, item 2); H1 and H4 keep each company's latest
response, and H5's part b follows the companies that answered in 2024 and later.

The test fails when a rate is not consistent, by an exact one-sided binomial test at 1%%, with
"supported" or "contradicted" in at most 5%% of null and plain null worlds family-wise, false "widening" in
at most 5%% of null-wobble worlds, H5 "supported" in at most 5%% of h5-wave worlds (while their
respondent-level trend finds the wave effect in at least 80%%), or each planted hypothesis supported in at
least 80%% of planted worlds.

%s
Last measured run: %v wall clock on the shared 2-core machine.

Before Amendment 1, on 100 plain null worlds (`+"`-effects null`"+`, seeds 5000–5099, 99 replicates), some
hypothesis came out "contradicted" in 25 of 100 (H1 12, H3 5, H5 5, H2 3, H4 1): a CI wholly on the wrong
side, uncorrected. With the amended rule the same worlds give 5 of 100 (H3 2, H1 1, H2 1, H5 1), the
family-wise level Holm holds; "supported" is 2 of 100 in both.
`, calibrationB, nullWorlds, plainNullWorlds, h5WaveWorlds, plantedWorlds, table, elapsed.Round(time.Second))
	if err := os.WriteFile("../docs/calibration.md", []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

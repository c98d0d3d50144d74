package synth

import (
	"math"
	"testing"
)

// TestNullWobble: every wave's spread moves by 3–10% from the null spread,
// both ways across seeds, the same for the same seed, and nothing else moves.
func TestNullWobble(t *testing.T) {
	base := Null()
	ups, downs := 0, 0
	for seed := uint64(0); seed < 50; seed++ {
		e := effectsFor(Options{Seed: seed, Effects: EffectsNullWobble})
		for k, sd := range e.H2SpreadByYr {
			f := sd/base.H2SpreadByYr[k] - 1
			if a := math.Abs(f); a < 0.03-1e-12 || a > 0.10+1e-12 {
				t.Errorf("seed %d wave %d: spread moved by %.3f", seed, k, f)
			}
			if f > 0 {
				ups++
			} else {
				downs++
			}
		}
		e.H2SpreadByYr = base.H2SpreadByYr
		if e != base {
			t.Errorf("seed %d: null-wobble changes more than H2's spread: %+v", seed, e)
		}
		if again := effectsFor(Options{Seed: seed, Effects: EffectsNullWobble}); again.H2SpreadByYr != effectsFor(Options{Seed: seed, Effects: EffectsNullWobble}).H2SpreadByYr {
			t.Errorf("seed %d: not deterministic", seed)
		}
	}
	if ups < 75 || downs < 75 {
		t.Errorf("%d up and %d down of 250: not a wobble around the null", ups, downs)
	}
}

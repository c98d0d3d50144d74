package synth

import (
	"math/rand/v2"
)

// Effect modes of Options.Effects.
const (
	EffectsPlanted = "planted" // the effects of Planted()
	EffectsNull    = "null"    // Null(): no effect anywhere
	// EffectsNullWobble is Null() with the yearly spread of ARR growth
	// (H2's outcome) moved up or down by 3–10% per wave at random from the
	// seed: year-to-year variation that is not a trend (Amendment 1, item 2).
	EffectsNullWobble = "null-wobble"
	// EffectsH5Wave is Null() with H5's yearly expected gains planted as a
	// wave effect only: new respondents of later waves expect less, repeat
	// companies keep their first wave's distribution (Amendment 2, item 9).
	EffectsH5Wave = "h5-wave"
)

// wobbleSalt separates the wobble's random stream from the waves' streams.
const wobbleSalt = 0x776f62626c65

// effectsFor returns the effects of the mode o.Effects.
func effectsFor(o Options) Effects {
	switch o.Effects {
	case EffectsNull:
		return Null()
	case EffectsNullWobble:
		e := Null()
		r := rand.New(rand.NewPCG(o.Seed, wobbleSalt))
		for k := range e.H2SpreadByYr {
			f := 0.03 + 0.07*r.Float64()
			if r.IntN(2) == 0 {
				f = -f
			}
			e.H2SpreadByYr[k] *= 1 + f
		}
		return e
	case EffectsH5Wave:
		e, pl := Null(), Planted()
		e.H5ExpMedian, e.H5Optimists = pl.H5ExpMedian, pl.H5Optimists
		return e
	}
	return Planted()
}

// isNullMode reports whether the mode plants no effect.
func isNullMode(mode string) bool { return mode == EffectsNull || mode == EffectsNullWobble }

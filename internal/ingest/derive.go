package ingest

import (
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// derivation is a variable a wave fills from others (Derive) because it
// does not map it.
type derivation struct {
	v        *codebook.Variable
	to, from *dataset.Column
	minus    *dataset.Column // DifferenceFrom; nil for a level map
}

// derivations lists the variables computed from others for a wave that
// does not map them, with their columns in d.
func derivations(cb *codebook.Codebook, d *dataset.Dataset, mapped map[string]bool) []derivation {
	var out []derivation
	for _, v := range cb.Variables {
		dv := v.Derive
		if dv == nil || mapped[v.Name] || !mapped[dv.From] {
			continue
		}
		dr := derivation{v: v, to: d.Cols[v.Name], from: d.Cols[dv.From]}
		if dv.DifferenceFrom != "" {
			dr.minus = d.Cols[dv.DifferenceFrom]
		}
		out = append(out, dr)
	}
	return out
}

// derive fills the derived variables of row i.
func derive(ds []derivation, i int) {
	for _, dr := range ds {
		x := dr.from.Num[i]
		if math.IsNaN(x) {
			continue
		}
		switch dv := dr.v.Derive; {
		case dr.minus != nil:
			y := dr.minus.Num[i]
			if !math.IsNaN(y) {
				dr.to.Num[i] = x - y
			}
		case dv.Map != nil:
			if to, ok := dv.Map[dr.from.Levels[int(x)]]; ok {
				dr.to.Num[i] = float64(dr.v.LevelIndex(to))
			}
		}
	}
}

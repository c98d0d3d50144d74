package stats

import (
	"errors"
	"math"
	"testing"
)

// TestWilcoxonSignedRankAgainstScipy compares with scipy.stats.wilcoxon
// (zero_method='wilcox', correction=False, method='approx'), each
// alternative; testdata/make_reference_signedrank.py made the values.
func TestWilcoxonSignedRankAgainstScipy(t *testing.T) {
	var ref struct {
		Cases []struct {
			Name      string
			D         []float64
			RPlus     float64 `json:"r_plus"`
			ZLess     float64 `json:"z_less"`
			PLess     float64 `json:"p_less"`
			PGreater  float64 `json:"p_greater"`
			PTwoSided float64 `json:"p_two_sided"`
		}
	}
	load(t, "reference_signedrank.json", &ref)
	if len(ref.Cases) < 4 {
		t.Fatalf("%d cases", len(ref.Cases))
	}
	for _, c := range ref.Cases {
		for _, a := range []struct {
			alt  Alternative
			want float64
		}{{Less, c.PLess}, {Greater, c.PGreater}, {TwoSided, c.PTwoSided}} {
			r, err := WilcoxonSignedRank(c.D, a.alt)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if r.Statistic != c.RPlus || !relClose(r.Z, c.ZLess, 1e-10, 1e-12) || !relClose(r.P, a.want, 1e-9, 1e-14) {
				t.Errorf("%s %v: R+ %v z %.15g p %.15g; scipy %v %.15g %.15g", c.Name, a.alt, r.Statistic, r.Z, r.P, c.RPlus, c.ZLess, a.want)
			}
		}
	}
}

func TestWilcoxonSignedRankEdges(t *testing.T) {
	if _, err := WilcoxonSignedRank([]float64{0, 0, 0}, Less); !errors.Is(err, ErrTooSmall) {
		t.Errorf("all zeros: %v", err)
	}
	if _, err := WilcoxonSignedRank([]float64{1, 2, math.NaN()}, Less); err == nil {
		t.Error("NaN accepted")
	}
}

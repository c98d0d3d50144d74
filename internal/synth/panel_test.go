package synth

import (
	"encoding/json"
	"math"
	"sort"
	"testing"
)

// TestPanel: truth.json lists companies that answer in several waves; each
// appears in its waves' exports under the same email and company, and their
// firmographics drift.
func TestPanel(t *testing.T) {
	res, err := Generate(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Panel []struct {
			Company, Email string
			Years          []int
		}
	}
	if err := json.Unmarshal(res.Files["truth.json"], &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth.Panel) < 300 {
		t.Fatalf("%d repeat companies, want at least 300 (120 a wave from 2023)", len(truth.Panel))
	}
	byEmail := map[string]map[int]*Respondent{}
	for _, e := range res.Exports {
		for _, p := range e.Rows {
			if p.Defect == "duplicate" || p.Defect == "blank" {
				continue
			}
			if byEmail[p.Email] == nil {
				byEmail[p.Email] = map[int]*Respondent{}
			}
			byEmail[p.Email][e.Year] = p
		}
	}
	drifted, pairs := 0, 0
	for _, c := range truth.Panel {
		if len(c.Years) < 2 {
			t.Fatalf("%s answered in %v only", c.Company, c.Years)
		}
		for k, y := range c.Years {
			p := byEmail[c.Email][y]
			if p == nil || p.Company != c.Company {
				t.Fatalf("%s (%s) not in the %d export", c.Company, c.Email, y)
			}
			if k == 0 {
				continue
			}
			q := byEmail[c.Email][c.Years[k-1]]
			pairs++
			if q.Stage != p.Stage || q.ARR != p.ARR || q.Headcount != p.Headcount || len(q.Motion) != len(p.Motion) {
				drifted++
			}
			if q.Region != p.Region || q.Segment != p.Segment {
				t.Errorf("%s: region or segment changed between %d and %d", c.Company, c.Years[k-1], y)
			}
		}
	}
	if drifted < pairs/2 || drifted == pairs {
		t.Errorf("%d of %d panel pairs drifted; want most but not all", drifted, pairs)
	}
}

// panelPairs returns the consecutive-wave pairs (earlier, later) of the
// planted repeat companies of a generated sample.
func panelPairs(t *testing.T, o Options) [][2]*Respondent {
	t.Helper()
	res, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Panel []struct {
			Email string
			Years []int
		}
	}
	if err := json.Unmarshal(res.Files["truth.json"], &truth); err != nil {
		t.Fatal(err)
	}
	byEmail := map[string]map[int]*Respondent{}
	for _, e := range res.Exports {
		for _, p := range e.Rows {
			if p.Defect == "" {
				if byEmail[p.Email] == nil {
					byEmail[p.Email] = map[int]*Respondent{}
				}
				byEmail[p.Email][e.Year] = p
			}
		}
	}
	var out [][2]*Respondent
	for _, c := range truth.Panel {
		for k := 1; k < len(c.Years); k++ {
			if a, b := byEmail[c.Email][c.Years[k-1]], byEmail[c.Email][c.Years[k]]; a != nil && b != nil {
				out = append(out, [2]*Respondent{a, b})
			}
		}
	}
	return out
}

// spearman is the rank correlation of x and y (no ties expected to matter).
func spearman(x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
		r := make([]float64, len(v))
		for k := 0; k < len(idx); {
			j := k
			for j < len(idx) && v[idx[j]] == v[idx[k]] {
				j++
			}
			for m := k; m < j; m++ {
				r[idx[m]] = float64(k+j-1) / 2
			}
			k = j
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	var mx, my float64
	for i := range rx {
		mx, my = mx+rx[i], my+ry[i]
	}
	mx, my = mx/float64(len(rx)), my/float64(len(ry))
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestRepeatAnswersCorrelate: a repeat company's win rate, new ARR per AE,
// ARR growth and gains correlate across consecutive waves at about 0.6
// (rank correlation of a Gaussian copula at 0.6 is 0.58), not 0 as for
// strangers; pooled over seeds for a tight estimate.
func TestRepeatAnswersCorrelate(t *testing.T) {
	var pairs [][2]*Respondent
	for seed := uint64(1); seed <= 3; seed++ {
		pairs = append(pairs, panelPairs(t, Options{Seed: seed, Scale: 1, Effects: EffectsNull})...)
	}
	for _, v := range []struct {
		name string
		f    func(p *Respondent) float64
	}{
		{"win rate", func(p *Respondent) float64 { return p.WinRate }},
		{"new ARR per AE", func(p *Respondent) float64 { return p.NewARRPerAE }},
		{"ARR growth", func(p *Respondent) float64 { return p.ARRGrowth }},
		{"measured gain", func(p *Respondent) float64 { return p.GainMeasured }},
	} {
		var x, y []float64
		for _, pq := range pairs {
			x, y = append(x, v.f(pq[0])), append(y, v.f(pq[1]))
		}
		if r := spearman(x, y); r < 0.45 || r > 0.7 {
			t.Errorf("%s: rank correlation %.3f across %d repeat pairs, want about 0.58", v.name, r, len(x))
		}
	}
}

// TestH5WaveWorldHasNoWithinCompanyChange: in the h5-wave world the new
// respondents of later waves expect less (the wave effect), but repeat
// companies' expected gains do not move: about as many rise as fall.
func TestH5WaveWorldHasNoWithinCompanyChange(t *testing.T) {
	up, down := 0, 0
	var later, base []float64
	for seed := uint64(1); seed <= 3; seed++ {
		o := Options{Seed: seed, Scale: 1, Effects: EffectsH5Wave}
		for _, pq := range panelPairs(t, o) {
			if pq[0].Year < 2024 {
				continue
			}
			switch d := pq[1].GainExpected - pq[0].GainExpected; {
			case d > 0:
				up++
			case d < 0:
				down++
			}
		}
		res, _ := Generate(o)
		for _, e := range res.Exports {
			for _, p := range e.Rows {
				switch {
				case p.Defect == "" && p.Year == 2024:
					base = append(base, p.GainExpected)
				case p.Defect == "" && p.Year == 2026:
					later = append(later, p.GainExpected)
				}
			}
		}
	}
	if n := up + down; n < 300 || math.Abs(float64(up-down)) > 3*math.Sqrt(float64(n)) {
		t.Errorf("repeat companies' expected gain rose in %d and fell in %d pairs: a within-company change", up, down)
	}
	if mb, ml := median(base), median(later); !(ml < mb-5) {
		t.Errorf("median expected gain 2024 %v, 2026 %v: the wave effect is missing", mb, ml)
	}
}

func median(x []float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return s[len(s)/2]
}

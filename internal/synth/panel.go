package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// panelPerWave is how many companies of a wave answer again in the next
// one (at scale 1), so the release's cross-year attack has a panel to
// link: same person, email and company, drifting firmographics.
const panelPerWave = 120

// panel records the companies that answer in several waves (truth.json).
type panel struct {
	years  map[string][]int  // company → waves answered
	emails map[string]string // company → the respondent's email
}

// repeatCorrelation is the correlation, on the normal scale of their draws,
// between a repeat company's answers in consecutive waves (Amendment 2,
// item 2: "r about 0.6").
const repeatCorrelation = 0.6

// plant turns some of this wave's respondents into repeat respondents of
// companies from the previous wave. Identity is copied; firmographics
// drift (stage and ARR may step up, headcount and team sizes grow,
// motions change now and then); win rate, new ARR per AE, ARR growth, the
// gains and the SDR headcount change are redrawn correlated with the
// company's previous answers (correlate); the other answers stay this
// wave's own. It draws from its own stream, so the other respondents are
// the same with or without it.
func (pn *panel) plant(o Options, e Effects, year int, prev, cur []*Respondent) {
	if len(prev) == 0 {
		return
	}
	if pn.years == nil {
		pn.years, pn.emails = map[string][]int{}, map[string]string{}
	}
	r := rand.New(rand.NewPCG(o.Seed^0x70616e656c, uint64(year)))
	m := min(int(math.Round(panelPerWave*o.Scale)), len(prev), len(cur)/3)
	from, to := r.Perm(len(prev))[:m], r.Perm(len(cur))[:m]
	for k := range from {
		p, q := prev[from[k]], cur[to[k]]
		drift(r, p, q)
		correlate(p, q, e, o.Effects == EffectsH5Wave)
		if len(pn.years[q.Company]) == 0 {
			pn.years[q.Company] = []int{p.Year}
		}
		pn.years[q.Company] = append(pn.years[q.Company], year)
		pn.emails[q.Company] = q.Email
	}
}

// drift makes q the same company as p a year later.
func drift(r *rand.Rand, p, q *Respondent) {
	q.First, q.Last, q.Email, q.Company, q.Website, q.Role = p.First, p.Last, p.Email, p.Company, p.Website, p.Role
	q.Category, q.Segment, q.Region, q.ACV = p.Category, p.Segment, p.Region, p.ACV
	if q.Category == "AI / ML (2023, not split)" { // 2023's merged option: the company is one of the two
		q.Category = "AI-native app"
	}
	q.Stage = p.Stage
	if i := slices.Index(Stages, p.Stage); i <= 4 && r.Float64() < 0.25 { // Pre-seed … Series C step up
		q.Stage = Stages[i+1]
	}
	q.ARR = p.ARR
	if i := slices.Index(ARRBands, p.ARR); i < len(ARRBands)-1 && r.Float64() < 0.35 {
		q.ARR = ARRBands[i+1]
	}
	g := math.Exp(0.08 + 0.2*r.NormFloat64())
	grow := func(x float64) float64 { return math.Max(0, math.Round(x*g)) }
	q.Headcount = math.Max(1, grow(p.Headcount))
	q.HcSM, q.HcAE, q.HcSE, q.HcMkt, q.HcCS = grow(p.HcSM), grow(p.HcAE), grow(p.HcSE), grow(p.HcMkt), grow(p.HcCS)
	if q.HcSDR > 0 && p.HcSDR > 0 { // whether it has SDRs stays this wave's (its SDR answers depend on it)
		q.HcSDR = math.Max(1, grow(p.HcSDR))
	}
	q.Motion = slices.Clone(p.Motion)
	if r.Float64() < 0.3 {
		o := Motions[r.IntN(len(Motions))]
		if i := slices.Index(q.Motion, o); i >= 0 && len(q.Motion) > 1 {
			q.Motion = slices.Delete(q.Motion, i, i+1)
		} else if i < 0 {
			q.Motion = append(q.Motion, o)
			slices.SortFunc(q.Motion, func(a, b string) int { return slices.Index(Motions, a) - slices.Index(Motions, b) })
		}
	}
}

// correlate redraws q's carried-over answers from draws correlated
// repeatCorrelation with p's (a Gaussian copula: each answer keeps its
// wave's distribution, so a planted wave effect shows within companies as
// well). With anchor (the h5-wave world) the expected gain keeps the
// parameters of the company's first wave that asked: the wave effect is in
// the new respondents only, and no company changes.
func correlate(p, q *Respondent, e Effects, anchor bool) {
	c, s := repeatCorrelation, math.Sqrt(1-repeatCorrelation*repeatCorrelation)
	mix := func(a, b float64) float64 { return c*a + s*b }
	mixU := func(a, b float64) float64 {
		return normalCDF(mix(normalQuantile(clampU(a)), normalQuantile(clampU(b))))
	}
	pl, ql := p.lat, &q.lat
	ql.win, ql.arrAE, ql.growth, ql.sdr = mix(pl.win, ql.win), mix(pl.arrAE, ql.arrAE), mix(pl.growth, ql.growth), mix(pl.sdr, ql.sdr)
	ql.meas = mixU(pl.meas, ql.meas)
	if pl.hasExp && ql.hasExp {
		ql.exp = mixU(pl.exp, ql.exp)
		if anchor {
			ql.gainYear = pl.gainYear
		}
	}
	q.WinRate, q.NewARRPerAE, q.ARRGrowth = winRate(ql.win), arrPerAE(ql.arrAE), arrGrowth(ql.growth, ql.growthSD)
	plantH1(q, e)
	setGains(q, q.SDRChange != "No SDRs", e)
}

// clampU keeps a uniform draw off 0, where Φ⁻¹ is infinite.
func clampU(u float64) float64 { return math.Max(u, 1e-300) }

// truth lists the repeat companies with their waves, sorted by company.
func (pn *panel) truth() []map[string]any {
	cos := make([]string, 0, len(pn.years))
	for c := range pn.years {
		cos = append(cos, c)
	}
	sort.Strings(cos)
	out := []map[string]any{}
	for _, c := range cos {
		out = append(out, map[string]any{"company": c, "email": pn.emails[c], "years": pn.years[c]})
	}
	return out
}

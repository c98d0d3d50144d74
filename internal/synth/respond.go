package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Respondent is one generated response in canonical terms: the truth that
// the exports encode and that harmonization must recover. Categorical
// fields hold canonical levels ("" = not answered); numbers are NaN when not
// answered; multi-selects are nil when not answered.
type Respondent struct {
	Year                       int
	ID                         string
	First, Last, Email         string
	Company, Website, IP       string
	Lat, Lon                   float64
	NetworkID                  string
	Started, Submitted         int64 // Unix seconds
	Role, Stage, ARR, Category string
	Segment, Region, ACV       string
	Motion                     []string
	Headcount, HcSM            float64
	HcSDR, HcAE, HcSE, HcMkt   float64
	HcCS                       float64
	SDRChange                  string
	ARRGrowth, PipeGrowth      float64
	CycleDays, CycleDaysPrev   float64
	CycleChange                string
	WinRate, NewARRPerAE, NDR  float64
	Runway, SDRModel, Adoption string
	UseCases                   []string
	Budget                     string
	GainMeasured, GainExpected float64
	CapturedAs, BuyerObserved  []string
	BuyerImpact, NewObjections string
	Sentiment                  float64
	Layoffs                    string
	Comment                    string

	// Defect is the row-level problem planted: "" (clean), "preview",
	// "partial", "duplicate" (an earlier copy of a later row), "speeder".
	Defect string

	lat latent // the draws behind the answers a repeat company carries over
}

// latent holds the draws behind the answers a repeat company carries from
// wave to wave, so that a repeater's answers can be redrawn correlated with
// its earlier ones (panel.go): standard normals (z), and for the gains one
// uniform each (u), of which the answer is a monotone function.
type latent struct {
	win, arrAE, growth, sdr float64 // z
	meas, exp               float64 // u
	growthSD                float64 // sd of asinh(ARR growth) it was drawn with
	hasExp                  bool    // the expected gain was asked (2024+)
	// gainYear is the wave whose H5 parameters drew the expected gain: its
	// own, or, in the h5-wave world, the company's first wave that asked.
	gainYear int
}

// Effects holds the planted effect sizes; Null() has all of them zero.
type Effects struct {
	H1WinShift    float64    // win-rate points added for augmented teams
	H1ARRFactor   float64    // multiplier on new ARR per AE for augmented teams
	H2SpreadByYr  [5]float64 // sd of asinh(ARR growth) for 2022…2026
	H2HighAIScale float64    // multiplier on that sd for AI budget share > 10% (2025+)
	H3Buyer       float64    // latent cycle change per SD of the buyer-AI index (2026)
	H3Seller      float64    // latent cycle change per SD of the seller-AI index
	H4SDR         float64    // latent SDR headcount change per SD of asinh(measured gain)
	H5ExpMedian   [3]float64 // median expected gain 2024, 2025, 2026 (among non-optimists)
	H5Optimists   [3]float64 // share answering 500% in 2024, 2025, 2026
}

// Planted returns the effects the sample data carries, sized for about 90%
// power at the sample's sizes.
func Planted() Effects {
	return Effects{H1WinShift: 6, H1ARRFactor: 1.3, H2SpreadByYr: [5]float64{0.65, 0.75, 0.85, 0.95, 1.05}, H2HighAIScale: 1.6,
		H3Buyer: 0.45, H3Seller: 0.05, H4SDR: -0.4, H5ExpMedian: [3]float64{60, 45, 32}, H5Optimists: [3]float64{0.10, 0.06, 0.03}}
}

// Null returns effects of zero size with the same marginals as far as possible.
func Null() Effects {
	return Effects{H1WinShift: 0, H1ARRFactor: 1, H2SpreadByYr: [5]float64{0.85, 0.85, 0.85, 0.85, 0.85}, H2HighAIScale: 1,
		H3Buyer: 0, H3Seller: 0, H4SDR: 0, H5ExpMedian: [3]float64{45, 45, 45}, H5Optimists: [3]float64{0.06, 0.06, 0.06}}
}

func pick(r *rand.Rand, levels []string, w []float64) string {
	x := r.Float64() * sum(w)
	for i, p := range w {
		if x < p {
			return levels[i]
		}
		x -= p
	}
	return levels[len(w)-1]
}

func sum(w []float64) float64 {
	s := 0.0
	for _, x := range w {
		s += x
	}
	return s
}

func clampi(x, lo, hi int) int { return max(lo, min(hi, x)) }

func subset(r *rand.Rand, levels []string, p float64, atLeast int) []string {
	var out []string
	for _, l := range levels {
		if r.Float64() < p {
			out = append(out, l)
		}
	}
	for len(out) < atLeast {
		l := levels[r.IntN(len(levels))]
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(levels, a) - slices.Index(levels, b) })
	return out
}

var firstNames = []string{"Avery", "Blake", "Casey", "Devon", "Emerson", "Finley", "Harper", "Jordan", "Kai", "Logan",
	"Morgan", "Noel", "Parker", "Quinn", "Riley", "Sage", "Taylor", "Rowan", "Skyler", "Jules", "Marlowe", "Ellis"}
var lastNames = []string{"Abernathy", "Brightwater", "Castellano", "Dunmore", "Everhart", "Fairbanks", "Galloway",
	"Holloway", "Ingram", "Jansen", "Kowalczyk", "Lindqvist", "Marchetti", "Nakamura", "Okonkwo", "Pemberton", "Quintero",
	"Rasmussen", "Sandoval", "Thibodeaux", "Underhill", "Vasquez", "Whitfield", "Yamaguchi", "Zielinski"}
var companyA = []string{"Blue", "Quiet", "North", "Bright", "Iron", "Silver", "Paper", "Lumen", "Cobalt", "Maple", "Orbit", "Tidal"}
var companyB = []string{"Harbor", "Loop", "Forge", "Ledger", "Pilot", "Signal", "Grove", "Stack", "Beacon", "Canvas", "Relay", "Summit"}

// generate draws one wave's respondents (before defects are applied).
func generate(r *rand.Rand, year, n int, e Effects) []*Respondent {
	out := make([]*Respondent, 0, n)
	base := map[int]int64{2022: 1661990400, 2023: 1683072000, 2024: 1715126400, 2025: 1746748800, 2026: 1778544000}[year]
	for i := 0; i < n; i++ {
		out = append(out, respondent(r, year, base, e))
	}
	return out
}

// respondent draws one respondent whose survey window opens at base (Unix
// seconds). The steps share the wave's random stream, so their order (and
// the order of the draws inside each) fixes the generated data.
func respondent(r *rand.Rand, year int, base int64, e Effects) *Respondent {
	p := &Respondent{Year: year}
	drawIdentity(r, p, base)
	ai, ac := drawFirm(r, p)
	hasSDR := drawHeadcounts(r, p, ai)
	drawPerformance(r, p, ac)
	drawGrowth(r, p, year, e)
	drawSDRModel(r, p, year, hasSDR, e)
	drawAISignals(r, p, year, e)
	drawGains(r, p, year, hasSDR, e)
	drawCaptured(r, p)
	drawComment(r, p)
	return p
}

// drawIdentity draws the personal fields (name, company, website, email,
// IP, location, network, ID) and the start and submit times.
func drawIdentity(r *rand.Rand, p *Respondent, base int64) {
	p.First = firstNames[r.IntN(len(firstNames))]
	p.Last = lastNames[r.IntN(len(lastNames))]
	p.Company = fmt.Sprintf("%s %s %s", companyA[r.IntN(len(companyA))], companyB[r.IntN(len(companyB))],
		[]string{"Labs", "AI", "HQ", "Systems", "Inc"}[r.IntN(5)])
	slug := fmt.Sprintf("%s%s%d", companyA[r.IntN(len(companyA))], companyB[r.IntN(len(companyB))], r.IntN(1000))
	p.Company = fmt.Sprintf("%s %d", p.Company, r.IntN(100000))
	p.Website = fmt.Sprintf("https://%s.example", slug)
	p.Email = fmt.Sprintf("%s.%s%d@%s.example", p.First, p.Last, r.IntN(100000), slug)
	p.IP = fmt.Sprintf("203.0.113.%d", r.IntN(254)+1)
	p.Lat, p.Lon = math.Round((r.Float64()*120-60)*1e4)/1e4, math.Round((r.Float64()*360-180)*1e4)/1e4
	p.NetworkID = fmt.Sprintf("%010x", r.Uint64()>>24)
	p.ID = fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
	p.Started = base + int64(r.IntN(30*86400))
	dur := int64(math.Exp(math.Log(420) + 0.25*r.NormFloat64()))
	p.Submitted = p.Started + dur
}

// drawFirm draws the firmographics (role, stage, ARR band, category,
// segment, region, ACV band, motions) and returns the ARR and ACV band
// indexes the later steps scale with.
func drawFirm(r *rand.Rand, p *Respondent) (ai int, ac float64) {
	p.Role = pick(r, Roles, []float64{50, 8, 14, 6, 4, 6, 6, 6})
	p.Stage = pick(r, Stages, []float64{10, 25, 25, 15, 8, 5, 10, 2})
	so := map[string]float64{"Pre-seed": 0, "Seed": 1, "Series A": 2, "Series B": 3, "Series C": 4, "Series D+": 5, "Bootstrapped": 1.5, "Public": 6}[p.Stage]
	ai = clampi(int(math.Round(so*1.15+0.4*r.NormFloat64()+0.3)), 0, 7)
	p.ARR = ARRBands[ai]
	cats := []string{"SaaS app", "Infra/devtools/data", "AI-native app", "AI infra", "Fintech", "Web3", "Consumer", "Other"}
	p.Category = pick(r, cats, []float64{30, 18, 15, 7, 10, 4, 8, 8})
	si := clampi(int(math.Floor(r.Float64()*5)), 0, 4)
	p.Segment = Segments[si]
	p.Region = pick(r, Regions, []float64{60, 22, 10, 5, 3})
	p.ACV = ACVBands[clampi(int(math.Round(float64(si)*1.2+0.8*r.NormFloat64()-0.3)), 0, 5)]
	ac = float64(slices.Index(ACVBands, p.ACV))
	p.Motion = subset(r, Motions, 0.3, 1)
	return ai, ac
}

// drawHeadcounts draws the headcount (scaled by ARR band ai) and the team
// sizes, and reports whether the company has SDRs.
func drawHeadcounts(r *rand.Rand, p *Respondent, ai int) (hasSDR bool) {
	p.Headcount = math.Round(math.Exp(1.8 + 0.55*float64(ai) + 0.4*r.NormFloat64()))
	p.HcSM = math.Round(p.Headcount * (0.2 + 0.15*r.Float64()))
	hasSDR = r.Float64() < 0.7
	p.HcAE = math.Round(p.Headcount * 0.08 * (0.5 + r.Float64()))
	p.HcSE = math.Round(p.HcAE * 0.3 * r.Float64())
	p.HcMkt = math.Round(p.Headcount * 0.06 * (0.5 + r.Float64()))
	p.HcCS = math.Round(p.Headcount * 0.07 * (0.5 + r.Float64()))
	p.HcSDR = 0
	if hasSDR {
		p.HcSDR = math.Max(1, math.Round(p.Headcount*0.05*(0.5+r.Float64())))
	}
	return hasSDR
}

// drawPerformance draws the sales metrics before any planted effect (cycle
// length scaled by ACV band ac, win rate, new ARR per AE, NDR), runway,
// pipeline growth, sentiment, layoffs and AI adoption.
func drawPerformance(r *rand.Rand, p *Respondent, ac float64) {
	p.CycleDays = math.Round(math.Exp(math.Log(18) + 0.42*ac + 0.35*r.NormFloat64()))
	p.CycleDaysPrev = math.Round(p.CycleDays / (1 + 0.24 + 0.1*r.NormFloat64()))
	p.lat.win = r.NormFloat64()
	p.WinRate = winRate(p.lat.win)
	p.lat.arrAE = r.NormFloat64()
	p.NewARRPerAE = arrPerAE(p.lat.arrAE)
	p.NDR = math.Round(105 + 15*r.NormFloat64())
	p.Runway = Runways[clampi(int(math.Floor(r.Float64()*7)), 0, 6)]
	p.PipeGrowth = math.Round(math.Sinh(3.3 + 0.9*r.NormFloat64()))
	p.Sentiment = float64(clampi(int(math.Round(5+2*r.NormFloat64())), 1, 10))
	p.Layoffs = pick(r, YesNo, []float64{30, 70})
	p.Adoption = pick(r, Adoption, []float64{20, 30, 30, 20})
}

// drawGrowth draws the AI budget share and ARR growth, whose spread carries
// the H2 effect (by year, and wider for high AI budget shares from 2025).
func drawGrowth(r *rand.Rand, p *Respondent, year int, e Effects) {
	p.Budget = pick(r, Budgets, []float64{8, 25, 22, 18, 10, 7, 10})
	sd := e.H2SpreadByYr[year-2022]
	if year >= 2025 {
		switch p.Budget {
		case "11–20%", "21–30%", ">30%":
			sd *= e.H2HighAIScale
		}
	}
	p.lat.growth, p.lat.growthSD = r.NormFloat64(), sd
	p.ARRGrowth = arrGrowth(p.lat.growth, sd)
}

// The answers a repeat company carries over, from their draws.
func winRate(z float64) float64       { return math.Round(math.Max(2, math.Min(80, 22+9*z))) }
func arrPerAE(z float64) float64      { return math.Round(math.Exp(math.Log(500000)+0.5*z)/1000) * 1000 }
func arrGrowth(z, sd float64) float64 { return math.Round(math.Sinh(3.9 + sd*z)) }
func measuredGain(z float64) float64  { return math.Min(1000, math.Round(math.Exp(math.Log(20)+0.9*z))) }
func expectedGain(z, med float64) float64 {
	return math.Min(1000, math.Round(math.Exp(math.Log(med)+0.7*z)))
}

// measuredZeroShare is the share of respondents measuring no AI gain.
const measuredZeroShare = 0.3

// drawSDRModel draws the SDR model (2025+) and plants H1: augmented teams
// get the win-rate shift and the new-ARR-per-AE factor.
func drawSDRModel(r *rand.Rand, p *Respondent, year int, hasSDR bool, e Effects) {
	if year == 2025 {
		if !hasSDR {
			p.SDRModel = SDRModels[4]
		} else {
			p.SDRModel = pick(r, SDRModels[:3], []float64{33, 46, 21})
		}
	} else if year == 2026 {
		if !hasSDR {
			p.SDRModel = SDRModels[4]
		} else {
			p.SDRModel = pick(r, SDRModels[:4], []float64{28, 42, 20, 10})
		}
	}
	plantH1(p, e)
}

// plantH1 gives augmented teams the win-rate shift and the new-ARR-per-AE factor.
func plantH1(p *Respondent, e Effects) {
	if p.SDRModel == SDRModels[1] {
		p.WinRate = math.Round(math.Max(2, math.Min(80, p.WinRate+e.H1WinShift)))
		p.NewARRPerAE = math.Round(p.NewARRPerAE*e.H1ARRFactor/1000) * 1000
	}
}

// drawAISignals draws the seller-side AI use cases and buyer-side AI
// observed, and from their indexes the cycle change (H3, 2026), the buyer
// impact and new objections.
func drawAISignals(r *rand.Rand, p *Respondent, year int, e Effects) {
	p.UseCases = subset(r, UseCases[:9], 0.25, 0)
	if len(p.UseCases) == 0 {
		p.UseCases = []string{"None"}
	}
	p.BuyerObserved = subset(r, BuyerAI[:5], 0.3, 0)
	if len(p.BuyerObserved) == 0 {
		p.BuyerObserved = []string{"None"}
	}
	nb := float64(len(p.BuyerObserved))
	if p.BuyerObserved[0] == "None" {
		nb = 0
	}
	ns := float64(len(p.UseCases))
	if p.UseCases[0] == "None" {
		ns = 0
	}
	zb := (nb - 1.5) / 1.02 // binomial(5, .3): mean 1.5, sd 1.02
	zs := (ns - 2.25) / 1.30
	lat := 0.25 + 0.8*r.NormFloat64()
	if year == 2026 {
		lat += e.H3Buyer*zb + e.H3Seller*zs
	}
	p.CycleChange = CycleChg[cut(lat, []float64{-1.5, -0.5, 0.5, 1.5})]
	if r.Float64() < 0.05 {
		p.CycleChange = "Don't know"
	}
	p.BuyerImpact = BuyerImp[cut(0.6*zb+r.NormFloat64(), []float64{-1.5, -0.5, 0.5, 1.5})]
	pYes := 1 / (1 + math.Exp(-(-0.4 + 0.6*zb*sign(e.H3Buyer))))
	p.NewObjections = "No"
	if r.Float64() < pYes {
		p.NewObjections = "Yes"
	}
	if r.Float64() < 0.08 {
		p.NewObjections = "Not sure"
	}
}

// drawGains draws the measured AI gain, the expected gain (H5, 2024+) and
// the SDR headcount change, which carries H4 through the measured gain.
// The measured and expected gains are each a monotone function of one
// uniform: u below the share of zeros (or of 500% optimists) gives that
// answer, above it a normal draw sets the value; the uniform is rebuilt
// from the draws in the order they are made.
func drawGains(r *rand.Rand, p *Respondent, year int, hasSDR bool, e Effects) {
	l := &p.lat
	l.meas = splitUniform(r, measuredZeroShare)
	if year >= 2024 {
		l.hasExp, l.gainYear = true, year
		l.exp = splitUniform(r, e.H5Optimists[year-2024])
	}
	l.sdr = r.NormFloat64()
	setGains(p, hasSDR, e)
}

// splitUniform draws u; at or above share it draws a normal z and returns
// share + (1 − share)·Φ(z), a uniform again.
func splitUniform(r *rand.Rand, share float64) float64 {
	u := r.Float64()
	if u < share {
		return u
	}
	return share + (1-share)*normalCDF(r.NormFloat64())
}

// splitValue is the answer of uniform u: at (below share) or value(z) with
// z = Φ⁻¹((u − share)/(1 − share)).
func splitValue(u, share, at float64, value func(z float64) float64) float64 {
	if u < share {
		return at
	}
	return value(normalQuantile((u - share) / (1 - share)))
}

// setGains sets the measured and expected gains and the SDR headcount
// change (which carries H4 through the measured gain) from p's draws.
func setGains(p *Respondent, hasSDR bool, e Effects) {
	l := p.lat
	p.GainMeasured = splitValue(l.meas, measuredZeroShare, 0, measuredGain)
	if l.hasExp {
		k := l.gainYear - 2024
		p.GainExpected = splitValue(l.exp, e.H5Optimists[k], 500, func(z float64) float64 { return expectedGain(z, e.H5ExpMedian[k]) })
	}
	zg := (math.Asinh(p.GainMeasured) - 2.2) / 1.55
	l4 := 0.3 + 1.0*l.sdr + e.H4SDR*zg
	if hasSDR {
		p.SDRChange = SDRChanges[cut(l4, []float64{-1.6, -0.6, 0.4, 1.3, 2.0})]
	} else {
		p.SDRChange = "No SDRs"
	}
}

// normalQuantile is Φ⁻¹(u); normalCDF is Φ(z).
func normalQuantile(u float64) float64 { return math.Sqrt2 * math.Erfinv(2*u-1) }
func normalCDF(z float64) float64      { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// drawCaptured draws how the AI gains were captured (at most two answers).
func drawCaptured(r *rand.Rand, p *Respondent) {
	p.CapturedAs = subset(r, Captured[:5], 0.2, 0)
	if len(p.CapturedAs) > 2 {
		p.CapturedAs = p.CapturedAs[:2]
	}
	if len(p.CapturedAs) == 0 {
		p.CapturedAs = []string{"No gains yet"}
	}
}

// drawComment draws the free-text comment a quarter of respondents leave,
// some of which name a person or a company.
func drawComment(r *rand.Rand, p *Respondent) {
	if r.Float64() < 0.25 {
		p.Comment = []string{"Great survey, thanks!", "Hiring is frozen until Q3.",
			fmt.Sprintf("Talk to %s %s at %s about this.", p.First, p.Last, p.Company),
			"AI tools help with research, not with closing.\nBuyers want proof.",
			fmt.Sprintf("We switched from %s %s last year.", companyA[r.IntN(len(companyA))], companyB[r.IntN(len(companyB))]),
			"Pipeline is soft, cycles are long."}[r.IntN(6)]
	}
}

func sign(x float64) float64 {
	if x == 0 {
		return 0
	}
	return math.Copysign(1, x)
}

// cut returns the number of thresholds at or below x.
func cut(x float64, th []float64) int {
	k := 0
	for _, t := range th {
		if x >= t {
			k++
		}
	}
	return k
}

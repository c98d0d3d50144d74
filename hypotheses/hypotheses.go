// Package hypotheses runs the five pre-registered hypotheses of
// docs/analysis-plan.md (with its Amendments 1 and 2) on the canonical dataset: each
// declares its claim, the waves and variables it needs, and its components;
// the registry applies Holm across the five primary p-values and across the
// five "contradicted" p-values, Benjamini–Hochberg across the secondary
// tests, and assigns the plan's verdicts.
package hypotheses

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// Verdict is the plan's verdict on one hypothesis.
type Verdict string

// Verdicts, as the plan defines them.
const (
	Supported    Verdict = "supported"
	NotSupported Verdict = "not supported"
	Contradicted Verdict = "contradicted"
	Insufficient Verdict = "insufficient data"
)

// Options are the analysis settings; Defaults gives the pre-registered ones.
type Options struct {
	Alpha             float64 `json:"alpha"`              // family-wise α (Holm) and BH q; default 0.05
	Seed              uint64  `json:"seed"`               // bootstrap seed
	Resamples         int     `json:"resamples"`          // bootstrap replicates B; default 9999
	EquivalenceMargin float64 `json:"equivalence_margin"` // H4 TOST margin Δ in SD per SD; default 0.15
	MinGroup          int     `json:"min_group"`          // smallest group or sample a test may use; default 20
	// VerdictsOnly skips what feeds neither a verdict nor a primary p-value
	// (confidence intervals of effects, figures, descriptive, robustness
	// and secondary tests), for the sensitivity pass, which reports only
	// those: the bootstraps it still draws are the ones behind H2's
	// p-values.
	VerdictsOnly bool `json:"-"`
}

// Defaults returns the pre-registered options.
func Defaults() Options {
	return Options{Alpha: 0.05, Seed: 20260512, Resamples: 9999, EquivalenceMargin: 0.15, MinGroup: 20}
}

// Validate names the flag of an option out of range.
func (o Options) Validate() error {
	switch {
	case !(o.Alpha > 0 && o.Alpha < 1):
		return fmt.Errorf("-alpha must be in (0, 1), got %g", o.Alpha)
	case o.Resamples < 99:
		return fmt.Errorf("-resamples must be at least 99, got %d", o.Resamples)
	case !(o.EquivalenceMargin > 0 && o.EquivalenceMargin < 5):
		return fmt.Errorf("-equivalence-margin must be in (0, 5), got %g", o.EquivalenceMargin)
	case o.MinGroup < 2:
		return fmt.Errorf("-min-group must be at least 2, got %d", o.MinGroup)
	}
	return nil
}

// mdeAlpha is the level the MDE is computed at: α/5, Holm's first step over
// the five hypotheses (Amendment 1, item 4).
func (o Options) mdeAlpha() float64 { return o.Alpha / familySize }

// familySize is the number of primary hypotheses Holm runs over (len(All)).
const familySize = 5

// mdePower is the power every MDE is computed for.
const mdePower = 0.8

// Bootstrap seed offsets: each bootstrap draws from Options.Seed plus its
// own offset (plus an index where one offset serves several samples), so
// that one bootstrap never reuses another's stream.
const (
	seedH1Delta      = 0   // + contrast index (0–3): Cliff's δ BCa
	seedH1Medians    = 5   // + group index: the figure's group medians
	seedH2GapSE      = 10  // + year index: SE of each year's IQR (part a)
	seedH2Budget     = 20  // part b
	seedH2Secondary  = 30  // + 10·metric + year index: secondary IQR trends
	seedH5Tau        = 50  // τ_b percentile CI
	seedH5GapMedians = 60  // + year index: median gap per year
	seedH5Medians    = 70  // + 2·year index (+1 for measured): the figure's medians
	seedH1FigureARR  = 100 // + group index: the figure's medians of new ARR per AE
)

// Float is a float64 that encodes NaN and ±Inf as JSON null (encoding/json
// refuses them).
type Float float64

// MarshalJSON writes the number, or null when it is not finite.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// Effect is an effect size with its confidence interval.
type Effect struct {
	Name     string `json:"name"`
	Estimate Float  `json:"estimate"`
	CILow    Float  `json:"ci_low"`
	CIHigh   Float  `json:"ci_high"`
	CILevel  Float  `json:"ci_level"`
}

// Group is one group of a comparison: its name, how it is defined and its n.
type Group struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
	N          int    `json:"n"`
}

// Component is one test that feeds a verdict (or a secondary, descriptive
// or sensitivity test), with enough detail to recompute it elsewhere.
type Component struct {
	Name        string   `json:"name"`
	Test        string   `json:"test"`
	Outcome     string   `json:"outcome"`
	Predictors  []string `json:"predictors,omitempty"`
	Groups      []Group  `json:"groups,omitempty"`
	Years       []int    `json:"years"`
	Alternative string   `json:"alternative"`
	N           int      `json:"n"`
	Statistic   Float    `json:"statistic"`
	// StatisticName says what Statistic is (U, t, τ_b, slope, …).
	StatisticName string `json:"statistic_name"`
	PValue        Float  `json:"p_value"`
	// POpposite is the one-sided p-value in the direction opposite to the
	// claim (primary components only; Amendment 1's "contradicted").
	POpposite *Float `json:"p_opposite,omitempty"`
	// PAdjusted is set for secondary tests (Benjamini–Hochberg).
	PAdjusted *Float  `json:"p_adjusted,omitempty"`
	Effect    *Effect `json:"effect,omitempty"`
	Note      string  `json:"note,omitempty"`
	// Values holds, at full precision, the numbers Note rounds for reading
	// (degrees of freedom, τ², z, shifts, medians), by name.
	Values map[string]Float `json:"values,omitempty"`
	// PerYear holds per-wave estimates (H2's yearly IQRs with their
	// bootstrap SEs) at full precision.
	PerYear []YearValue `json:"per_year,omitempty"`
}

// YearValue is one wave's estimate with its standard error or interval
// (null where not computed).
type YearValue struct {
	Year     int   `json:"year"`
	N        int   `json:"n"`
	Estimate Float `json:"estimate"`
	SE       Float `json:"se"`
	CILow    Float `json:"ci_low"`
	CIHigh   Float `json:"ci_high"`
}

// Result is one hypothesis's outcome.
type Result struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Claim     string   `json:"claim"`
	Years     []int    `json:"years"`     // the waves it needs
	Variables []string `json:"variables"` // the canonical variables it reads
	Verdict   Verdict  `json:"verdict"`
	// Provisional is "provisional (B = …)" when the run drew fewer than
	// 999 bootstrap resamples (Amendment 2, item 9); "" otherwise.
	Provisional string `json:"provisional,omitempty"`
	// VerdictNotes are printed beside the verdict: censoring warnings and
	// answer-set changes of the variables it rests on (Amendment 2).
	VerdictNotes []string `json:"verdict_notes"`
	// Censoring lists the variables with more than 10% of their answers at
	// a codebook bound or at the observed maximum (Amendment 2, item 8).
	Censoring []Censoring `json:"censoring"`
	Finding   string      `json:"finding"`
	// NotShown says in one plain line what the result does not show
	// (confounders, reverse direction, wave differences; Amendment 2, item 1).
	NotShown  string `json:"not_shown"`
	PValue    Float  `json:"p_value"`    // p_H (max over the parts); NaN when insufficient
	PAdjusted Float  `json:"p_adjusted"` // Holm across the five
	// PContra is the "contradicted" p-value: the smallest opposite-direction
	// p over the parts times their number (Bonferroni); PContraAdjusted is
	// its Holm adjustment across the five. Contradicted when ≤ α.
	PContra         Float  `json:"p_contra"`
	PContraAdjusted Float  `json:"p_contra_adjusted"`
	Effect          Effect `json:"effect"` // the headline effect
	N               int    `json:"n"`
	// MDE is the minimum detectable effect at 80% power and level α/5 for
	// the binding part and the n used, in the units MDEUnit names.
	MDE     Float  `json:"mde_80"`
	MDEUnit string `json:"mde_unit"`
	// JointPower is H1's joint power of its four parts at its MDE (a lower
	// bound; Amendment 2, item 3).
	JointPower *Float      `json:"joint_power,omitempty"`
	Warnings   []string    `json:"warnings"`
	Components []Component `json:"components"`
	Secondary  []Component `json:"secondary"`
	// Descriptive tests are reported but belong to no family.
	Descriptive []Component `json:"descriptive,omitempty"`
	// Robustness holds sensitivity analyses of the primary test (H1's
	// pooled Mann–Whitney and year × stage stratified tests); they belong
	// to no family.
	Robustness []Component `json:"robustness,omitempty"`
	// Figure holds what the verdict rests on, for charts (not in results.json).
	Figure figure.Figure `json:"-"`

	// set by the hypothesis, read by the registry
	inDirection  bool      // every effect in the claimed direction
	opposite     []float64 // per part: one-sided p in the opposite direction
	insufficient string    // non-empty: why the data cannot answer
	describe     func(r *Result) string
	figure       func(r *Result) figure.Figure
}

// Hypothesis is one pre-registered hypothesis.
type Hypothesis struct {
	ID, Title, Claim string
	// NotShown is the plain line of what the result cannot show.
	NotShown  string
	Years     []int    // waves it needs
	Variables []string // canonical variables it reads
	Run       func(d *dataset.Dataset, o Options) Result
	// Headline computes the hypothesis's headline comparison on a dataset
	// (for the release's check that the public file keeps the conclusion).
	Headline func(d *dataset.Dataset) Headline
}

// All is the ordered registry.
var All = []Hypothesis{H1, H2, H3, H4, H5}

// Report is the outcome of RunAll.
type Report struct {
	Options Options  `json:"options"`
	Results []Result `json:"results"`
	// Repeats counts the repeat companies per wave pair (private keys,
	// Amendment 2, item 2).
	Repeats []dataset.RepeatPair `json:"repeat_companies"`
}

// RunAll runs every hypothesis, applies Holm to the primary and the
// "contradicted" p-values and BH to the secondary ones, and assigns
// verdicts, findings and figures.
func RunAll(d *dataset.Dataset, o Options) Report {
	rep := Report{Options: o, Results: make([]Result, len(All)), Repeats: dataset.RepeatPairs(d)}
	ps := make([]float64, len(All))
	pc := make([]float64, len(All))
	// The hypotheses share nothing but the (read-only) dataset: they run
	// side by side, each with its own seeds.
	_ = parallel.Each(len(All), func(i int) error {
		h := All[i]
		r := h.Run(d, o)
		r.ID, r.Title, r.Claim, r.Years, r.Variables, r.NotShown = h.ID, h.Title, h.Claim, h.Years, h.Variables, h.NotShown
		r.Censoring = censoring(d, h.Variables, h.Years)
		r.VerdictNotes = append(r.VerdictNotes, censoringNotes(r.Censoring)...)
		r.PContra = Float(contraP(r.opposite))
		if r.insufficient != "" {
			r.PValue, r.PContra = Float(math.NaN()), Float(math.NaN())
		}
		ps[i], pc[i] = float64(r.PValue), float64(r.PContra)
		rep.Results[i] = r
		return nil
	})
	adj, adjC := stats.Holm(ps), stats.Holm(pc)
	adjustSecondary(rep.Results)
	for i := range rep.Results {
		r := &rep.Results[i]
		r.PAdjusted, r.PContraAdjusted = Float(adj[i]), Float(adjC[i])
		r.Verdict = verdict(r, o.Alpha)
		r.Provisional = provisional(o.Resamples)
		if r.Verdict == Insufficient {
			r.Finding = "Insufficient data: " + r.insufficient + "."
		} else if r.describe != nil {
			r.Finding = r.describe(r)
		}
		if !o.VerdictsOnly { // figures feed no verdict
			r.Figure = resultFigure(r)
		}
		r.describe, r.figure = nil, nil // they hold the dataset
		r.normalize()
	}
	return rep
}

// contraP is Amendment 1's p_contra: the smallest opposite-direction p over
// the parts times the number of parts, at most 1; NaN without parts.
func contraP(opposite []float64) float64 {
	if len(opposite) == 0 {
		return math.NaN()
	}
	m := math.Inf(1)
	for _, p := range opposite {
		if math.IsNaN(p) {
			return math.NaN()
		}
		m = math.Min(m, p)
	}
	return math.Min(1, m*float64(len(opposite)))
}

// minVerdictResamples is the fewest bootstrap resamples a verdict may rest
// on without being marked provisional (Amendment 2, item 9).
const minVerdictResamples = 999

// provisional is the mark of a run with fewer than minVerdictResamples.
func provisional(b int) string {
	if b >= minVerdictResamples {
		return ""
	}
	return fmt.Sprintf("provisional (B = %d)", b)
}

// verdict applies the plan's rules (Amendment 1 for "contradicted";
// Amendment 2, item 9: both verdicts need p strictly below alpha).
func verdict(r *Result, alpha float64) Verdict {
	switch {
	case r.insufficient != "":
		return Insufficient
	case float64(r.PContraAdjusted) < alpha:
		return Contradicted
	case float64(r.PAdjusted) < alpha && r.inDirection:
		return Supported
	}
	return NotSupported
}

// adjustSecondary applies Benjamini–Hochberg across every secondary test.
func adjustSecondary(rs []Result) {
	var sec []float64
	for _, r := range rs {
		for _, c := range r.Secondary {
			sec = append(sec, float64(c.PValue))
		}
	}
	bh := stats.BenjaminiHochberg(sec)
	k := 0
	for i := range rs {
		for j := range rs[i].Secondary {
			v := Float(bh[k])
			rs[i].Secondary[j].PAdjusted = &v
			k++
		}
	}
}

// normalize gives empty lists instead of nil ones, so results.json always
// has [] where a list is expected.
func (r *Result) normalize() {
	if r.Censoring == nil {
		r.Censoring = []Censoring{}
	}
	for _, l := range []*[]string{&r.Warnings, &r.VerdictNotes} {
		if *l == nil {
			*l = []string{}
		}
	}
	for _, l := range []*[]Component{&r.Components, &r.Secondary} {
		if *l == nil {
			*l = []Component{}
		}
	}
	for _, cs := range [][]Component{r.Components, r.Secondary, r.Descriptive, r.Robustness} {
		for j := range cs {
			if cs[j].Years == nil {
				cs[j].Years = []int{}
			}
		}
	}
}

// --- helpers shared by the hypotheses ---

func inYears(d *dataset.Dataset, i int, years []int) bool {
	for _, y := range years {
		if d.Year[i] == y {
			return true
		}
	}
	return false
}

func yearsPresent(d *dataset.Dataset, v string, years []int) []int {
	var out []int
	for _, y := range years {
		for i := 0; i < d.Len(); i++ {
			if d.Year[i] == y && !math.IsNaN(d.Float(v, i)) {
				out = append(out, y)
				break
			}
		}
	}
	return out
}

func effectCI(name string, iv stats.Interval) Effect {
	return Effect{Name: name, Estimate: Float(iv.Estimate), CILow: Float(iv.Low), CIHigh: Float(iv.High), CILevel: Float(iv.Level)}
}

// tInterval is est ± t_{1−(1−level)/2, df}·se.
func tInterval(name string, est, se, df, level float64) Effect {
	q := stats.TQuantile(1-(1-level)/2, df)
	return Effect{Name: name, Estimate: Float(est), CILow: Float(est - q*se), CIHigh: Float(est + q*se), CILevel: Float(level)}
}

func fmtCI(e Effect, digits int) string {
	f := "%." + fmt.Sprint(digits) + "f"
	return fmt.Sprintf(f+" (%.0f%% CI "+f+" to "+f+")", e.Estimate, e.CILevel*100, e.CILow, e.CIHigh)
}

// fmtDirected states an effect's sign once, in words: "0.55 points lower
// (95% CI 0.30 to 0.80 lower)", or, when the interval crosses zero, "0.12
// points lower (95% CI 0.30 lower to 0.05 higher)". unit may be "".
func fmtDirected(e Effect, digits int, unit, up, down string) string {
	word := func(x float64) string {
		if x < 0 {
			return down
		}
		return up
	}
	f := "%." + fmt.Sprint(digits) + "f"
	mag := func(x float64) string { return fmt.Sprintf(f, math.Abs(x)) }
	est, lo, hi := float64(e.Estimate), float64(e.CILow), float64(e.CIHigh)
	if unit != "" {
		unit = " " + unit
	}
	head := mag(est) + unit + " " + word(est)
	if est < 0 {
		lo, hi = hi, lo // nearest to zero first
	}
	if word(lo) == word(est) && word(hi) == word(est) {
		return fmt.Sprintf("%s (%.0f%% CI %s to %s %s)", head, float64(e.CILevel)*100, mag(lo), mag(hi), word(est))
	}
	return fmt.Sprintf("%s (%.0f%% CI %s %s to %s %s)", head, float64(e.CILevel)*100, mag(lo), word(lo), mag(hi), word(hi))
}

// fmtPs is the closing "p = …" clause every finding ends with.
func fmtPs(r *Result) string {
	return fmt.Sprintf("p = %.3g (Holm %.3g); opposite direction p = %.3g (Holm %.3g)", r.PValue, r.PAdjusted, r.PContra, r.PContraAdjusted)
}

func maxP(ps ...float64) float64 {
	m := 0.0
	for _, p := range ps {
		if math.IsNaN(p) {
			return math.NaN()
		}
		m = math.Max(m, p)
	}
	return m
}

func ptr(f float64) *Float {
	v := Float(f)
	return &v
}

package synth_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

// TestBundledDataIsCurrent regenerates data/ and fails if any file differs:
// the committed sample never drifts from the generator.
func TestBundledDataIsCurrent(t *testing.T) {
	res, err := synth.Generate(synth.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range res.Files {
		got, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if err != nil {
			t.Fatalf("data/%s: %v (regenerate with: go run ./cmd/analyze synth -out data)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s differs from the generator's output; regenerate with: go run ./cmd/analyze synth -out data", name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	o := synth.Options{Seed: 7, Scale: 0.3, Effects: "null"}
	a, err := synth.Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Generate(o)
	for n := range a.Files {
		if !bytes.Equal(a.Files[n], b.Files[n]) {
			t.Errorf("%s differs between two runs with the same seed", n)
		}
	}
	o.Seed = 8
	c, _ := synth.Generate(o)
	if bytes.Equal(a.Files["2026_typeform.csv"], c.Files["2026_typeform.csv"]) {
		t.Error("different seeds gave the same export")
	}
}

var defectReason = map[string]dataset.Reason{"": "", "blank": "blank_row", "duplicate": clean.ReasonDuplicate,
	"partial": clean.ReasonIncomplete, "preview": clean.ReasonPreview, "speeder": clean.ReasonSpeeder}

// TestRecovery: synth → files → read → harmonize → clean recovers the
// generated canonical values, every planted value defect becomes missing, and
// every planted row defect is excluded with its reason (and nothing else is).
func TestRecovery(t *testing.T) {
	sv := synthtest.Cleaned(t, synth.Options{Seed: 3, Scale: 1, Effects: "planted"})
	dir, res, in := sv.Dir, sv.Res, sv.In
	rowOf := map[string]int{}
	for i := 0; i < in.Data.Len(); i++ {
		rowOf[in.Data.File[i]+"#"+itoa(in.Data.Line[i])] = i
	}
	nums := map[string]func(*synth.Respondent) float64{
		"win_rate_pct":         func(p *synth.Respondent) float64 { return p.WinRate },
		"arr_growth_yoy_pct":   func(p *synth.Respondent) float64 { return p.ARRGrowth },
		"new_arr_per_ae_usd":   func(p *synth.Respondent) float64 { return p.NewARRPerAE },
		"ai_gain_measured_pct": func(p *synth.Respondent) float64 { return p.GainMeasured },
		"ai_expected_gain_pct": func(p *synth.Respondent) float64 { return p.GainExpected },
		"sales_cycle_days":     func(p *synth.Respondent) float64 { return p.CycleDays },
		"headcount_total":      func(p *synth.Respondent) float64 { return p.Headcount },
		"hc_sdr":               func(p *synth.Respondent) float64 { return p.HcSDR },
		"submitted_at":         func(p *synth.Respondent) float64 { return float64(p.Submitted) },
	}
	cats := map[string]func(*synth.Respondent) string{
		"company_stage":          func(p *synth.Respondent) string { return p.Stage },
		"arr_band":               func(p *synth.Respondent) string { return p.ARR },
		"company_category":       func(p *synth.Respondent) string { return p.Category },
		"sdr_model":              func(p *synth.Respondent) string { return p.SDRModel },
		"sales_cycle_change_12m": func(p *synth.Respondent) string { return p.CycleChange },
		"role":                   func(p *synth.Respondent) string { return p.Role },
	}
	multis := map[string]func(*synth.Respondent) []string{
		"ai_gtm_use_cases":  func(p *synth.Respondent) []string { return p.UseCases },
		"buyer_ai_observed": func(p *synth.Respondent) []string { return p.BuyerObserved },
	}
	checked, plantedSeen := 0, 0
	entries := map[string][]dataset.Entry{}
	for _, e := range in.Ledger.Entries {
		entries[e.File] = append(entries[e.File], e)
	}
	for _, exp := range res.Exports {
		path := filepath.Join(dir, exp.File)
		es := entries[path]
		if len(es) != len(exp.Rows) {
			t.Fatalf("%s: %d ledger entries, %d generated rows", exp.File, len(es), len(exp.Rows))
		}
		asked := map[string]bool{}
		for _, v := range res.Codebook.Waves {
			if v.Year == exp.Year {
				for _, c := range v.Columns {
					asked[c.Var] = true
				}
			}
		}
		for k, p := range exp.Rows {
			e := es[k]
			if got, want := e.Reason, defectReason[p.Defect]; got != want {
				t.Errorf("%s row %d: ledger reason %q, planted defect %q", exp.File, e.Row, got, p.Defect)
			}
			if p.Defect == "blank" || p.Defect == "partial" {
				continue
			}
			i := rowOf[path+"#"+itoa(e.Row)]
			planted := exp.Planted[k]
			for v, get := range nums {
				if !asked[v] {
					continue
				}
				got := in.Data.Float(v, i)
				if planted[v] != "" {
					plantedSeen++
					if !math.IsNaN(got) {
						t.Errorf("%s row %d %s: planted %s but got %v", exp.File, e.Row, v, planted[v], got)
					}
					continue
				}
				if want := get(p); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("%s row %d %s = %v, want %v", exp.File, e.Row, v, got, want)
				}
				checked++
			}
			for v, get := range cats {
				if !asked[v] {
					continue
				}
				got, ok := in.Data.Level(v, i)
				if planted[v] != "" {
					if ok {
						t.Errorf("%s row %d %s: planted %s but got %q", exp.File, e.Row, v, planted[v], got)
					}
					continue
				}
				if got != get(p) {
					t.Errorf("%s row %d %s = %q, want %q", exp.File, e.Row, v, got, get(p))
				}
				checked++
			}
			for v, get := range multis {
				if !asked[v] {
					continue
				}
				got, ok := in.Data.Chosen(v, i)
				if planted[v] != "" {
					if ok {
						t.Errorf("%s row %d %s: planted %s but got %q", exp.File, e.Row, v, planted[v], got)
					}
					continue
				}
				if !slices.Equal(got, get(p)) {
					t.Errorf("%s row %d %s = %q, want %q", exp.File, e.Row, v, got, get(p))
				}
				checked++
			}
		}
	}
	if checked < 10000 || plantedSeen < 200 {
		t.Errorf("checked %d values and %d planted defects; the test is not looking", checked, plantedSeen)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

package report

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

func TestResultsJSON(t *testing.T) {
	nan := hypotheses.Float(math.NaN())
	main := hypotheses.Report{Options: hypotheses.Defaults(), Results: []hypotheses.Result{
		{ID: "H1", Verdict: hypotheses.Supported, PValue: 0.001, PAdjusted: 0.005, PContra: 1, PContraAdjusted: 1, MDE: 0.2, Warnings: []string{}},
		{ID: "H2", Verdict: hypotheses.Insufficient, PValue: nan, PAdjusted: nan, PContra: nan, PContraAdjusted: nan, MDE: nan,
			Effect: hypotheses.Effect{Estimate: nan, CILow: hypotheses.Float(math.Inf(1))}},
	}}
	raw := hypotheses.Report{Options: main.Options, Results: []hypotheses.Result{
		{ID: "H1", Verdict: hypotheses.NotSupported, PValue: 0.2, PAdjusted: 0.4},
		{ID: "H2", Verdict: hypotheses.Insufficient, PValue: nan, PAdjusted: nan},
	}}
	l := &dataset.Ledger{}
	l.Add(2025, "/some/where/2025_qualtrics.csv", 2, "a")
	l.Add(2025, "/some/where/2025_qualtrics.csv", 3, "b")
	l.Exclude("/some/where/2025_qualtrics.csv", 3, "duplicate")
	r := NewResults(main, raw, l)
	if !r.Hypotheses[0].Sensitivity.Changed || r.Hypotheses[1].Sensitivity.Changed {
		t.Errorf("changed flags %v %v", r.Hypotheses[0].Sensitivity.Changed, r.Hypotheses[1].Sensitivity.Changed)
	}
	b, err := JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b)
	}
	h2 := back["hypotheses"].([]any)[1].(map[string]any)
	for _, k := range []string{"p_value", "p_adjusted", "p_contra", "p_contra_adjusted", "mde_80"} {
		if v, ok := h2[k]; !ok || v != nil {
			t.Errorf("H2 %s = %v (present %v), want null", k, v, ok)
		}
	}
	if h2["effect"].(map[string]any)["ci_low"] != nil {
		t.Error("+Inf not written as null")
	}
	led := back["ledger"].([]any)
	if len(led) != 1 {
		t.Fatalf("ledger %v", led)
	}
	row := led[0].(map[string]any)
	if row["file"] != "2025_qualtrics.csv" || row["read"].(float64) != 2 || row["kept"].(float64) != 1 || row["excluded"].(map[string]any)["duplicate"].(float64) != 1 {
		t.Errorf("ledger row %v", row)
	}
	s := string(b)
	if strings.Index(s, `"id"`) > strings.Index(s, `"verdict"`) || strings.Index(s, `"verdict"`) > strings.Index(s, `"sensitivity"`) {
		t.Error("fields not in declaration order")
	}
	if !strings.Contains(s, `"warnings": []`) {
		t.Error("empty warnings not written as []")
	}
}

// TestRepeatCompanies: results.json lists every wave pair; the report line
// names only the pairs with repeat companies, or "none".
func TestRepeatCompanies(t *testing.T) {
	main := hypotheses.Report{Options: hypotheses.Defaults(), Repeats: []dataset.RepeatPair{{From: 2024, To: 2025, Companies: 3}, {From: 2024, To: 2026, Companies: 0}}}
	r := NewResults(main, main, nil)
	if len(r.RepeatCompanies) != 2 {
		t.Errorf("results.json repeat pairs %v", r.RepeatCompanies)
	}
	if got := repeats(r.RepeatCompanies); got != "2024–2025 3" {
		t.Errorf("report line %q", got)
	}
	if got := repeats(nil); got != "none" {
		t.Errorf("no pairs: %q", got)
	}
	b, err := JSON(NewResults(hypotheses.Report{}, hypotheses.Report{}, nil))
	if err != nil || !strings.Contains(string(b), `"repeat_companies": []`) {
		t.Errorf("empty repeat pairs not written as []: %v", err)
	}
}

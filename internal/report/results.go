package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

// Sensitivity is a hypothesis re-run with the quality rules switched off.
type Sensitivity struct {
	Verdict   hypotheses.Verdict `json:"verdict_without_quality_rules"`
	PValue    hypotheses.Float   `json:"p_value_without_quality_rules"`
	PAdjusted hypotheses.Float   `json:"p_adjusted_without_quality_rules"`
	N         int                `json:"n_without_quality_rules"`
	Changed   bool               `json:"cleaning_changed_verdict"`
}

// HypothesisOut is one entry of results.json.
type HypothesisOut struct {
	hypotheses.Result
	Sensitivity Sensitivity `json:"sensitivity"`
}

// LedgerRow is one wave's row accounting in results.json: rows read = kept + excluded.
type LedgerRow struct {
	Year     int                    `json:"year"`
	File     string                 `json:"file"`
	Read     int                    `json:"read"`
	Kept     int                    `json:"kept"`
	Excluded map[dataset.Reason]int `json:"excluded"` // by reason (keys sorted when encoded)
}

// Results is the content of results.json.
type Results struct {
	Tool            string             `json:"tool"`
	Options         hypotheses.Options `json:"options"`
	Family          string             `json:"family_correction"`
	ContraFamily    string             `json:"contradicted_correction"`
	SecondaryFamily string             `json:"secondary_correction"`
	Hypotheses      []HypothesisOut    `json:"hypotheses"`
	Ledger          []LedgerRow        `json:"ledger"`
	// RepeatCompanies counts the companies that answered in both waves of
	// each pair (by the private company key; the keys are not written).
	RepeatCompanies []dataset.RepeatPair `json:"repeat_companies"`
	Trends          *trends.Result       `json:"trends,omitempty"` // the exploratory trends stage
}

// NewResults joins the main and the sensitivity reports with the ledger of
// the run.
func NewResults(main, raw hypotheses.Report, ledger *dataset.Ledger) Results {
	a := main.Options.Alpha
	r := Results{Tool: "gtmsurvey", Options: main.Options,
		Family:          fmt.Sprintf("Holm across the five primary p-values (each the max of its parts, intersection-union), alpha = %g", a),
		ContraFamily:    fmt.Sprintf("contradicted: per hypothesis the smallest opposite-direction p of its parts times their number (Bonferroni), Holm across the five, contradicted when <= %g", a),
		SecondaryFamily: fmt.Sprintf("Benjamini-Hochberg across all secondary tests, q = %g; descriptive and robustness tests belong to no family", a),
		Ledger:          []LedgerRow{}, RepeatCompanies: main.Repeats}
	if r.RepeatCompanies == nil {
		r.RepeatCompanies = []dataset.RepeatPair{}
	}
	for i, h := range main.Results {
		s := raw.Results[i]
		r.Hypotheses = append(r.Hypotheses, HypothesisOut{Result: h, Sensitivity: Sensitivity{
			Verdict: s.Verdict, PValue: s.PValue, PAdjusted: s.PAdjusted, N: s.N, Changed: s.Verdict != h.Verdict}})
	}
	if ledger != nil {
		for _, c := range ledger.Tally() {
			ex := c.Excluded
			if ex == nil {
				ex = map[dataset.Reason]int{}
			}
			r.Ledger = append(r.Ledger, LedgerRow{Year: c.Year, File: filepath.Base(c.File), Read: c.Read, Kept: c.Kept, Excluded: ex})
		}
	}
	return r
}

// JSON renders v as indented JSON without HTML escaping; non-finite numbers
// are hypotheses.Float and encode as null.
func JSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return b.Bytes(), nil
}

package synth_test

import (
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// TestCodebookKnowsEveryWording: the written codebook gives every analysed
// question a wording the trends can compare (a Qualtrics tag or a Typeform
// choice header alone does not say the question), text only where the
// header does not say it, and the sales cycle's three wordings unmarked.
func TestCodebookKnowsEveryWording(t *testing.T) {
	res, err := synth.Generate(synth.Options{Seed: 3, Scale: 0.05, Effects: "planted"})
	if err != nil {
		t.Fatal(err)
	}
	cb := res.Codebook
	for _, w := range cb.Waves {
		for _, c := range w.Columns {
			v := cb.Var(c.Var)
			if v.Role != codebook.RoleQuasi && v.Role != codebook.RoleSensitive {
				if c.Text != "" {
					t.Errorf("%d %s: text %q on a column that is no compared question", w.Year, c.Var, c.Text)
				}
				continue
			}
			if w.Stems(c.Var) == nil {
				t.Errorf("%d %s (%s): no wording the trends can compare", w.Year, c.Var, c.String())
			}
			if c.Text != "" && c.Header != "" && codebook.NormalizeHeader(c.Text) == c.Header {
				t.Errorf("%d %s: text %q repeats the header", w.Year, c.Var, c.Text)
			}
		}
	}
	if r, ok := cb.Var("sales_cycle_days").EquivalentWording(2024, 2025); ok {
		t.Errorf("sales_cycle_days: 2024 asks first meeting to close, 2025 does not; marked equivalent (%q)", r)
	}
	if _, ok := cb.Var("headcount_total").EquivalentWording(2023, 2024); !ok {
		t.Error("headcount_total: 2023 and 2024 ask the same thing but are not marked equivalent")
	}
}

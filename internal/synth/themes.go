package synth

import "github.com/gtmsurvey/gtmsurvey/internal/codebook"

// themes assigns each sample variable its survey area; variables not listed
// (identifiers, meta, free text, company profile) are ThemeCompany.
var themes = map[string]codebook.Theme{
	"gtm_motion": codebook.ThemeSales, "hc_sales_marketing": codebook.ThemeSales, "hc_sdr": codebook.ThemeSales,
	"hc_ae": codebook.ThemeSales, "hc_se": codebook.ThemeSales, "sdr_hc_change_12m": codebook.ThemeSales,
	"sales_cycle_days": codebook.ThemeSales, "sales_cycle_days_prev": codebook.ThemeSales,
	"sales_cycle_change_12m": codebook.ThemeSales, "sales_cycle_direction": codebook.ThemeSales,
	"win_rate_pct": codebook.ThemeSales, "new_arr_per_ae_usd": codebook.ThemeSales, "sdr_model": codebook.ThemeSales,
	"hc_marketing": codebook.ThemeMarketing, "pipeline_growth_yoy_pct": codebook.ThemeMarketing,
	"hc_cs": codebook.ThemeCustomerSuccess, "ndr_pct": codebook.ThemeCustomerSuccess,
	"runway_band": codebook.ThemeCash, "arr_growth_yoy_pct": codebook.ThemeCash, "layoffs": codebook.ThemeCash,
	"ai_adoption": codebook.ThemeAI, "ai_gtm_use_cases": codebook.ThemeAI, "ai_gtm_budget_share": codebook.ThemeAI,
	"ai_gain_measured_pct": codebook.ThemeAI, "ai_expected_gain_pct": codebook.ThemeAI, "ai_gain_captured_as": codebook.ThemeAI,
	"buyer_ai_observed": codebook.ThemeAI, "buyer_ai_cycle_impact": codebook.ThemeAI, "new_objections": codebook.ThemeAI,
}

// withThemes sets every variable's theme (written to the codebook).
func withThemes(vs []*codebook.Variable) []*codebook.Variable {
	for _, v := range vs {
		v.Theme = codebook.ThemeCompany
		if t, ok := themes[v.Name]; ok {
			v.Theme = t
		}
	}
	return vs
}

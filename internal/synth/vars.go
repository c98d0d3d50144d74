package synth

import "github.com/gtmsurvey/gtmsurvey/internal/codebook"

func f(x float64) *float64 { return &x }

// Level lists of the canonical variables (2026 wording, SURVEY.md).
var (
	Roles      = []string{"Founder/CEO", "Other C-level", "VP Sales", "VP Marketing", "VP CS", "RevOps", "IC", "Other"}
	Stages     = []string{"Pre-seed", "Seed", "Series A", "Series B", "Series C", "Series D+", "Bootstrapped", "Public"}
	ARRBands   = []string{"Pre-revenue", "<$1M", "$1–5M", "$5–10M", "$10–25M", "$25–50M", "$50–100M", ">$100M"}
	ARRCoarse  = []string{"<$1M", "$1–10M", "$10–50M", "$50M+"}
	Categories = []string{"SaaS app", "Infra/devtools/data", "AI-native app", "AI infra", "AI / ML (2023, not split)", "Fintech", "Web3", "Consumer", "Other"}
	Segments   = []string{"Consumers", "VSB", "SMB", "Mid-market", "Enterprise"}
	Regions    = []string{"North America", "Europe", "Asia-Pacific", "Latin America", "Other"}
	ACVBands   = []string{"<$5k", "$5–15k", "$15–50k", "$50–100k", "$100–250k", ">$250k"}
	Motions    = []string{"Product-led", "Inbound", "Outbound", "Founder-led", "Channel", "Marketplaces", "Other"}
	SDRChanges = []string{"Decreased >25%", "Decreased 1–25%", "Flat", "Increased 1–25%", "Increased 26–50%", "Increased >50%", "No SDRs"}
	CycleChg   = []string{"Much shorter", "Somewhat shorter", "Same", "Somewhat longer", "Much longer", "Don't know"}
	CycleDir   = []string{"Shorter", "Same", "Longer"}
	Runways    = []string{"<6m", "6–12m", "12–18m", "18–24m", "24–36m", ">36m", "Profitable"}
	SDRModels  = []string{"Human SDRs without AI", "Human SDRs with AI tools (augmented)", "Autonomous AI SDR agents", "Both, separate motions", "No SDR function"}
	UseCases   = []string{"Prospect research", "Personalized outbound", "Autonomous outbound", "Conversation intelligence", "Notes & CRM", "Forecasting", "RFP responses", "Content & SEO", "Support", "None"}
	Budgets    = []string{"0%", "1–5%", "6–10%", "11–20%", "21–30%", ">30%", "Don't know"}
	Captured   = []string{"Fewer hires", "Faster revenue growth", "More pipeline", "Shorter cycles", "Lower CAC", "No gains yet"}
	BuyerAI    = []string{"AI-generated RFPs", "AI-assisted vendor evaluation", "AI in negotiation/procurement", "New AI-driven objections", "Buyers arriving via AI assistants", "None"}
	BuyerImp   = []string{"Shortened a lot", "Shortened somewhat", "No change", "Lengthened somewhat", "Lengthened a lot", "Not sure"}
	YesNoNS    = []string{"Yes", "No", "Not sure"}
	Adoption   = []string{"In production", "Piloting", "Evaluating", "Not using"}
	YesNo      = []string{"Yes", "No"}
)

func coarseMap() map[string]string {
	return map[string]string{"Pre-revenue": "<$1M", "<$1M": "<$1M", "$1–5M": "$1–10M", "$5–10M": "$1–10M",
		"$10–25M": "$10–50M", "$25–50M": "$10–50M", "$50–100M": "$50M+", ">$100M": "$50M+"}
}

func dirMap() map[string]string {
	return map[string]string{"Much shorter": "Shorter", "Somewhat shorter": "Shorter", "Same": "Same",
		"Somewhat longer": "Longer", "Much longer": "Longer"}
}

// Variables returns the canonical variables of the sample codebook.
func Variables() []*codebook.Variable {
	const (
		D, M, Q, S, F = codebook.RoleDirect, codebook.RoleMeta, codebook.RoleQuasi, codebook.RoleSensitive, codebook.RoleFreeText
	)
	v := func(name, label, typ string, role codebook.Role, levels []string) *codebook.Variable {
		return &codebook.Variable{Name: name, Label: label, Type: typ, Role: role, Levels: levels}
	}
	num := func(name, label, typ string, role codebook.Role, lo, hi float64) *codebook.Variable {
		return &codebook.Variable{Name: name, Label: label, Type: typ, Role: role, Min: f(lo), Max: f(hi)}
	}
	coarse := v("arr_band_coarse", "ARR band (coarse, comparable across all waves)", codebook.TypeOrdinal, Q, ARRCoarse)
	coarse.Derive = &codebook.Derive{From: "arr_band", Map: coarseMap()}
	coarse.Note = "2022 asked only these coarse bands; later waves are mapped onto them"
	dir := v("sales_cycle_direction", "Sales cycle over the last 12 months (3 levels, comparable across waves)", codebook.TypeOrdinal, S, CycleDir)
	dir.Derive = &codebook.Derive{From: "sales_cycle_change_12m", Map: dirMap()}
	dir.Note = "2022 asked only longer / same / shorter; later waves are mapped onto it"
	dur := num("duration_s", "Time taken to answer (seconds)", codebook.TypeNumber, M, 0, 1e7)
	dur.Derive = &codebook.Derive{From: "submitted_at", DifferenceFrom: "started_at"}
	cat := v("company_category", "Company category", codebook.TypeSingle, Q, Categories)
	cat.Note = "2022 had no AI options; 2023 had one AI / ML option, split into AI-native app and AI infra from 2024"
	return withThemes([]*codebook.Variable{
		v("response_id", "Source response id", codebook.TypeText, M, nil),
		v("submitted_at", "Submitted at (UTC)", codebook.TypeDatetime, M, nil),
		v("started_at", "Started at (UTC)", codebook.TypeDatetime, M, nil),
		dur,
		v("response_type", "Response type (preview/test or real)", codebook.TypeSingle, M, []string{"Response", "Preview"}),
		v("finished", "Finished the survey", codebook.TypeSingle, M, YesNo),
		v("email", "Email address", codebook.TypeText, D, nil),
		v("name", "Full name", codebook.TypeText, D, nil),
		v("first_name", "First name", codebook.TypeText, D, nil),
		v("last_name", "Last name", codebook.TypeText, D, nil),
		v("company", "Company name", codebook.TypeText, D, nil),
		v("website", "Company website", codebook.TypeText, D, nil),
		v("ip_address", "IP address", codebook.TypeText, D, nil),
		v("latitude", "Latitude", codebook.TypeText, D, nil),
		v("longitude", "Longitude", codebook.TypeText, D, nil),
		v("network_id", "Network id", codebook.TypeText, D, nil),
		v("role", "Respondent role", codebook.TypeSingle, Q, Roles),
		v("company_stage", "Company stage", codebook.TypeSingle, Q, Stages),
		v("arr_band", "ARR band", codebook.TypeOrdinal, Q, ARRBands),
		coarse,
		cat,
		v("customer_segment", "Primary customer segment", codebook.TypeSingle, Q, Segments),
		v("hq_region", "Headquarters region", codebook.TypeSingle, Q, Regions),
		v("acv_band", "Average contract value band", codebook.TypeOrdinal, Q, ACVBands),
		v("gtm_motion", "Go-to-market motions", codebook.TypeMulti, Q, Motions),
		num("headcount_total", "Employees", codebook.TypeInteger, Q, 0, 1e6),
		num("hc_sales_marketing", "Sales and marketing headcount (2023 only)", codebook.TypeInteger, Q, 0, 1e5),
		num("hc_sdr", "SDR headcount", codebook.TypeInteger, Q, 0, 1e5),
		num("hc_ae", "AE headcount", codebook.TypeInteger, Q, 0, 1e5),
		num("hc_se", "SE headcount", codebook.TypeInteger, Q, 0, 1e5),
		num("hc_marketing", "Marketing headcount", codebook.TypeInteger, Q, 0, 1e5),
		num("hc_cs", "Customer success headcount", codebook.TypeInteger, Q, 0, 1e5),
		v("sdr_hc_change_12m", "SDR headcount change, last 12 months", codebook.TypeOrdinal, Q, SDRChanges),
		num("arr_growth_yoy_pct", "ARR growth year over year (%)", codebook.TypePercent, S, -100, 10000),
		num("pipeline_growth_yoy_pct", "Pipeline growth year over year (%)", codebook.TypePercent, S, -100, 10000),
		num("sales_cycle_days", "Sales cycle, first meeting to close (days)", codebook.TypeNumber, S, 0, 2000),
		num("sales_cycle_days_prev", "Sales cycle a year earlier (days, 2023 only)", codebook.TypeNumber, S, 0, 2000),
		v("sales_cycle_change_12m", "Sales cycle change, last 12 months", codebook.TypeOrdinal, S, CycleChg),
		dir,
		num("win_rate_pct", "Win rate (%)", codebook.TypePercent, S, 0, 100),
		num("new_arr_per_ae_usd", "New ARR per ramped AE per year (USD)", codebook.TypeCurrency, S, 0, 1e8),
		num("ndr_pct", "Net dollar retention (%)", codebook.TypePercent, S, 0, 1000),
		v("runway_band", "Cash runway", codebook.TypeOrdinal, S, Runways),
		v("sdr_model", "SDR model", codebook.TypeSingle, Q, SDRModels),
		v("ai_adoption", "AI in go-to-market (2023 only)", codebook.TypeOrdinal, Q, Adoption),
		v("ai_gtm_use_cases", "AI use cases in go-to-market", codebook.TypeMulti, Q, UseCases),
		v("ai_gtm_budget_share", "Share of GTM budget spent on AI", codebook.TypeOrdinal, Q, Budgets),
		num("ai_gain_measured_pct", "Measured efficiency gain from AI (%)", codebook.TypePercent, S, -100, 1000),
		num("ai_expected_gain_pct", "Expected efficiency gain from AI (%)", codebook.TypePercent, S, 0, 1000),
		v("ai_gain_captured_as", "How AI gains were captured (up to 2)", codebook.TypeMulti, S, Captured),
		v("buyer_ai_observed", "Buyer-side AI observed", codebook.TypeMulti, S, BuyerAI),
		v("buyer_ai_cycle_impact", "Buyer AI's impact on sales cycles", codebook.TypeOrdinal, S, BuyerImp),
		v("new_objections", "New AI-driven objections", codebook.TypeSingle, S, YesNoNS),
		num("sentiment", "Market sentiment 1–10 (2022 only)", codebook.TypeInteger, S, 1, 10),
		v("layoffs", "Layoffs in the last 12 months (2022–2023)", codebook.TypeSingle, Q, YesNo),
		v("comments", "Comments", codebook.TypeText, F, nil),
	})
}

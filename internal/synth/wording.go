package synth

import (
	"sync"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// questionRoles is each variable's role.
var questionRoles = sync.OnceValue(func() map[string]codebook.Role {
	m := map[string]codebook.Role{}
	for _, v := range Variables() {
		m[v.Name] = v.Role
	}
	return m
})

// formStems are the questions of the multi-selects that Typeform exports as
// one column per choice headed by the choice alone: the export does not
// carry the question, so the codebook's text does.
var formStems = map[string]string{
	"gtm_motion":          "Which go-to-market motions do you use?",
	"ai_gtm_use_cases":    "Where do you use AI in go-to-market?",
	"ai_gain_captured_as": "How have you captured the gains from AI?",
	"buyer_ai_observed":   "Which uses of AI by your buyers have you seen?",
}

// questionText is the codebook's text of a wave's column: the question as
// respondents read it where the header the reader matches (key) does not
// say it, "" where it does (one header row, or SurveyMonkey's "question |
// sub-label"). Qualtrics is matched by tag, so its question row is the text.
// Only the questions the analysis compares (quasi-identifiers and sensitive
// answers) get one.
func questionText(w *wave, c column, key string) string {
	if r := questionRoles()[c.v]; r != codebook.RoleQuasi && r != codebook.RoleSensitive {
		return "" // not a question the analysis compares across waves
	}
	switch {
	case w.headerRows == 3 && c.text != key:
		return c.text
	case w.headerRows == 1 && c.option != "" && c.sub == "" && formStems[c.v] != "":
		return formStems[c.v]
	}
	return ""
}

// equivalents are the variables whose wording changed between waves in
// ways that do not change the question, each with the reason the report
// prints (Amendment 2 item 6). A changed wording not listed here breaks the
// trend at that wave.
//
// Not listed, so graded "wording changed": sales_cycle_days (2023 "today
// (days)", 2024 "(days, first meeting to close)", 2025–2026 "(days)": 2024
// fixes where the cycle starts, the others leave it to the respondent) and
// sales_cycle_direction (2022 "Are your sales cycles getting longer?", a
// leading question without a period, against the later "Over the last 12
// months, your sales cycle has become…").
func equivalents() map[string][]codebook.Equivalence {
	asLabel := func(what string) string {
		return "2023 writes the 2022 question as a label with its unit; both ask for " + what
	}
	return map[string][]codebook.Equivalence{
		"company_stage":      {{Years: []int{2022, 2023}, Reason: `2023 only adds "at"; both ask the company's funding stage, with the same answers`}},
		"headcount_total":    {{Years: []int{2023, 2024}, Reason: `2024 only adds "in total", which makes explicit that every employee counts, as the 2023 question meant`}},
		"arr_growth_yoy_pct": {{Years: []int{2022, 2023}, Reason: asLabel("ARR growth over the last 12 months in percent")}},
		"win_rate_pct":       {{Years: []int{2022, 2023}, Reason: asLabel("the win rate in percent")}},
		"ndr_pct":            {{Years: []int{2022, 2023}, Reason: asLabel("net dollar retention in percent")}},
	}
}

// addEquivalents writes the equivalent wordings into the codebook's variables.
func addEquivalents(cb *codebook.Codebook) {
	eq := equivalents()
	for _, v := range cb.Variables {
		v.Equivalent = eq[v.Name]
	}
}

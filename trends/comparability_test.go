package trends

import (
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

const gradeBook = `version: 1
variables:
  - {name: tools, label: Tools, type: multi, role: sensitive, levels: [a, b, c]}
  - {name: size, label: Size, type: ordinal, role: sensitive, levels: [S, M, L]}
  - {name: size3, label: Size coarse, type: ordinal, role: sensitive, levels: [small, large], derive: {from: size, map: {S: small, M: small, L: large}}}
  - {name: gone, label: Gone, type: integer, role: sensitive}
  - {name: cyc, label: Cycle, type: number, role: sensitive}
  - {name: hc, label: Headcount, type: integer, role: sensitive, equivalent: [{years: [2025, 2026], reason: "in total only makes the count explicit"}]}
waves:
  - year: 2024
    file: a.csv
    tool: typeform
    header_rows: 1
    columns:
      - {var: tools, header: A, option: a}
      - {var: tools, header: B, option: b}
      - {var: size3, header: Size, recode: {"Small co": small}}
      - {var: gone, header: Gone}
      - {var: cyc, header: "How long (days)?"}
  - year: 2025
    file: b.csv
    tool: typeform
    header_rows: 1
    columns:
      - {var: tools, header: A, option: a}
      - {var: tools, header: B, option: b}
      - {var: tools, header: C, option: c}
      - {var: size, header: Size, recode: {"Medium": M}}
      - {var: cyc, header: Cycle, text: "Q4. How long, first meeting to close (days)?"}
      - {var: hc, header: "Headcount?"}
  - year: 2026
    file: c.csv
    tool: typeform
    header_rows: 1
    columns:
      - {var: tools, header: A, option: a}
      - {var: tools, header: B, option: b}
      - {var: tools, header: C, option: c}
      - {var: size, header: Size, recode: {"Medium": M}}
      - {var: cyc, header: "How long (days)"}
      - {var: hc, header: "Headcount in total?"}
`

func TestGradePair(t *testing.T) {
	cb, err := codebook.Parse([]byte(gradeBook))
	if err != nil {
		t.Fatal(err)
	}
	w := cb.Waves
	cases := []struct {
		v      string
		a, b   int
		counts map[int][]float64
		grade  Grade
		how    string
	}{
		{"tools", 0, 1, nil, GradeChanged, "options added: c"},
		{"tools", 1, 2, nil, GradeSame, ""},
		{"size3", 0, 1, nil, GradeRecoded, "2025: derived from size (3 levels mapped onto 2)"},
		{"size3", 1, 2, nil, GradeSame, ""}, // derived the same way in both
		{"size", 1, 2, nil, GradeSame, ""},  // the same recode in both waves
		{"size", 0, 1, nil, GradeNotAsked, "not asked in 2024"},
		{"gone", 1, 2, nil, GradeNotAsked, "not asked in 2025 and 2026"},
		{"size", 1, 2, map[int][]float64{2025: {50, 50, 0}, 2026: {40, 40, 40}}, GradeChanged, `2025 has no answer "L"`},
		{"size", 1, 2, map[int][]float64{2025: {50, 50, 0}, 2026: {40, 40, 3}}, GradeSame, ""}, // 3 of 83: zero is plausible
		{"cyc", 0, 1, nil, GradeWording, `2024 "How long (days)?", 2025 "Q4. How long, first meeting to close (days)?"`},
		{"cyc", 1, 2, nil, GradeWording, "first meeting to close"},
		{"hc", 1, 2, nil, GradeSame, `wording differs (2025 "Headcount?", 2026 "Headcount in total?"), marked equivalent`},
	}
	for _, c := range cases {
		p := gradePair(cb, cb.Var(c.v), w[c.a], w[c.b], c.counts)
		if p.Grade != c.grade || !strings.Contains(p.How, c.how) || (c.how == "" && p.How != "") {
			t.Errorf("%s %d-%d: %s (%s), want %s (%s)", c.v, p.From, p.To, p.Grade, p.How, c.grade, c.how)
		}
		if p.Grade.Comparable() != (c.grade == GradeSame || c.grade == GradeRecoded) {
			t.Errorf("%s: Comparable() wrong for %s", c.v, p.Grade)
		}
	}
	if p := gradePair(cb, cb.Var("hc"), w[1], w[2], nil); p.Equivalent != "in total only makes the count explicit" {
		t.Errorf("equivalent reason not passed on: %+v", p)
	}
	cyc := &Variable{Name: "cyc", v: cb.Var("cyc"), Years: []int{2024, 2025, 2026}}
	cyc.asked = gradeAll(cb, cyc, cyc.Years)
	if span := comparableSpan(cyc); len(span) != 1 || span[0] != 2026 {
		t.Errorf("a changed wording must end the comparable span: %v", span)
	}
	p := gradePair(cb, cb.Var("size3"), w[0], w[1], nil)
	if !strings.Contains(p.How, `2024: 1 labels recoded ("Small co" → "small")`) {
		t.Errorf("recode not described: %q", p.How)
	}
}

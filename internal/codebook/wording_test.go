package codebook

import (
	"strings"
	"testing"
	"unicode"
)

func TestStem(t *testing.T) {
	cases := []struct {
		text, option, want string
	}{
		{"How long is your typical sales cycle (days)?", "", "how long is your typical sales cycle days"},
		{"  How long is your <strong>typical</strong> sales   cycle (days)? ", "", "how long is your typical sales cycle days"},
		{"Q11. How long is your typical sales cycle (days)?", "", "how long is your typical sales cycle days"},
		{"QID11: How long is your typical sales cycle (days)?", "", "how long is your typical sales cycle days"},
		{"Q1 revenue (days)?", "", "q1 revenue days"}, // a tag needs its punctuation
		{"How long is your typical sales cycle today (days)?", "", "how long is your typical sales cycle today days"},
		{"What is your role? | Response", "", "what is your role"},
		{"ARR growth | Open-Ended Response", "", "arr growth"},
		{"How many people work in each function? | SDRs", "", "how many people work in each function sdrs"},
		{"How many people work in each function? - SDRs", "", "how many people work in each function sdrs"},
		{"How many people work in each function? [SDRs]", "", "how many people work in each function sdrs"},
		{"Which go-to-market motions do you use? | Product-led", "Product-led", "which go to market motions do you use"},
		{"Which go-to-market motions do you use? - Selected Choice - Product-led", "Product-led", "which go to market motions do you use"},
		{"Which go-to-market motions do you use? [None of these]", "None", "which go to market motions do you use"},
		{"Which go-to-market motions do you use?", "Inbound", "which go to market motions do you use"},
		{"Product-led", "Product-led", ""}, // the choice alone: the question is not known
		{"Over the last 12 months, your sales cycle has become…", "", "over the last 12 months your sales cycle has become"},
	}
	for _, c := range cases {
		if got := Stem(c.text, c.option); got != c.want {
			t.Errorf("Stem(%q, %q) = %q, want %q", c.text, c.option, got, c.want)
		}
	}
}

const wordingBook = `version: 1
variables:
  - {name: cycle, label: Cycle, type: number, role: sensitive%s}
  - {name: tools, label: Tools, type: multi, role: sensitive, levels: [a, b]}
waves:
  - year: 2024
    file: a.csv
    tool: typeform
    header_rows: 1
    columns:
      - {var: cycle, header: "How long is your sales cycle (days)?"}
      - {var: tools, header: "a", option: a}
      - {var: tools, header: "b", option: b}
  - year: 2025
    file: b.csv
    tool: qualtrics
    header_rows: 3
    columns:
      - {var: cycle, tag: Q3, text: "Q3. How long is your sales cycle, first meeting to close (days)?"}
      - {var: tools, tag: Q4_1, text: "Which tools? - a", option: a}
      - {var: tools, tag: Q4_2, text: "Which tools? - b", option: b}
`

func TestWordingAndEquivalent(t *testing.T) {
	cb, err := Parse([]byte(strings.Replace(wordingBook, "%s", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	w24, w25 := cb.Waves[0], cb.Waves[1]
	if got := w25.Wording("cycle"); got != "Q3. How long is your sales cycle, first meeting to close (days)?" {
		t.Errorf("2025 wording %q", got)
	}
	if got := w24.Stems("tools"); got != nil {
		t.Errorf("choice headers alone carry no question, got stems %q", got)
	}
	if got := w25.Stems("tools"); len(got) != 1 || got[0] != "which tools" {
		t.Errorf("2025 tools stems %q", got)
	}
	if _, ok := cb.Var("cycle").EquivalentWording(2024, 2025); ok {
		t.Error("no equivalent entry, yet equivalent")
	}
	eq := `, equivalent: [{years: [2025, 2024], reason: "first meeting to close was the definition used in both"}]`
	cb, err = Parse([]byte(strings.Replace(wordingBook, "%s", eq, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := cb.Var("cycle").EquivalentWording(2024, 2025); !ok || !strings.Contains(r, "definition") {
		t.Errorf("equivalent reason %q, %v", r, ok)
	}
	for _, bad := range []struct{ entry, want string }{
		{`, equivalent: [{years: [2024], reason: "one year is not a pair"}]`, "at least two years"},
		{`, equivalent: [{years: [2024, 2024], reason: "the same year twice here"}]`, "listed twice"},
		{`, equivalent: [{years: [2024, 2023], reason: "a year nobody asked"}]`, "year 2023: no wave"},
		{`, equivalent: [{years: [2024, 2025], reason: "same"}]`, "at least 3 words"},
		{`, equivalent: [{years: [2024, 2025]}]`, "at least 3 words"},
		{`, equivalent: [{years: [2024, 2025], reason: "a b c", why: x}]`, "not found"},
	} {
		_, err := Parse([]byte(strings.Replace(wordingBook, "%s", bad.entry, 1)))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want %q", bad.entry, err, bad.want)
		}
	}
}

// FuzzStem: any text folds to lower-case letters and digits separated by
// single spaces, and folding a stem again changes nothing.
func FuzzStem(f *testing.F) {
	for _, s := range []string{"Q11. How long (days)?", "What is your role? | Response", "Which? - Selected Choice - A", "<b>x</b>&amp; y", "Q1_2 - [a]", ""} {
		f.Add(s, "")
		f.Add(s, "A")
	}
	f.Fuzz(func(t *testing.T, text, option string) {
		s := Stem(text, option)
		if s != strings.TrimSpace(s) || strings.Contains(s, "  ") || s != strings.ToLower(s) {
			t.Fatalf("Stem(%q, %q) = %q: not folded", text, option, s)
		}
		for _, r := range s {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("Stem(%q, %q) = %q keeps %q", text, option, s, r)
			}
		}
		if again := Stem(s, ""); again != s {
			t.Fatalf("Stem(%q) = %q, folded again %q", text, s, again)
		}
	})
}

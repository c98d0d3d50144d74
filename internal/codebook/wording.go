package codebook

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Equivalence says that the wordings a variable's question had in the
// listed waves ask the same thing, and why (Amendment 2: a changed wording
// breaks comparability unless the codebook says so, with a reason the
// report prints).
type Equivalence struct {
	Years  []int  `yaml:"years,flow"`
	Reason string `yaml:"reason"`
}

// minReasonWords is how many words a reason needs: "same" says nothing.
const minReasonWords = 3

// validateEquivalent checks a variable's equivalent entries: at least two
// distinct years, each a wave that asks the variable, and a reason.
func (cb *Codebook) validateEquivalent(v *Variable) error {
	asked := cb.WavesAsking(v.Name)
	for i, e := range v.Equivalent {
		where := fmt.Sprintf("variable %s: equivalent[%d]", v.Name, i)
		if len(e.Years) < 2 {
			return fmt.Errorf("%s: list at least two years whose wordings ask the same thing, got %v", where, e.Years)
		}
		for j, y := range e.Years {
			if slices.Contains(e.Years[:j], y) {
				return fmt.Errorf("%s: year %d listed twice", where, y)
			}
			if !slices.Contains(asked, y) {
				return fmt.Errorf("%s: year %d: no wave of that year asks %s (asked in %v)", where, y, v.Name, asked)
			}
		}
		if len(strings.Fields(e.Reason)) < minReasonWords {
			return fmt.Errorf("%s: reason %q: say in at least %d words why the wordings ask the same thing", where, e.Reason, minReasonWords)
		}
	}
	return nil
}

// EquivalentWording returns the reason the codebook gives for treating the
// wordings of waves a and b as one question, and whether it gives one.
func (v *Variable) EquivalentWording(a, b int) (string, bool) {
	for _, e := range v.Equivalent {
		if slices.Contains(e.Years, a) && slices.Contains(e.Years, b) {
			return e.Reason, true
		}
	}
	return "", false
}

// Wording is how a wave asked a variable: the question text of each of its
// columns (Text, else the header), as written, each distinct text once in
// column order, joined by " / ". It is "" when the wave maps no column of
// the variable.
func (w *Wave) Wording(name string) string {
	var out []string
	for _, c := range w.Columns {
		if c.Var != name {
			continue
		}
		t := c.questionText()
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, " / ")
}

// Stems are a wave's question stems for a variable (see Stem), distinct and
// sorted: two waves ask it in the same words when their stems are equal.
// Nil means the wave's wording is not known: a column named by tag, qid or
// position without a text, or a choice column headed by its choice alone.
func (w *Wave) Stems(name string) []string {
	var out []string
	for _, c := range w.Columns {
		if c.Var != name {
			continue
		}
		s := Stem(c.questionText(), c.Option)
		if s == "" {
			return nil
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// questionText is the column's question as asked: Text, else the header.
func (c ColumnMap) questionText() string {
	if c.Text != "" {
		return c.Text
	}
	return c.Header
}

var (
	// qualtricsTag is an export tag written before the question ("Q11. ",
	// "Q8_2 - ", "QID7: ").
	qualtricsTag = regexp.MustCompile(`^(?i)q(?:id)?\d+(?:[_.]\d+)*\s*[.:)\-–—]\s+`)
	// selectedChoice is Qualtrics' marker between a question and its choice.
	selectedChoice = regexp.MustCompile(`(?i)\s+-\s+selected choice\b`)
	// genericSub is SurveyMonkey's sub-label of a question without sub-questions.
	genericSub = regexp.MustCompile(`(?i)\s*\|\s*(open-ended )?response$`)
	// choiceTail is the choice a tool writes after a multi-select question:
	// "Q - choice", "Q | choice", "Q [choice]".
	choiceTail = regexp.MustCompile(`(\s+-\s+|\s*\|\s*)[^|]*$|\s*\[[^\[\]]*\]$`)
)

// Stem folds a question text for comparing wordings across waves: markup,
// Unicode and spacing as NormalizeHeader, a leading Qualtrics tag ("Q11. ")
// and SurveyMonkey's generic "| Response" removed; for a column that is one
// choice of a multi-select (option non-empty) the choice written after the
// question ("Q - choice", "Q | choice", "Q [choice]") is cut, and a text
// that is the choice alone gives "" (the question is not known); then lower
// case, every run of punctuation and spaces one space. Wording within a
// question's choices is the answer set's business, not the stem's.
func Stem(text, option string) string {
	s := NormalizeHeader(text)
	s = qualtricsTag.ReplaceAllString(s, "")
	s = selectedChoice.ReplaceAllString(s, "")
	s = genericSub.ReplaceAllString(s, "")
	if option != "" {
		if cut := choiceTail.ReplaceAllString(s, ""); cut != s {
			s = cut
		} else if fold(s) == fold(option) {
			return ""
		}
	}
	return fold(s)
}

// fold lower-cases s and turns every run of characters other than letters
// and digits into one space, trimmed.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

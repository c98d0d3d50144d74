package codebook

import (
	"math"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// draftCand is one possible mapping of a column, with its scores.
type draftCand struct {
	m         ColumnMap
	score     float64
	header    float64
	labels    float64 // -1 when answers say nothing about the variable
	unmatched map[string]int
}

// scoreColumn scores every variable (and option) for column j: the best
// header similarity over the variable's earlier headers, combined with the
// share of the column's answers the variable reads.
func (cb *Codebook) scoreColumn(ix *ColumnIndex, j int, t *survey.Table, refs []ref, recodes map[string]map[string]string) []draftCand {
	text := strings.ToLower(ix.key[j])
	tok := tokens(ix.key[j])
	best := map[[2]string]float64{}
	for _, r := range refs {
		s := refScore(text, tok, ix.tag[j], r)
		k := [2]string{r.v.Name, r.option}
		best[k] = math.Max(best[k], s)
	}
	answers := sampleAnswers(t, j)
	var out []draftCand
	for k, h := range best {
		if h < 0.3 {
			continue
		}
		v := cb.byName[k[0]]
		c := draftCand{m: ColumnMap{Var: v.Name, Option: k[1]}, header: h, labels: -1}
		if k[1] == "" {
			c.labels, c.m.Recode, c.unmatched = labelFit(v, recodes[v.Name], answers)
		}
		c.score = combine(h, c.labels)
		out = append(out, c)
	}
	byScore(out)
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// refScore is how well a column (lower-case key, its words, its tag) fits
// one reference. A tool's own column fits by its exact tag (1) or text
// (0.9); an earlier question by similar text, or weakly (0.6) by the same
// Qualtrics tag, since tags are renumbered when a survey changes.
func refScore(text string, tok map[string]bool, tag string, r ref) float64 {
	sameTag := r.tag != "" && r.tag == tag
	if r.tool {
		switch {
		case sameTag:
			return 1
		case text == r.text:
			return 0.9
		}
		return 0
	}
	s := similarity(text, tok, r)
	if tag != "" && !sameTag {
		s = math.Min(s, 0.95) // a tagged column is named by its tag first
	}
	if sameTag {
		s = math.Max(s, 0.6)
	}
	return s
}

// combine weighs header similarity with label fit: answers that fit
// confirm a weak header; answers that do not fit sink a strong one.
func combine(header, labels float64) float64 {
	if labels < 0 {
		return header
	}
	return 0.6*header + 0.4*labels
}

// sampleAnswers counts the distinct non-blank answers of column j in the
// first draftSample rows.
func sampleAnswers(t *survey.Table, j int) map[string]int {
	out := map[string]int{}
	for i, r := range t.Rows {
		if i == draftSample {
			break
		}
		if s := strings.TrimSpace(r.Cells[j]); s != "" && len(out) < 500 {
			out[s]++
		}
	}
	return out
}

// labelFit is the share of answers the variable reads (by its levels, its
// earlier recodes, its type's parser), the recodes this export needs, and
// the answers nothing reads. -1 when the variable is text or there are no
// answers.
func labelFit(v *Variable, recodes map[string]string, answers map[string]int) (float64, map[string]string, map[string]int) {
	if v.Type == TypeText || len(answers) == 0 || (v.Categorical() && numericCodes(answers)) {
		return -1, nil, nil
	}
	var ok, all int
	var recode map[string]string
	var unmatched map[string]int
	for a, n := range answers {
		all += n
		to, reads := readsAnswer(v, recodes, a)
		switch {
		case reads && to != "":
			if recode == nil {
				recode = map[string]string{}
			}
			recode[a] = to
			ok += n
		case reads:
			ok += n
		default:
			if unmatched == nil {
				unmatched = map[string]int{}
			}
			unmatched[BoundText(a)] += n
		}
	}
	return float64(ok) / float64(all), recode, unmatched
}

// numericCodes reports whether every answer is a small whole number: a
// choice exported as its code (Qualtrics "0"/"1"), which says nothing about
// which labels it stands for.
func numericCodes(answers map[string]int) bool {
	for a := range answers {
		if len(a) > 3 || strings.Trim(a, "0123456789") != "" {
			return false
		}
	}
	return true
}

// readsAnswer reports whether the variable reads answer a, and the level
// an earlier wave's recode reads it as (empty when its own levels do).
func readsAnswer(v *Variable, recodes map[string]string, a string) (string, bool) {
	if _, ok := MissingToken(a); ok {
		return "", true
	}
	switch v.Type {
	case TypeSingle, TypeOrdinal:
		if _, ok := v.norm[NormalizeLabel(a)]; ok {
			return "", true
		}
		lv, ok := recodes[NormalizeLabel(a)]
		return lv, ok
	case TypeMulti:
		return "", newCellParser(v, ColumnMap{Var: v.Name}, &Wave{}).splitJoined(a).Missing == ""
	case TypeInteger, TypeNumber:
		return "", ParseNumber(a).Missing == ""
	case TypePercent:
		return "", ParsePercent(a).Missing != MissingUnparsed
	case TypeCurrency:
		return "", ParseCurrency(a).Missing != MissingUnparsed
	case TypeDatetime:
		return "", ParseDate(a, "").Missing == ""
	}
	return "", false
}

// assignColumns picks at most one candidate per column, best scores first:
// a variable (or a multi-select option) goes to one column only. A
// candidate that agrees with a neighbour's best variable gets a small
// bonus, so repeated option labels ("Other") follow their question. A
// column whose header is generic (genericHeader) gets a confidence of at
// most genericCap, below the threshold, unless a neighbour is an option of
// the same variable: a bare "Other" says nothing about which question.
func assignColumns(cands [][]draftCand, generic []bool) []*draftCand {
	type pick struct {
		col int
		c   *draftCand
	}
	var all []pick
	for j := range cands {
		for k := range cands[j] {
			c := &cands[j][k]
			besideSame := neighbourVar(cands, j-1) == c.m.Var || neighbourVar(cands, j+1) == c.m.Var
			if besideSame {
				c.score = math.Min(1, c.score+0.1)
			}
			if generic[j] && !(besideSame && c.m.Option != "") {
				c.score = math.Min(c.score, genericCap)
			}
			all = append(all, pick{j, c})
		}
	}
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].c.score != all[b].c.score {
			return all[a].c.score > all[b].c.score
		}
		return all[a].col < all[b].col
	})
	out := make([]*draftCand, len(cands))
	used := map[[2]string]bool{}
	for _, p := range all {
		k := [2]string{p.c.m.Var, p.c.m.Option}
		if out[p.col] != nil || used[k] || p.c.score < DraftThreshold {
			continue
		}
		out[p.col], used[k] = p.c, true
	}
	return out
}

// genericCap is the most a generic header may score on its own: below
// DraftThreshold, so the draft leaves the column to the analyst.
const genericCap = DraftThreshold - 0.05

// genericHeaders are headers that name an answer, not a question: a
// column headed by one alone could belong to any question.
var genericHeaders = map[string]bool{"other": true, "others": true, "none": true, "yes": true, "no": true,
	"comment": true, "comments": true, "n/a": true, "na": true, "not applicable": true, "other (please specify)": true,
	"please specify": true, "specify": true, "response": true, "open-ended response": true, "text": true,
	"notes": true, "note": true, "answer": true, "don't know": true, "unsure": true, "maybe": true, "all": true,
	"none of the above": true, "all of the above": true, "prefer not to say": true, "prefer not to answer": true}

// genericHeader reports whether a column's (normalized) key is generic:
// one of genericHeaders, ignoring case and a trailing colon or period.
func genericHeader(key string) bool {
	return genericHeaders[strings.TrimRight(strings.ToLower(strings.TrimSpace(key)), ":.")]
}

// neighbourVar is the best-scoring variable of column j before assignment.
func neighbourVar(cands [][]draftCand, j int) string {
	if j < 0 || j >= len(cands) || len(cands[j]) == 0 || cands[j][0].m.Option == "" {
		return ""
	}
	return cands[j][0].m.Var
}

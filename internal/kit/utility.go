package kit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Gap is a released column whose every cell is "*" in some waves that
// asked it, with what a respondent can use instead.
type Gap struct {
	Extract, Column, Variable string
	Waves                     []int // waves asked in which every row shows "*"
	Whole                     bool  // every wave the extract releases and that asked it
	QI                        bool  // a quasi-identifier (suppressed by the lattice search)
	Instead                   []string
}

// Gaps finds the wholly suppressed columns of the release and, for each,
// the extracts that show the same variable in those waves and whether the
// public trends carry it.
func Gaps(p *Public, trends []byte) []Gap {
	inTrends := trendWaves(trends)
	var out []Gap
	for _, x := range p.Extracts {
		years := x.Years()
		for j, c := range x.Columns[1:] {
			g := Gap{Extract: x.Name, Column: c.Name, Variable: c.Variable, QI: c.Role == "quasi_identifier"}
			asked := 0
			for _, y := range years {
				if !slices.Contains(c.YearsAsked, y) {
					continue
				}
				asked++
				if x.allSuppressed(j+1, y) {
					g.Waves = append(g.Waves, y)
				}
			}
			if len(g.Waves) == 0 {
				continue
			}
			g.Whole = len(g.Waves) == asked
			g.Instead = p.instead(x, c.Variable, g.Waves, inTrends)
			out = append(out, g)
		}
	}
	return out
}

// allSuppressed reports whether column j shows "*" in every row of wave y.
func (x *Extract) allSuppressed(j, y int) bool {
	year, seen := strconv.Itoa(y), false
	for i := range x.Len() {
		if x.Cell(i, 0) != year {
			continue
		}
		if x.Cell(i, j) != "*" {
			return false
		}
		seen = true
	}
	return seen
}

// instead lists where else variable v can be read in the waves.
func (p *Public) instead(from *Extract, v string, waves []int, inTrends map[string][]int) []string {
	var out []string
	for _, x := range p.Extracts {
		if x == from {
			continue
		}
		for j, c := range x.Columns {
			if c.Variable != v {
				continue
			}
			var shown []string
			for _, y := range waves {
				if !x.allSuppressed(j, y) && slices.Contains(x.Years(), y) {
					shown = append(shown, strconv.Itoa(y))
				}
			}
			if len(shown) > 0 {
				out = append(out, fmt.Sprintf("column `%s` of extract `%s` (waves %s)", c.Name, x.Name, strings.Join(shown, ", ")))
			}
			break
		}
	}
	var tw []string
	for _, y := range waves {
		if slices.Contains(inTrends[v], y) {
			tw = append(tw, strconv.Itoa(y))
		}
	}
	if len(tw) > 0 {
		out = append(out, fmt.Sprintf("the shares (or median) per wave in `trends.csv` (variable `%s`, waves %s)", v, strings.Join(tw, ", ")))
	}
	return out
}

// trendWaves reads public trends.csv: variable → waves with a row.
func trendWaves(b []byte) map[string][]int {
	out := map[string][]int{}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) < 2 {
		return out
	}
	for _, r := range recs[1:] {
		if len(r) < 3 {
			continue
		}
		if y, err := strconv.Atoi(r[2]); err == nil && !slices.Contains(out[r[0]], y) {
			out[r[0]] = append(out[r[0]], y)
		}
	}
	return out
}

// GapsMarkdown is the section the disclosure report and the README carry:
// every wholly suppressed column, why, and what to use instead.
func GapsMarkdown(gaps []Gap, k int) string {
	var b strings.Builder
	b.WriteString("## Columns with every cell suppressed\n\n")
	if len(gaps) == 0 {
		b.WriteString("None: every released column shows a value in at least some rows of every wave that asked it.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "A column below shows `*` in every row of the waves listed. Why: a company attribute (quasi-identifier) reaches `*` when every finer level of its hierarchy leaves groups below k = %d or needs more than the row-suppression cap; an answer (sensitive column) loses every cell when each class fails ℓ-diversity or the modal-share cap, when a pair of columns with the year is rarer than k, or with a related suppressed column. What to use instead is computed from the released files.\n\n", k)
	b.WriteString("| extract | column | waves all `*` | why | use instead |\n|---|---|---|---|---|\n")
	for _, g := range gaps {
		waves := make([]string, len(g.Waves))
		for i, y := range g.Waves {
			waves[i] = strconv.Itoa(y)
		}
		if g.Whole {
			waves = append([]string{"every wave asked:"}, waves...)
		}
		why := "answer cells failed the cell rules"
		if g.QI {
			why = "company attribute generalized to `*` to reach k"
		}
		instead := "nothing at respondent level in this release"
		if len(g.Instead) > 0 {
			instead = strings.Join(g.Instead, "; ")
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", g.Extract, g.Column, strings.Join(waves, " "), why, instead)
	}
	return b.String()
}

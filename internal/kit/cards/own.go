package cards

import (
	"math"
	"slices"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/kit"
)

// Respondents reads each respondent of the latest wave of d as plain
// values: own answers to the numeric questions of the public release p,
// and stage, ARR band and each answer's band as each extract releases them
// (the levels of the release's generalization, the hierarchies and bands
// of c).
func Respondents(d *dataset.Dataset, cb *codebook.Codebook, c *anonymize.Config, p *kit.Public, gen anonymize.Generalization) []Respondent {
	years := d.Years()
	if len(years) == 0 {
		return nil
	}
	wave := years[len(years)-1]
	g := generalizer{d: d, c: c, gen: gen}
	var out []Respondent
	for i := 0; i < d.Len(); i++ {
		if d.Year[i] != wave {
			continue
		}
		r := Respondent{ResponseID: d.ID[i], Wave: wave, Stage: map[string]string{}, ARR: map[string]string{}}
		if e := d.Col("email"); e != nil && e.Kind == dataset.Text {
			r.Email = e.Text[i]
		}
		for _, x := range p.Extracts {
			r.Stage[x.Name] = g.released(i, x.Name, kit.StageColumn)
			r.ARR[x.Name] = g.released(i, x.Name, kit.ARRColumn)
		}
		for _, q := range numericQuestions(p, wave) {
			r.Answers = append(r.Answers, g.own(i, cb, p, q))
		}
		out = append(out, r)
	}
	return out
}

// numericQuestions lists the numeric columns of the release that wave
// asked, once each, in order.
func numericQuestions(p *kit.Public, wave int) []kit.Column {
	var out []kit.Column
	for _, x := range p.Extracts {
		for _, col := range x.Columns {
			if col.Numeric() && slices.Contains(col.YearsAsked, wave) && !slices.ContainsFunc(out, func(o kit.Column) bool { return o.Name == col.Name }) {
				out = append(out, col)
			}
		}
	}
	return out
}

// generalizer releases one respondent's values as the extracts do.
type generalizer struct {
	d   *dataset.Dataset
	c   *anonymize.Config
	gen anonymize.Generalization
}

// released is row i's value of variable v as extract x releases it ("" when
// missing, suppressed or not in the extract): a sensitive number's band, or
// a quasi-identifier's level (a number banded first) generalized to the
// extract's level.
func (g generalizer) released(i int, x, v string) string {
	if b := g.c.SensitiveBands[v]; b != nil {
		if _, in := g.gen.Pinned[x]; in {
			return b.Label(g.d.Float(v, i))
		}
	}
	level, ok := g.gen.Pinned[x][v]
	if !ok {
		return ""
	}
	var q *anonymize.QI
	for k := range g.c.QuasiIdentifiers {
		if g.c.QuasiIdentifiers[k].Variable == v {
			q = &g.c.QuasiIdentifiers[k]
		}
	}
	if q == nil || level >= q.Height() {
		return ""
	}
	l, known := g.d.Level(v, i)
	if q.Bands != nil {
		l, known = q.Bands.Label(g.d.Float(v, i)), !math.IsNaN(g.d.Float(v, i))
	}
	if !known {
		return ""
	}
	for _, m := range q.Levels[:level] {
		l = m[l]
	}
	return l
}

// own is row i's answer to question q in words, with its band in every
// extract that releases q.
func (g generalizer) own(i int, cb *codebook.Codebook, p *kit.Public, q kit.Column) Answer {
	a := Answer{Question: q.Name, Label: q.Label, Band: map[string]string{}, Bands: map[string][]string{}}
	x := g.d.Float(q.Variable, i)
	if math.IsNaN(x) {
		return a
	}
	a.Value = format(x, cb.Var(q.Variable))
	for _, e := range p.Extracts {
		if j := e.Col(q.Name); j >= 0 {
			a.Band[e.Name] = g.released(i, e.Name, q.Variable)
			a.Bands[e.Name] = e.Columns[j].Levels
		}
	}
	return a
}

// format writes a number as its codebook type reads ("28%", "$420,000").
func format(x float64, v *codebook.Variable) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if v == nil {
		return s
	}
	switch v.Type {
	case codebook.TypePercent:
		return s + "%"
	case codebook.TypeCurrency:
		return "$" + thousands(int64(math.Round(x)))
	}
	return s
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

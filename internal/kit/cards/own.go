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
// values: own answers to the banded questions of the public release p,
// and stage and ARR band generalized as each extract releases them (the
// levels of the release's generalization, the hierarchies of c).
func Respondents(d *dataset.Dataset, cb *codebook.Codebook, c *anonymize.Config, p *kit.Public, gen anonymize.Generalization) []Respondent {
	years := d.Years()
	if len(years) == 0 {
		return nil
	}
	wave := years[len(years)-1]
	questions := bandedQuestions(p)
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
			r.Stage[x.Name] = generalized(d, i, c, gen, x.Name, kit.StageColumn)
			r.ARR[x.Name] = generalized(d, i, c, gen, x.Name, kit.ARRColumn)
		}
		for _, q := range questions {
			r.Answers = append(r.Answers, own(d, i, cb, c, q))
		}
		out = append(out, r)
	}
	return out
}

// bandedQuestions lists the banded columns of the release once each, in order.
func bandedQuestions(p *kit.Public) []kit.Column {
	var out []kit.Column
	for _, x := range p.Extracts {
		for _, col := range x.Columns {
			if col.Banded() && !slices.ContainsFunc(out, func(o kit.Column) bool { return o.Name == col.Name }) {
				out = append(out, col)
			}
		}
	}
	return out
}

// generalized is row i's value of variable v as extract x releases it
// ("" when missing, suppressed or not in the extract).
func generalized(d *dataset.Dataset, i int, c *anonymize.Config, gen anonymize.Generalization, x, v string) string {
	level, ok := gen.Pinned[x][v]
	if !ok {
		return ""
	}
	var q *anonymize.QI
	for k := range c.QuasiIdentifiers {
		if c.QuasiIdentifiers[k].Variable == v {
			q = &c.QuasiIdentifiers[k]
		}
	}
	l, known := d.Level(v, i)
	if q == nil || !known || level >= q.Height() {
		return ""
	}
	for _, m := range q.Levels[:level] {
		l = m[l]
	}
	return l
}

// own is row i's answer to question q in words, with its band.
func own(d *dataset.Dataset, i int, cb *codebook.Codebook, c *anonymize.Config, q kit.Column) Answer {
	a := Answer{Question: q.Name, Label: q.Label, Bands: q.Levels}
	x := d.Float(q.Variable, i)
	b := c.SensitiveBands[q.Variable]
	if math.IsNaN(x) || b == nil {
		return a
	}
	a.Band = b.Label(x)
	a.Value = format(x, cb.Var(q.Variable))
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

package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ctx is what a cell renderer sees: the respondent, the generator, and the
// record of planted value defects (variable → expected missing reason).
type ctx struct {
	r *rand.Rand
	p *Respondent
	// planted records, per variable, the missing reason harmonization must
	// report for the value written (blank, not_applicable, ambiguous, …).
	planted map[string]string
	dirty   bool // value messiness on (false for header-only checks)
}

// column is one export column: its header cells, the variable it feeds and
// how a respondent's answer is written into it.
type column struct {
	tag, text, sub, qid string
	v, option           string
	recode              map[string]string
	cell                func(c *ctx) string
	date                bool // XLSX: write as an Excel date
}

func (c *ctx) plant(v, reason string) { c.planted[v] = reason }

// Messiness rates, reported in truth.json.
const (
	rateItemBlank = 0.03
	rateNA        = 0.02
	rateAmbiguous = 0.015
	rateGarbage   = 0.01
	rateNonUSD    = 0.015
	rateDrift     = 0.25
)

func fmtG(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// blank decides item nonresponse for a variable.
func (c *ctx) blank(v string) bool {
	if c.dirty && c.r.Float64() < rateItemBlank {
		c.plant(v, "blank")
		return true
	}
	return false
}

func (c *ctx) pct(v string, x float64) string {
	if math.IsNaN(x) || c.blank(v) {
		if math.IsNaN(x) {
			c.plant(v, "blank")
		}
		return ""
	}
	if !c.dirty {
		return fmtG(x)
	}
	u := c.r.Float64()
	switch {
	case u < 0.66:
		return fmtG(x)
	case u < 0.82:
		if x == 500 && v == "ai_expected_gain_pct" {
			return "500%+"
		}
		return fmtG(x) + "%"
	case u < 0.86:
		return "~" + fmtG(x)
	case u < 0.90 && x >= 10:
		if c.r.IntN(2) == 0 {
			return fmtG(x-5) + "-" + fmtG(x+5)
		}
		return fmtG(x-5) + "–" + fmtG(x+5) + "%"
	case u < 0.90+rateAmbiguous && x > 1 && x < 100:
		c.plant(v, "ambiguous")
		return fmtG(x / 100)
	case u < 0.90+rateAmbiguous+rateNA:
		c.plant(v, "not_applicable")
		return []string{"N/A", "n/a", "NA"}[c.r.IntN(3)]
	case u < 0.90+rateAmbiguous+rateNA+rateGarbage:
		c.plant(v, "unparseable")
		return []string{"lots", "12..5%", "depends", "2x"}[c.r.IntN(4)]
	}
	return fmtG(x)
}

func (c *ctx) num(v string, x float64, unit string) string {
	if math.IsNaN(x) || c.blank(v) {
		if math.IsNaN(x) {
			c.plant(v, "blank")
		}
		return ""
	}
	if !c.dirty {
		return fmtG(x)
	}
	u := c.r.Float64()
	switch {
	case u < 0.75:
		return fmtG(x)
	case u < 0.82 && unit != "":
		return fmtG(x) + " " + unit
	case u < 0.86:
		return "~" + fmtG(x)
	case u < 0.89 && x >= 4:
		return fmtG(x-2) + "-" + fmtG(x+2)
	case u < 0.89+rateNA:
		c.plant(v, "not_applicable")
		return "N/A"
	case u < 0.89+rateNA+rateGarbage:
		c.plant(v, "unparseable")
		return []string{"a lot", "idk, many", "1O"}[c.r.IntN(3)]
	}
	return fmtG(x)
}

func (c *ctx) usd(v string, x float64) string {
	if math.IsNaN(x) || c.blank(v) {
		return ""
	}
	if !c.dirty {
		return fmtG(x)
	}
	k := x / 1000
	u := c.r.Float64()
	switch {
	case u < 0.3:
		return fmt.Sprintf("$%gk", k)
	case u < 0.5:
		return commas(int64(x))
	case u < 0.6:
		return fmt.Sprintf("%gM", x/1e6)
	case u < 0.7:
		return fmt.Sprintf("%gK USD", k)
	case u < 0.85:
		return "$" + commas(int64(x))
	case u < 0.85+rateNonUSD:
		c.plant(v, "non_usd_currency")
		return fmt.Sprintf("€%gk", math.Round(k*0.92))
	case u < 0.85+rateNonUSD+rateNA:
		c.plant(v, "not_applicable")
		return "N/A"
	}
	return fmtG(x)
}

func commas(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

var bandRe = regexp.MustCompile(`^\$(\d+)–(\d+)([kM])$`)

// level writes a categorical answer with this wave's label, drifting band
// labels ("$1–5M" → "$1M-$5M", "1M to 5M", …) at rateDrift.
func (c *ctx) level(v, canonical string, labels map[string]string) string {
	if canonical == "" || c.blank(v) {
		if canonical == "" {
			c.plant(v, "blank")
		}
		return ""
	}
	lab := canonical
	if l, ok := labels[canonical]; ok {
		lab = l
	}
	if c.dirty && c.r.Float64() < rateDrift {
		if m := bandRe.FindStringSubmatch(lab); m != nil {
			switch c.r.IntN(4) {
			case 0:
				return "$" + m[1] + "-" + m[2] + m[3]
			case 1:
				return "$" + m[1] + m[3] + " – $" + m[2] + m[3]
			case 2:
				return "$" + m[1] + m[3] + "-$" + m[2] + m[3]
			default:
				return m[1] + m[3] + " to " + m[2] + m[3]
			}
		}
	}
	return lab
}

func invert(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[v] = k
	}
	return out
}

// single returns a one-column single-select question.
func single(v, text string, levels []string, labels map[string]string, get func(*Respondent) string) column {
	return column{v: v, text: text, recode: invert(labels), cell: func(c *ctx) string { return c.level(v, get(c.p), labels) }}
}

func pctQ(v, text string, get func(*Respondent) float64) column {
	return column{v: v, text: text, cell: func(c *ctx) string { return c.pct(v, get(c.p)) }}
}

func numQ(v, text, unit string, get func(*Respondent) float64) column {
	return column{v: v, text: text, cell: func(c *ctx) string { return c.num(v, get(c.p), unit) }}
}

func textQ(v, text string, get func(*Respondent) string) column {
	return column{v: v, text: text, cell: func(c *ctx) string { return get(c.p) }}
}

// options returns one column per choice of a multi-select question; the
// cell holds the choice label when chosen (Typeform, SurveyMonkey, Qualtrics).
// Whether the whole question was skipped is decided once per respondent.
func options(v, text string, levels []string, labels map[string]string, get func(*Respondent) []string, twoRow bool) []column {
	var cols []column
	for i, lv := range levels {
		lab := lv
		if l, ok := labels[lv]; ok {
			lab = l
		}
		col := column{v: v, option: lv}
		if twoRow {
			col.sub = lab
			if i == 0 {
				col.text = text
			}
		} else {
			col.text = lab
		}
		first := i == 0
		col.cell = func(c *ctx) string {
			if first {
				if c.dirty && c.r.Float64() < rateItemBlank {
					c.plant(v, "skip")
				}
			}
			if c.planted[v] == "skip" {
				return ""
			}
			if slices.Contains(get(c.p), lv) {
				return lab
			}
			return ""
		}
		cols = append(cols, col)
	}
	return cols
}

// joined returns a Google Forms multi-select: chosen labels joined by ", ".
func joined(v, text string, labels map[string]string, get func(*Respondent) []string) column {
	return column{v: v, text: text, recode: invert(labels), cell: func(c *ctx) string {
		if c.blank(v) {
			return ""
		}
		var parts []string
		for _, lv := range get(c.p) {
			lab := lv
			if l, ok := labels[lv]; ok {
				lab = l
			}
			if lv == "Other" && c.dirty && c.r.IntN(2) == 0 {
				lab = "We sell through a reseller, mostly" // typed "Other" text replaces the label
			}
			parts = append(parts, lab)
		}
		return strings.Join(parts, ", ")
	}}
}

func ignore(text string, cell func(c *ctx) string) column {
	return column{text: text, cell: cell}
}

func fmtTime(sec int64, layout string) string { return time.Unix(sec, 0).UTC().Format(layout) }

const isoLayout = "2006-01-02 15:04:05"

func gmt3(sec int64) string {
	return time.Unix(sec+3*3600, 0).UTC().Format("2006/01/02 3:04:05 PM") + " GMT+3"
}

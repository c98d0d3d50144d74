package kit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// ExampleExtract and ExampleColumn are the file and column the README's
// loading examples use (its tests run them).
const (
	ExampleExtract = "theme-sales"
	ExampleColumn  = "win_rate_pct"
)

// licenseText is the LICENSE file per licence id (anonymize.Licenses).
var licenseText = map[string]string{
	"CC-BY-4.0": `The GTM survey public release (the CSV and XLSX files, the data dictionary,
benchmarks.csv and explorer.html in this folder) is licensed under the
Creative Commons Attribution 4.0 International licence (CC BY 4.0).

You may share and adapt it for any purpose, commercial included, provided you
give appropriate credit (see CITATION.cff), link to the licence and say
whether you changed the data. Full legal code:
https://creativecommons.org/licenses/by/4.0/legalcode

SPDX-License-Identifier: CC-BY-4.0
`,
	"ODC-By-1.0": `The GTM survey public release (the CSV and XLSX files, the data dictionary,
benchmarks.csv and explorer.html in this folder) is made available under the
Open Data Commons Attribution License v1.0 (ODC-By).

You may share, create works from and adapt the database, provided you
attribute it as described in CITATION.cff and keep this notice with any
copy. Full text: https://opendatacommons.org/licenses/by/1-0/

SPDX-License-Identifier: ODC-By-1.0
`,
}

// citation is CITATION.cff for the release (no date: the file is the same
// bytes for the same inputs).
func citation(p *Public, license string) []byte {
	waves := wavesOf(p)
	var b strings.Builder
	b.WriteString("cff-version: 1.2.0\n")
	b.WriteString("message: \"If you use this dataset, please cite it as below.\"\n")
	b.WriteString("type: dataset\n")
	fmt.Fprintf(&b, "title: \"GTM survey of startups, anonymized public release, waves %s\"\n", waves)
	b.WriteString("authors:\n  - name: \"The GTM survey team\"\n")
	fmt.Fprintf(&b, "version: \"%s\"\n", waves)
	if license != "" {
		fmt.Fprintf(&b, "license: %s\n", license)
	}
	b.WriteString("keywords:\n  - go-to-market\n  - startups\n  - survey\n  - anonymized microdata\n")
	return []byte(b.String())
}

// wavesOf is "2022-2026": the first and last wave released.
func wavesOf(p *Public) string {
	lo, hi := 0, 0
	for _, x := range p.Extracts {
		for _, y := range x.Years() {
			if lo == 0 || y < lo {
				lo = y
			}
			hi = max(hi, y)
		}
	}
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// readmeExtract is one extract as the README lists it.
type readmeExtract struct {
	Name, File, Answers string
	Rows                int
	Waves               string
	Columns             []Column
}

// wording is one released variable's question per wave.
type wording struct {
	Variable, Label, Columns string
	Waves                    []waveText
}

type waveText struct {
	Year int
	Text string
}

// readme renders README.md.
func (k *Kit) readme(m Meta) ([]byte, error) {
	t, err := template.New("readme.md.tmpl").Funcs(template.FuncMap{"cell": mdCell}).ParseFS(embedded, "templates/readme.md.tmpl")
	if err != nil {
		return nil, err
	}
	data := map[string]any{
		"Waves": wavesOf(k.Public), "K": k.Public.K, "License": m.Config.License,
		"Extracts": k.extracts(m.Config), "Example": anonymize.CSVName(ExampleExtract), "Column": ExampleColumn,
		"XLSX": anonymize.DataXLSX, "Hypotheses": k.hypotheses(m.Config), "Gaps": GapsMarkdown(k.Gaps, k.Public.K),
		"Wording": wordings(k.Public, m.Codebook), "Cohorts": []Cohort{CohortAll, CohortStage, CohortARR, CohortStageARR},
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (k *Kit) extracts(c *anonymize.Config) []readmeExtract {
	var out []readmeExtract
	for _, x := range k.Public.Extracts {
		e := readmeExtract{Name: x.Name, File: anonymize.CSVName(x.Name), Rows: x.Len(), Columns: x.Columns[1:]}
		ys := x.Years()
		switch {
		case len(ys) == 1:
			e.Waves = strconv.Itoa(ys[0])
		case len(ys) > 1:
			e.Waves = fmt.Sprintf("%d–%d", ys[0], ys[len(ys)-1])
		}
		for _, s := range c.Extracts {
			if s.Name != x.Name {
				continue
			}
			switch {
			case s.Hypothesis != "":
				e.Answers = "rerun " + s.Hypothesis + ": " + hypothesisTitle(s.Hypothesis)
			default:
				e.Answers = "the " + s.Theme + " questions by company stage and the other company attributes in the file"
			}
		}
		out = append(out, e)
	}
	return out
}

func hypothesisTitle(id string) string {
	for _, h := range hypotheses.All {
		if h.ID == id {
			return h.Title
		}
	}
	return ""
}

// hypotheses lists each hypothesis with its extract and rerun scripts.
func (k *Kit) hypotheses(c *anonymize.Config) [][3]string {
	var out [][3]string
	for _, s := range c.Extracts {
		if s.Hypothesis != "" {
			n := strings.ToLower(s.Hypothesis)
			out = append(out, [3]string{s.Hypothesis + ": " + hypothesisTitle(s.Hypothesis), s.Name, n})
		}
	}
	return out
}

// wordings lists, per released variable, the question as each wave asked
// it: ColumnMap.Text when set, else the column's header.
func wordings(p *Public, cb *codebook.Codebook) []wording {
	var out []wording
	at := map[string]int{}
	for _, x := range p.Extracts {
		for _, c := range x.Columns[1:] {
			if i, ok := at[c.Variable]; ok {
				if !strings.Contains(out[i].Columns, "`"+c.Name+"`") {
					out[i].Columns += ", `" + c.Name + "`"
				}
				continue
			}
			v := cb.Var(c.Variable)
			if v == nil {
				continue
			}
			w := wording{Variable: v.Name, Label: v.Label, Columns: "`" + c.Name + "`"}
			for _, wave := range cb.Waves {
				w.Waves = append(w.Waves, waveText{wave.Year, questionText(v, wave)})
			}
			at[c.Variable] = len(out)
			out = append(out, w)
		}
	}
	return out
}

// questionText is variable v's wording in one wave.
func questionText(v *codebook.Variable, w *codebook.Wave) string {
	if v.Derive != nil {
		return "derived from `" + v.Derive.From + "`"
	}
	var first *codebook.ColumnMap
	options := 0
	for i := range w.Columns {
		if c := &w.Columns[i]; c.Var == v.Name {
			if first == nil {
				first = c
			}
			if c.Option != "" {
				options++
			}
		}
	}
	if first == nil {
		return "not asked"
	}
	text := first.Text
	if text == "" {
		text = first.Header
	}
	if text == "" {
		text = "(" + first.String() + ": the codebook records no wording for this wave)"
	}
	if options > 1 {
		text += fmt.Sprintf(" (one column per option, %d options)", options)
	}
	return text
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

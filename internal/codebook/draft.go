package codebook

import (
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// DraftThreshold is the confidence below which a draft proposes no variable.
const DraftThreshold = 0.5

// draftSample bounds how many rows a draft reads answer labels from.
const draftSample = 5000

// DraftColumn is the proposal for one export column.
type DraftColumn struct {
	Index      int       // 0-based column of the export
	Name       string    // the column's key (or tag) as read
	Map        ColumnMap // the proposal; Map.Var is empty when nothing matched
	Confidence float64   // 0–1
	Header     float64   // header similarity of the proposal
	Labels     float64   // share of answers the proposal reads; -1 when not applicable
	Unmatched  map[string]int
	IgnoredIn  int // a year whose wave ignores a column of this name; 0 if none
	Empty      bool
	// Rivals are other variables (var or var/option) that fit about as
	// well (within 0.05): the analyst must choose.
	Rivals []string
}

// Draft is a proposed wave block for a new export.
type Draft struct {
	Wave    Wave
	Columns []DraftColumn
}

// ref is one known way a variable was asked: a header (or question text)
// of an earlier wave, with the answer recodes used there.
type ref struct {
	v      *Variable
	option string
	tokens map[string]bool
	text   string // normalized, lower case
	tag    string
	tool   bool // a column the tool adds (toolColumns)
}

// DraftWave proposes a wave block for export t of year from the codebook's
// earlier waves: each column is matched to the variable (and option) whose
// earlier headers are most similar and whose levels and recodes read most of
// the column's answers. Earlier exports found in dir (by their wave's file)
// lend their question text to tag-mapped columns; a missing one is skipped.
func (cb *Codebook) DraftWave(t *survey.Table, year int, dir string) *Draft {
	refs, recodes, ignored := cb.draftRefs(dir)
	dr := &Draft{Wave: Wave{Year: year, File: filepath.Base(t.File), Tool: guessTool(t), HeaderRows: t.HeaderRows}}
	ix := NewColumnIndex(t)
	cands := make([][]draftCand, len(t.Columns))
	generic := make([]bool, len(t.Columns))
	for j := range t.Columns {
		cands[j] = cb.scoreColumn(ix, j, t, refs, recodes)
		generic[j] = genericHeader(ix.key[j])
	}
	chosen := assignColumns(cands, generic)
	for j := range t.Columns {
		dc := DraftColumn{Index: j, Name: ix.Name(j), Empty: columnEmpty(t, j), Labels: -1}
		dc.IgnoredIn = ignored[ix.key[j]] + ignored[ix.tag[j]]
		if c := chosen[j]; c != nil {
			dc.Map, dc.Confidence, dc.Header, dc.Labels, dc.Unmatched = c.m, c.score, c.header, c.labels, c.unmatched
			dc.Rivals = rivals(cands[j], c)
		}
		dc.Map = nameColumn(dc.Map, ix, j)
		if dc.Map.Var != "" {
			dc.Map.Text = questionText(ix, j, dc.Map)
		}
		dr.Columns = append(dr.Columns, dc)
	}
	return dr
}

// rivals names the other variables whose candidates score within 0.05 of c.
func rivals(cands []draftCand, c *draftCand) []string {
	var out []string
	for _, o := range cands {
		if o.score >= c.score-0.05 && o.m.Var != c.m.Var {
			name := o.m.Var
			if o.m.Option != "" {
				name += "/" + o.m.Option
			}
			out = append(out, name)
		}
	}
	return out
}

// draftRefs collects every earlier header of every variable, the union of
// each variable's recodes (normalized label → level), and the names earlier
// waves ignore (normalized → year).
func (cb *Codebook) draftRefs(dir string) ([]ref, map[string]map[string]string, map[string]int) {
	var refs []ref
	recodes := map[string]map[string]string{}
	ignored := map[string]int{}
	for _, w := range cb.Waves {
		for _, s := range w.Ignore {
			ignored[NormalizeHeader(s)] = w.Year
		}
		var ix *ColumnIndex
		if t, err := survey.Read(filepath.Join(dir, w.File)); err == nil && dir != "" {
			ix = NewColumnIndex(t)
		}
		for _, m := range w.Columns {
			v := cb.byName[m.Var]
			if recodes[v.Name] == nil {
				recodes[v.Name] = map[string]string{}
			}
			for from, to := range m.Recode {
				recodes[v.Name][NormalizeLabel(from)] = to
			}
			for _, text := range refTexts(m, ix) {
				refs = append(refs, ref{v: v, option: m.Option, text: strings.ToLower(text), tokens: tokens(text), tag: m.Tag})
			}
		}
	}
	for _, v := range cb.Variables {
		refs = append(refs, ref{v: v, text: strings.ToLower(v.Label), tokens: tokens(v.Label)})
		if v.Type == TypeMulti {
			for _, l := range v.Levels { // Typeform heads each option column with its label
				refs = append(refs, ref{v: v, option: l, text: strings.ToLower(l), tokens: tokens(l)})
			}
		}
	}
	for header, name := range toolColumns {
		if v := cb.byName[name]; v != nil {
			refs = append(refs, ref{v: v, text: strings.ToLower(header), tokens: tokens(header), tag: header, tool: true})
		}
	}
	return refs, recodes, ignored
}

// toolColumns are the columns the tools themselves add to every export
// (header or Qualtrics tag → the conventional variable name), so a draft
// maps them even when no earlier wave came from that tool.
var toolColumns = map[string]string{
	// Qualtrics (tags)
	"StartDate": "started_at", "EndDate": "submitted_at", "Status": "response_type", "IPAddress": "ip_address",
	"Finished": "finished", "ResponseId": "response_id", "RecipientLastName": "last_name",
	"RecipientFirstName": "first_name", "RecipientEmail": "email", "LocationLatitude": "latitude",
	"LocationLongitude": "longitude", "Duration (in seconds)": "duration_s",
	// SurveyMonkey
	"Respondent ID": "response_id", "Start Date": "started_at", "End Date": "submitted_at",
	"IP Address": "ip_address", "Email Address": "email", "First Name": "first_name", "Last Name": "last_name",
	// Google Forms
	"Timestamp": "submitted_at",
	// Typeform
	"#": "response_id", "Submit Date (UTC)": "submitted_at", "Start Date (UTC)": "started_at",
	"Network ID": "network_id", "Response Type": "finished",
}

// refTexts is what an earlier column map was called: its header, and the
// question text of the column it named when the export could be read.
func refTexts(m ColumnMap, ix *ColumnIndex) []string {
	var out []string
	if m.Header != "" {
		out = append(out, NormalizeHeader(m.Header))
	}
	if ix != nil {
		if j, err := ix.find(m); err == nil && ix.key[j] != "" && (len(out) == 0 || ix.key[j] != out[0]) {
			out = append(out, ix.key[j])
		}
	}
	if len(out) == 0 && m.Tag != "" {
		out = append(out, m.Tag)
	}
	return out
}

var stopWords = map[string]bool{"what": true, "is": true, "your": true, "the": true, "of": true, "in": true,
	"do": true, "you": true, "how": true, "a": true, "an": true, "to": true, "does": true, "are": true,
	"which": true, "have": true, "has": true, "for": true, "on": true, "at": true, "per": true, "we": true,
	"our": true, "it": true, "and": true, "or": true, "this": true, "that": true}

// tokens splits text into lower-case words without stop words.
func tokens(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(NormalizeHeader(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// similarity is 1 for equal texts, else the Dice coefficient of their words.
func similarity(a string, at map[string]bool, r ref) float64 {
	if a == r.text {
		return 1
	}
	if len(at) == 0 || len(r.tokens) == 0 {
		return 0
	}
	n := 0
	for w := range at {
		if r.tokens[w] {
			n++
		}
	}
	return 0.95 * 2 * float64(n) / float64(len(at)+len(r.tokens))
}

// guessTool names the tool whose layout the export has.
func guessTool(t *survey.Table) string {
	switch {
	case t.HeaderRows == 3:
		return ToolQualtrics
	case t.HeaderRows == 2:
		return ToolSurveyMonkey
	case len(t.Columns) > 0 && t.Columns[0].Text == "#":
		return ToolTypeform
	case len(t.Columns) > 0 && t.Columns[0].Text == "Timestamp":
		return ToolGoogleForms
	}
	return ""
}

func columnEmpty(t *survey.Table, j int) bool {
	for _, r := range t.Rows {
		if strings.TrimSpace(r.Cells[j]) != "" {
			return false
		}
	}
	return true
}

// nameColumn says how the wave names column j: by tag in a three-row
// export, else by header; a position is added when the name is not unique.
func nameColumn(m ColumnMap, ix *ColumnIndex, j int) ColumnMap {
	if ix.t.HeaderRows == 3 && ix.tag[j] != "" {
		m.Tag = ix.t.Columns[j].Tag
	} else {
		m.Header = NormalizeHeader(ix.t.Columns[j].Key())
	}
	if len(ix.named(m)) > 1 {
		m.Position = j + 1
	}
	return m
}

// questionText is the question column j asked this wave, for the map's
// text: (Amendment 2: wording is part of comparability): the question over
// a SurveyMonkey block; a Qualtrics column's question text, for an option
// without its "- Option" suffix (legacy "Q?-Option", current "Q? -
// Option"). Empty when the map's header is the question already, or the
// export does not say (Typeform and Google Forms head an option column
// with its label alone).
func questionText(ix *ColumnIndex, j int, m ColumnMap) string {
	c := ix.t.Columns[j]
	text := c.Text
	switch {
	case c.Sub != "": // the question over its block
	case c.Tag != "" && m.Option != "":
		if k := strings.LastIndex(text, " - "); k > 0 {
			text = text[:k]
		} else if k := strings.LastIndex(text, "-"); k > 0 {
			text = text[:k]
		}
	case c.Tag == "" && m.Option != "":
		return ""
	}
	if text = NormalizeHeader(text); text == NormalizeHeader(m.Header) {
		return ""
	}
	return text
}

// byScore orders candidates best first (ties: variable, option).
func byScore(c []draftCand) {
	sort.SliceStable(c, func(a, b int) bool {
		if c[a].score != c[b].score {
			return c[a].score > c[b].score
		}
		if c[a].m.Var != c[b].m.Var {
			return c[a].m.Var < c[b].m.Var
		}
		return c[a].m.Option < c[b].m.Option
	})
}

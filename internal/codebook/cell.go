package codebook

import (
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// CellParser reads the cells of one mapped column by its variable's type,
// after the codebook's missing labels and the wave's recodes. Parsing
// depends on the cell's text alone, so a caller may remember results.
type CellParser struct {
	v       *Variable
	w       *Wave
	m       ColumnMap
	label   []labelEntry             // multi joined: labels to split against
	missing map[string]MissingReason // normalized label → reason, from the codebook
}

type labelEntry struct {
	text  string
	level int
}

// CellParser prepares the parser of the column m maps in wave w: its label
// table for a joined multi-select, its missing-label map (the wave's, then
// the column's).
func (cb *Codebook) CellParser(w *Wave, m ColumnMap) *CellParser {
	return newCellParser(cb.byName[m.Var], m, w)
}

func newCellParser(v *Variable, m ColumnMap, w *Wave) *CellParser {
	p := &CellParser{v: v, w: w, m: m}
	for _, src := range []map[string]MissingReason{w.Missing, m.Missing} {
		for label, r := range src {
			if p.missing == nil {
				p.missing = map[string]MissingReason{}
			}
			p.missing[NormalizeLabel(label)] = r
		}
	}
	if v.Type == TypeMulti && m.Option == "" {
		for from, to := range m.Recode {
			p.label = append(p.label, labelEntry{from, v.LevelIndex(to)})
		}
		for i, lv := range v.Levels {
			p.label = append(p.label, labelEntry{lv, i})
		}
		sort.Slice(p.label, func(i, j int) bool {
			if len(p.label[i].text) != len(p.label[j].text) {
				return len(p.label[i].text) > len(p.label[j].text)
			}
			return p.label[i].text < p.label[j].text
		})
	}
	return p
}

// Parse turns one raw cell into a value by the variable's type, after the
// codebook's missing labels. Text variables and one-column-per-option
// multi-selects are not parsed (the caller keeps or tests the text).
func (p *CellParser) Parse(raw string) ParseResult {
	if r, ok := p.missingLabel(raw); ok {
		return missing(r)
	}
	v := p.v
	var r ParseResult
	switch v.Type {
	case TypeSingle, TypeOrdinal:
		return resolveLabel(v, p.m.Recode, raw)
	case TypeMulti:
		return p.splitJoined(raw)
	case TypeInteger, TypeNumber:
		r = ParseNumber(raw)
	case TypePercent:
		r = ParsePercent(raw)
	case TypeCurrency:
		r = ParseCurrency(raw)
	case TypeDatetime:
		r = ParseDateIn(raw, p.w.DateOrder, p.w.Location())
	default:
		panic("codebook: CellParser.Parse on type " + v.Type)
	}
	if r.Missing == "" && ((v.Min != nil && r.Value < *v.Min) || (v.Max != nil && r.Value > *v.Max)) {
		return missing(MissingOutOfRange)
	}
	return r
}

// missingLabel reports whether the codebook recodes this answer to missing.
func (p *CellParser) missingLabel(raw string) (MissingReason, bool) {
	if p.missing == nil || strings.TrimSpace(raw) == "" {
		return "", false
	}
	r, ok := p.missing[NormalizeLabel(raw)]
	return r, ok
}

// resolveLabel maps an answer label to a level index: the wave's recode (as
// written, then normalized), then the canonical levels (as written, then
// normalized), then the missing-value tokens; anything else is unmapped.
func resolveLabel(v *Variable, recode map[string]string, raw string) ParseResult {
	s := strings.TrimSpace(raw)
	if to, ok := recode[s]; ok {
		return ParseResult{Value: float64(v.LevelIndex(to))}
	}
	if k := v.LevelIndex(s); k >= 0 {
		return ParseResult{Value: float64(k)}
	}
	n := NormalizeLabel(s)
	for from, to := range recode {
		if NormalizeLabel(from) == n {
			return ParseResult{Value: float64(v.LevelIndex(to))}
		}
	}
	if k, ok := v.norm[n]; ok {
		return ParseResult{Value: float64(k)}
	}
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	return missing(MissingUnmapped)
}

// splitJoined reads a multi-select cell whose chosen labels are joined by
// ", " (Google Forms). Labels may themselves contain commas, so the cell is
// split against the known labels (longest first), not on commas. Text that
// matches no label is the respondent's "Other" answer: it selects the Other
// level when the variable has one (the text itself is dropped as free text),
// and is unmapped otherwise.
func (p *CellParser) splitJoined(raw string) ParseResult {
	v := p.v
	s := strings.TrimSpace(raw)
	if s == "" {
		return missing(MissingBlank)
	}
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	var set dataset.Choices
	other := v.LevelIndex("Other")
	for s != "" {
		matched := false
		for _, le := range p.label {
			if strings.HasPrefix(s, le.text) {
				rest := s[len(le.text):]
				if rest == "" || strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ";") {
					set = set.With(le.level)
					s = strings.TrimSpace(strings.TrimLeft(rest, ",;"))
					matched = true
					break
				}
			}
		}
		if matched {
			continue
		}
		// Unknown text up to the next separator that starts a known label.
		cut := len(s)
		for k := 0; k < len(s); k++ {
			if s[k] != ',' && s[k] != ';' {
				continue
			}
			rest := strings.TrimSpace(s[k+1:])
			for _, le := range p.label {
				if strings.HasPrefix(rest, le.text) {
					cut = k
					break
				}
			}
			if cut != len(s) {
				break
			}
		}
		if other < 0 {
			return missing(MissingUnmapped)
		}
		set = set.With(other)
		s = strings.TrimSpace(strings.TrimLeft(s[cut:], ",;"))
	}
	return ParseResult{Value: set.Float()}
}

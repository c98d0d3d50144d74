package ingest

import (
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// boundCol is one mapped column of a wave: where its cells are in a row,
// the dataset column they fill, and its parser with the parse caches.
type boundCol struct {
	m      codebook.ColumnMap
	v      *codebook.Variable
	idx    int // table column
	pos    int // position among the kept cells of a row
	option int // level of a one-column-per-option multi-select; -1 otherwise
	col    *dataset.Column
	stats  *VarStats                       // nil for text variables
	recent *[64]memo                       // the last texts parsed, by a hash of a few bytes
	cache  map[string]codebook.ParseResult // raw cell → parsed, for up to maxCache texts
	hits   int                             // cache lookups that found the text, once it is full
	misses int                             // and those that did not
	parser *codebook.CellParser            // nil for text variables and option columns (never parsed)
}

// newBoundCol prepares the column m maps at table column idx.
func newBoundCol(cb *codebook.Codebook, w *codebook.Wave, m codebook.ColumnMap, idx int) *boundCol {
	b := &boundCol{m: m, v: cb.Var(m.Var), idx: idx, option: -1}
	if m.Option != "" {
		b.option = b.v.LevelIndex(m.Option)
	}
	if b.v.Type != codebook.TypeText && m.Option == "" {
		b.parser, b.cache = cb.CellParser(w, m), map[string]codebook.ParseResult{}
	}
	return b
}

// cell stores one mapped cell of dataset row i.
func (h *harmonizer) cell(b *boundCol, r survey.StreamRow, i int) {
	raw := r.Cells[b.pos]
	col := b.col
	switch {
	case b.v.Type == codebook.TypeText:
		col.Text[i] = strings.Clone(strings.TrimSpace(raw)) // do not pin the raw record
		return
	case b.option >= 0:
		// One column per option: chosen when non-blank. All option
		// columns blank means unanswered (counted once per row).
		if strings.TrimSpace(raw) != "" {
			col.Choose(i, b.option)
		}
		return
	}
	res := b.parse(raw)
	h.record(b, r.Line, raw, res)
	if res.Missing == "" {
		col.Num[i] = res.Value
	}
}

// memo is a text and what it parses to.
type memo struct {
	raw string
	res codebook.ParseResult
	ok  bool
}

// parse returns what raw parses to in this column, from the column's
// recent texts, else its cache, else its parser. Parsing depends on the
// text alone, so a remembered result is the result.
func (b *boundCol) parse(raw string) codebook.ParseResult {
	if b.recent == nil {
		b.recent = new([64]memo)
	}
	m := &b.recent[memoSlot(raw)]
	if m.ok && m.raw == raw {
		return m.res
	}
	res, ok := b.cache[raw]
	if !ok {
		res = b.parser.Parse(raw)
		b.remember(raw, res)
	} else if len(b.cache) == maxCache {
		b.hits++
	}
	if ok || b.cache != nil && len(b.cache) < maxCache { // a text seen again, or not yet known to be rare
		*m = memo{raw: raw, res: res, ok: true} // held only while the wave is read
	}
	return res
}

// memoSlot hashes a text's length and a few of its bytes into 0–63.
func memoSlot(s string) int {
	if s == "" {
		return 0
	}
	return (len(s)*31 + int(s[0])*7 + int(s[len(s)/2])*3 + int(s[len(s)-1])) & 63
}

// maxCache is how many distinct texts a column's parse cache holds.
const maxCache = 4096

// remember caches a parsed cell. A column whose texts keep differing once
// the cache is full (timestamps, freely typed amounts) drops its cache: a
// lookup that mostly fails costs more than it saves. Parsing is a function
// of the text alone, so the values are the same either way.
func (b *boundCol) remember(raw string, res codebook.ParseResult) {
	switch {
	case b.cache == nil:
	case len(b.cache) < maxCache:
		b.cache[strings.Clone(raw)] = res
	default:
		if b.misses++; b.misses > 1024 && b.misses > 4*b.hits {
			b.cache = nil
		}
	}
}

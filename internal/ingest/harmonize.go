package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// harmonizer carries one wave through harmonizeFile: bind once the header
// is known, row for each data row, finish.
type harmonizer struct {
	cb        *codebook.Codebook
	w         *codebook.Wave
	t         *survey.Table
	ix        *codebook.ColumnIndex
	d         *dataset.Dataset
	l         *dataset.Ledger
	rep       *WaveReport
	bound     []*boundCol
	mapped    map[string]bool // variables the wave maps directly
	idPos     int             // kept position of response_id; -1 when unmapped
	statusPos int             // kept position of the tool's status column; -1 when none
	options   []*VarStats     // one-column-per-option multi-selects, each once
	optCols   []*dataset.Column
	derived   []derivation
}

// harmonized is one wave read and harmonized by harmonizeFile.
type harmonized struct {
	Table  *survey.Table // its columns and how it was read; no rows
	Data   *dataset.Dataset
	Ledger *dataset.Ledger
	Report *WaveReport
}

// harmonizeFile reads a wave's export at path and maps it onto the
// canonical variables as it is read, into a dataset and ledger of its own:
// one dataset row per non-blank data row, every row in the ledger, and the
// wave report. Only the cells of the columns the wave maps (and of the
// tool's status column) are ever held, one row at a time. Contract errors
// (a codebook column the file lacks or names ambiguously, a column with
// content that is neither mapped nor ignored, a header layout other than
// the codebook's) are returned as *survey.ParseError.
func harmonizeFile(cb *codebook.Codebook, w *codebook.Wave, path string, maxBytes int64) (*harmonized, error) {
	var h *harmonizer
	bind := func(t *survey.Table) ([]int, error) {
		// Called again when merged header cells rename columns: start over.
		h = &harmonizer{cb: cb, w: w, d: cb.NewDataset(), l: &dataset.Ledger{}}
		return h.bind(t)
	}
	t, err := survey.ReadStream(path, survey.Layout{Tool: survey.Tool(w.Tool), HeaderRows: w.HeaderRows, MaxBytes: maxBytes},
		bind, func(r survey.StreamRow) { h.row(r) })
	if err != nil {
		return nil, err
	}
	h.rep.TrailingBlank = t.TrailingBlank // known at the end
	if err := h.unmappedColumns(); err != nil {
		return nil, err
	}
	return &harmonized{Table: t, Data: h.d, Ledger: h.l, Report: h.rep}, nil
}

// bind matches the wave's column maps to the table's columns and returns
// the columns a row must hold: the mapped ones and the tool's status column.
func (h *harmonizer) bind(t *survey.Table) ([]int, error) {
	w := h.w
	if t.HeaderRows != w.HeaderRows {
		return nil, &survey.ParseError{File: t.File, Sheet: t.Sheet, Row: 1,
			Err: fmt.Errorf("export has %d header rows, codebook wave %d says %d", t.HeaderRows, w.Year, w.HeaderRows)}
	}
	h.t, h.idPos, h.statusPos = t, -1, -1
	h.rep = &WaveReport{Year: w.Year, File: t.File, HeaderRows: t.HeaderRows, TrailingBlank: t.TrailingBlank,
		Unmapped: map[string]map[string]int{}, Vars: map[string]*VarStats{}}
	h.ix = codebook.NewColumnIndex(t)
	cols, err := h.ix.Match(w)
	if err != nil {
		return nil, err
	}
	h.bound = make([]*boundCol, len(cols))
	for k, m := range w.Columns {
		h.bound[k] = newBoundCol(h.cb, w, m, cols[k])
	}
	h.coverage()
	var keep []int
	for _, b := range h.bound {
		b.pos, b.col = len(keep), h.d.Cols[b.v.Name]
		keep = append(keep, b.idx)
		if b.v.Type != codebook.TypeText {
			b.stats = h.stats(b.v.Name)
		}
		if b.v.Name == "response_id" {
			h.idPos = b.pos
		}
		if b.option >= 0 && !slices.Contains(h.optCols, b.col) {
			h.options, h.optCols = append(h.options, b.stats), append(h.optCols, b.col)
		}
	}
	if j := h.ix.StatusColumn(w.Tool); j >= 0 {
		if h.statusPos = slices.Index(keep, j); h.statusPos < 0 { // kept already when mapped
			h.statusPos = len(keep)
			keep = append(keep, j)
		}
	}
	h.derived = derivations(h.cb, h.d, h.mapped)
	return keep, nil
}

// row records one data row in the ledger and, unless blank, in the dataset.
func (h *harmonizer) row(r survey.StreamRow) {
	h.rep.Rows++
	id := ""
	if h.idPos >= 0 {
		// Clone: a substring would pin the whole raw record in memory.
		id = strings.Clone(strings.TrimSpace(r.Cells[h.idPos]))
	}
	h.l.Add(h.w.Year, h.t.File, r.Line, id)
	if r.Blank {
		h.rep.BlankRows++
		h.l.Exclude(h.t.File, r.Line, ExcludedBlank)
		return
	}
	i := h.d.AddRow(h.w.Year, id, h.t.File, r.Line)
	if h.statusPos >= 0 {
		if s := codebook.ToolStatus(h.w.Tool, r.Cells[h.statusPos]); s != dataset.StatusResponse {
			h.d.SetStatus(i, s)
		}
	}
	for _, b := range h.bound {
		h.cell(b, r, i)
	}
	h.countOptions(i)
	derive(h.derived, i)
}

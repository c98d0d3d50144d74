package survey

import (
	"errors"
	"fmt"
	"strings"
)

// builder turns records (CSV records or XLSX rows) into a Table: the first
// records are the header rows, the rest data. Header rows arrive whole
// (add); a data row arrives cell by cell (begin, put or mark, end), and only
// the cells of the columns the sink keeps are held, in one reused row.
type builder struct {
	t        *Table
	l        Layout // HeaderRows 0: detect from the first three records (Read)
	csv      bool   // CSV records are complete: a short one is truncated
	hdr      [][]string
	hdrLines []int
	started  bool
	width    int
	pending  []int // lines of blank rows not yet known to be inside the data
	cost     int64
	budget   int64
	merges   []merge // XLSX merged ranges that touch the header rows
	// presetMerges: merges were known before the sheet was read (a second
	// pass), so the sheet's own mergeCell tags are not collected again.
	presetMerges bool

	sink    sink
	slot    []int    // column → position among the kept cells; -1 not kept
	kept    []string // the current data row's kept cells
	blank   []string // len(kept) empty cells, handed over for blank rows
	line    int      // the current data row's line
	filled  bool     // the current data row holds a non-blank cell
	dirty   bool     // the current data row has set a kept cell
	over    int      // leftmost column (1-based) beyond the header holding a value; 0 none
	overVal string
	bindErr error
}

// sink receives what a read finds: bind is told the columns once the
// header rows are read and returns the columns to keep; row gets each data
// row's kept cells (reused for the next row) and whether the whole row,
// kept cells or not, is blank.
type sink struct {
	bind func(*Table) ([]int, error)
	row  func(StreamRow)
}

// errRebind says that merged cells, known only at the end of the sheet,
// changed the columns the sink was bound to: the sheet must be read again
// with the merges known from the start.
var errRebind = errors.New("survey: merged header cells changed the columns; read again")

// maxWidth bounds the columns of a CSV export (an XLSX sheet has at most
// 16,384): every column costs memory even when the data rows are short.
const maxWidth = 1 << 16

// merge is a merged range in 1-based cell coordinates.
type merge struct{ r1, c1, r2, c2 int }

func newBuilder(file, sheet string, l Layout, csv bool, s sink) *builder {
	return &builder{t: &Table{File: file, Sheet: sheet, Tool: l.Tool}, l: l, csv: csv, budget: 4 * l.maxBytes(), sink: s}
}

// keepAll is the sink of ReadLayout: every column kept, every row stored
// in rows. Blank rows share one slice of empty cells: read-only, as every
// Row's Cells are to the Table's users.
func keepAll(rows *Table) sink {
	var blank []string
	return sink{
		bind: func(t *Table) ([]int, error) {
			keep := make([]int, len(t.Columns))
			for j := range keep {
				keep[j] = j
			}
			blank = make([]string, len(keep))
			rows.Rows = nil // bound again: the rows before are void
			return keep, nil
		},
		row: func(r StreamRow) {
			cells := blank
			if !r.Blank {
				cells = append([]string(nil), r.Cells...)
			}
			rows.Rows = append(rows.Rows, Row{Line: r.Line, Cells: cells})
		},
	}
}

func (b *builder) errAt(row, col int, err error) error {
	return &ParseError{File: b.t.File, Sheet: b.t.Sheet, Row: row, Col: col, Err: err}
}

// add takes the next whole record, found at line (CSV record start or XLSX
// row): a header row until the header is complete, then a data row.
func (b *builder) add(line int, rec []string) error {
	if b.started {
		b.begin(line)
		for j, c := range rec {
			b.put(j, c)
		}
		return b.end(len(rec))
	}
	b.hdr = append(b.hdr, rec)
	b.hdrLines = append(b.hdrLines, line)
	if (b.l.HeaderRows == 0 && len(b.hdr) == 3) || len(b.hdr) == b.l.HeaderRows {
		return b.start()
	}
	return nil
}

// start fixes the header rows and the width, checks the header rows
// against the layout, binds the sink and replays any buffered data records.
func (b *builder) start() error {
	b.started = true
	rest, restLines := [][]string(nil), []int(nil)
	if b.l.HeaderRows == 0 {
		b.l.HeaderRows = min(DetectHeaderRows(b.hdr), len(b.hdr))
		rest, restLines = b.hdr[b.l.HeaderRows:], b.hdrLines[b.l.HeaderRows:]
		b.hdr, b.hdrLines = b.hdr[:b.l.HeaderRows], b.hdrLines[:b.l.HeaderRows]
	}
	b.t.HeaderRows = b.l.HeaderRows
	for _, rec := range b.hdr {
		for j := len(rec) - 1; j >= b.width; j-- {
			if strings.TrimSpace(rec[j]) != "" {
				b.width = j + 1
				break
			}
		}
	}
	if b.width == 0 {
		return b.errAt(b.hdrLines[0], 0, errors.New("header row is empty"))
	}
	if b.width > maxWidth {
		return b.errAt(b.hdrLines[0], maxWidth+1, fmt.Errorf("header has %d columns, more than the %d a survey export can have", b.width, maxWidth))
	}
	b.cost = int64(b.width) * 512 // the columns' own description
	if b.csv && b.width == 1 && strings.ContainsRune(b.hdr[0][0], '\t') {
		return b.errAt(b.hdrLines[0], 0, errors.New("header row is tab-separated: export the file as comma-separated CSV"))
	}
	if r, c, err := b.l.checkHeader(b.hdr, b.width); err != nil {
		return b.errAt(b.hdrLines[r-1], c, err)
	}
	b.t.Columns, _ = b.columns()
	b.t.index()
	b.t.Content = make([]int, b.width)
	b.bind()
	for i, rec := range rest {
		if err := b.add(restLines[i], rec); err != nil {
			return err
		}
	}
	return nil
}

// bind asks the sink which columns to keep. A bind error is kept for the
// end of the read: an error in the file's structure comes first.
func (b *builder) bind() {
	b.slot = make([]int, b.width)
	for j := range b.slot {
		b.slot[j] = -1
	}
	keep, err := b.sink.bind(b.t)
	if err != nil {
		b.bindErr, keep = err, nil
	}
	for k, j := range keep {
		b.slot[j] = k
	}
	b.kept, b.blank = make([]string, len(keep)), make([]string, len(keep))
}

// keeps reports whether the sink keeps column col (0-based), or whether
// col lies beyond the header: the cell's text is needed either way.
func (b *builder) keeps(col int) bool { return col >= b.width || b.slot[col] >= 0 }

// begin starts data row line.
func (b *builder) begin(line int) {
	b.line, b.filled, b.over = line, false, 0
	if b.dirty { // only then: a wide table's blank rows must cost nothing per column
		clear(b.kept)
		b.dirty = false
	}
}

// put takes cell col (0-based) of the current data row.
func (b *builder) put(col int, v string) {
	if col < b.width && b.slot[col] >= 0 {
		b.kept[b.slot[col]], b.dirty = v, true
	}
	if v != "" && (visibleASCII(v[0]) || strings.TrimSpace(v) != "") {
		b.mark(col, v)
	}
}

// mark notes that cell col (0-based) of the current data row is not blank;
// v is its text, needed only beyond the header.
func (b *builder) mark(col int, v string) {
	b.filled = true
	switch {
	case col >= b.width:
		if b.over == 0 || col+1 < b.over {
			b.over, b.overVal = col+1, v
		}
	case b.t.Content[col] == 0:
		b.t.Content[col] = b.line
	}
}

// end finishes the current data row; fields is the CSV record's length
// (-1 for XLSX, whose rows omit trailing empty cells).
func (b *builder) end(fields int) error {
	line := b.line
	if b.over > 0 {
		return b.errAt(line, b.over, fmt.Errorf("cell %s lies beyond the last header column (%d)", quote(b.overVal, 40), b.width))
	}
	if !b.filled {
		b.pending = append(b.pending, line)
		return nil
	}
	if b.csv && fields < b.width {
		return b.errAt(line, fields+1, fmt.Errorf("row has %d fields, header has %d (truncated file?)", fields, b.width))
	}
	b.cost += int64(32*len(b.pending)) + int64(16*len(b.kept)+32)
	for _, c := range b.kept {
		b.cost += int64(len(c))
	}
	if b.cost > b.budget {
		return b.errAt(line, 0, fmt.Errorf("the kept cells need more than %d MiB of memory (4× the file size limit; raise -max-file-size if the file is genuine)", b.budget>>20))
	}
	// Blank rows between data rows stay, so the ledger can account for them.
	if b.bindErr == nil {
		for _, l := range b.pending {
			b.sink.row(StreamRow{Line: l, Cells: b.blank, Blank: true})
		}
		b.sink.row(StreamRow{Line: line, Cells: b.kept})
	}
	b.pending = b.pending[:0]
	return nil
}

// finish checks the columns once XLSX merges are known and returns the
// table: its rows are what the sink made of them.
func (b *builder) finish() (*Table, error) {
	if !b.started {
		if len(b.hdr) == 0 {
			return nil, b.errAt(0, 0, errors.New("file is empty"))
		}
		if b.l.HeaderRows != 0 {
			return nil, b.errAt(0, 0, fmt.Errorf("file has %d rows, fewer than the layout's %d header rows", len(b.hdr), b.l.HeaderRows))
		}
		if err := b.start(); err != nil {
			return nil, err
		}
	}
	b.t.TrailingBlank = len(b.pending)
	cols, err := b.columns()
	if err != nil {
		return nil, err
	}
	for j := range cols {
		if !sameNames(cols[j], b.t.Columns[j]) {
			return nil, errRebind
		}
	}
	b.t.Columns = cols
	b.t.index()
	if b.bindErr != nil {
		return nil, b.bindErr
	}
	return b.t, nil
}

// sameNames reports whether two columns are named alike everywhere a
// codebook may look.
func sameNames(a, b Column) bool {
	return a.Tag == b.Tag && a.Text == b.Text && a.Sub == b.Sub && a.ImportID == b.ImportID
}

// columns builds the columns from the header rows with the merges known so
// far; a column without a header is an error (returned with the columns).
func (b *builder) columns() ([]Column, error) {
	hdr := b.merged()
	cols := make([]Column, b.width)
	var err error
	last := ""
	for j := range cols {
		col := b.l.column(hdr, j, last)
		if col.Key() == "" && col.Tag == "" && err == nil {
			err = b.errAt(b.hdrLines[0], j+1, errors.New("column has no header"))
		}
		last = col.Text
		cols[j] = col
	}
	return cols, err
}

// merged returns the header rows with each merged range's value filled
// across its top row, clipped to the header rows and the header width;
// nothing else of a range is read, so a huge range costs nothing. The
// header rows as read stay untouched.
func (b *builder) merged() [][]string {
	if len(b.merges) == 0 {
		return b.hdr
	}
	hdr := make([][]string, len(b.hdr))
	for i, rec := range b.hdr {
		hdr[i] = append([]string(nil), rec...)
	}
	for _, m := range b.merges {
		for i, line := range b.hdrLines {
			if line != m.r1 {
				continue
			}
			rec := hdr[i]
			if m.c1 > len(rec) || m.c1 > b.width {
				break
			}
			v := rec[m.c1-1]
			last := min(m.c2, b.width)
			if last > len(rec) {
				rec = append(rec, make([]string, last-len(rec))...)
				hdr[i] = rec
			}
			for c := m.c1; c < last; c++ {
				rec[c] = v
			}
		}
	}
	return hdr
}

// visibleASCII reports whether b starts a cell that TrimSpace cannot empty.
func visibleASCII(b byte) bool { return b > ' ' && b < 0x7f }

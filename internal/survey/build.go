package survey

import (
	"errors"
	"fmt"
	"strings"
)

// builder turns records (CSV records or XLSX rows), handed over one at a
// time, into a Table: the first records are the header rows, the rest data.
type builder struct {
	t        *Table
	l        Layout // HeaderRows 0: detect from the first three records (Read)
	csv      bool   // CSV records are complete: a short one is truncated
	hdr      [][]string
	hdrLines []int
	started  bool
	width    int
	blank    []string // shared by every blank row
	pending  []int    // lines of blank rows not yet known to be inside the data
	cost     int64
	budget   int64
	merges   []merge // XLSX merged ranges that touch the header rows
}

// maxWidth bounds the columns of a CSV export (an XLSX sheet has at most
// 16,384): every column costs memory even when the data rows are short.
const maxWidth = 1 << 16

// merge is a merged range in 1-based cell coordinates.
type merge struct{ r1, c1, r2, c2 int }

func newBuilder(file, sheet string, l Layout, csv bool) *builder {
	return &builder{t: &Table{File: file, Sheet: sheet, Tool: l.Tool}, l: l, csv: csv, budget: 4 * l.maxBytes()}
}

func (b *builder) errAt(row, col int, err error) error {
	return &ParseError{File: b.t.File, Sheet: b.t.Sheet, Row: row, Col: col, Err: err}
}

// add takes the next record, found at line (CSV record start or XLSX row).
func (b *builder) add(line int, rec []string) error {
	if b.started {
		return b.data(line, rec)
	}
	b.hdr = append(b.hdr, rec)
	b.hdrLines = append(b.hdrLines, line)
	if (b.l.HeaderRows == 0 && len(b.hdr) == 3) || len(b.hdr) == b.l.HeaderRows {
		return b.start()
	}
	return nil
}

// start fixes the header rows and the width, checks the header rows
// against the layout and replays any buffered data records.
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
	b.blank = make([]string, b.width)
	for i, rec := range rest {
		if err := b.data(restLines[i], rec); err != nil {
			return err
		}
	}
	return nil
}

// data takes one data record.
func (b *builder) data(line int, rec []string) error {
	blank := true
	for j, c := range rec {
		if c == "" || !visibleASCII(c[0]) && strings.TrimSpace(c) == "" {
			continue
		}
		if j >= b.width {
			return b.errAt(line, j+1, fmt.Errorf("cell %s lies beyond the last header column (%d)", quote(c, 40), b.width))
		}
		blank = false
	}
	if blank {
		b.pending = append(b.pending, line)
		return nil
	}
	if b.csv && len(rec) < b.width {
		return b.errAt(line, len(rec)+1, fmt.Errorf("row has %d fields, header has %d (truncated file?)", len(rec), b.width))
	}
	cells := rec[:min(len(rec), b.width):min(len(rec), b.width)]
	if len(cells) < b.width && cap(rec) >= b.width { // a fresh XLSX row: zero capacity beyond len
		cells = rec[:b.width:b.width]
	} else if len(cells) < b.width { // XLSX omits trailing empty cells
		cells = make([]string, b.width)
		copy(cells, rec)
	}
	// Blank rows between data rows stay, so the ledger can account for them.
	for _, l := range b.pending {
		b.t.Rows = append(b.t.Rows, Row{Line: l, Cells: b.blank})
	}
	b.cost += int64(32*len(b.pending)) + int64(16*b.width+32)
	b.pending = b.pending[:0]
	for _, c := range cells {
		b.cost += int64(len(c))
	}
	if b.cost > b.budget {
		return b.errAt(line, 0, fmt.Errorf("table needs more than %d MiB of memory (4× the file size limit; raise -max-file-size if the file is genuine)", b.budget>>20))
	}
	b.t.Rows = append(b.t.Rows, Row{Line: line, Cells: cells})
	return nil
}

// finish builds the columns (after XLSX merges are known) and the indexes.
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
	b.applyMerges()
	b.t.Columns = make([]Column, b.width)
	last := ""
	for j := range b.t.Columns {
		col := b.l.column(b.hdr, j, last)
		if col.Key() == "" && col.Tag == "" {
			return nil, b.errAt(b.hdrLines[0], j+1, errors.New("column has no header"))
		}
		last = col.Text
		b.t.Columns[j] = col
	}
	b.t.index()
	return b.t, nil
}

// applyMerges fills each merged range's value across its top row, clipped
// to the header rows and the header width; nothing else of a range is read,
// so a huge range costs nothing.
func (b *builder) applyMerges() {
	for _, m := range b.merges {
		for i, line := range b.hdrLines {
			if line != m.r1 {
				continue
			}
			rec := b.hdr[i]
			if m.c1 > len(rec) || m.c1 > b.width {
				break
			}
			v := rec[m.c1-1]
			last := min(m.c2, b.width)
			if last > len(rec) {
				rec = append(rec, make([]string, last-len(rec))...)
				b.hdr[i] = rec
			}
			for c := m.c1; c < last; c++ {
				rec[c] = v
			}
		}
	}
}

// visibleASCII reports whether b starts a cell that TrimSpace cannot empty.
func visibleASCII(b byte) bool { return b > ' ' && b < 0x7f }

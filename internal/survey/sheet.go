package survey

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// sheetState is the position of the sheet scan: the current row and cell.
type sheetState struct {
	b        *builder
	sst      *sstTable
	row      int // current row number; 0 outside a row
	prevRow  int
	cells    []string // a header row's cells (data rows go to b cell by cell)
	col      int      // current cell's column (1-based)
	prevCol  int
	typ      []byte
	val      []byte
	inV, inT bool
	inPh     bool
	// Plain values of a row are collected in arena and become substrings
	// of one string per row (spans says where), saving an allocation per cell.
	arena []byte
	spans []span
}

// span is a value in the row arena: cell (0-based column of a data row,
// index into cells of a header row) = arena[start:end].
type span struct{ cell, start, end int }

// scanSheet streams the sheet's rows into b, and collects the merged ranges
// that start in the header rows.
func (wb *workbook) scanSheet(name string, sst *sstTable, b *builder) error {
	rc, err := wb.open(name, wb.limit)
	if err != nil {
		return err
	}
	defer rc.Close()
	st := &sheetState{b: b, sst: sst}
	s := newXScan(rc, wb.parts[name].UncompressedSize64)
	for {
		err := s.next(st.inV || (st.inT && !st.inPh))
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return st.errAt(fmt.Errorf("malformed sheet XML: %w", err))
		}
		if err := st.tag(s); err != nil {
			return err
		}
		if st.row > 0 && !st.inV && !st.inT {
			if err := st.quickCells(s); err != nil {
				return err
			}
		}
	}
}

// quickCells takes the cells that follow in the usual form, <c …><v>value
// </v></c>, straight from the read buffer, for as long as they do: as the
// scanner would, one tag at a time, but without it.
func (st *sheetState) quickCells(s *xscan) error {
	for {
		tag, v, n := s.quickCell()
		if n == 0 {
			return nil
		}
		s.tag = tag
		if err := st.startCell(s); err != nil {
			return err
		}
		st.val = append(st.val[:0], v...)
		s.r.Discard(n)
		if err := st.endCell(); err != nil {
			return err
		}
	}
}

func (st *sheetState) errAt(err error) error {
	col := 0
	if st.row > 0 {
		col = st.col
	}
	return st.b.errAt(st.row, col, err)
}

// tag handles one tag of the sheet.
func (st *sheetState) tag(s *xscan) error {
	switch {
	case s.is("row"):
		if s.end {
			return st.endRow()
		}
		if err := st.startRow(s); err != nil {
			return err
		}
		if s.selfClose {
			return st.endRow()
		}
	case s.is("c") && st.row > 0:
		if s.end {
			return st.endCell()
		}
		if err := st.startCell(s); err != nil {
			return err
		}
		if s.selfClose {
			return st.endCell()
		}
		if v, ok := s.quickValue(); ok { // the usual <v>…</v></c>, read in one step
			st.val = append(st.val[:0], v...)
			return st.endCell()
		}
	case s.is("v"):
		if s.end && st.inV {
			if len(st.val) == 0 { // swap buffers instead of copying
				st.val, s.text = s.text, st.val[:0]
			} else {
				st.val = append(st.val, s.text...)
			}
		}
		st.inV = !s.end && !s.selfClose
	case s.is("t"):
		if s.end && st.inT && !st.inPh {
			st.val = append(st.val, s.text...)
		}
		st.inT = !s.end && !s.selfClose
	case s.is("rPh"):
		st.inPh = !s.end && !s.selfClose
	case s.is("mergeCell") && !s.end && !st.b.presetMerges:
		st.merge(s)
	}
	return nil
}

func (st *sheetState) startRow(s *xscan) error {
	n := st.prevRow + 1
	if r, ok := s.attr("r"); ok {
		v, err := strconv.Atoi(string(r))
		if err != nil || v < 1 || v > maxRows {
			return st.b.errAt(st.prevRow+1, 0, fmt.Errorf("bad row number %s", quote(string(r), 20)))
		}
		n = v
	}
	if n <= st.prevRow {
		return st.b.errAt(n, 0, fmt.Errorf("row %d comes after row %d", n, st.prevRow))
	}
	for gap := st.prevRow + 1; gap < n; gap++ { // rows the file leaves out are blank
		if err := st.b.add(gap, nil); err != nil {
			return err
		}
	}
	st.row, st.prevCol = n, 0
	if st.b.started {
		st.b.begin(n)
	} else {
		st.cells = make([]string, 0, max(st.b.width, 8))
	}
	return nil
}

func (st *sheetState) endRow() error {
	if st.row == 0 {
		return nil
	}
	var all string
	if len(st.spans) > 0 {
		all = string(st.arena)
	}
	var err error
	if st.b.started {
		for _, sp := range st.spans {
			st.b.put(sp.cell, all[sp.start:sp.end])
		}
		err = st.b.end(-1)
	} else {
		for _, sp := range st.spans {
			st.cells[sp.cell] = all[sp.start:sp.end]
		}
		err = st.b.add(st.row, st.cells)
	}
	st.arena, st.spans = st.arena[:0], st.spans[:0]
	st.prevRow, st.row, st.cells = st.row, 0, nil
	return err
}

func (st *sheetState) startCell(s *xscan) error {
	c := st.prevCol + 1
	r, t := s.cellAttrs()
	if r != nil {
		v, err := columnOf(r)
		if err != nil {
			return st.b.errAt(st.row, st.prevCol+1, err)
		}
		c = v
	}
	if c <= st.prevCol || c > maxCols {
		return st.b.errAt(st.row, c, fmt.Errorf("cell column %d out of order or beyond %d", c, maxCols))
	}
	st.col, st.prevCol = c, c
	st.typ = append(st.typ[:0], t...)
	st.val = st.val[:0]
	return nil
}

// endCell takes the current cell's value as text: shared strings looked
// up, inline strings joined, numbers and dates as written (raw serials). A
// data cell of a column the sink does not keep is only checked for content.
func (st *sheetState) endCell() error {
	st.inV, st.inT = false, false
	switch string(st.typ) {
	case "s", "inlineStr", "", "n", "b", "e", "str", "d":
	default:
		return st.b.errAt(st.row, st.col, fmt.Errorf("unknown cell type %s", quote(string(st.typ), 20)))
	}
	if len(st.val) == 0 {
		return nil
	}
	if !st.b.started {
		for len(st.cells) < st.col-1 {
			st.cells = append(st.cells, "")
		}
		v, plain, err := st.value()
		if plain {
			st.spans = append(st.spans, span{cell: len(st.cells), start: len(st.arena), end: len(st.arena) + len(st.val)})
			st.arena = append(st.arena, st.val...)
		}
		st.cells = append(st.cells, v)
		return err
	}
	col := st.col - 1
	if !st.b.keeps(col) {
		blank, err := st.blank()
		if !blank {
			st.b.mark(col, "")
		}
		return err
	}
	v, plain, err := st.value()
	if plain {
		st.spans = append(st.spans, span{cell: col, start: len(st.arena), end: len(st.arena) + len(st.val)})
		st.arena = append(st.arena, st.val...)
		return nil
	}
	if err == nil {
		st.b.put(col, v)
	}
	return err
}

// value is the current cell's text; plain means it is st.val as written
// (a number), left for the row's arena.
func (st *sheetState) value() (v string, plain bool, err error) {
	switch string(st.typ) {
	case "s":
		i, err := st.sstIndex()
		if err != nil {
			return "", false, err
		}
		v = st.sst.at(i)
		if !st.b.started {
			v = strings.Clone(v) // a header cell must not pin the whole table
		}
		return v, false, nil
	case "", "n":
		if !bytes.ContainsAny(st.val, "&\r") {
			return "", true, nil
		}
		v, err = unescapeXML(st.val)
	case "inlineStr":
		if v, err = unescapeXML(st.val); err == nil {
			v = unescapeOOXML(v)
		}
	default:
		v, err = unescapeXML(st.val)
	}
	if err != nil {
		return "", false, st.b.errAt(st.row, st.col, err)
	}
	return v, false, nil
}

// blank reports whether the current cell is empty after trimming, without
// making a string of it where it can.
func (st *sheetState) blank() (bool, error) {
	switch string(st.typ) {
	case "s":
		i, err := st.sstIndex()
		if err != nil {
			return true, err
		}
		return strings.TrimSpace(st.sst.at(i)) == "", nil
	case "", "n":
		if !bytes.ContainsAny(st.val, "&\r") {
			return len(bytes.TrimSpace(st.val)) == 0, nil
		}
	}
	v, _, err := st.value()
	return strings.TrimSpace(v) == "", err
}

func (st *sheetState) sstIndex() (int, error) {
	i, ok := index(st.val)
	if !ok || i >= st.sst.len() {
		return 0, st.b.errAt(st.row, st.col, fmt.Errorf("shared string index %s out of range (%d strings)", quote(string(st.val), 20), st.sst.len()))
	}
	return i, nil
}

// index parses a shared string index.
func index(b []byte) (int, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// merge keeps a merged range that starts in the first three rows; the rest
// (and the area of any range) is never looked at.
func (st *sheetState) merge(s *xscan) {
	ref, ok := s.attr("ref")
	if !ok || len(st.b.merges) >= maxCols {
		return
	}
	a, z, ok := bytes.Cut(ref, []byte(":"))
	if !ok {
		return
	}
	c1, r1, err1 := cellRef(a)
	c2, r2, err2 := cellRef(z)
	if err1 != nil || err2 != nil || r1 > 3 || c2 < c1 || r2 < r1 {
		return
	}
	st.b.merges = append(st.b.merges, merge{r1: r1, c1: c1, r2: r2, c2: c2})
}

// columnOf returns the 1-based column of a cell reference such as "AB12".
func columnOf(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		ch := ref[i] | 0x20
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
	}
	if i == 0 || col > maxCols || (i < len(ref) && (ref[i] < '0' || ref[i] > '9')) {
		return 0, fmt.Errorf("bad cell reference %s", quote(string(ref), 20))
	}
	return col, nil
}

func cellRef(ref []byte) (col, row int, err error) {
	i := 0
	for ; i < len(ref) && i < 4; i++ {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
	}
	if i == 0 || col > maxCols {
		return 0, 0, fmt.Errorf("bad cell reference %s", quote(string(ref), 20))
	}
	if i < len(ref) {
		row, err = strconv.Atoi(string(ref[i:]))
		if err != nil || row < 1 || row > maxRows {
			return 0, 0, fmt.Errorf("bad cell reference %s", quote(string(ref), 20))
		}
	}
	return col, row, nil
}

package xlsxread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Sink receives a sheet's rows as Read streams them, one cell at a time.
type Sink interface {
	// BeginRow starts row n (1-based). Rows the sheet leaves out are begun
	// and ended with no cells, so the sink sees every row up to the last.
	// need says which cells' text the sink wants: column j (0-based) is
	// wanted when j >= len(need) or need[j]; nil wants every cell.
	BeginRow(n int) (need []bool)
	// Cell hands over the text of a wanted cell of the current row (col is
	// 0-based). Cells whose value is empty in the file are not handed over;
	// the others arrive in no fixed order (numbers at the end of the row).
	// v stays valid and unchanged, but may share its memory with the
	// shared strings and with the row's other cells: a sink that keeps a
	// few cells of a large sheet should clone them.
	Cell(col int, v string)
	// Filled says that an unwanted cell of the current row is not blank
	// after trimming white space.
	Filled(col int)
	// EndRow ends the current row. An error stops the read and is returned
	// by Read as it is.
	EndRow() error
	// Merge is told each merged range of the sheet (listed after the rows)
	// whose references are valid; a sink that ignores merges does nothing.
	Merge(Range)
}

// Range is a merged range in 1-based cell coordinates, R1C1 to R2C2.
type Range struct{ R1, C1, R2, C2 int }

// sheetState is the position of the sheet scan: the current row and cell.
type sheetState struct {
	sink     Sink
	sst      *sstTable
	need     []bool // the current row's wanted columns (see Sink.BeginRow)
	row      int    // current row number; 0 outside a row
	prevRow  int
	col      int // current cell's column (1-based)
	prevCol  int
	inCell   bool
	typ      []byte
	val      []byte
	inV, inT bool
	inPh     bool
	// Plain values of a row are collected in arena and become substrings
	// of one string per row (spans says where), saving an allocation per cell.
	arena []byte
	spans []span
}

// span is a value in the row arena: column col (0-based) = arena[start:end].
type span struct{ col, start, end int }

// scan streams the sheet's rows into the sink.
func (sh *Sheet) scan(sink Sink) error {
	rc, err := sh.wb.open(sh.part, sh.wb.limit)
	if err != nil {
		return err
	}
	defer rc.Close()
	st := &sheetState{sink: sink, sst: sh.sst}
	s := newXScan(rc, sh.wb.parts[sh.part].UncompressedSize64)
	for {
		err := s.next(st.inV || (st.inT && !st.inPh))
		if err == io.EOF && st.row > 0 { // a row cut short is not read as if whole
			err = io.ErrUnexpectedEOF
		}
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

// errAt places err at the current row and cell.
func (st *sheetState) errAt(err error) error {
	col := 0
	if st.row > 0 {
		col = st.col
	}
	return &Error{Row: st.row, Col: col, Err: err}
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
	case s.is("c"):
		return &Error{Err: fmt.Errorf("malformed sheet XML: a cell outside a row (after row %d)", st.prevRow)}
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
	case s.is("mergeCell") && !s.end:
		st.merge(s)
	}
	return nil
}

func (st *sheetState) startRow(s *xscan) error {
	if st.row > 0 {
		return st.errAt(errors.New("malformed sheet XML: a row starts inside a row"))
	}
	n := st.prevRow + 1
	if r, ok := s.attr("r"); ok {
		v, err := strconv.Atoi(string(r))
		if err != nil || v < 1 || v > MaxRows {
			return &Error{Row: st.prevRow + 1, Err: fmt.Errorf("bad row number %s", quote(r))}
		}
		n = v
	}
	if n <= st.prevRow {
		return &Error{Row: n, Err: fmt.Errorf("row %d comes after row %d", n, st.prevRow)}
	}
	for gap := st.prevRow + 1; gap < n; gap++ { // rows the file leaves out are blank
		st.sink.BeginRow(gap)
		if err := st.sink.EndRow(); err != nil {
			return err
		}
	}
	st.row, st.prevCol = n, 0
	st.need = st.sink.BeginRow(n)
	return nil
}

func (st *sheetState) endRow() error {
	if st.row == 0 {
		return nil
	}
	if st.inCell {
		return st.errAt(errors.New("malformed sheet XML: the row ends inside a cell"))
	}
	if len(st.spans) > 0 {
		all := string(st.arena)
		for _, sp := range st.spans {
			st.sink.Cell(sp.col, all[sp.start:sp.end])
		}
	}
	st.arena, st.spans = st.arena[:0], st.spans[:0]
	st.prevRow, st.row = st.row, 0
	return st.sink.EndRow()
}

func (st *sheetState) startCell(s *xscan) error {
	c := st.prevCol + 1
	r, t := s.cellAttrs()
	if r != nil {
		v, err := columnOf(r)
		if err != nil {
			return &Error{Row: st.row, Col: st.prevCol + 1, Err: err}
		}
		c = v
	}
	if c <= st.prevCol || c > MaxCols {
		return &Error{Row: st.row, Col: c, Err: fmt.Errorf("cell column %d out of order or beyond %d", c, MaxCols)}
	}
	st.col, st.prevCol, st.inCell = c, c, true
	st.typ = append(st.typ[:0], t...)
	st.val = st.val[:0]
	return nil
}

// endCell takes the current cell's value as text: shared strings looked
// up, inline strings joined, numbers and dates as written (raw serials). A
// cell the sink does not want is only checked for content.
func (st *sheetState) endCell() error {
	if !st.inCell {
		return &Error{Row: st.row, Err: errors.New("malformed sheet XML: </c> without <c>")}
	}
	st.inV, st.inT, st.inCell = false, false, false
	switch string(st.typ) {
	case "s", "inlineStr", "", "n", "b", "e", "str", "d":
	default:
		return &Error{Row: st.row, Col: st.col, Err: fmt.Errorf("unknown cell type %s", quote(st.typ))}
	}
	if len(st.val) == 0 {
		return nil
	}
	col := st.col - 1
	if col < len(st.need) && !st.need[col] {
		blank, err := st.blank()
		if !blank {
			st.sink.Filled(col)
		}
		return err
	}
	v, plain, err := st.value()
	if plain {
		st.spans = append(st.spans, span{col: col, start: len(st.arena), end: len(st.arena) + len(st.val)})
		st.arena = append(st.arena, st.val...)
		return nil
	}
	if err == nil {
		st.sink.Cell(col, v)
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
		return st.sst.at(i), false, nil
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
		return "", false, &Error{Row: st.row, Col: st.col, Err: err}
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
		return 0, &Error{Row: st.row, Col: st.col, Err: fmt.Errorf("shared string index %s out of range (%d strings)", quote(st.val), st.sst.len())}
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

// merge hands a well-formed merged range to the sink; the area of a range
// is never looked at, so a huge range costs nothing.
func (st *sheetState) merge(s *xscan) {
	ref, ok := s.attr("ref")
	if !ok {
		return
	}
	a, z, ok := bytes.Cut(ref, []byte(":"))
	if !ok {
		return
	}
	c1, r1, err1 := cellRef(a)
	c2, r2, err2 := cellRef(z)
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		return
	}
	st.sink.Merge(Range{R1: r1, C1: c1, R2: r2, C2: c2})
}

// ColumnName returns a column's name ("A", "AB") for a 0-based index.
func ColumnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
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
	if i == 0 || col > MaxCols || (i < len(ref) && (ref[i] < '0' || ref[i] > '9')) {
		return 0, fmt.Errorf("bad cell reference %s", quote(ref))
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
	if i == 0 || col > MaxCols {
		return 0, 0, fmt.Errorf("bad cell reference %s", quote(ref))
	}
	if i < len(ref) {
		row, err = strconv.Atoi(string(ref[i:]))
		if err != nil || row < 1 || row > MaxRows {
			return 0, 0, fmt.Errorf("bad cell reference %s", quote(ref))
		}
	}
	return col, row, nil
}

// quote quotes a value of the file for an error message, cut to 20 runes.
func quote(b []byte) string {
	r := []rune(string(b))
	if len(r) <= 20 {
		return strconv.Quote(string(b))
	}
	return strconv.Quote(string(r[:20]) + "…")
}

package xlsxread

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Limits. A part the reader decompresses may expand to at most maxRatio
// times its compressed size (legitimate sheets expand about 8×; zip bombs
// about 1000×), and to at most the limit given to Open.
const (
	maxParts    = 10000
	maxRatio    = 200
	maxSmallXML = 16 << 20 // workbook and relationship parts
	// MaxRows and MaxCols are the format's own limits on a sheet.
	MaxRows = 1 << 20
	MaxCols = 1 << 14
)

// LimitError is a part that expands beyond the limit given to Open.
type LimitError struct {
	Part        string
	Size, Limit uint64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("xlsx part %s expands to %d bytes (limit %d)", e.Part, e.Size, e.Limit)
}

// Error is a problem in a sheet at a position: Row and Col are 1-based,
// zero where the position is unknown or does not apply.
type Error struct {
	Row, Col int
	Err      error
}

func (e *Error) Error() string {
	switch {
	case e.Col > 0:
		return fmt.Sprintf("row %d, column %d: %v", e.Row, e.Col, e.Err)
	case e.Row > 0:
		return fmt.Sprintf("row %d: %v", e.Row, e.Err)
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Workbook is an open XLSX file: its zip directory, read from memory.
type Workbook struct {
	wb *workbook
}

// Open reads the zip directory of an XLSX file held in data. A part (a
// sheet or the shared strings) may expand to at most limit bytes. A zip
// that is not one, holds too many parts, or names a part twice (names
// compared case aside, as the format does) is refused.
func Open(data []byte, limit int64) (*Workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable xlsx workbook: %w", err)
	}
	if len(zr.File) > maxParts {
		return nil, fmt.Errorf("not a readable xlsx workbook: %d parts (limit %d)", len(zr.File), maxParts)
	}
	wb := &workbook{parts: map[string]*zip.File{}, limit: limit}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if prev := wb.parts[name]; prev != nil {
			return nil, fmt.Errorf("not a readable xlsx workbook: zip entry %s appears twice (%q and %q)", name, prev.Name, f.Name)
		}
		wb.parts[name] = f
	}
	return &Workbook{wb: wb}, nil
}

// Sheet is a worksheet of an open workbook, with the shared strings its
// cells refer to.
type Sheet struct {
	Name string // as the workbook names it
	wb   *workbook
	part string
	sst  *sstTable
}

// FirstSheet finds the workbook's first sheet and reads the shared
// strings (held as one string; a cell's text is a substring of it).
func (w *Workbook) FirstSheet() (*Sheet, error) {
	name, part, sstPart, err := w.wb.firstSheet()
	if err != nil {
		return nil, err
	}
	sst, err := w.wb.sharedStrings(sstPart)
	if err != nil {
		return nil, fmt.Errorf("shared strings: %w", err)
	}
	return &Sheet{Name: name, wb: w.wb, part: part, sst: sst}, nil
}

// Read streams the sheet's rows, in one pass over its XML, into sink; it
// may be called again for another pass. Cell values are text: shared and
// inline strings as their text (phonetic runs left out, _xHHHH_ escapes
// decoded), numbers, dates, booleans and errors as written (a date is its
// serial number). A problem in the sheet is an *Error; an error of the
// sink is returned as it is.
func (sh *Sheet) Read(sink Sink) error { return sh.scan(sink) }

// workbook is the zip directory, by lower-case part name.
type workbook struct {
	parts map[string]*zip.File
	limit int64
}

// open opens a part after checking how far it expands.
func (wb *workbook) open(name string, limit int64) (io.ReadCloser, error) {
	f := wb.parts[name]
	if f == nil {
		return nil, fmt.Errorf("not a readable xlsx workbook: no part %s", name)
	}
	u, c := f.UncompressedSize64, f.CompressedSize64
	if u > uint64(limit) {
		return nil, &LimitError{Part: f.Name, Size: u, Limit: uint64(limit)}
	}
	if u > 1<<20 && u > maxRatio*max(c, 1) {
		return nil, fmt.Errorf("xlsx part %s expands %d× (%d bytes from %d): refusing a likely zip bomb", f.Name, u/max(c, 1), u, c)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("not a readable xlsx workbook: part %s: %w", f.Name, err)
	}
	if u > 1<<20 {
		return prefetch(rc), nil
	}
	return rc, nil
}

// firstSheet finds the first sheet's name and part, and the shared strings
// part, from the workbook and its relationships.
func (wb *workbook) firstSheet() (name, sheetPart, sstPart string, err error) {
	var rid string
	err = wb.eachTag("xl/workbook.xml", func(s *xscan) bool {
		if s.is("sheet") && !s.end {
			n, _ := s.attr("name")
			id, _ := s.attr("id")
			name, _ = unescapeXML(n)
			rid, _ = unescapeXML(id)
			return false
		}
		return true
	})
	if err != nil {
		return "", "", "", err
	}
	if name == "" {
		return "", "", "", errors.New("not a readable xlsx workbook: workbook has no sheets")
	}
	sheetPart, sstPart = "xl/worksheets/sheet1.xml", "xl/sharedstrings.xml"
	err = wb.eachTag("xl/_rels/workbook.xml.rels", func(s *xscan) bool {
		if !s.is("Relationship") || s.end {
			return true
		}
		id, _ := s.attr("Id")
		target, _ := s.attr("Target")
		typ, _ := s.attr("Type")
		t, _ := unescapeXML(target)
		switch {
		case string(id) == rid:
			sheetPart = partPath(t)
		case bytes.HasSuffix(typ, []byte("/sharedStrings")):
			sstPart = partPath(t)
		}
		return true
	})
	if err != nil && wb.parts["xl/_rels/workbook.xml.rels"] != nil {
		return "", "", "", err
	}
	return name, sheetPart, sstPart, nil
}

func partPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.ToLower(path.Clean(target[1:]))
	}
	return strings.ToLower(path.Clean("xl/" + target))
}

// eachTag calls fn on every tag of a small part until fn returns false.
func (wb *workbook) eachTag(name string, fn func(*xscan) bool) error {
	rc, err := wb.open(name, maxSmallXML)
	if err != nil {
		return err
	}
	defer rc.Close()
	s := newXScan(rc, wb.parts[name].UncompressedSize64)
	for {
		if err := s.next(false); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("not a readable xlsx workbook: %s: %w", name, err)
		}
		if !fn(s) {
			return nil
		}
	}
}

// sstTable is the shared string table, held as one string: the text of
// string i is text[end[i-1]:end[i]] (from 0 for i = 0). A cell's text is a
// substring of it, so reading a cell allocates nothing.
type sstTable struct {
	text string
	end  []int
}

func (t *sstTable) len() int { return len(t.end) }

func (t *sstTable) at(i int) string {
	start := 0
	if i > 0 {
		start = t.end[i-1]
	}
	return t.text[start:t.end[i]]
}

// sharedStrings reads the shared string table: the text of every <si>,
// phonetic runs left out.
func (wb *workbook) sharedStrings(name string) (*sstTable, error) {
	sst := &sstTable{}
	if wb.parts[name] == nil {
		return sst, nil
	}
	rc, err := wb.open(name, wb.limit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		text      = &strings.Builder{}
		cur, buf  []byte
		inT, inPh bool
	)
	s := newXScan(rc, wb.parts[name].UncompressedSize64)
	for {
		err := s.next(inT && !inPh)
		if err == io.EOF {
			sst.text = text.String()
			return sst, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case s.is("sst") && !s.end:
			sst.end, text = presize(s, wb.parts[name].UncompressedSize64)
		case s.is("si") && s.end:
			if buf, err = appendUnescapeXML(buf[:0], cur); err != nil {
				return nil, fmt.Errorf("string %d: %w", len(sst.end), err)
			}
			text.Write(unescapeOOXMLBytes(buf))
			sst.end = append(sst.end, text.Len())
			cur = cur[:0]
		case s.is("si") && s.selfClose:
			sst.end = append(sst.end, text.Len())
		case s.is("t"):
			if s.end && !inPh {
				cur = append(cur, s.text...)
			}
			inT = !s.end && !s.selfClose
		case s.is("rPh"):
			inPh = !s.end && !s.selfClose
		}
	}
}

// presize makes room for the shared strings the <sst> tag announces
// (uniqueCount), bounded by what a part of size bytes can hold: each string
// takes at least "<si/>", and the text at most the bytes left after
// "<si><t></t></si>" around each. It only saves regrowing; a wrong count
// costs nothing else.
func presize(s *xscan, size uint64) ([]int, *strings.Builder) {
	n := uint64(0)
	if v, ok := s.attr("uniqueCount"); ok {
		n, _ = strconv.ParseUint(string(v), 10, 32)
	}
	n = min(n, size/5)
	text := &strings.Builder{}
	if size > 16*n {
		text.Grow(int(size - 16*n))
	}
	return make([]int, 0, n), text
}

// prefetch decompresses rc in its own goroutine, a few chunks ahead of the
// reader, so that inflating and scanning use two cores. Closing the result
// stops the goroutine and closes rc.
func prefetch(rc io.ReadCloser) io.ReadCloser {
	p := &prefetcher{rc: rc, chunks: make(chan []byte, 4), free: make(chan []byte, 6), stop: make(chan struct{})}
	for i := 0; i < 6; i++ {
		p.free <- make([]byte, 256<<10)
	}
	go p.run()
	return p
}

type prefetcher struct {
	rc     io.ReadCloser
	chunks chan []byte // filled chunks; closed at the end
	free   chan []byte
	stop   chan struct{}
	err    error // set before chunks is closed
	cur    []byte
	buf    []byte
	closed bool
}

func (p *prefetcher) run() {
	defer close(p.chunks)
	for {
		var b []byte
		select {
		case b = <-p.free:
		case <-p.stop:
			return
		}
		n, err := io.ReadFull(p.rc, b[:cap(b)])
		if n > 0 {
			select {
			case p.chunks <- b[:n]:
			case <-p.stop:
				return
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return
		}
		if err != nil {
			p.err = err
			return
		}
	}
}

func (p *prefetcher) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.buf != nil {
			p.free <- p.buf
			p.buf = nil
		}
		c, ok := <-p.chunks
		if !ok {
			if p.err != nil {
				return 0, p.err
			}
			return 0, io.EOF
		}
		p.buf, p.cur = c, c
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

func (p *prefetcher) Close() error {
	if !p.closed {
		p.closed = true
		close(p.stop)
		for range p.chunks { // wait for the goroutine to end
		}
	}
	return p.rc.Close()
}

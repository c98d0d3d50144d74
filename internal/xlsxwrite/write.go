// Package xlsxwrite writes workbooks of text sheets as XLSX files.
//
// One job: a list of sheets (a name, a header row, rows of text) in, the
// bytes of an .xlsx out, reproducible to the byte. The workbook is what
// excelize's StreamWriter writes, byte for byte, but its rows are not
// held: excelize lays out the workbook with every sheet empty (its used
// range declared), each sheet's rows are written into the sheet's XML as
// they are read from Rows, each sheet is compressed on its own core, and
// the zip is assembled with its entries in a fixed order and time. Cell
// XML is excelize's own, taken from a scratch workbook per distinct value
// (Rows.Values), so a sheet of a million rows costs the cells of its
// distinct values, not of its rows.
//
// Every cell is written as an inline string, except, with IntFirst, the
// first column below the header, written as integers (a year); an empty
// string is no cell. Document properties are fixed.
package xlsxwrite

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// zipTime is the modification time of every entry of the workbook.
var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// zipLevel is the deflate level of archive/zip's Deflate compressor.
const zipLevel = 5

// Sheet is one worksheet: a header row and the rows below it.
type Sheet struct {
	Name   string
	Header []string
	Rows   Rows
	// IntFirst says the first column below the header holds integers (a
	// year), written as numbers; any other value there is an error.
	IntFirst bool
}

// Rows are a sheet's rows below its header.
type Rows interface {
	// Len is the number of rows.
	Len() int
	// Width is the number of columns of the widest row.
	Width() int
	// Cell is the text of row i (0-based) in column j; "" is no cell.
	Cell(i, j int) string
	// Values are the texts column j holds (any order, repeats allowed;
	// more are allowed too).
	Values(j int) []string
}

// Strings are rows held as text; a short row's missing cells are empty.
type Strings [][]string

func (s Strings) Len() int { return len(s) }

func (s Strings) Width() int {
	w := 0
	for _, r := range s {
		w = max(w, len(r))
	}
	return w
}

func (s Strings) Cell(i, j int) string { return at(s[i], j) }

func (s Strings) Values(j int) []string {
	out := make([]string, len(s))
	for i, r := range s {
		out[i] = at(r, j)
	}
	return out
}

func (sh *Sheet) height() int { return 1 + sh.Rows.Len() }

func (sh *Sheet) width() int { return max(len(sh.Header), sh.Rows.Width()) }

// label is the cell of row i (0: the header) in column j.
func (sh *Sheet) label(i, j int) string {
	if i == 0 {
		return at(sh.Header, j)
	}
	return sh.Rows.Cell(i-1, j)
}

func at(r []string, j int) string {
	if j < len(r) {
		return r[j]
	}
	return ""
}

// Write writes the sheets, in order, as a workbook.
func Write(sheets []Sheet) ([]byte, error) {
	skel, err := skeleton(sheets)
	if err != nil {
		return nil, err
	}
	cells, err := cellTails(sheets)
	if err != nil {
		return nil, err
	}
	body := make([]deflated, len(sheets))
	size := func(i int) int { return sheets[i].height() * sheets[i].width() }
	err = parallel.EachLargestFirst(len(sheets), size, func(i int) error {
		name := sheetPath(i)
		var err error
		body[i], err = deflateSheet(skel[name], &sheets[i], cells)
		if err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", sheets[i].Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	raw := map[string]deflated{}
	for i := range sheets {
		raw[sheetPath(i)] = body[i]
	}
	return assemble(skel, raw)
}

// sheetPath is the zip entry of the i-th sheet (excelize numbers them in
// the order they were made).
func sheetPath(i int) string { return fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1) }

// skeleton lays the workbook out with excelize, every sheet declared at
// its size but empty, and returns its entries by name.
func skeleton(sheets []Sheet) (map[string][]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return nil, err
		}
		last, err := excelize.CoordinatesToCellName(max(1, sh.width()), max(1, sh.height()))
		if err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", sh.Name, err)
		}
		if err := f.SetSheetDimension(sh.Name, "A1:"+last); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return nil, err
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "gtmsurvey", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return unzip(buf.Bytes())
}

func unzip(b []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	out := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		out[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tails holds the XML of a cell after its reference, per value: strings
// as inline strings, numbers (the year) as numbers; "" has no cell.
type tails struct {
	str, num map[string]string
}

// cellTails renders every distinct value of the sheets through excelize's
// StreamWriter once, in a scratch workbook, and keeps each cell's XML
// after its reference.
func cellTails(sheets []Sheet) (tails, error) {
	strs, nums := map[string]bool{}, map[string]bool{}
	for _, sh := range sheets {
		for j := 0; j < sh.width(); j++ {
			strs[at(sh.Header, j)] = true
			for _, l := range sh.Rows.Values(j) {
				if sh.IntFirst && j == 0 {
					nums[l] = true
				} else {
					strs[l] = true
				}
			}
		}
	}
	tl := tails{str: map[string]string{}, num: map[string]string{}}
	var err error
	if tl.str, err = renderCells(slices.Sorted(maps.Keys(strs)), false); err != nil {
		return tl, err
	}
	tl.num, err = renderCells(slices.Sorted(maps.Keys(nums)), true)
	return tl, err
}

// renderCells writes each value in a row of its own through excelize and
// returns each cell's XML after its reference.
func renderCells(values []string, numbers bool) (map[string]string, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	for i, v := range values {
		var cell any = v
		switch {
		case v == "":
			cell = nil
		case numbers:
			cell = nil // not a number: writeRows refuses it if a row has it
			if n, err := strconv.Atoi(v); err == nil {
				cell = n
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+1), []any{cell}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	entries, err := unzip(buf.Bytes())
	if err != nil {
		return nil, err
	}
	return parseCells(string(entries[sheetPath(0)]), values)
}

// parseCells cuts the scratch sheet's rows into each value's cell XML
// after its reference.
func parseCells(xml string, values []string) (map[string]string, error) {
	_, data, ok := strings.Cut(xml, "<sheetData>")
	data, _, ok2 := strings.Cut(data, "</sheetData>")
	if !ok || !ok2 {
		return nil, fmt.Errorf("xlsx: scratch sheet without sheetData")
	}
	out := map[string]string{}
	rows := strings.Split(data, "</row>")
	for i, v := range values {
		if v == "" {
			continue
		}
		ref := `<c r="A` + strconv.Itoa(i+1)
		if k := strings.Index(rows[i], ref); k >= 0 {
			out[v] = rows[i][k+len(ref):]
		}
	}
	return out, nil
}

// deflated is one zip entry's compressed bytes with its checksum and size.
type deflated struct {
	data []byte
	crc  uint32
	size uint64
}

// deflateSheet writes the sheet's XML (the skeleton's, with the rows
// inside sheetData) through a deflate writer at zipLevel.
func deflateSheet(skel []byte, sh *Sheet, tl tails) (deflated, error) {
	head, tail, ok := bytes.Cut(skel, []byte("<sheetData></sheetData>"))
	if !ok {
		return deflated{}, fmt.Errorf("excelize wrote no empty sheetData")
	}
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, zipLevel)
	if err != nil {
		return deflated{}, err
	}
	crc := crc32.NewIEEE()
	cw := &countWriter{w: io.MultiWriter(fw, crc)}
	w := bufio.NewWriterSize(cw, 1<<16)
	w.Write(head)
	w.WriteString("<sheetData>")
	if err := writeRows(w, sh, tl); err != nil {
		return deflated{}, err
	}
	w.WriteString("</sheetData>")
	w.Write(tail)
	if err := w.Flush(); err != nil {
		return deflated{}, err
	}
	if err := fw.Close(); err != nil {
		return deflated{}, err
	}
	return deflated{data: out.Bytes(), crc: crc.Sum32(), size: uint64(cw.n)}, nil
}

// writeRows writes the sheet's rows as excelize's StreamWriter.SetRow does.
func writeRows(w *bufio.Writer, sh *Sheet, tl tails) error {
	width := sh.width()
	cols := make([]string, width)
	for j := range cols {
		cols[j], _ = excelize.ColumnNumberToName(j + 1)
	}
	var num []byte
	for i := 0; i < sh.height(); i++ {
		num = strconv.AppendInt(num[:0], int64(i+1), 10)
		w.WriteString(`<row r="`)
		w.Write(num)
		w.WriteString(`">`)
		for j := 0; j < width; j++ {
			v := sh.label(i, j)
			if v == "" {
				continue
			}
			xml, ok := tl.str[v]
			if sh.IntFirst && i > 0 && j == 0 {
				if xml, ok = tl.num[v]; !ok {
					return fmt.Errorf("row %d: %q in the first column is not an integer", i+1, v)
				}
			} else if !ok {
				return fmt.Errorf("row %d, column %d: %q is not among the column's Values", i+1, j+1, v)
			}
			w.WriteString(`<c r="`)
			w.WriteString(cols[j])
			w.Write(num)
			w.WriteString(xml)
		}
		w.WriteString(`</row>`)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// assemble writes the zip: [Content_Types].xml first, then by name, each
// entry deflated at a fixed time; raw holds entries compressed already.
func assemble(entries map[string][]byte, raw map[string]deflated) ([]byte, error) {
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	size := 0
	for _, d := range raw {
		size += len(d.data)
	}
	for _, b := range entries {
		size += len(b) // an upper bound of the others' compressed size
	}
	out := bytes.NewBuffer(make([]byte, 0, size+len(names)*256))
	zw := zip.NewWriter(out)
	for _, name := range names {
		if err := addEntry(zw, name, entries[name], raw); err != nil {
			return nil, err
		}
		delete(raw, name) // its bytes are in the zip now
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// addEntry adds one entry: compressed by the zip writer, or, when raw has
// it, its compressed bytes under the header the zip writer would have made.
func addEntry(zw *zip.Writer, name string, content []byte, raw map[string]deflated) error {
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime}
	d, ok := raw[name]
	if !ok {
		w, err := zw.CreateHeader(fh)
		if err != nil {
			return err
		}
		_, err = w.Write(content)
		return err
	}
	// The header CreateHeader would write: let a scratch writer fill it in.
	if _, err := zip.NewWriter(io.Discard).CreateHeader(fh); err != nil {
		return err
	}
	fh.CRC32, fh.CompressedSize64, fh.UncompressedSize64 = d.crc, uint64(len(d.data)), d.size
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := w.Write(d.data); err != nil {
		return err
	}
	if fh.CompressedSize64 >= 1<<32-1 || fh.UncompressedSize64 >= 1<<32-1 {
		fh.ReaderVersion = 45 // zip64, as the zip writer sets it on close
	}
	return nil
}

package survey

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
)

// parseXLSX reads the first sheet of an XLSX workbook (package xlsxread
// streams it): merged ranges are kept only where they start in the header
// rows, and a sheet whose merged header cells rename the columns is read a
// second time, knowing them.
func parseXLSX(file string, data []byte, l Layout, s sink) (*Table, error) {
	wb, err := xlsxread.Open(data, 16*l.maxBytes())
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	sheet, err := wb.FirstSheet()
	if err != nil {
		return nil, &ParseError{File: file, Err: hint(err)}
	}
	var merges []merge
	for pass := 0; ; pass++ {
		b := newBuilder(file, sheet.Name, l, false, s)
		b.t.Encoding = UTF8
		if pass > 0 { // merged header cells renamed columns: bind again, knowing them
			b.merges, b.presetMerges = merges, true
		}
		err := sheet.Read(&sheetSink{b: b})
		if err == nil {
			var t *Table
			if t, err = b.finish(); err == nil {
				return t, nil
			}
			if err == errRebind && pass == 0 {
				merges = b.merges
				continue
			}
		}
		return nil, sheetError(b, err)
	}
}

// sheetError places an error of a sheet's read in the file: the builder's
// own errors are placed already, the reader's carry their row and column.
func sheetError(b *builder, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	var xe *xlsxread.Error
	if errors.As(err, &xe) {
		return b.errAt(xe.Row, xe.Col, xe.Err)
	}
	return b.errAt(0, 0, hint(err))
}

// hint tells how to read a genuine file the limits refuse.
func hint(err error) error {
	var le *xlsxread.LimitError
	if errors.As(err, &le) {
		return fmt.Errorf("%w; raise -max-file-size if the file is genuine", err)
	}
	return err
}

// sheetSink hands a sheet's rows to the builder: header rows whole, data
// rows cell by cell, with only the kept columns' text read.
type sheetSink struct {
	b     *builder
	row   int      // the current header row
	cells []string // its cells
	need  []bool   // the kept columns, once the builder is bound
}

func (s *sheetSink) BeginRow(n int) []bool {
	if !s.b.started {
		s.row, s.cells = n, nil
		return nil
	}
	s.b.begin(n)
	if s.need == nil {
		s.need = make([]bool, s.b.width) // beyond the header every cell is needed
		for j := range s.need {
			s.need[j] = s.b.keeps(j)
		}
	}
	return s.need
}

func (s *sheetSink) Cell(col int, v string) {
	if s.b.started {
		s.b.put(col, v)
		return
	}
	for len(s.cells) <= col {
		s.cells = append(s.cells, "")
	}
	s.cells[col] = strings.Clone(v) // a header cell must not pin the shared strings
}

func (s *sheetSink) Filled(col int) { s.b.mark(col, "") }

func (s *sheetSink) EndRow() error {
	if s.b.started {
		return s.b.end(-1)
	}
	return s.b.add(s.row, s.cells)
}

// Merge keeps a merged range that starts in the first three rows (where
// header rows are), at most as many as a sheet has columns; the rest are
// never looked at.
func (s *sheetSink) Merge(r xlsxread.Range) {
	if s.b.presetMerges || r.R1 > 3 || len(s.b.merges) >= xlsxread.MaxCols {
		return
	}
	s.b.merges = append(s.b.merges, merge{r1: r.R1, c1: r.C1, r2: r.R2, c2: r.C2})
}

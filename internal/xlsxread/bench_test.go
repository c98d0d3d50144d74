package xlsxread_test

import (
	"fmt"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

// countSink wants the first keep columns and counts what it is handed.
type countSink struct {
	need          []bool
	cells, filled int
}

func (s *countSink) BeginRow(int) []bool  { return s.need }
func (s *countSink) Cell(int, string)     { s.cells++ }
func (s *countSink) Filled(int)           { s.filled++ }
func (s *countSink) EndRow() error        { return nil }
func (s *countSink) Merge(xlsxread.Range) {}
func (s *countSink) want(cols, keep int) *countSink {
	s.need = make([]bool, cols)
	for j := range min(keep, cols) {
		s.need[j] = true
	}
	return s
}

// BenchmarkRead reads a 60-column sheet of 20,000 rows (text and numbers,
// held in memory), wanting 6 or all 60 columns: the format alone, without
// survey's header and row handling (BenchmarkReadXLSX in internal/survey
// measures both, from a file).
func BenchmarkRead(b *testing.B) {
	data := xlsxtest.Bytes(wideRows(60, 20000))
	for _, keep := range []int{6, 60} {
		b.Run(fmt.Sprintf("keep=%d", keep), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				wb, err := xlsxread.Open(data, 1<<30)
				if err != nil {
					b.Fatal(err)
				}
				sh, err := wb.FirstSheet()
				if err != nil {
					b.Fatal(err)
				}
				s := (&countSink{}).want(60, keep)
				if err := sh.Read(s); err != nil || s.cells == 0 {
					b.Fatalf("%v, %d cells", err, s.cells)
				}
			}
			b.ReportMetric(float64(20001*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

package xlsxwrite_test

// The workbook as excelize's StreamWriter writes it, every row held: the
// reference the streamed workbook must match byte for byte
// (internal/anonymize/write.go at commit 60842e1).

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxwrite"
)

type refSheet struct {
	name      string
	rows      [][]string // the header first
	yearFirst bool
}

// refWorkbook writes the sheets with a true dimension per sheet, the
// first column below the header as numbers where asked, and fixed
// document properties.
func refWorkbook(sheets []refSheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		if err := refStreamSheet(f, sh.name, sh.rows, sh.yearFirst); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", sh.name, err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "gtmsurvey", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return refCanonicalZip(buf.Bytes())
}

// refCanonicalZip rewrites a zip with its entries in a fixed order
// ([Content_Types].xml first, then by name) and a fixed time: excelize
// writes streamed sheets in map order.
func refCanonicalZip(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// refStreamSheet writes rows through excelize's StreamWriter after declaring
// the sheet's used range. With yearFirst, the first column below the
// header is written as numbers; empty cells are left out.
func refStreamSheet(f *excelize.File, name string, rows [][]string, yearFirst bool) error {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	last, err := excelize.CoordinatesToCellName(max(1, width), max(1, len(rows)))
	if err != nil {
		return err
	}
	if err := f.SetSheetDimension(name, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			switch {
			case v == "":
				vals[j] = nil
			case yearFirst && i > 0 && j == 0:
				n, err := strconv.Atoi(v)
				if err != nil {
					return fmt.Errorf("row %d: %q in the first column is not an integer", i+1, v)
				}
				vals[j] = n
			default:
				vals[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// coded are rows as codes into each column's sorted distinct labels, as
// a caller holding many rows keeps them: Values are the labels.
type coded struct {
	labels [][]string
	cells  [][]int // by column
}

func codedOf(rows [][]string, width int) coded {
	c := coded{labels: make([][]string, width), cells: make([][]int, width)}
	for j := range width {
		seen := map[string]bool{}
		for _, r := range rows {
			if !seen[r[j]] {
				seen[r[j]] = true
				c.labels[j] = append(c.labels[j], r[j])
			}
		}
		sort.Strings(c.labels[j])
		for _, r := range rows {
			c.cells[j] = append(c.cells[j], sort.SearchStrings(c.labels[j], r[j]))
		}
	}
	return c
}

func (c coded) Len() int              { return len(c.cells[0]) }
func (c coded) Width() int            { return len(c.cells) }
func (c coded) Cell(i, j int) string  { return c.labels[j][c.cells[j][i]] }
func (c coded) Values(j int) []string { return c.labels[j] }

// TestWorkbookMatchesExcelize: the streamed workbook is byte for byte what
// excelize's StreamWriter wrote with every row held, for rows of text and
// for coded rows, odd labels included.
func TestWorkbookMatchesExcelize(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	labels := []string{"", "a", " lead", "trail ", "x & y", "<tag>", "line\nbreak", "_x0041_", "quote\"", "≥$1M", "tab\there", "*", "not asked"}
	for trial := range 20 {
		var ref []refSheet
		var sheets []xlsxwrite.Sheet
		for s := range 1 + rng.IntN(3) {
			width := 1 + rng.IntN(5)
			header := []string{"year"}
			for j := 1; j < width; j++ {
				header = append(header, fmt.Sprintf("c%d", j))
			}
			rows := [][]string{}
			for range rng.IntN(40) {
				row := []string{fmt.Sprint(2022 + rng.IntN(3))}
				for j := 1; j < width; j++ {
					row = append(row, labels[rng.IntN(len(labels))])
				}
				rows = append(rows, row)
			}
			name := fmt.Sprintf("s%d", s)
			ref = append(ref, refSheet{name, append([][]string{header}, rows...), true})
			sh := xlsxwrite.Sheet{Name: name, Header: header, Rows: xlsxwrite.Strings(rows), IntFirst: true}
			if s%2 == 1 && len(rows) > 0 {
				sh.Rows = codedOf(rows, width)
			}
			sheets = append(sheets, sh)
		}
		dict := [][]string{{"extract", "note"}, {"s0", labels[rng.IntN(len(labels))]}, {"s1", ""}}
		ref = append(ref, refSheet{"dictionary", dict, false})
		sheets = append(sheets, xlsxwrite.Sheet{Name: "dictionary", Header: dict[0], Rows: xlsxwrite.Strings(dict[1:])})
		want, err := refWorkbook(ref)
		if err != nil {
			t.Fatal(err)
		}
		got, err := xlsxwrite.Write(sheets)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d: workbooks differ (%d and %d bytes)", trial, len(got), len(want))
		}
	}
}

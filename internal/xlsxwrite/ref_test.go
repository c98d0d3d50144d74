package anonymize

// The workbook as excelize's StreamWriter writes it, every row held: the
// reference the streamed workbook must match byte for byte (write.go at
// commit 60842e1).

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

type refSheet struct {
	name      string
	rows      [][]string // the header first
	yearFirst bool
}

// XLSX renders one sheet per extract and the dictionary as a workbook with
// a true dimension per sheet, the year stored as a number, and fixed
// document properties, so the bytes are reproducible.
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

// canonicalZip rewrites a zip with its entries in a fixed order
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

// streamSheet writes rows through excelize's StreamWriter after declaring
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
					return fmt.Errorf("row %d: year %q is not a number", i+1, v)
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

// Package survey reads survey-tool exports (CSV and XLSX) into a Table of raw
// text cells that remembers where every cell came from.
//
// It knows nothing of questions or answers: every cell stays a string, and
// parsing belongs to package codebook. What it does know is the shape of the
// exports the tools produce: one header row (Google Forms, Typeform), two
// (SurveyMonkey: the question text in the first column of its block, then a
// row of sub-labels), or three (Qualtrics: export tags, question text, and a
// row of {"ImportId":…} JSON).
package survey

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ParseError is a problem with a file's structure, at a position. Row and Col
// are 1-based; zero means the position is unknown or does not apply.
type ParseError struct {
	File  string
	Sheet string // XLSX only
	Row   int
	Col   int
	Err   error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString("[" + e.Sheet + "]")
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ":%d", e.Row)
	}
	if e.Col > 0 {
		fmt.Fprintf(&b, ":col %d", e.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Column describes one column of an export as its header rows name it.
type Column struct {
	Index    int    // 0-based position in the file
	Tag      string // Qualtrics export tag (row 1 of three); empty otherwise
	Text     string // question text, HTML stripped, white space folded; filled forward over merged cells
	Sub      string // SurveyMonkey sub-label (row 2 of two); empty otherwise
	ImportID string // Qualtrics ImportId (row 3 of three); empty otherwise
}

// Key is the name the codebook matches a column by: the question text, or for
// a two-row export "text | sub-label" unless the sub-label is the generic
// "Response" or "Open-Ended Response".
func (c Column) Key() string {
	switch c.Sub {
	case "", "Response", "Open-Ended Response":
		return c.Text
	}
	return c.Text + " | " + c.Sub
}

// Row is one data row: its 1-based line (CSV record number, or XLSX row
// number) and its cells, padded to the header width.
type Row struct {
	Line  int
	Cells []string
}

// Blank reports whether every cell of the row is empty after trimming.
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Table is one export: its header layout, its columns and its data rows.
type Table struct {
	File       string // path as given
	Sheet      string // XLSX sheet read; empty for CSV
	HeaderRows int    // 1, 2 or 3
	Columns    []Column
	Rows       []Row
	// TrailingBlank counts wholly blank rows after the last data row. Exports
	// pad files with them; they are not responses and are not in Rows.
	TrailingBlank int
}

// Read reads a CSV or XLSX export (chosen by extension) and detects its
// header layout. Trailing empty columns are dropped; rows are padded to the
// header width. A data cell beyond the header width that is not empty is an
// error, as is an empty file, a duplicated header, or a truncated file (a
// CSV row shorter than the header). A file with header rows and no data rows
// is not an error.
func Read(path string) (*Table, error) {
	var (
		records [][]string
		lines   []int
		sheet   string
		err     error
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		records, lines, err = readCSV(path)
	case ".xlsx":
		records, lines, sheet, err = readXLSX(path)
	default:
		return nil, &ParseError{File: path, Err: errors.New("unsupported file type (want .csv or .xlsx)")}
	}
	if err != nil {
		return nil, err
	}
	return build(path, sheet, records, lines)
}

// ReadCSV parses CSV bytes as if read from file name (used by tests and fuzzing).
func ReadCSV(name string, data []byte) (*Table, error) {
	records, lines, err := parseCSV(name, data)
	if err != nil {
		return nil, err
	}
	return build(name, "", records, lines)
}

func readCSV(path string) ([][]string, []int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &ParseError{File: path, Err: err}
	}
	return parseCSV(path, data)
}

func parseCSV(path string, data []byte) ([][]string, []int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &ParseError{File: path, Err: errors.New("file is empty")}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &ParseError{File: path, Row: pe.StartLine, Col: pe.Column, Err: pe.Err}
			}
			return nil, nil, &ParseError{File: path, Err: err}
		}
		line, _ := r.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
	}
	return records, lines, nil
}

func readXLSX(path string) (records [][]string, lines []int, sheet string, err error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, nil, "", &ParseError{File: path, Err: fmt.Errorf("not a readable xlsx workbook: %w", err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, "", &ParseError{File: path, Err: errors.New("workbook has no sheets")}
	}
	sheet = sheets[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Err: err}
	}
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Row: n, Err: err}
		}
		records = append(records, cols)
		lines = append(lines, n)
	}
	if err := rows.Error(); err != nil {
		rows.Close()
		return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Err: err}
	}
	if err := rows.Close(); err != nil {
		return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Err: err}
	}
	// Merged cells: fill the top-left value across the merged range.
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Err: err}
	}
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		v := m.GetCellValue()
		for r := r1; r <= r2 && r <= len(records); r++ {
			for c := c1; c <= c2; c++ {
				for len(records[r-1]) < c {
					records[r-1] = append(records[r-1], "")
				}
				records[r-1][c-1] = v
			}
		}
	}
	if len(records) == 0 {
		return nil, nil, sheet, &ParseError{File: path, Sheet: sheet, Err: errors.New("file is empty")}
	}
	return records, lines, sheet, nil
}

var (
	htmlTag  = regexp.MustCompile(`<[^>]*>`)
	spaces   = regexp.MustCompile(`\s+`)
	importID = regexp.MustCompile(`^\{\s*"ImportId"\s*:\s*"([^"]*)"`)
)

// CleanHeader strips HTML tags and entities, folds white space and trims.
func CleanHeader(s string) string {
	s = htmlTag.ReplaceAllString(s, "")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ").Replace(s)
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// DetectHeaderRows returns 3 when the third row is Qualtrics ImportId JSON, 2
// when the second row holds SurveyMonkey sub-labels ("Response" or
// "Open-Ended Response" somewhere in it), else 1.
func DetectHeaderRows(records [][]string) int {
	if len(records) >= 3 {
		for _, c := range records[2] {
			if importID.MatchString(strings.TrimSpace(c)) {
				return 3
			}
		}
	}
	if len(records) >= 2 {
		for _, c := range records[1] {
			switch strings.TrimSpace(c) {
			case "Response", "Open-Ended Response":
				return 2
			}
		}
	}
	return 1
}

func build(path, sheet string, records [][]string, lines []int) (*Table, error) {
	if len(records) == 0 {
		return nil, &ParseError{File: path, Sheet: sheet, Err: errors.New("file is empty")}
	}
	h := DetectHeaderRows(records)
	// Width: last non-empty header cell over the header rows.
	width := 0
	for i := 0; i < h; i++ {
		for j := len(records[i]) - 1; j >= 0; j-- {
			if strings.TrimSpace(records[i][j]) != "" {
				if j+1 > width {
					width = j + 1
				}
				break
			}
		}
	}
	if width == 0 {
		return nil, &ParseError{File: path, Sheet: sheet, Row: 1, Err: errors.New("header row is empty")}
	}
	t := &Table{File: path, Sheet: sheet, HeaderRows: h, Columns: make([]Column, width)}
	cell := func(r, c int) string {
		if c < len(records[r]) {
			return records[r][c]
		}
		return ""
	}
	last := ""
	for j := 0; j < width; j++ {
		col := Column{Index: j}
		switch h {
		case 1:
			col.Text = CleanHeader(strings.TrimPrefix(cell(0, j), "\ufeff"))
		case 2:
			top := CleanHeader(strings.TrimPrefix(cell(0, j), "\ufeff"))
			if top == "" {
				top = last // blank continuation cell: fill forward
			}
			last = top
			col.Text = top
			col.Sub = CleanHeader(cell(1, j))
		case 3:
			col.Tag = CleanHeader(strings.TrimPrefix(cell(0, j), "\ufeff"))
			col.Text = CleanHeader(cell(1, j))
			if m := importID.FindStringSubmatch(strings.TrimSpace(cell(2, j))); m != nil {
				col.ImportID = m[1]
			}
		}
		if col.Key() == "" && col.Tag == "" {
			return nil, &ParseError{File: path, Sheet: sheet, Row: 1, Col: j + 1, Err: errors.New("column has no header")}
		}
		t.Columns[j] = col
	}
	seen := make(map[string]int, width)
	for j, col := range t.Columns {
		k := col.Tag + "\x00" + col.Key()
		if p, dup := seen[k]; dup {
			name := col.Key()
			if col.Tag != "" {
				name = col.Tag
			}
			return nil, &ParseError{File: path, Sheet: sheet, Row: 1, Col: j + 1,
				Err: fmt.Errorf("duplicated header %q (also column %d)", name, p+1)}
		}
		seen[k] = j
	}
	for i := h; i < len(records); i++ {
		rec := records[i]
		for j := width; j < len(rec); j++ {
			if strings.TrimSpace(rec[j]) != "" {
				return nil, &ParseError{File: path, Sheet: sheet, Row: lines[i], Col: j + 1,
					Err: fmt.Errorf("cell %q lies beyond the last header column (%d)", truncate(rec[j], 40), width)}
			}
		}
		cells := rec[:min(len(rec), width):min(len(rec), width)]
		if len(cells) < width { // pad short (XLSX) rows
			cells = make([]string, width)
			copy(cells, rec)
		}
		row := Row{Line: lines[i], Cells: cells}
		// CSV: every complete record has the full header width (XLSX omits
		// trailing empty cells, so the check does not apply there).
		if sheet == "" && len(rec) < width && !row.Blank() {
			return nil, &ParseError{File: path, Row: lines[i], Col: len(rec) + 1,
				Err: fmt.Errorf("row has %d fields, header has %d (truncated file?)", len(rec), width)}
		}
		t.Rows = append(t.Rows, row)
	}
	// Trailing rows that are wholly blank are dropped (exports pad them);
	// blank rows between data rows are kept so the ledger can account for them.
	for len(t.Rows) > 0 && t.Rows[len(t.Rows)-1].Blank() {
		t.Rows = t.Rows[:len(t.Rows)-1]
		t.TrailingBlank++
	}

	return t, nil
}

// truncate shortens s to at most n runes for error messages.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ColumnName returns a spreadsheet-style column name ("A", "AB") for a 0-based index.
func ColumnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

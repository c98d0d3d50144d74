// Package survey reads survey-tool exports (CSV and XLSX) into a Table of raw
// text cells that remembers where every cell came from.
//
// It knows nothing of questions or answers: every cell stays a string, and
// parsing belongs to package codebook. What it does know is the shape of the
// exports the tools have written (see Tool): one header row (Google Forms,
// Typeform), two (SurveyMonkey: the question text over its block, then a row
// of sub-labels; legacy Qualtrics: export tags, then question text), or three
// (Qualtrics: export tags, question text, and a row of ImportId JSON). The
// layout comes from the codebook and is checked against the file's header
// rows, never guessed from the data.
//
// Reading is bounded: regular files only, a size cap, CSV records and cells
// capped before they are parsed (MaxRecordBytes, MaxFieldBytes), XLSX parts
// streamed with expansion limits (package xlsxread reads the sheets' cells),
// a memory budget for the cells kept, and no temporary files. ReadRegular
// reads a configuration file the same way. ReadStream holds no rows at all:
// it hands each data row, with only the columns its caller keeps, to the
// caller and forgets it.
package survey

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
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
	Tag      string // Qualtrics export tag (row 1 of two or three); empty otherwise
	Text     string // question text, HTML stripped, white space folded; filled forward over blank or merged cells
	Sub      string // SurveyMonkey sub-label (row 2 of two); empty otherwise
	ImportID string // Qualtrics ImportId as written (row 3 of three); empty otherwise

	// Header holds the raw header cells of the column, one per header row.
	Header []string
	// Match is Key() in NormalizeText form, the form codebook headers are
	// compared in; MatchTag is Tag in that form.
	Match, MatchTag string
	// MatchID is ImportID in NormalizeID form (QID2-1 and QID2_1 compare equal).
	MatchID string
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

// Joined is every header row naming the column, joined by " | " in file
// order (tag, question text, sub-label; the ImportId row left out): a
// legacy Qualtrics "V1 | ResponseID", an Insights "Q1 | What is your
// role?", a SurveyMonkey "What is your role? | Response". With one header
// row it is the text.
func (c Column) Joined() string {
	parts := make([]string, 0, 3)
	for _, p := range []string{c.Tag, c.Text, c.Sub} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " | ")
}

// Name is how messages name the column: its tag if it has one, else its key.
func (c Column) Name() string {
	if c.Tag != "" {
		return c.Tag
	}
	return c.Key()
}

// Row is one data row: its 1-based line (CSV record number, or XLSX row
// number) and its cells, padded to the header width. Cells must not be
// modified: blank rows share one slice.
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

// StreamRow is one data row of a streamed read (ReadStream).
type StreamRow struct {
	Line int
	// Cells are the kept columns' cells, in the order bind gave them. The
	// slice is reused for the next row; the strings stay valid.
	Cells []string
	// Blank says every cell of the row, kept or not, is empty after trimming.
	Blank bool
}

// Table is one export: its header layout, its columns and its data rows.
type Table struct {
	File       string // path as given
	Sheet      string // XLSX sheet read; empty for CSV
	Tool       Tool   // from the layout; empty when read without one
	HeaderRows int    // 1, 2 or 3
	Columns    []Column
	Rows       []Row // ReadLayout's rows; empty after ReadStream, which hands each row on instead
	// TrailingBlank counts wholly blank rows after the last data row. Exports
	// pad files with them; they are not responses and are not in Rows.
	TrailingBlank int

	// Encoding is the character encoding a CSV was read in (XLSX is UTF-8).
	Encoding Encoding
	// Warnings are things a person should know about how the file was read
	// (an encoding other than UTF-8); validate prints them.
	Warnings []string
	// SHA256 is the hex digest of the file's bytes, computed while reading;
	// Bytes is its size.
	SHA256 string
	Bytes  int64
	// Content is, per column, the first data line where the column holds a
	// non-blank cell (0: none); see ContentLine.
	Content []int

	byText, byTag, byID map[string][]int
}

// ColumnsByText returns the positions of the columns whose Key() equals
// text in NormalizeText form, in file order. More than one means the text
// is ambiguous in this export (Typeform repeats choice labels).
func (t *Table) ColumnsByText(text string) []int { return t.byText[NormalizeText(text)] }

// ColumnsByTag returns the positions of the columns whose Qualtrics export
// tag equals tag in NormalizeText form.
func (t *Table) ColumnsByTag(tag string) []int { return t.byTag[NormalizeText(tag)] }

// ColumnsByImportID returns the positions of the columns whose Qualtrics
// ImportId equals id in NormalizeID form.
func (t *Table) ColumnsByImportID(id string) []int { return t.byID[NormalizeID(id)] }

func (t *Table) index() {
	t.byText, t.byTag, t.byID = map[string][]int{}, map[string][]int{}, map[string][]int{}
	for j, c := range t.Columns {
		t.byText[c.Match] = append(t.byText[c.Match], j)
		if c.MatchTag != "" {
			t.byTag[c.MatchTag] = append(t.byTag[c.MatchTag], j)
		}
		if c.MatchID != "" {
			t.byID[c.MatchID] = append(t.byID[c.MatchID], j)
		}
	}
}

// ContentLine returns the first data line where column j holds a
// non-blank cell, 0 when none does (from Content when the read filled it,
// else from the rows).
func (t *Table) ContentLine(j int) int {
	if t.Content != nil {
		return t.Content[j]
	}
	for _, r := range t.Rows {
		if c := r.Cells[j]; strings.TrimSpace(c) != "" {
			return r.Line
		}
	}
	return 0
}

// Read reads a CSV or XLSX export whose layout the caller does not know: the
// header rows are detected (see DetectHeaderRows) and the default limits
// apply. Callers that have a codebook wave use ReadLayout.
func Read(path string) (*Table, error) { return ReadLayout(path, Layout{}) }

// ReadLayout reads a CSV or XLSX export (chosen by extension) laid out as l
// says, checking the header rows against it. Trailing empty columns are
// dropped; rows are padded to the header width. A data cell beyond the
// header width that is not empty is an error, as is an empty file, a file
// shorter than its header, a truncated file (a CSV row shorter than the
// header), a file that is not a regular file or is over the size limit, an
// encoding that cannot be read without loss, and an XLSX that expands
// beyond the limits. Duplicated header texts are not an error: ambiguity
// matters only to a codebook that names such a column (ColumnsByText). A
// file with header rows and no data rows is not an error.
func ReadLayout(path string, l Layout) (*Table, error) {
	return whole(func(s sink) (*Table, error) { return read(path, l, s) })
}

// whole runs a read that keeps every column and stores every row.
func whole(read func(sink) (*Table, error)) (*Table, error) {
	rows := &Table{}
	t, err := read(keepAll(rows))
	if err != nil {
		return nil, err
	}
	t.Rows = rows.Rows
	return t, nil
}

// ReadStream reads an export as ReadLayout does, but holds no rows: once
// the header rows are read it calls bind with the table (its columns, no
// rows), which returns the 0-based columns to keep; then it hands each data
// row to row, in file order, with the kept cells only. The other columns'
// cells are never stored, only checked (Table.Content records the first
// line where each holds anything). Shared strings are held once, as one
// string. A bind error is returned only after the whole file has been
// read, so an error in the file itself comes first, as with ReadLayout.
// When merged header cells (which an XLSX sheet lists after its rows)
// change the columns' names, bind is called again and every row handed
// over again: the rows before are void.
func ReadStream(path string, l Layout, bind func(*Table) ([]int, error), row func(StreamRow)) (*Table, error) {
	return read(path, l, sink{bind: bind, row: row})
}

func read(path string, l Layout, s sink) (*Table, error) {
	if l.HeaderRows != 0 || l.Tool != "" {
		if err := l.check(); err != nil {
			return nil, &ParseError{File: path, Err: fmt.Errorf("layout: %w", err)}
		}
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, &ParseError{File: path, Err: errors.New("unsupported file type (want .csv or .xlsx)")}
	}
	data, sum, err := readSource(path, l.maxBytes())
	if err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	var t *Table
	if ext == ".csv" {
		t, err = parseCSV(path, data, l, s)
	} else {
		t, err = parseXLSX(path, data, l, s)
	}
	if err != nil {
		return nil, err
	}
	t.SHA256, t.Bytes = sum, int64(len(data))
	return t, nil
}

// ReadCSV parses CSV bytes as if read from file name, detecting the header
// layout.
//
// kept: parses bytes without a file, for the table tests and fuzzers of survey and codebook.
func ReadCSV(name string, data []byte) (*Table, error) { return csvTable(name, data, Layout{}) }

// ReadCSVLayout parses CSV bytes as if read from file name, laid out as l says.
//
// kept: parses bytes without a file, for the layout tests of survey.
func ReadCSVLayout(name string, data []byte, l Layout) (*Table, error) {
	if err := l.check(); err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("layout: %w", err)}
	}
	return csvTable(name, data, l)
}

// csvTable parses CSV bytes into a whole table.
//
// kept: the step ReadCSV and ReadCSVLayout share (see their reason).
func csvTable(name string, data []byte, l Layout) (*Table, error) {
	return whole(func(s sink) (*Table, error) { return parseCSV(name, data, l, s) })
}

var (
	htmlTag = regexp.MustCompile(`<[^>]*>`)
	spaces  = regexp.MustCompile(`\s+`)
)

// CleanHeader strips HTML tags and entities, folds white space and trims.
// It gives the text people see; matching uses NormalizeText.
func CleanHeader(s string) string {
	s = htmlTag.ReplaceAllString(strings.TrimPrefix(s, "\ufeff"), "")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ").Replace(s)
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// DetectHeaderRows guesses the header rows of an export whose layout is not
// known: 3 when the third row is Qualtrics ImportId JSON, 2 when the second
// row holds SurveyMonkey sub-labels ("Response" or "Open-Ended Response"
// somewhere in it), else 1. It looks at data, so the pipeline never uses it:
// codebook waves fix the layout.
func DetectHeaderRows(records [][]string) int {
	if len(records) >= 3 {
		for _, c := range records[2] {
			if _, ok := ImportIDOf(c); ok {
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

// truncate shortens s to at most n runes for error messages.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ColumnName returns a spreadsheet-style column name ("A", "AB") for a 0-based index.
func ColumnName(i int) string { return xlsxread.ColumnName(i) }

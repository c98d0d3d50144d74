package survey

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tool is the survey tool that wrote an export; with the number of header
// rows it fixes the export's layout.
type Tool string

// The tools whose export layouts the reader knows.
const (
	GoogleForms  Tool = "google_forms" // one header row: the question text
	Typeform     Tool = "typeform"     // one header row; choice labels repeat across questions
	SurveyMonkey Tool = "surveymonkey" // two rows: question text (blank or merged over its block), sub-labels
	Qualtrics    Tool = "qualtrics"    // two rows (legacy: tags, text) or three (tags, text, ImportId)
)

// DefaultMaxBytes is the default size limit of one export file (256 MiB).
const DefaultMaxBytes int64 = 256 << 20

// Layout is how the codebook says a wave's export is laid out. The layout is
// never guessed from the file: the reader checks the file against it.
type Layout struct {
	Tool       Tool
	HeaderRows int
	// MaxBytes caps the file's size on disk; zero means DefaultMaxBytes. It
	// also scales the other limits: an XLSX part may expand to at most 16×
	// MaxBytes, and the table may take about 4× MaxBytes of memory.
	MaxBytes int64
}

// allowedRows lists the header-row counts each tool has written.
var allowedRows = map[Tool][]int{
	GoogleForms:  {1},
	Typeform:     {1},
	SurveyMonkey: {1, 2}, // condensed, expanded
	Qualtrics:    {2, 3}, // legacy, Insights and current
}

func (l Layout) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return DefaultMaxBytes
}

// check reports whether the layout is one a tool has written. A zero Tool
// is the caller that does not know (Read); any header row count 1–3 goes.
func (l Layout) check() error {
	if l.HeaderRows < 1 || l.HeaderRows > 3 {
		return fmt.Errorf("header rows must be 1, 2 or 3, got %d", l.HeaderRows)
	}
	if l.Tool == "" {
		return nil
	}
	rows, ok := allowedRows[l.Tool]
	if !ok {
		return fmt.Errorf("unknown tool %q (want google_forms, typeform, surveymonkey or qualtrics)", l.Tool)
	}
	for _, r := range rows {
		if r == l.HeaderRows {
			return nil
		}
	}
	return fmt.Errorf("%s exports have %v header rows, not %d", l.Tool, rows, l.HeaderRows)
}

// importIDRe matches a Qualtrics ImportId cell in both forms the tool has
// written: {"ImportId":"QID2_1"} (current, possibly with more keys such as
// "timeZone") and {'ImportId': 'QID2-1'} (2016 Insights).
var importIDRe = regexp.MustCompile(`^\{\s*["']ImportId["']\s*:\s*["']([^"']*)["']`)

// ImportIDOf returns the ImportId in a Qualtrics third-row header cell, and
// whether the cell is one.
func ImportIDOf(cell string) (string, bool) {
	m := importIDRe.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// checkHeader checks the header rows against the layout: a Qualtrics
// three-row export must have an ImportId in every column of row 3, and no
// other header row of any export may hold one. Only header rows are looked
// at; data rows never change or fail the layout.
func (l Layout) checkHeader(hdr [][]string, width int) (row, col int, err error) {
	for i, rec := range hdr {
		for j := 0; j < width; j++ {
			c := cellAt(rec, j)
			_, isID := ImportIDOf(c)
			wantID := i == 2 // three rows: Qualtrics, or a caller that does not know
			switch {
			case wantID && !isID:
				return i + 1, j + 1, fmt.Errorf("qualtrics export with 3 header rows needs an ImportId ({\"ImportId\":…}) in row 3, found %s", quote(c, 40))
			case !wantID && isID:
				return i + 1, j + 1, fmt.Errorf("header row %d holds a Qualtrics ImportId, but the codebook wave says %s with %d header rows", i+1, l.toolName(), l.HeaderRows)
			}
		}
	}
	return 0, 0, nil
}

func (l Layout) toolName() string {
	if l.Tool == "" {
		return "an unknown tool"
	}
	return string(l.Tool)
}

// column builds column j from the header rows as the layout reads them.
func (l Layout) column(hdr [][]string, j int, last string) Column {
	col := Column{Index: j, Header: make([]string, len(hdr))}
	for i := range hdr {
		col.Header[i] = cellAt(hdr[i], j)
	}
	switch {
	case l.HeaderRows == 1:
		col.Text = CleanHeader(col.Header[0])
	case l.Tool == Qualtrics || l.HeaderRows == 3:
		col.Tag = CleanHeader(col.Header[0])
		col.Text = CleanHeader(col.Header[1])
		if l.HeaderRows == 3 {
			col.ImportID, _ = ImportIDOf(col.Header[2])
		}
	default: // two rows: question text over its block, sub-labels
		col.Text = CleanHeader(col.Header[0])
		if col.Text == "" {
			col.Text = last // blank or merged continuation cell: fill forward
		}
		col.Sub = CleanHeader(col.Header[1])
	}
	col.Match = NormalizeText(col.Key())
	col.MatchTag = NormalizeText(col.Tag)
	col.MatchID = NormalizeID(col.ImportID)
	return col
}

func cellAt(rec []string, j int) string {
	if j < len(rec) {
		return rec[j]
	}
	return ""
}

var (
	strictTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>`)
	invisible = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "")
)

// NormalizeText is the form header texts and labels are compared in: HTML
// tags stripped and entities decoded, Unicode NFC, zero-width characters
// removed, and every run of white space (including U+00A0 and the other
// Unicode spaces) folded to one space and trimmed. It is for matching only;
// the text shown to people keeps its own form.
func NormalizeText(s string) string {
	if strings.ContainsRune(s, '<') {
		s = strictTag.ReplaceAllString(s, " ")
	}
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	s = invisible.Replace(norm.NFC.String(s))
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// NormalizeID is the form Qualtrics ImportIds are compared in: the 2016
// Insights form QID2-1 and the current QID2_1 both become QID2_1.
func NormalizeID(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "-", "_")
}

// quote quotes s for an error message, cut to n runes.
func quote(s string, n int) string { return fmt.Sprintf("%q", truncate(s, n)) }

package survey

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestLayouts reads each tool's export layout, with the layout from the
// codebook wave, to the right columns and respondents.
func TestLayouts(t *testing.T) {
	tests := []struct {
		file    string
		l       Layout
		keys    []string // Key() of every column
		tags    []string // Tag of every column, if the layout has tags
		ids     []string // MatchID of every column, if it has ImportIds
		rows    int
		trail   int
		cell    [3]string // row index, column index as text, want
		byText  map[string][]int
		byID    map[string][]int
		headers int
	}{
		{file: "qualtrics_legacy.csv", l: Layout{Tool: Qualtrics, HeaderRows: 2},
			keys: []string{"ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate", "EndDate", "Finished", "What is your role?", "Which motions do you run?-Inbound", "Which motions do you run?-Outbound", "Anything else?"},
			tags: []string{"V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1", "Q2_1", "Q2_2", "Q3"},
			rows: 3, cell: [3]string{"0", "13", "two\nlines"}, byText: map[string][]int{"What is your role?": {10}}},
		{file: "qualtrics_insights.csv", l: Layout{Tool: Qualtrics, HeaderRows: 3},
			keys: []string{"Start Date", "End Date", "Response Type", "IP Address", "Finished", "Response ID", "What is your role?", "Which motions do you run? - Inbound", "Which motions do you run? - Outbound", "Anything else? - Text"},
			tags: []string{"StartDate", "EndDate", "Status", "IPAddress", "Finished", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q3_TEXT"},
			ids:  []string{"startDate", "endDate", "status", "ipAddress", "finished", "_recordId", "QID1", "QID2_1", "QID2_2", "QID3_TEXT"},
			rows: 2, cell: [3]string{"0", "9", "{'ImportId': 'QID9'}"}, byID: map[string][]int{"QID2-1": {7}, "QID2_2": {8}}},
		{file: "qualtrics_current.csv", l: Layout{Tool: Qualtrics, HeaderRows: 3},
			keys: []string{"Start Date", "End Date", "Response Type", "Progress", "Finished", "Response ID", "What is your role?", "Which motions do you run? - Inbound", "Which motions do you run? - Outbound", "Anything else? - Text"},
			tags: []string{"StartDate", "EndDate", "Status", "Progress", "Finished", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q3_TEXT"},
			ids:  []string{"startDate", "endDate", "status", "progress", "finished", "_recordId", "QID1", "QID2_1", "QID2_2", "QID3_TEXT"},
			rows: 3, cell: [3]string{"1", "9", "a\nb"}, byID: map[string][]int{"QID2-1": {7}}},
		{file: "surveymonkey.csv", l: Layout{Tool: SurveyMonkey, HeaderRows: 2},
			keys: []string{"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "What is your role?", "Which motions do you run? | Inbound", "Which motions do you run? | Outbound", "Which motions do you run? | Other (please specify)", "Win rate (%)"},
			rows: 2, cell: [3]string{"1", "5", "Response"}},
		{file: "surveymonkey.xlsx", l: Layout{Tool: SurveyMonkey, HeaderRows: 2},
			keys: []string{"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "What is your role?", "Which motions do you run? | Inbound", "Which motions do you run? | Outbound", "Which motions do you run? | Other (please specify)", "Win rate (%)"},
			rows: 2, cell: [3]string{"0", "0", "114829384756"}},
		{file: "typeform.csv", l: Layout{Tool: Typeform, HeaderRows: 1},
			keys: []string{"#", "What is your\u00a0role?", "Inbound", "Outbound", "Other", "Which tools do you use?", "Other", "Other", "Inbound", "Response Type", "Start Date (UTC)", "Network ID"},
			rows: 3, cell: [3]string{"0", "1", "Response"},
			byText: map[string][]int{"Other": {4, 6, 7}, "Inbound": {2, 8}, "What is your role?": {1}, "<b>What is  your role?</b>": {1}}},
		{file: "typeform.xlsx", l: Layout{Tool: Typeform, HeaderRows: 1},
			keys: []string{"#", "What is your\u00a0role?", "Inbound", "Outbound", "Other", "Which tools do you use?", "Other", "Other", "Inbound", "Response Type", "Start Date (UTC)", "Network ID"},
			rows: 3, cell: [3]string{"2", "7", "Spreadsheets"}, byText: map[string][]int{"Other": {4, 6, 7}}},
		{file: "google_forms.csv", l: Layout{Tool: GoogleForms, HeaderRows: 1},
			keys: []string{"Timestamp", "Email Address", "What is your role?", "Comments"},
			rows: 3, trail: 2, cell: [3]string{"1", "3", `{"ImportId":"QID1"}`}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			tab, err := ReadLayout(filepath.Join("testdata", "layouts", tc.file), tc.l)
			if err != nil {
				t.Fatal(err)
			}
			if tab.HeaderRows != tc.l.HeaderRows || tab.Tool != tc.l.Tool || tab.Encoding != UTF8 || len(tab.Warnings) != 0 {
				t.Errorf("header rows %d, tool %q, encoding %q, warnings %q", tab.HeaderRows, tab.Tool, tab.Encoding, tab.Warnings)
			}
			var keys, tags, ids []string
			for _, c := range tab.Columns {
				keys, tags, ids = append(keys, c.Key()), append(tags, c.Tag), append(ids, c.MatchID)
			}
			if !reflect.DeepEqual(keys, tc.keys) {
				t.Errorf("keys =\n%q\nwant\n%q", keys, tc.keys)
			}
			if tc.tags != nil && !reflect.DeepEqual(tags, tc.tags) {
				t.Errorf("tags = %q, want %q", tags, tc.tags)
			}
			if tc.ids != nil && !reflect.DeepEqual(ids, tc.ids) {
				t.Errorf("ids = %q, want %q", ids, tc.ids)
			}
			if len(tab.Rows) != tc.rows || tab.TrailingBlank != tc.trail {
				t.Errorf("rows = %d (+%d trailing blank), want %d (+%d)", len(tab.Rows), tab.TrailingBlank, tc.rows, tc.trail)
			}
			for _, r := range tab.Rows {
				if len(r.Cells) != len(tab.Columns) {
					t.Errorf("row at line %d has %d cells for %d columns", r.Line, len(r.Cells), len(tab.Columns))
				}
			}
			ri, ci := atoi(tc.cell[0]), atoi(tc.cell[1])
			if got := tab.Rows[ri].Cells[ci]; got != tc.cell[2] {
				t.Errorf("row %d column %d = %q, want %q", ri, ci, got, tc.cell[2])
			}
			for text, want := range tc.byText {
				if got := tab.ColumnsByText(text); !reflect.DeepEqual(got, want) {
					t.Errorf("ColumnsByText(%q) = %v, want %v", text, got, want)
				}
			}
			for id, want := range tc.byID {
				if got := tab.ColumnsByImportID(id); !reflect.DeepEqual(got, want) {
					t.Errorf("ColumnsByImportID(%q) = %v, want %v", id, got, want)
				}
			}
			if tab.SHA256 == "" || tab.Bytes == 0 {
				t.Errorf("sha256 %q, bytes %d", tab.SHA256, tab.Bytes)
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestLayoutChecked: a file is checked against the codebook's layout and
// fails with the row and column where it does not fit; data rows never
// move the layout.
func TestLayoutChecked(t *testing.T) {
	tests := []struct {
		file     string
		l        Layout
		want     string
		row, col int
	}{
		{"qualtrics_legacy.csv", Layout{Tool: Qualtrics, HeaderRows: 3}, "needs an ImportId", 3, 1},
		{"qualtrics_current.csv", Layout{Tool: Qualtrics, HeaderRows: 2}, "", 0, 0},
		{"qualtrics_current.csv", Layout{Tool: SurveyMonkey, HeaderRows: 3}, "surveymonkey exports have [1 2] header rows, not 3", 0, 0},
		{"typeform.csv", Layout{Tool: Typeform, HeaderRows: 2}, "typeform exports have [1] header rows", 0, 0},
		{"typeform.csv", Layout{Tool: "limesurvey", HeaderRows: 1}, `unknown tool "limesurvey"`, 0, 0},
		{"google_forms.csv", Layout{Tool: Qualtrics, HeaderRows: 3}, "needs an ImportId", 4, 1}, // line 4: a quoted newline
	}
	for _, tc := range tests {
		p := filepath.Join("testdata", "layouts", tc.file)
		tab, err := ReadLayout(p, tc.l)
		if tc.want == "" {
			// A current export read as legacy: the ImportId row is in row 3,
			// which is data here; it is the codebook's word, and the file
			// still reads (the ImportId row becomes a first data row).
			if err != nil || tab.Rows[0].Cells[6] != `{"ImportId":"QID1"}` {
				t.Errorf("%s as %v: %v", tc.file, tc.l, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || pe.Row != tc.row || pe.Col != tc.col {
			t.Errorf("%s as %v: err = %v (row %d col %d), want %q at %d:%d", tc.file, tc.l, err, rowOf(pe), colOf(pe), tc.want, tc.row, tc.col)
		}
	}
	// A 2-row layout whose second row is an ImportId row is refused.
	_, err := ReadCSVLayout("x.csv", []byte("Q1\n\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\n1\n"), Layout{Tool: Qualtrics, HeaderRows: 2})
	if err == nil || !strings.Contains(err.Error(), "x.csv:2:col 1: header row 2 holds a Qualtrics ImportId") {
		t.Errorf("err = %v", err)
	}
	// One respondent typing "Response" or an ImportId into the first data
	// rows changes nothing: the same columns and rows as without.
	base := "Role,Comments\nCEO,fine\nCTO,ok\n"
	for _, poison := range []string{"Response,Open-Ended Response", `Response,"{""ImportId"":""QID1""}"`} {
		data := strings.Replace(base, "CEO,fine", poison, 1)
		tab, err := ReadCSVLayout("x.csv", []byte(data), Layout{Tool: Typeform, HeaderRows: 1})
		if err != nil || len(tab.Rows) != 2 || tab.HeaderRows != 1 || tab.Columns[1].Key() != "Comments" {
			t.Errorf("poisoned first row %q: %v", poison, err)
		}
	}
}

func rowOf(pe *ParseError) int {
	if pe == nil {
		return 0
	}
	return pe.Row
}

func colOf(pe *ParseError) int {
	if pe == nil {
		return 0
	}
	return pe.Col
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"What\u00a0is  your\trole?":            "What is your role?",
		"<strong>Win rate</strong> (%)":        "Win rate (%)",
		"Revenue &lt;$1M&nbsp;or &amp; more":   "Revenue <$1M or & more",
		"Cafe\u0301":                           "Café",
		"\ufeffTimestamp\u200b":                "Timestamp",
		"Revenue <$1M and >$0":                 "Revenue <$1M and >$0",
		"  spaced\u2003out\u202fthin\u3000 ":   "spaced out thin",
		"Which motions? | Inbound\u00a0":       "Which motions? | Inbound",
		"multi\nline <br/>question":            "multi line question",
		"&lt;strong&gt;literal&lt;/strong&gt;": "<strong>literal</strong>",
	} {
		if got := NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"QID2-1": "QID2_1", "QID2_1": "QID2_1", " QID3-5-TEXT ": "QID3_5_TEXT"} {
		if got := NormalizeID(in); got != want {
			t.Errorf("NormalizeID(%q) = %q, want %q", in, got, want)
		}
	}
	for cell, want := range map[string]string{`{"ImportId":"QID2"}`: "QID2", `{'ImportId': 'QID2-1'}`: "QID2-1",
		`{"ImportId":"startDate","timeZone":"America/Denver"}`: "startDate", `ImportId`: "", `Response`: ""} {
		got, ok := ImportIDOf(cell)
		if got != want || ok != (want != "") {
			t.Errorf("ImportIDOf(%q) = %q, %v", cell, got, ok)
		}
	}
}

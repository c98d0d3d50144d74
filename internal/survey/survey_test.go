package survey

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadCSVLayouts(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		header    int
		keys      []string
		tags      []string
		rows      int
		trailing  int
		firstCell string
	}{
		{"google forms, BOM, CRLF, quoted newline, trailing empty column and rows",
			"\ufeffTimestamp,Email Address,Comments,\r\n8/31/2023 19:08:16,a@x.example,\"two\r\nlines\",\r\n,,,\r\n,,,\r\n",
			1, []string{"Timestamp", "Email Address", "Comments"}, nil, 1, 2, "8/31/2023 19:08:16"},
		{"typeform html headers",
			"#,<strong>What is your role?</strong>,Response Type\ntok1,CEO,completed\ntok2,VP Sales,partial\n",
			1, []string{"#", "What is your role?", "Response Type"}, nil, 2, 0, "tok1"},
		{"surveymonkey two rows, blank continuation cells",
			"Respondent ID,Which motions?,,Win rate\n,Inbound,Outbound,Open-Ended Response\n1148293847561,Inbound,,25\n",
			2, []string{"Respondent ID", "Which motions? | Inbound", "Which motions? | Outbound", "Win rate"}, nil, 1, 0, "1148293847561"},
		{"qualtrics three rows",
			"StartDate,Q1,Q2_1\nStart Date,What is your role?,Motions - Inbound\n\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2_1\"\"}\"\n2025-05-20 14:03:11,CEO,Inbound\n",
			3, []string{"Start Date", "What is your role?", "Motions - Inbound"}, []string{"StartDate", "Q1", "Q2_1"}, 1, 0, "2025-05-20 14:03:11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ReadCSV("x.csv", []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if tab.HeaderRows != tc.header {
				t.Errorf("header rows = %d, want %d", tab.HeaderRows, tc.header)
			}
			if len(tab.Columns) != len(tc.keys) {
				t.Fatalf("columns = %d, want %d", len(tab.Columns), len(tc.keys))
			}
			for i, k := range tc.keys {
				if tab.Columns[i].Key() != k {
					t.Errorf("column %d key = %q, want %q", i, tab.Columns[i].Key(), k)
				}
				if tc.tags != nil && tab.Columns[i].Tag != tc.tags[i] {
					t.Errorf("column %d tag = %q, want %q", i, tab.Columns[i].Tag, tc.tags[i])
				}
			}
			if len(tab.Rows) != tc.rows || tab.TrailingBlank != tc.trailing {
				t.Errorf("rows = %d (+%d trailing blank), want %d (+%d)", len(tab.Rows), tab.TrailingBlank, tc.rows, tc.trailing)
			}
			if tab.Rows[0].Cells[0] != tc.firstCell {
				t.Errorf("first cell = %q, want %q", tab.Rows[0].Cells[0], tc.firstCell)
			}
		})
	}
}

func TestReadCSVQuotedNewlineKeepsLine(t *testing.T) {
	tab, err := ReadCSV("x.csv", []byte("a,b\n1,\"x\ny\"\n2,z\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tab.Rows[0].Cells[1] != "x\ny" || tab.Rows[1].Line != 4 {
		t.Errorf("got %q at line %d; want \"x\\ny\" and second record at physical line 4", tab.Rows[0].Cells[1], tab.Rows[1].Line)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, content string
		want                string
		row, col            int
	}{
		{"empty file", "empty.csv", "", "file is empty", 0, 0},
		{"only BOM and blanks", "bom.csv", "\ufeff\n\n", "file is empty", 0, 0},
		{"truncated quoted field", "trunc.csv", "a,b\n1,\"unfinished\n", `extraneous or missing " in quoted-field`, 2, 0},
		{"truncated row", "short.csv", "a,b,c\n1,2,3\n4,5\n", "row has 2 fields, header has 3", 3, 3},
		{"data beyond header", "wide.csv", "a,b\n1,2,3\n", "beyond the last header column", 2, 3},
		{"text file named xlsx", "fake.xlsx", "a,b\n1,2\n", "not a readable xlsx workbook", 0, 0},
		{"truncated xlsx", "cut.xlsx", "PK\x03\x04\x14\x00\x00\x00", "not a readable xlsx workbook", 0, 0},
		{"unsupported type", "x.txt", "a", "unsupported file type", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := write(tc.file, tc.content)
			_, err := Read(p)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("err = %q, want it to name %s and say %q", err, tc.file, tc.want)
			}
			if tc.row != 0 && pe.Row != tc.row {
				t.Errorf("row = %d, want %d", pe.Row, tc.row)
			}
			if tc.col != 0 && pe.Col != tc.col {
				t.Errorf("col = %d, want %d", pe.Col, tc.col)
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestReadXLSXMergedHeaderAndRawValues(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	s := "Sheet1"
	for cell, v := range map[string]any{"A1": "Respondent ID", "B1": "Which motions?", "D1": "Start Date",
		"B2": "Inbound", "C2": "Outbound", "D2": "Response", "A3": "1148293847561123", "B3": "Inbound"} {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell(s, "B1", "C1"); err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	_ = f.SetCellFloat(s, "D3", 45432.5, -1, 64)
	_ = f.SetCellStyle(s, "D3", "D3", style)
	p := filepath.Join(t.TempDir(), "sm.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	tab, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Respondent ID", "Which motions? | Inbound", "Which motions? | Outbound", "Start Date"}
	for i, k := range want {
		if tab.Columns[i].Key() != k {
			t.Errorf("column %d = %q, want %q", i, tab.Columns[i].Key(), k)
		}
	}
	if got := tab.Rows[0].Cells; got[0] != "1148293847561123" || got[3] != "45432.5" || tab.Rows[0].Line != 3 {
		t.Errorf("row = %q at line %d; want the id as text and the raw date serial at line 3", got, tab.Rows[0].Line)
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\ufeffa\r\n\"x\ny\"\r\n", "a,,\n,Response,\n1,2,3\n",
		"a\nb\n\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\n1\n", "a,a\n", "\"", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("f.csv", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Columns) {
				t.Fatalf("row at line %d has %d cells, %d columns", r.Line, len(r.Cells), len(tab.Columns))
			}
		}
	})
}

package survey

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXMatchesExcelize reads the sample data's XLSX exports with the
// streaming reader and with excelize (raw cell values) and compares every
// cell of every row.
func TestXLSXMatchesExcelize(t *testing.T) {
	for _, tc := range []struct {
		path string
		l    Layout
	}{
		{"../../data/2023_typeform.xlsx", Layout{Tool: Typeform, HeaderRows: 1}},
		{"../../data/2024_surveymonkey.xlsx", Layout{Tool: SurveyMonkey, HeaderRows: 2}},
	} {
		tab, err := ReadLayout(tc.path, tc.l)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		if got := tc.l.HeaderRows + len(tab.Rows); got != len(rows) {
			t.Fatalf("%s: %d rows, excelize %d", tc.path, got, len(rows))
		}
		for i, r := range tab.Rows {
			want := rows[tc.l.HeaderRows+i]
			if r.Line != tc.l.HeaderRows+i+1 {
				t.Fatalf("%s: row %d at line %d", tc.path, i, r.Line)
			}
			for j, c := range r.Cells {
				w := ""
				if j < len(want) {
					w = want[j]
				}
				if c != w {
					t.Fatalf("%s: line %d column %d = %q, excelize %q", tc.path, r.Line, j+1, c, w)
				}
			}
		}
	}
}

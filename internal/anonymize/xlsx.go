package anonymize

import "github.com/gtmsurvey/gtmsurvey/internal/xlsxwrite"

// XLSX renders one sheet per extract and the dictionary as a workbook
// (package xlsxwrite) with a true dimension per sheet, the year stored as
// a number, and fixed document properties, so the bytes are reproducible.
func (r *Release) XLSX(dict [][]string) ([]byte, error) {
	var sheets []xlsxwrite.Sheet
	for _, x := range r.Extracts {
		sheets = append(sheets, xlsxwrite.Sheet{Name: x.Spec.Name, Header: x.Header, Rows: codedRows{x.rows}, IntFirst: true})
	}
	sheets = append(sheets, xlsxwrite.Sheet{Name: "dictionary", Header: dict[0], Rows: xlsxwrite.Strings(dict[1:])})
	return xlsxwrite.Write(sheets)
}

// codedRows are a table's rows as the workbook writer reads them: each
// column's values are its labels.
type codedRows struct{ t *table }

func (c codedRows) Len() int              { return c.t.rows() }
func (c codedRows) Width() int            { return len(c.t.cells) }
func (c codedRows) Cell(i, j int) string  { return c.t.label(i, j) }
func (c codedRows) Values(j int) []string { return c.t.labels[j] }

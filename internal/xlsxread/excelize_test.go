package xlsxread_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

// grid is a Sink that keeps every cell: rows[n-1] is row n.
type grid struct {
	rows   [][]string
	merges []xlsxread.Range
	cur    int
}

func (g *grid) BeginRow(n int) []bool {
	for len(g.rows) < n {
		g.rows = append(g.rows, nil)
	}
	g.cur = n
	return nil
}

func (g *grid) Cell(col int, v string) {
	r := g.rows[g.cur-1]
	for len(r) <= col {
		r = append(r, "")
	}
	r[col] = v
	g.rows[g.cur-1] = r
}

func (g *grid) Filled(col int)           { panic("Filled called on a sink that wants every cell") }
func (g *grid) EndRow() error            { return nil }
func (g *grid) Merge(r xlsxread.Range)   { g.merges = append(g.merges, r) }
func (g *grid) trimmed() [][]string      { return trim(g.rows) }
func readAll(data []byte) (*grid, error) { return readWith(data, &grid{}) }

func readWith(data []byte, g *grid) (*grid, error) {
	wb, err := xlsxread.Open(data, 1<<24)
	if err != nil {
		return nil, err
	}
	sh, err := wb.FirstSheet()
	if err != nil {
		return nil, err
	}
	return g, sh.Read(g)
}

// trim drops trailing empty cells of each row and trailing empty rows.
func trim(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		out[i] = r
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// excelizeRows reads the first sheet's raw cell values with excelize.
func excelizeRows(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	return trim(rows), err
}

// checkSameAsExcelize reads data with this package and with excelize and
// fails t at the first cell that differs. It reports whether the cells
// were compared: not when this reader refuses the file (it is the
// stricter), nor when excelize cannot read what this reader read.
func checkSameAsExcelize(t *testing.T, data []byte) bool {
	t.Helper()
	g, err := readAll(data)
	if err != nil || len(g.rows) > 1<<14 { // a far row: excelize would hold every row before it
		return false
	}
	want, err := excelizeRows(data)
	if err != nil {
		return false
	}
	got := g.trimmed()
	if len(want) == 0 && len(got) > 0 {
		// excelize reads nothing, silently, from a sheet or shared strings
		// outside the SpreadsheetML namespace; this reader ignores namespaces.
		return false
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, excelize %d", len(got), len(want))
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("row %d: %d cells %q, excelize %d %q", i+1, len(got[i]), got[i], len(want[i]), want[i])
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("row %d column %d = %q, excelize %q", i+1, j+1, got[i][j], want[i][j])
			}
		}
	}
	return true
}

// oddCells are sheets whose cells take every path of the reader.
func oddCells() map[string][]byte {
	sheet := func(rows string) []byte {
		return []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`)
	}
	sst := []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4"><si><t>plain</t></si>` +
		`<si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r><rPh><t>ふりがな</t></rPh></si>` +
		`<si><t>a_x000D_b &amp; &lt;c&gt; &#x41;&#66;</t></si><si/></sst>`)
	return map[string][]byte{
		"types": xlsxtest.Zip(xlsxtest.Parts(sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`+
			`<row r="2"><c r="A2"><v>45432.5</v></c><c r="B2" t="n"><v>-1E-3</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A1</f><v>x &amp; y</v></c></row>`+
			`<row r="3"><c r="A3" t="inlineStr"><is><t>in_x005F_line</t></is></c><c r="C3" t="inlineStr"><is><r><t>two</t></r><r><t> runs</t></r></is></c><c r="F3" t="d"><v>2024-05-01T00:00:00Z</v></c></row>`), sst)),
		"gaps": xlsxtest.Zip(xlsxtest.Parts(sheet(`<row r="2"><c r="B2"><v>1</v></c></row><row><c><v>2</v></c><c><v>3</v></c></row>`+
			`<row r="7" spans="1:3"><c r="C7" t="inlineStr"><is><t xml:space="preserve"> lead </t></is></c></row><row r="9"/>`), nil)),
		"text": xlsxtest.Zip(xlsxtest.Parts(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<raw> & ]]>more</t></is></c>`+
			`<c r="B1" t="str"><v>line&#13;&#10;end</v></c><c r="C1"><v></v></c><c r="D1" t="s"><v> 0 </v></c></row>`+
			`<!-- a comment with <row> in it --><row r="2"><c r="A2" t="inlineStr"><is><t>line
end</t></is></c></row>`), []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>`))),
		"wide": xlsxtest.Bytes(wideRows(40, 200)),
	}
}

// wideRows is a header of cols questions and n rows of text and numbers.
func wideRows(cols, n int) [][]string {
	rows := [][]string{make([]string, cols)}
	for j := range rows[0] {
		rows[0][j] = "Question " + xlsxread.ColumnName(j)
	}
	for i := 0; i < n; i++ {
		r := make([]string, cols)
		for j := range r {
			switch (i + j) % 4 {
			case 0:
				r[j] = "Answer " + xlsxread.ColumnName(i%7)
			case 1:
				r[j] = strings.Repeat("9", 1+(i*j)%12)
			case 2:
				r[j] = "tab\there & <there>\r\nnext"
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// seedFiles are the repository's own XLSX files and the odd sheets.
func seedFiles(t testing.TB) map[string][]byte {
	files := oddCells()
	for _, glob := range []string{"../../data/*.xlsx", "../survey/testdata/layouts/*.xlsx", "../survey/testdata/hostile/merged_bomb.xlsx"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = data
		}
	}
	return files
}

// TestMatchesExcelize: every cell of every seed file reads as excelize
// reads its raw value.
func TestMatchesExcelize(t *testing.T) {
	files := seedFiles(t)
	if len(files) < len(oddCells())+5 {
		t.Fatalf("only %d seed files found", len(files))
	}
	for name, data := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			if !checkSameAsExcelize(t, data) {
				_, err := readAll(data)
				_, xerr := excelizeRows(data)
				t.Fatalf("not compared: this reader %v, excelize %v", err, xerr)
			}
		})
	}
}

// FuzzMatchesExcelize: whatever both readers read, they read alike. It
// varies a workbook's sheet and shared strings XML (varying the zip's
// bytes would mostly break its checksums); the seeds are the parts of the
// seed files.
func FuzzMatchesExcelize(f *testing.F) {
	for _, data := range seedFiles(f) {
		sheet, sst := parts(f, data)
		if len(sheet)+len(sst) < 64<<10 {
			f.Add(sheet, sst)
		}
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		if len(sst) == 0 {
			sst = nil
		}
		checkSameAsExcelize(t, xlsxtest.Zip(xlsxtest.Parts(sheet, sst)))
	})
}

// parts returns the first sheet and the shared strings of an XLSX file
// written with the usual part names (nil where absent).
func parts(tb testing.TB, data []byte) (sheet, sst []byte) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		switch strings.ToLower(zf.Name) {
		case "xl/worksheets/sheet1.xml":
			sheet = b
		case "xl/sharedstrings.xml":
			sst = b
		}
	}
	return sheet, sst
}

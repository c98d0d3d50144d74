package xlsxwrite_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxwrite"
)

// oddLabels are texts a writer can get wrong: XML's special characters,
// white space at either end, line breaks, OOXML escapes written
// literally, characters beyond ASCII, a long text.
var oddLabels = []string{"plain", " lead", "trail ", "x & y", "<tag>", "a > b", "line\nbreak", "tab\there", "_x0041_", "_x000D_",
	"quote\"s", "it's", "≥ $1M", "Zürich", "日本語", "😀", "=1+1", "0042", "1e3", string(bytes.Repeat([]byte("long "), 60))}

// sample is a workbook of sheets with odd names and labels; the first has
// years in its first column.
func sample() []xlsxwrite.Sheet {
	var rows [][]string
	for i := range 60 {
		row := []string{strconv.Itoa(2020 + i%7)}
		for j := range 4 {
			v := oddLabels[(i*3+j*5)%len(oddLabels)]
			if (i+j)%6 == 0 {
				v = ""
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return []xlsxwrite.Sheet{
		{Name: "by year", Header: []string{"year", "A & B", "c<d>", "ünïcode", "last"}, Rows: xlsxwrite.Strings(rows), IntFirst: true},
		{Name: "Fünf (5)", Header: []string{"label", "note"}, Rows: xlsxwrite.Strings([][]string{{"x"}, {"", "only note"}, {"y", "z"}})},
		{Name: "empty", Header: []string{"nothing below"}, Rows: xlsxwrite.Strings(nil)},
	}
}

// want is each sheet as rows of text, the header first, a short row's
// missing cells and trailing empty cells left out.
func want(sheets []xlsxwrite.Sheet) map[string][][]string {
	out := map[string][][]string{}
	for _, sh := range sheets {
		rows := [][]string{trim(sh.Header)}
		for i := range sh.Rows.Len() {
			var r []string
			for j := range max(len(sh.Header), sh.Rows.Width()) {
				r = append(r, sh.Rows.Cell(i, j))
			}
			rows = append(rows, trim(r))
		}
		out[sh.Name] = rows
	}
	return out
}

func trim(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// checkRead compares the sheets a reader read with what was written.
func checkRead(t *testing.T, reader string, names []string, got map[string][][]string, sheets []xlsxwrite.Sheet) {
	t.Helper()
	w := want(sheets)
	for i, sh := range sheets {
		if i >= len(names) || names[i] != sh.Name {
			t.Fatalf("%s: sheets %q, want %q first", reader, names, sh.Name)
		}
		g := got[sh.Name]
		for len(g) > 0 && len(g[len(g)-1]) == 0 {
			g = g[:len(g)-1]
		}
		if len(g) != len(w[sh.Name]) {
			t.Fatalf("%s: sheet %s has %d rows, want %d", reader, sh.Name, len(g), len(w[sh.Name]))
		}
		for r, row := range w[sh.Name] {
			if fmt.Sprintf("%q", trim(g[r])) != fmt.Sprintf("%q", row) {
				t.Errorf("%s: sheet %s row %d = %q, want %q", reader, sh.Name, r+1, trim(g[r]), row)
			}
		}
	}
	if len(names) != len(sheets) {
		t.Errorf("%s: sheets %q, want %d", reader, names, len(sheets))
	}
}

// TestExcelizeReadsBack: excelize reads every sheet name and cell back.
func TestExcelizeReadsBack(t *testing.T) {
	sheets := sample()
	b, err := xlsxwrite.Write(sheets)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		if got[name], err = f.GetRows(name); err != nil {
			t.Fatal(err)
		}
	}
	checkRead(t, "excelize", f.GetSheetList(), got, sheets)
	if typ, err := f.GetCellType("by year", "A2"); err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("year cell type %v (%v), want a number", typ, err)
	}
}

// TestOpenpyxlReadsBack: openpyxl (Python) reads every sheet name and cell
// back, the years as integers. Skipped where openpyxl is not installed
// (Debian: python3-openpyxl). openpyxl (3.0.9) leaves the _xHHHH_ escapes
// of inline strings as written (excelize writes a literal "_x0041_" as
// "_x005F_x0041_", an escaped underscore); the script decodes them as
// Excel and excelize do.
func TestOpenpyxlReadsBack(t *testing.T) {
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import openpyxl").Run() != nil {
		t.Skip("openpyxl not installed (apt-get install python3-openpyxl): skipped")
	}
	sheets := sample()
	b, err := xlsxwrite.Write(sheets)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ooxml = lambda s: re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s)
cell = lambda v: "" if v is None else ("int:%d" % v if isinstance(v, int) else ooxml(str(v)))
print(json.dumps({"names": wb.sheetnames, "sheets": {ws.title: [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}}))`
	out, err := exec.Command(py, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var res struct {
		Names  []string
		Sheets map[string][][]string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	years := res.Sheets["by year"]
	for i := 1; i < len(years); i++ { // the years read as integers
		n, err := strconv.Atoi(trimPrefix(years[i][0], "int:"))
		if err != nil || years[i][0] != "int:"+strconv.Itoa(n) {
			t.Fatalf("openpyxl read year %q in row %d, want an integer", years[i][0], i+1)
		}
		years[i][0] = strconv.Itoa(n)
	}
	checkRead(t, "openpyxl", res.Names, res.Sheets, sheets)
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

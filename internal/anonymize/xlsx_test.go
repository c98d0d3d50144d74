package anonymize_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
)

var dimension = regexp.MustCompile(`<dimension ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"`)

// TestXLSX: every sheet declares its true used range, the year is stored as
// a number, and the cells read back equal the CSVs.
func TestXLSX(t *testing.T) {
	t.Parallel()
	f := load(t, 40)
	files, fls := written(t, build(t, f), f.cb)
	b := files[anonymize.DataXLSX]
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first zip entry %s", zr.File[0].Name)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, fl := range fls {
		want, _ := excelize.CoordinatesToCellName(len(fl.header), len(fl.rows)+1)
		if got := sheetDimension(t, zr, wb, fl.name); got != "A1:"+want {
			t.Errorf("%s: dimension %q, want A1:%s", fl.name, got, want)
		}
		rows, err := wb.GetRows(fl.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(fl.rows)+1 {
			t.Fatalf("%s: %d rows in the sheet, %d in the CSV", fl.name, len(rows), len(fl.rows)+1)
		}
		for i, r := range fl.rows {
			for j, v := range r {
				got := ""
				if j < len(rows[i+1]) {
					got = rows[i+1][j]
				}
				if got != v {
					t.Fatalf("%s row %d col %d: %q in the sheet, %q in the CSV", fl.name, i+2, j+1, got, v)
				}
			}
		}
		typ, err := wb.GetCellType(fl.name, "A2")
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s: year cell type %v (%v), want a number", fl.name, typ, err)
		}
	}
	// Control: a workbook written cell by cell without a declared range
	// carries the one-cell dimension readers stop at.
	c := excelize.NewFile()
	c.SetCellStr("Sheet1", "A1", "x")
	c.SetCellStr("Sheet1", "B3", "y")
	var buf bytes.Buffer
	c.Write(&buf)
	cz, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if got := sheetDimension(t, cz, c, "Sheet1"); got == "A1:B3" {
		t.Errorf("control: the checker saw %q", got)
	}
}

func sheetDimension(t *testing.T, zr *zip.Reader, wb *excelize.File, sheet string) string {
	t.Helper()
	idx, err := wb.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		t.Fatalf("no sheet %s", sheet)
	}
	name := fmt.Sprintf("xl/worksheets/sheet%d.xml", idx+1)
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if m := dimension.FindSubmatch(b); m != nil {
				return string(m[1])
			}
			return ""
		}
	}
	t.Fatalf("%s not in the workbook", name)
	return ""
}

// TestXLSXReaders: openpyxl in read-only mode and R readxl with its
// defaults read every row and cell of every sheet (skipped where not
// installed: Debian python3-openpyxl, r-cran-readxl).
func TestXLSXReaders(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs external readers")
	}
	f := load(t, 41)
	files, fls := written(t, build(t, f), f.cb)
	path := writeTemp(t, anonymize.DataXLSX, files[anonymize.DataXLSX])
	want := map[string][2]int{}
	for _, fl := range fls {
		want[fl.name] = [2]int{len(fl.rows) + 1, len(fl.header)}
	}
	type result struct {
		Rows, Cols, Nonblank int
		Warnings             []string
		YearNumeric          bool
	}
	check := func(reader string, got map[string]result) {
		for _, fl := range fls {
			g := got[fl.name]
			nonblank := 0
			for _, r := range fl.rows {
				for _, v := range r {
					if v != "" {
						nonblank++
					}
				}
			}
			if reader == "readxl" { // the header is names, not a row
				g.Rows++
			}
			if g.Rows != want[fl.name][0] || g.Cols != want[fl.name][1] || g.Nonblank != nonblank || !g.YearNumeric || len(g.Warnings) > 0 {
				t.Errorf("%s: %s read %d rows × %d columns, %d cells, year numeric %v, warnings %q; want %v, %d cells",
					reader, fl.name, g.Rows, g.Cols, g.Nonblank, g.YearNumeric, g.Warnings, want[fl.name], nonblank)
			}
		}
	}
	if py, err := exec.LookPath("/usr/bin/python3"); err == nil && exec.Command(py, "-c", "import openpyxl").Run() == nil {
		script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    n = sum(1 for r in rows[1:] for v in r if v is not None and v != "")
    out[ws.title] = {"Rows": len(rows), "Cols": max(len(r) for r in rows), "Nonblank": n,
                     "YearNumeric": ws.title == "dictionary" or all(isinstance(r[0], int) for r in rows[1:]), "Warnings": []}
print(json.dumps(out))`
		out, err := exec.Command(py, "-c", script, path).Output()
		if err != nil {
			t.Fatalf("openpyxl: %v", err)
		}
		got := map[string]result{}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		check("openpyxl", got)
	} else {
		t.Log("openpyxl not installed: skipped")
	}
	if rs, err := exec.LookPath("Rscript"); err == nil && exec.Command(rs, "-e", "library(readxl)").Run() == nil {
		script := `
suppressMessages(library(readxl))
p <- commandArgs(TRUE)[1]
for (s in excel_sheets(p)) {
  w <- character(0)
  d <- withCallingHandlers(read_excel(p, sheet = s), warning = function(e) { w <<- c(w, conditionMessage(e)); invokeRestart("muffleWarning") })
  n <- sum(!is.na(as.matrix(d)) & as.matrix(d) != "")
  cat(sprintf('{"sheet":"%s","Rows":%d,"Cols":%d,"Nonblank":%d,"YearNumeric":%s,"Warnings":%d}\n', s, nrow(d), ncol(d), n,
      if (s == "dictionary" || is.numeric(d[[1]])) "true" else "false", length(w)))
}`
		out, err := exec.Command(rs, "-e", script, path).Output()
		if err != nil {
			t.Fatalf("readxl: %v", err)
		}
		got := map[string]result{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var r struct {
				Sheet                      string
				Rows, Cols, Nonblank, Warn int
				YearNumeric                bool
				Warnings                   int
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("readxl output %q: %v", line, err)
			}
			res := result{Rows: r.Rows, Cols: r.Cols, Nonblank: r.Nonblank, YearNumeric: r.YearNumeric}
			for i := 0; i < r.Warnings; i++ {
				res.Warnings = append(res.Warnings, "warning")
			}
			got[r.Sheet] = res
		}
		check("readxl", got)
	} else {
		t.Log("R readxl not installed: skipped")
	}
}

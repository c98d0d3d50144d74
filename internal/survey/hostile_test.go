package survey

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

// hostileFiles are broken and hostile exports, each small on disk.
func hostileFiles() map[string][]byte {
	f := map[string][]byte{}
	f["broken_quote.csv"] = []byte("a,b\n1,\"unfinished\n2,3\n")
	f["short_row.csv"] = []byte("a,b,c\n1,2,3\n4,5\n")
	f["beyond_header.csv"] = []byte("a,b\n1,2\n3,4,extra\n")
	f["nul_bytes.csv"] = []byte("a,b\n1,2\x003\n")
	f["mixed_encoding.csv"] = []byte("role,city\nCEO,Zürich\nCTO,M\xfcnchen\n")
	f["tab_separated.csv"] = []byte("role\tcity\nCEO\tParis\n")
	f["wide_header.csv"] = append(bytes.Repeat([]byte("a,"), maxWidth), "a\n1\n"...)
	f["empty.csv"] = []byte("\ufeff\r\n\r\n")
	f["lone_cr.csv"] = []byte("role,city,note\rCEO,Zürich,\"two\rlines\"\rCTO,Paris,\r")
	f["cp1252.csv"] = []byte("role,city,note\nCEO,Z\xfcrich,\x93quoted\x94 \x80100\nCTO,Paris,caf\xe9\n")
	f["undefined_cp1252.csv"] = []byte("role,city\nCEO,Z\xfcrich\x81\n")
	f["utf16le_bom.csv"] = utf16(true, true, "role,city\nCEO,Zürich\nCTO,Paris\n")
	f["utf16le.csv"] = utf16(true, false, "role,city\nCEO,Zürich\nCTO,Paris\n")
	f["utf16be_bom.csv"] = utf16(false, true, "role,city\nCEO,Zürich\nCTO,Paris\n")
	f["utf16_odd.csv"] = utf16(true, true, "role,city\nCEO,Paris\n")[:25]
	ok := xlsxtest.Bytes([][]string{{"Respondent ID", "Role", "Team"}, {"1001", "CEO", "Sales"}, {"1002", "CTO", "Product"}})
	f["truncated.xlsx"] = ok[:len(ok)/2]
	f["text_named.xlsx"] = []byte("a,b\n1,2\n")
	f["no_workbook.xlsx"] = xlsxtest.Zip([]xlsxtest.Part{{Name: "hello.txt", Data: []byte("hi")}})
	f["merged_bomb.xlsx"] = xlsxtest.Bytes([][]string{{"Respondent ID", "Role", "Team"}, {"1001", "CEO", "Sales"}, {"1002", "CTO", "Product"}},
		"A1:XFD1048576", "B2:XFD1048576")
	f["zip_bomb.xlsx"] = xlsxtest.Zip(xlsxtest.Parts(bombSheet(64<<20), nil))
	f["lying_size.xlsx"] = xlsxtest.Zip(append(xlsxtest.Parts([]byte("<worksheet/>"), nil)[:4],
		xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Data: []byte("<worksheet/>"), LieSize: 64 << 30}))
	f["lying_small.xlsx"] = xlsxtest.Zip(append(xlsxtest.Parts([]byte("<worksheet/>"), nil)[:4],
		xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Data: bombSheet(2 << 20), LieSize: 1 << 20}))
	f["sheet_bomb.xlsx"] = xlsxtest.Zip(xlsxtest.Parts(wideSheet(xlsxread.MaxCols, 5000)))
	f["wide_far_row.xlsx"] = xlsxtest.Zip(xlsxtest.Parts(wideFarSheet(xlsxread.MaxCols)))
	f["doctype.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>`), nil))
	f["bad_sst_index.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>`), nil))
	f["rows_out_of_order.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>`), nil))
	f["bad_cell_ref.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="ZZZZ2"><v>2</v></c></row></sheetData></worksheet>`), nil))
	f["far_row.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>2</v></c></row></sheetData></worksheet>`), nil))
	// A second, empty sheet part under the same name (once read as "file is empty").
	f["duplicate_entry.xlsx"] = xlsxtest.Zip(append(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>`), nil),
		xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Data: []byte("<worksheet/>")}))
	f["unclosed.xlsx"] = xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3"`), nil))
	return f
}

// utf16 encodes ASCII-and-Latin text as UTF-16, little or big endian.
func utf16(le, bom bool, s string) []byte {
	var b []byte
	put := func(r rune) {
		if le {
			b = append(b, byte(r), byte(r>>8))
		} else {
			b = append(b, byte(r>>8), byte(r))
		}
	}
	if bom {
		put(0xfeff)
	}
	for _, r := range s {
		put(r)
	}
	return b
}

// bombSheet is a sheet of n bytes of identical rows: it deflates about 1000×.
func bombSheet(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>`)
	row := `<row><c><v>1</v></c></row>`
	for b.Len() < n {
		b.WriteString(row)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

// wideSheet has a header of cols columns and rows one-cell rows: each row
// costs cols cells in memory however little the file holds.
func wideSheet(cols, rows int) (sheet, sst []byte) {
	var b, s bytes.Buffer
	b.WriteString(`<worksheet><sheetData><row r="1">`)
	s.WriteString(`<sst>`)
	for j := 0; j < cols; j++ {
		fmt.Fprintf(&b, `<c r="%s1" t="s"><v>%d</v></c>`, ColumnName(j), j)
		fmt.Fprintf(&s, `<si><t>Q%d</t></si>`, j)
	}
	b.WriteString(`</row>`)
	for i := 2; i <= rows+1; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	s.WriteString(`</sst>`)
	return b.Bytes(), s.Bytes()
}

// wideFarSheet has a header of cols columns and one data row, the sheet's
// last: the million rows the file leaves out before it are blank rows,
// and must cost nothing per column.
func wideFarSheet(cols int) (sheet, sst []byte) {
	var b, s bytes.Buffer
	b.WriteString(`<worksheet><sheetData><row r="1">`)
	s.WriteString(`<sst>`)
	for j := 0; j < cols; j++ {
		fmt.Fprintf(&b, `<c r="%s1" t="s"><v>%d</v></c>`, ColumnName(j), j)
		fmt.Fprintf(&s, `<si><t>Q%d</t></si>`, j)
	}
	fmt.Fprintf(&b, `</row><row r="%d"><c r="A%d"><v>1</v></c></row></sheetData></worksheet>`, xlsxread.MaxRows, xlsxread.MaxRows)
	s.WriteString(`</sst>`)
	return b.Bytes(), s.Bytes()
}

// hostileCases say what reading each corpus file must give: an error
// containing want at row and col (0: not checked), or no error.
var hostileCases = []struct {
	file     string
	l        Layout
	want     string
	row, col int
}{
	{"broken_quote.csv", Layout{}, `extraneous or missing " in quoted-field`, 2, 0},
	{"short_row.csv", Layout{}, "row has 2 fields, header has 3", 3, 3},
	{"beyond_header.csv", Layout{}, "beyond the last header column", 3, 3},
	{"nul_bytes.csv", Layout{}, "NUL bytes", 2, 0},
	{"mixed_encoding.csv", Layout{}, "invalid UTF-8 (byte 0xfc", 3, 0},
	{"tab_separated.csv", Layout{}, "tab-separated", 1, 0},
	{"empty.csv", Layout{}, "file is empty", 0, 0},
	{"wide_header.csv", Layout{}, "header has 65537 columns", 1, 65537},
	{"undefined_cp1252.csv", Layout{}, "neither UTF-8 nor Windows-1252", 0, 0},
	{"utf16_odd.csv", Layout{}, "odd number of bytes", 0, 0},
	{"truncated.xlsx", Layout{}, "not a readable xlsx workbook", 0, 0},
	{"text_named.xlsx", Layout{}, "not a readable xlsx workbook", 0, 0},
	{"no_workbook.xlsx", Layout{}, "no part xl/workbook.xml", 0, 0},
	{"zip_bomb.xlsx", Layout{}, "likely zip bomb", 0, 0},
	{"lying_size.xlsx", Layout{}, "expands to 68719476736 bytes (limit 4294967296); raise -max-file-size if the file is genuine", 0, 0},
	{"lying_small.xlsx", Layout{}, "zip: not a valid zip file", 0, 0},
	{"sheet_bomb.xlsx", Layout{MaxBytes: 4 << 20}, "kept cells need more than 16 MiB", 0, 0},
	{"doctype.xlsx", Layout{}, "DOCTYPE", 0, 0},
	{"bad_sst_index.xlsx", Layout{}, "shared string index", 2, 1},
	{"rows_out_of_order.xlsx", Layout{}, "row 2 comes after row 3", 2, 0},
	{"bad_cell_ref.xlsx", Layout{}, "bad cell reference", 2, 0},
	{"unclosed.xlsx", Layout{}, "malformed sheet XML", 3, 0},
	{"duplicate_entry.xlsx", Layout{}, "zip entry xl/worksheets/sheet1.xml appears twice", 0, 0},
	// Read without error (checked further in TestHostileReadable):
	{"merged_bomb.xlsx", Layout{Tool: Typeform, HeaderRows: 1}, "", 0, 0},
	{"wide_far_row.xlsx", Layout{Tool: Typeform, HeaderRows: 1}, "", 0, 0},
	{"far_row.xlsx", Layout{}, "", 0, 0},
	{"cp1252.csv", Layout{}, "", 0, 0},
	{"utf16le_bom.csv", Layout{}, "", 0, 0},
	{"utf16le.csv", Layout{}, "", 0, 0},
	{"utf16be_bom.csv", Layout{}, "", 0, 0},
	{"lone_cr.csv", Layout{}, "", 0, 0},
}

// TestHostileCorpus reads every corpus file: an error is one line that names
// the file (and the row and column where they apply), never a panic, and
// no temporary file is left behind.
func TestHostileCorpus(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	seen := map[string]bool{}
	for _, tc := range hostileCases {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join("testdata", "hostile", tc.file)
			start := time.Now()
			tab, err := ReadLayout(p, tc.l)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(tab.Rows) == 0 {
					t.Error("no rows read")
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, p) || strings.ContainsAny(msg, "\n\r") {
				t.Errorf("err = %q, want one line starting with %s and containing %q", msg, p, tc.want)
			}
			if tc.row != 0 && pe.Row != tc.row {
				t.Errorf("row = %d, want %d (%v)", pe.Row, tc.row, err)
			}
			if tc.col != 0 && pe.Col != tc.col {
				t.Errorf("col = %d, want %d (%v)", pe.Col, tc.col, err)
			}
		})
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("%d temporary files left in TMPDIR", len(entries))
	}
	for n := range hostileFiles() {
		if !seen[n] {
			t.Errorf("corpus file %s has no case", n)
		}
	}
}

// TestHostileReadable checks what the readable corpus files read to.
func TestHostileReadable(t *testing.T) {
	read := func(name string, l Layout) *Table {
		t.Helper()
		tab, err := ReadLayout(filepath.Join("testdata", "hostile", name), l)
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	// A merged range over the whole sheet fills the header row, clipped to
	// the header width, and touches no data.
	m := read("merged_bomb.xlsx", Layout{Tool: Typeform, HeaderRows: 1})
	if len(m.Columns) != 3 || m.Columns[2].Text != "Respondent ID" || len(m.Rows) != 2 || m.Rows[0].Cells[2] != "Sales" {
		t.Errorf("merged bomb: %d columns, last %q, %d rows, %q", len(m.Columns), m.Columns[len(m.Columns)-1].Text, len(m.Rows), m.Rows[0].Cells)
	}
	if got := m.ColumnsByText("Respondent ID"); len(got) != 3 {
		t.Errorf("ColumnsByText over a merged header = %v, want all three", got)
	}
	far := read("far_row.xlsx", Layout{})
	if n := len(far.Rows); n != 1048575 || far.Rows[n-1].Line != 1048576 || far.Rows[n-1].Cells[0] != "2" || !far.Rows[1].Blank() {
		t.Errorf("far row: %d rows", n)
	}
	for name, enc := range map[string]Encoding{"cp1252.csv": Windows1252, "utf16le_bom.csv": UTF16LE, "utf16le.csv": UTF16LE, "utf16be_bom.csv": UTF16BE} {
		tab := read(name, Layout{})
		if tab.Encoding != enc || len(tab.Warnings) != 1 || !strings.Contains(tab.Warnings[0], string(enc)) {
			t.Errorf("%s: encoding %q, warnings %q; want %s and a warning naming it", name, tab.Encoding, tab.Warnings, enc)
		}
		if tab.Rows[0].Cells[1] != "Zürich" {
			t.Errorf("%s: city = %q, want Zürich", name, tab.Rows[0].Cells[1])
		}
	}
	// Lone carriage returns end lines (old Mac, some Excel exports); one
	// inside quotes stays in the answer.
	cr := read("lone_cr.csv", Layout{})
	if len(cr.Columns) != 3 || len(cr.Rows) != 2 || cr.Rows[0].Cells[2] != "two\rlines" || cr.Rows[1].Line != 3 || cr.Rows[1].Cells[1] != "Paris" {
		t.Errorf("lone CR: %d columns, rows %v", len(cr.Columns), cr.Rows)
	}
	cp := read("cp1252.csv", Layout{})
	if got := cp.Rows[0].Cells[2]; got != "“quoted” €100" || cp.Rows[1].Cells[2] != "café" {
		t.Errorf("cp1252 note = %q, %q", got, cp.Rows[1].Cells[2])
	}
}

// TestHostileMemory reads each corpus file in a child process and checks
// its peak resident memory (Linux), with the file size limit at 16 MiB so
// that every derived limit is small.
func TestHostileMemory(t *testing.T) {
	if f := os.Getenv("SURVEY_READ_CHILD"); f != "" {
		max, _ := strconv.ParseInt(os.Getenv("SURVEY_READ_MAX"), 10, 64)
		_, err := ReadLayout(f, Layout{MaxBytes: max})
		st, _ := os.ReadFile("/proc/self/status")
		for _, line := range strings.Split(string(st), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				fmt.Printf("%s|%v\n", strings.Fields(line)[1], err)
			}
		}
		return
	}
	if _, err := os.Stat("/proc/self/status"); err != nil || testing.Short() {
		t.Skip("needs /proc; not in -short")
	}
	for _, name := range []string{"zip_bomb.xlsx", "sheet_bomb.xlsx", "merged_bomb.xlsx", "far_row.xlsx", "wide_far_row.xlsx", "lying_small.xlsx", "doctype.xlsx"} {
		kb, msg := readInChild(t, filepath.Join("testdata", "hostile", name), 16<<20)
		t.Logf("%s: peak RSS %d MiB (%s)", name, kb>>10, msg)
		if kb > 200<<10 {
			t.Errorf("%s: peak RSS %d MiB, want under 200 MiB", name, kb>>10)
		}
	}
}

// readInChild reads the file at path with size limit max in a child
// process (TestHostileMemory's) and returns its peak resident memory in
// KiB and the read's error text ("<nil>" for none).
func readInChild(t *testing.T, path string, max int64) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileMemory$")
	cmd.Env = append(os.Environ(), "SURVEY_READ_CHILD="+path, "SURVEY_READ_MAX="+strconv.FormatInt(max, 10))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: child failed: %v", path, err)
	}
	parts := strings.SplitN(string(bytes.TrimSpace(out)), "|", 2)
	kb, perr := strconv.Atoi(parts[0])
	if perr != nil || len(parts) != 2 {
		t.Fatalf("%s: child said %q", path, out)
	}
	return kb, parts[1]
}

// FuzzParseXLSX feeds arbitrary bytes to the XLSX reader: an error is a
// *ParseError, never a panic, and rows always have the header's width.
func FuzzParseXLSX(f *testing.F) {
	for name, data := range hostileFiles() {
		if strings.HasSuffix(name, ".xlsx") && len(data) < 10000 && name != "far_row.xlsx" { // far_row: slow by design
			f.Add(data)
		}
	}
	for _, data := range layoutFiles() {
		if bytes.HasPrefix(data, []byte("PK")) {
			f.Add(data)
		}
	}
	f.Add(xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row><c t="inlineStr"><is><r><t>a&amp;b</t></r><rPh><t>x</t></rPh></is></c><c t="s"><v>0</v></c></row><row><c><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`), []byte(`<sst><si><t>_x000D_q</t></si></sst>`))))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := whole(func(s sink) (*Table, error) { return parseXLSX("f.xlsx", data, Layout{MaxBytes: 1 << 20}, s) })
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Columns) {
				t.Fatalf("row %d has %d cells, %d columns", r.Line, len(r.Cells), len(tab.Columns))
			}
		}
	})
}

package xlsxread_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

func sheetOf(rows string) []byte {
	return xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData>`+rows+`</sheetData></worksheet>`), nil))
}

// TestRefused: a broken or hostile workbook is refused with a message
// naming what is wrong, and, in a sheet, an *Error at its row and column.
func TestRefused(t *testing.T) {
	ok := xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`), nil)
	bomb := bytes.Repeat([]byte(`<row><c><v>1</v></c></row>`), 2<<20/26)
	for _, tc := range []struct {
		name     string
		data     []byte
		want     string
		sheet    bool // an *Error at row and col
		row, col int
	}{
		{"not a zip", []byte("a,b\n1,2\n"), "not a readable xlsx workbook: zip: not a valid zip file", false, 0, 0},
		{"no workbook", xlsxtest.Zip([]xlsxtest.Part{{Name: "hello.txt", Data: []byte("hi")}}), "no part xl/workbook.xml", false, 0, 0},
		{"duplicated sheet", xlsxtest.Zip(append(ok, xlsxtest.Part{Name: "xl/worksheets/sheet1.xml", Data: []byte("<worksheet/>")})),
			`zip entry xl/worksheets/sheet1.xml appears twice ("xl/worksheets/sheet1.xml" and "xl/worksheets/sheet1.xml")`, false, 0, 0},
		{"duplicated case aside", xlsxtest.Zip(append(ok, xlsxtest.Part{Name: "XL/Workbook.xml", Data: []byte("<workbook/>")})),
			`zip entry xl/workbook.xml appears twice ("xl/workbook.xml" and "XL/Workbook.xml")`, false, 0, 0},
		{"zip bomb", xlsxtest.Zip(xlsxtest.Parts(append(append([]byte(`<worksheet><sheetData>`), bomb...), `</sheetData></worksheet>`...), nil)), "likely zip bomb", false, 0, 0},
		{"doctype", sheetOf(`<!DOCTYPE x [<!ENTITY a "b">]><row><c t="inlineStr"><is><t>&a;</t></is></c></row>`), "DOCTYPE", true, 0, 0},
		{"bad row number", sheetOf(`<row r="1"><c><v>1</v></c></row><row r="x"/>`), `bad row number "x"`, true, 2, 0},
		{"row out of order", sheetOf(`<row r="3"/><row r="2"/>`), "row 2 comes after row 3", true, 2, 0},
		{"bad cell ref", sheetOf(`<row r="2"><c r="A2"><v>1</v></c><c r="ZZZZ2"><v>2</v></c></row>`), `bad cell reference "ZZZZ2"`, true, 2, 2},
		{"column out of order", sheetOf(`<row r="2"><c r="C2"><v>1</v></c><c r="B2"><v>2</v></c></row>`), "cell column 2 out of order", true, 2, 2},
		{"unknown type", sheetOf(`<row r="4"><c r="B4" t="q"><v>1</v></c></row>`), `unknown cell type "q"`, true, 4, 2},
		{"bad sst index", sheetOf(`<row r="2"><c r="D2" t="s"><v>7</v></c></row>`), "shared string index \"7\" out of range (0 strings)", true, 2, 4},
		{"bad entity", sheetOf(`<row r="5"><c r="A5" t="str"><v>&bogus;</v></c></row>`), "unknown XML entity &bogus;", true, 5, 1},
		{"cell end without start", sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><v>2</v></c></row>`), "malformed sheet XML: </c> without <c>", true, 2, 0},
		{"cut inside a row", xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c>`), nil)), "malformed sheet XML: unexpected EOF", true, 2, 2},
		{"row ends inside a cell", sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="C2"><v>2</v></row>`), "the row ends inside a cell", true, 2, 3},
		{"row inside a row", sheetOf(`<row r="1"><c r="A1"><v>1</v></c><row r="2"></row></row>`), "a row starts inside a row", true, 1, 1},
		{"cell outside a row", sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row><c r="A2"><v>2</v></c>`), "a cell outside a row (after row 1)", true, 0, 0},
		{"unclosed", xlsxtest.Zip(xlsxtest.Parts([]byte(`<worksheet><sheetData><row r="3"><c r="A3"`), nil)), "malformed sheet XML: unexpected EOF", true, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("err = %v, want one line containing %q", err, tc.want)
			}
			var xe *xlsxread.Error
			if errors.As(err, &xe) != tc.sheet {
				t.Fatalf("err = %#v: *Error %v, want %v", err, !tc.sheet, tc.sheet)
			}
			if tc.sheet && (xe.Row != tc.row || xe.Col != tc.col || !strings.Contains(xe.Err.Error(), tc.want)) {
				t.Errorf("at row %d col %d (%v), want row %d col %d", xe.Row, xe.Col, xe.Err, tc.row, tc.col)
			}
		})
	}
}

// TestTooLarge: a part beyond the limit given to Open is refused with a
// *LimitError, one within it is read.
func TestTooLarge(t *testing.T) {
	data := xlsxtest.Bytes(wideRows(10, 100))
	wb, err := xlsxread.Open(data, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var le *xlsxread.LimitError
	if _, err := wb.FirstSheet(); !errors.As(err, &le) || le.Part != "xl/sharedStrings.xml" || le.Limit != 1000 || le.Size <= 1000 ||
		err.Error() != fmt.Sprintf("shared strings: xlsx part xl/sharedStrings.xml expands to %d bytes (limit 1000)", le.Size) {
		t.Errorf("err = %v, want a *LimitError naming the shared strings", err)
	}
	if _, err := readAll(data); err != nil {
		t.Errorf("within the limit: %v", err)
	}
}

// needSink wants only the columns in need; it records what it is told.
type needSink struct {
	grid
	need   []bool
	filled map[[2]int]bool
	begun  []int
}

func (s *needSink) BeginRow(n int) []bool {
	s.grid.BeginRow(n)
	s.begun = append(s.begun, n)
	return s.need
}

func (s *needSink) Filled(col int) { s.filled[[2]int{s.cur, col}] = true }

// TestSink: rows left out are begun and ended with no cells; an unwanted
// cell is only reported as filled when it is not blank; merged ranges are
// reported as written; a sheet can be read twice.
func TestSink(t *testing.T) {
	sheet := []byte(`<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>7</v></c><c r="D2" t="inlineStr"><is><t>x</t></is></c></row>` +
		`<row r="4"><c r="B4" t="s"><v>0</v></c><c r="C4"><v> </v></c><c r="E4"><v>5</v></c></row></sheetData>` +
		`<mergeCells><mergeCell ref="A1:C1"/><mergeCell ref="bad"/><mergeCell ref="B2:A1"/><mergeCell ref="D5:XFD1048576"/></mergeCells></worksheet>`)
	data := xlsxtest.Zip(xlsxtest.Parts(sheet, []byte(`<sst><si><t>kept</t></si><si><t> </t></si></sst>`)))
	wb, err := xlsxread.Open(data, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := wb.FirstSheet()
	if err != nil || sh.Name != "Responses" {
		t.Fatalf("sheet %v, %v", sh, err)
	}
	for pass := range 2 {
		s := &needSink{need: []bool{true, false, false, true}, filled: map[[2]int]bool{}}
		if err := sh.Read(s); err != nil {
			t.Fatal(err)
		}
		if want := []int{1, 2, 3, 4}; !reflect.DeepEqual(s.begun, want) {
			t.Errorf("pass %d: rows begun %v, want %v", pass, s.begun, want)
		}
		// Column E (4) lies beyond need: wanted.
		if want := [][]string{nil, {"kept", "", "", "x"}, nil, {"", "", "", "", "5"}}; !reflect.DeepEqual(s.rows, want) {
			t.Errorf("pass %d: cells %q, want %q", pass, s.rows, want)
		}
		if want := map[[2]int]bool{{2, 2}: true, {4, 1}: true}; !reflect.DeepEqual(s.filled, want) {
			t.Errorf("pass %d: filled %v, want %v (C2 holds 7; B2 and C4 are blank)", pass, s.filled, want)
		}
		if want := []xlsxread.Range{{R1: 1, C1: 1, R2: 1, C2: 3}, {R1: 5, C1: 4, R2: xlsxread.MaxRows, C2: xlsxread.MaxCols}}; !reflect.DeepEqual(s.merges, want) {
			t.Errorf("pass %d: merges %v, want %v", pass, s.merges, want)
		}
	}
}

// TestSinkError: an error of the sink stops the read and comes back as it is.
func TestSinkError(t *testing.T) {
	stop := errors.New("stop")
	data := xlsxtest.Bytes([][]string{{"a"}, {"1"}, {"2"}})
	wb, _ := xlsxread.Open(data, 1<<20)
	sh, err := wb.FirstSheet()
	if err != nil {
		t.Fatal(err)
	}
	s := &stopSink{at: 2, err: stop}
	if err := sh.Read(s); err != stop || s.rows != 2 {
		t.Errorf("err = %v after %d rows, want the sink's error after 2", err, s.rows)
	}
}

type stopSink struct {
	grid
	at, rows int
	err      error
}

func (s *stopSink) EndRow() error {
	if s.rows++; s.rows == s.at {
		return s.err
	}
	return nil
}

// TestColumnName: names and the reader's columns agree, up to the last.
func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", xlsxread.MaxCols - 1: "XFD"} {
		if got := xlsxread.ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", i, got, want)
		}
		g, err := readAll(sheetOf(`<row r="1"><c r="` + want + `1"><v>1</v></c></row>`))
		if err != nil || len(g.rows[0]) != i+1 || g.rows[0][i] != "1" {
			t.Errorf("a cell at %s1 read at column %d (%v), want %d", want, len(g.rows[0]), err, i+1)
		}
	}
}

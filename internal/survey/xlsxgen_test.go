package survey

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Test helpers that write XLSX files byte by byte, so that tests and the
// hostile corpus can make workbooks no well-behaved library would.

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`

const workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>`

const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

// part is one zip entry; raw entries carry their own (possibly lying) sizes.
type part struct {
	name string
	data []byte
	// lieSize, if non-zero, is written as the declared uncompressed size.
	lieSize uint64
}

// zipParts returns a deterministic zip of the parts (deflated).
func zipParts(parts []part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.lieSize != 0 {
			var comp bytes.Buffer
			fw := zip.NewWriter(&comp)
			w, _ := fw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
			w.Write(p.data)
			fw.Close()
			zr, _ := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
			h := zr.File[0].FileHeader
			raw, _ := zr.File[0].OpenRaw()
			h.UncompressedSize64 = p.lieSize
			rw, _ := zw.CreateRaw(&h)
			var b bytes.Buffer
			b.ReadFrom(raw)
			rw.Write(b.Bytes())
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		w.Write(p.data)
	}
	zw.Close()
	return buf.Bytes()
}

// workbookParts returns the standard parts around a sheet and shared strings.
func workbookParts(sheet, sst []byte) []part {
	ps := []part{{name: "[Content_Types].xml", data: []byte(contentTypes)}, {name: "_rels/.rels", data: []byte(rootRels)},
		{name: "xl/workbook.xml", data: []byte(workbookXML)}, {name: "xl/_rels/workbook.xml.rels", data: []byte(workbookRels)},
		{name: "xl/worksheets/sheet1.xml", data: sheet}}
	if sst != nil {
		ps = append(ps, part{name: "xl/sharedStrings.xml", data: sst})
	}
	return ps
}

// sheetXML builds sheet XML from rows of cells; a cell that parses as a
// number is written as a number, anything else as a shared string.
// mergeRefs are added as <mergeCell ref=…/>.
func sheetXML(rows [][]string, mergeRefs ...string) (sheet, sst []byte) {
	var sb, ss strings.Builder
	idx := map[string]int{}
	var strs []string
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&sb, `<row r="%d">`, i+1)
		for j, c := range r {
			if c == "" {
				continue
			}
			ref := fmt.Sprintf("%s%d", ColumnName(j), i+1)
			if isNumber(c) {
				fmt.Fprintf(&sb, `<c r="%s"><v>%s</v></c>`, ref, c)
				continue
			}
			k, ok := idx[c]
			if !ok {
				k = len(strs)
				idx[c] = k
				strs = append(strs, c)
			}
			fmt.Fprintf(&sb, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
		}
		sb.WriteString(`</row>`)
	}
	sb.WriteString(`</sheetData>`)
	if len(mergeRefs) > 0 {
		fmt.Fprintf(&sb, `<mergeCells count="%d">`, len(mergeRefs))
		for _, m := range mergeRefs {
			fmt.Fprintf(&sb, `<mergeCell ref="%s"/>`, m)
		}
		sb.WriteString(`</mergeCells>`)
	}
	sb.WriteString(`</worksheet>`)
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(strs), len(strs))
	for _, s := range strs {
		ss.WriteString(`<si><t xml:space="preserve">` + xmlEscape(s) + `</t></si>`)
	}
	ss.WriteString(`</sst>`)
	return []byte(sb.String()), []byte(ss.String())
}

func isNumber(s string) bool {
	if s == "" || len(s) > 15 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return s[0] != '.' && s[0] != '0' || s == "0"
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "_x000D_").Replace(s)
}

// xlsxBytes is a whole workbook of rows.
func xlsxBytes(rows [][]string, mergeRefs ...string) []byte {
	sheet, sst := sheetXML(rows, mergeRefs...)
	return zipParts(workbookParts(sheet, sst))
}

// writeSheet writes a workbook with a header of cols columns and n rows.
func writeSheet(tb testing.TB, path string, cols, n int) string {
	tb.Helper()
	rows := make([][]string, 0, n+1)
	hdr := make([]string, cols)
	for j := range hdr {
		hdr[j] = fmt.Sprintf("Question %d", j+1)
	}
	rows = append(rows, hdr)
	for i := 0; i < n; i++ {
		r := make([]string, cols)
		for j := range r {
			if j%2 == 0 {
				r[j] = fmt.Sprintf("Answer %d", (i*7+j)%13)
			} else {
				r[j] = fmt.Sprint((i*31 + j) % 1000)
			}
		}
		rows = append(rows, r)
	}
	if err := os.WriteFile(path, xlsxBytes(rows), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Package xlsxtest writes XLSX files byte by byte for tests, so that tests
// and hostile corpora can make workbooks no well-behaved library would: a
// part under any name (twice, if asked), a zip entry that lies about its
// size, sheet XML as written. Its output is deterministic.
//
// For tests only; deadcode lists it because no command imports it: only
// the _test.go files of the XLSX reader and its users do.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread"
)

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`

const workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>`

const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

// Part is one zip entry.
type Part struct {
	Name string
	Data []byte
	// LieSize, if non-zero, is written as the declared uncompressed size.
	LieSize uint64
}

// Zip returns a deterministic zip of the parts (deflated), in order.
func Zip(parts []Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.LieSize != 0 {
			var comp bytes.Buffer
			fw := zip.NewWriter(&comp)
			w, _ := fw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate})
			w.Write(p.Data)
			fw.Close()
			zr, _ := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
			h := zr.File[0].FileHeader
			raw, _ := zr.File[0].OpenRaw()
			h.UncompressedSize64 = p.LieSize
			rw, _ := zw.CreateRaw(&h)
			var b bytes.Buffer
			b.ReadFrom(raw)
			rw.Write(b.Bytes())
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate})
		w.Write(p.Data)
	}
	zw.Close()
	return buf.Bytes()
}

// Parts returns the standard parts of a one-sheet workbook (its sheet named
// "Responses") around the sheet and shared strings (none when sst is nil):
// content types, relationships, workbook, the sheet, the shared strings.
func Parts(sheet, sst []byte) []Part {
	ps := []Part{{Name: "[Content_Types].xml", Data: []byte(contentTypes)}, {Name: "_rels/.rels", Data: []byte(rootRels)},
		{Name: "xl/workbook.xml", Data: []byte(workbookXML)}, {Name: "xl/_rels/workbook.xml.rels", Data: []byte(workbookRels)},
		{Name: "xl/worksheets/sheet1.xml", Data: sheet}}
	if sst != nil {
		ps = append(ps, Part{Name: "xl/sharedStrings.xml", Data: sst})
	}
	return ps
}

// SheetXML builds sheet XML from rows of cells; a cell that parses as a
// number is written as a number, anything else as a shared string.
// mergeRefs are added as <mergeCell ref=…/>.
func SheetXML(rows [][]string, mergeRefs ...string) (sheet, sst []byte) {
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
			ref := fmt.Sprintf("%s%d", xlsxread.ColumnName(j), i+1)
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

// Bytes is a whole workbook of rows (see SheetXML).
func Bytes(rows [][]string, mergeRefs ...string) []byte {
	sheet, sst := SheetXML(rows, mergeRefs...)
	return Zip(Parts(sheet, sst))
}

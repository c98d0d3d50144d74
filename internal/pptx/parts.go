package pptx

import (
	"encoding/xml"
	"fmt"
	"strings"
)

const (
	nsA   = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"`
	nsR   = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	nsP   = `xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
	nsAll = nsA + " " + nsR + " " + nsP
	head  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

	relBase   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctBase    = "application/vnd.openxmlformats-officedocument.presentationml."
	accentHex = "0072B2" // Okabe–Ito blue, as in the charts
	inkHex    = "1A1A1A"
	mutedHex  = "555555"
)

// esc escapes s for XML text and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// rels renders a relationships part; each entry is {id, type, target}.
func rels(entries ...[3]string) string {
	var b strings.Builder
	b.WriteString(head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, e := range entries {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"/>`, e[0], e[1], e[2])
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func contentTypes(pages []page) string {
	var b strings.Builder
	b.WriteString(head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Default Extension="png" ContentType="image/png"/>`)
	over := func(part, ct string) { fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, part, ct) }
	over("ppt/presentation.xml", ctBase+"presentation.main+xml")
	over("ppt/slideMasters/slideMaster1.xml", ctBase+"slideMaster+xml")
	over("ppt/slideLayouts/slideLayout1.xml", ctBase+"slideLayout+xml")
	over("ppt/notesMasters/notesMaster1.xml", ctBase+"notesMaster+xml")
	over("ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")
	over("ppt/theme/theme2.xml", "application/vnd.openxmlformats-officedocument.theme+xml")
	over("ppt/presProps.xml", ctBase+"presProps+xml")
	over("ppt/viewProps.xml", ctBase+"viewProps+xml")
	over("ppt/tableStyles.xml", ctBase+"tableStyles+xml")
	over("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
	for i := range pages {
		over(fmt.Sprintf("ppt/slides/slide%d.xml", i+1), ctBase+"slide+xml")
		over(fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", i+1), ctBase+"notesSlide+xml")
	}
	b.WriteString(`</Types>`)
	return b.String()
}

func coreXML(title string) string {
	return head + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:creator>gtmsurvey</dc:creator></cp:coreProperties>`
}

func presentationXML(n int) string {
	var b strings.Builder
	b.WriteString(head + `<p:presentation ` + nsAll + `>`)
	b.WriteString(`<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>`)
	b.WriteString(`<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst><p:sldIdLst>`)
	for i := range n {
		fmt.Fprintf(&b, `<p:sldId id="%d" r:id="rId%d"/>`, 256+i, 10+i)
	}
	fmt.Fprintf(&b, `</p:sldIdLst><p:sldSz cx="%d" cy="%d"/><p:notesSz cx="%d" cy="%d"/>`, slideW, slideH, notesW, notesH)
	b.WriteString(`<p:defaultTextStyle><a:lvl1pPr><a:defRPr sz="1800"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:defaultTextStyle></p:presentation>`)
	return b.String()
}

func presentationRels(n int) string {
	e := [][3]string{
		{"rId1", relBase + "slideMaster", "slideMasters/slideMaster1.xml"},
		{"rId2", relBase + "notesMaster", "notesMasters/notesMaster1.xml"},
		{"rId3", relBase + "theme", "theme/theme1.xml"},
		{"rId4", relBase + "presProps", "presProps.xml"},
		{"rId5", relBase + "viewProps", "viewProps.xml"},
		{"rId6", relBase + "tableStyles", "tableStyles.xml"},
	}
	for i := range n {
		e = append(e, [3]string{fmt.Sprintf("rId%d", 10+i), relBase + "slide", fmt.Sprintf("slides/slide%d.xml", i+1)})
	}
	return rels(e...)
}

func slideRels(n int, p page) string {
	e := [][3]string{
		{"rId1", relBase + "slideLayout", "../slideLayouts/slideLayout1.xml"},
		{"rId2", relBase + "notesSlide", fmt.Sprintf("../notesSlides/notesSlide%d.xml", n)},
	}
	if p.Image != nil {
		e = append(e, [3]string{"rId3", relBase + "image", "../media/" + p.imageName})
	}
	return rels(e...)
}

func notesRels(n int) string {
	return rels([3]string{"rId1", relBase + "notesMaster", "../notesMasters/notesMaster1.xml"},
		[3]string{"rId2", relBase + "slide", fmt.Sprintf("../slides/slide%d.xml", n)})
}

// spTreeStart opens a shape tree with its required group properties.
const spTreeStart = `<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>` +
	`<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>`

// box is a rectangle in EMU.
type box struct{ x, y, w, h int }

func (r box) xfrm() string {
	return fmt.Sprintf(`<a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm>`, r.x, r.y, r.w, r.h)
}

// run is one paragraph's text formatting.
type run struct {
	size   int // hundredths of a point
	bold   bool
	color  string
	align  string // l, ctr
	bullet bool   // each paragraph a bulleted point, spaced apart
}

// paragraphs renders text, one <a:p> per line.
func paragraphs(text string, r run) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		b1 := "0"
		if r.bold {
			b1 = "1"
		}
		ppr := fmt.Sprintf(`<a:pPr algn="%s"/>`, r.align)
		if r.bullet {
			ppr = fmt.Sprintf(`<a:pPr marL="342900" indent="-342900" algn="%s"><a:spcBef><a:spcPts val="1200"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>`, r.align)
		}
		fmt.Fprintf(&b, `<a:p>%s<a:r><a:rPr lang="en-US" sz="%d" b="%s" dirty="0"><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:latin typeface="Arial"/></a:rPr><a:t>%s</a:t></a:r></a:p>`,
			ppr, r.size, b1, r.color, esc(line))
	}
	return b.String()
}

// textShape is a text box; ph is the placeholder element ("" for none).
func textShape(id int, name, ph string, at box, anchor, text string, r run) string {
	cnv := `<p:cNvSpPr txBox="1"/>`
	if ph != "" {
		cnv = `<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>`
	}
	return fmt.Sprintf(`<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/>%s<p:nvPr>%s</p:nvPr></p:nvSpPr>`+
		`<p:spPr>%s<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>`+
		`<p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" anchor="%s"><a:normAutofit/></a:bodyPr><a:lstStyle/>%s</p:txBody></p:sp>`,
		id, name, cnv, ph, at.xfrm(), anchor, paragraphs(text, r))
}

// rect is a filled rectangle.
func rect(id int, at box, hex string) string {
	return fmt.Sprintf(`<p:sp><p:nvSpPr><p:cNvPr id="%d" name="Accent"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>`+
		`<p:spPr>%s<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>`,
		id, at.xfrm(), hex)
}

const inch = 914400

// Content slide layout in EMU: the title band, the grey line under it,
// the footer at the bottom and the body between.
const (
	titleTop    = inch / 5
	titleH      = inch
	subtitleTop = titleTop + titleH
	subtitleH   = inch * 2 / 5
	footerH     = inch * 3 / 10
	footerTop   = slideH - footerH - inch/10
)

func slideXML(p page) string {
	var b strings.Builder
	b.WriteString(head + `<p:sld ` + nsAll + `><p:cSld>` + spTreeStart)
	switch p.Layout {
	case TitleSlide:
		b.WriteString(rect(4, box{inch, 3*inch - inch/8, inch * 3 / 2, inch / 10}, accentHex))
		b.WriteString(textShape(2, "Title", `<p:ph type="title"/>`, box{inch, inch, slideW - 2*inch, 2*inch - inch/4}, "b", p.Title, run{size: 5400, bold: true, color: inkHex, align: "l"}))
		b.WriteString(textShape(3, "Subtitle", "", box{inch, 3*inch + inch/8, slideW - 2*inch, 2 * inch}, "t", p.Subtitle, run{size: 2400, bold: false, color: mutedHex, align: "l"}))
	case Section:
		b.WriteString(rect(3, box{0, 0, inch / 4, slideH}, accentHex))
		b.WriteString(textShape(2, "Title", `<p:ph type="title"/>`, box{inch, 2 * inch, slideW - 2*inch, 3 * inch}, "ctr", p.Title, run{size: 4800, bold: true, color: inkHex, align: "l"}))
	default:
		b.WriteString(contentShapes(p))
	}
	b.WriteString(`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`)
	return b.String()
}

// contentShapes are a content slide's title, grey line, picture or points,
// and footer.
func contentShapes(p page) string {
	var b strings.Builder
	b.WriteString(textShape(2, "Title", `<p:ph type="title"/>`, box{inch / 2, titleTop, slideW - inch, titleH}, "ctr", p.Title, run{size: 3000, bold: true, color: inkHex, align: "l"}))
	top := subtitleTop
	if p.Subtitle != "" {
		b.WriteString(textShape(5, "Subtitle", "", box{inch / 2, top, slideW - inch, subtitleH}, "t", p.Subtitle, run{size: 1600, bold: false, color: mutedHex, align: "l"}))
		top += subtitleH
	}
	bottom := slideH - inch/10
	if p.Footer != "" {
		bottom = footerTop
		b.WriteString(textShape(6, "Footer", "", box{inch / 2, footerTop, slideW - inch, footerH}, "b", p.Footer, run{size: 1000, bold: false, color: mutedHex, align: "l"}))
	}
	if p.Image != nil {
		b.WriteString(picture(3, p, top+inch/20, bottom))
	}
	if len(p.Points) > 0 {
		b.WriteString(textShape(4, "Points", "", box{inch * 3 / 4, top + inch/5, slideW - inch*3/2, bottom - top - inch/5}, "t",
			strings.Join(p.Points, "\n"), run{size: 2000, color: inkHex, align: "l", bullet: true}))
	}
	if len(p.Table) > 0 {
		b.WriteString(table(7, p.Table, box{inch / 2, top + inch/10, slideW - inch, bottom - top - inch/10}))
	}
	return b.String()
}

// table is a grid of text in at, the first row a bold header on grey, each
// row as high as the box allows up to a third of an inch.
func table(id int, rows [][]string, at box) string {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	rowH := min(inch/3, at.h/max(len(rows), 1))
	var b strings.Builder
	fmt.Fprintf(&b, `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="%d" name="Table"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>`, id)
	fmt.Fprintf(&b, `<p:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></p:xfrm>`, at.x, at.y, at.w, rowH*len(rows))
	b.WriteString(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/><a:tblGrid>`)
	for range cols {
		fmt.Fprintf(&b, `<a:gridCol w="%d"/>`, at.w/cols)
	}
	b.WriteString(`</a:tblGrid>`)
	for i, r := range rows {
		fmt.Fprintf(&b, `<a:tr h="%d">`, rowH)
		for j := range cols {
			text := ""
			if j < len(r) {
				text = r[j]
			}
			fill := ""
			if i == 0 {
				fill = `<a:solidFill><a:srgbClr val="F4F4F4"/></a:solidFill>`
			}
			fmt.Fprintf(&b, `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>%s</a:txBody><a:tcPr marL="45720" marR="45720" marT="22860" marB="22860">%s</a:tcPr></a:tc>`,
				paragraphs(text, run{size: 1400, bold: i == 0, color: inkHex, align: "l"}), fill)
		}
		b.WriteString(`</a:tr>`)
	}
	b.WriteString(`</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`)
	return b.String()
}

// picture places the picture between top and bottom, as large as fits,
// centred.
func picture(id int, p page, top, bottom int) string {
	availW, availH := slideW-inch/2, bottom-top
	w, h := availW, availW*p.imgH/p.imgW
	if h > availH {
		w, h = availH*p.imgW/p.imgH, availH
	}
	at := box{(slideW - w) / 2, top, w, h}
	return fmt.Sprintf(`<p:pic><p:nvPicPr><p:cNvPr id="%d" name="Chart" descr="%s"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>`+
		`<p:blipFill><a:blip r:embed="rId3"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>`+
		`<p:spPr>%s<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`, id, esc(p.Title), at.xfrm())
}

func notesXML(p page) string {
	var b strings.Builder
	b.WriteString(head + `<p:notes ` + nsAll + `><p:cSld>` + spTreeStart)
	fmt.Fprintf(&b, `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr>%s</p:spPr></p:sp>`,
		box{381000, 685800, 6096000, 3429000}.xfrm())
	fmt.Fprintf(&b, `<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr>%s</p:spPr>`+
		`<p:txBody><a:bodyPr/><a:lstStyle/>%s</p:txBody></p:sp>`, box{685800, 4343400, 5486400, 4114800}.xfrm(), paragraphs(p.Notes, run{size: 1200, bold: false, color: inkHex, align: "l"}))
	b.WriteString(`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>`)
	return b.String()
}

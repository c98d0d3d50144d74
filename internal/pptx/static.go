package pptx

import "fmt"

// staticParts are the parts every deck shares: package relationships, the
// master with its one layout, the notes master, the themes and the
// presentation properties.
func staticParts() map[string]string {
	return map[string]string{
		"_rels/.rels": rels(
			[3]string{"rId1", relBase + "officeDocument", "ppt/presentation.xml"},
			[3]string{"rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"}),
		"ppt/slideMasters/slideMaster1.xml":            masterXML(),
		"ppt/slideMasters/_rels/slideMaster1.xml.rels": rels([3]string{"rId1", relBase + "slideLayout", "../slideLayouts/slideLayout1.xml"}, [3]string{"rId2", relBase + "theme", "../theme/theme1.xml"}),
		"ppt/slideLayouts/slideLayout1.xml":            layoutXML(),
		"ppt/slideLayouts/_rels/slideLayout1.xml.rels": rels([3]string{"rId1", relBase + "slideMaster", "../slideMasters/slideMaster1.xml"}),
		"ppt/notesMasters/notesMaster1.xml":            notesMasterXML(),
		"ppt/notesMasters/_rels/notesMaster1.xml.rels": rels([3]string{"rId1", relBase + "theme", "../theme/theme2.xml"}),
		"ppt/theme/theme1.xml":                         themeXML("gtmsurvey"),
		"ppt/theme/theme2.xml":                         themeXML("gtmsurvey notes"),
		"ppt/presProps.xml":                            head + `<p:presentationPr ` + nsAll + `/>`,
		"ppt/viewProps.xml":                            head + `<p:viewPr ` + nsAll + `><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>`,
		"ppt/tableStyles.xml":                          head + `<a:tblStyleLst ` + nsA + ` def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>`,
	}
}

const clrMap = `<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>`

// placeholder is an empty placeholder shape of a master or layout.
func placeholder(id int, name, ph string, at box) string {
	return fmt.Sprintf(`<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>%s</p:nvPr></p:nvSpPr>`+
		`<p:spPr>%s<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`,
		id, name, ph, at.xfrm())
}

var titleBox = box{inch / 2, inch / 5, slideW - inch, inch}

func masterXML() string {
	style := func(sz int, bold string) string {
		return fmt.Sprintf(`<a:lvl1pPr><a:defRPr sz="%d" b="%s"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="Arial"/></a:defRPr></a:lvl1pPr>`, sz, bold)
	}
	return head + `<p:sldMaster ` + nsAll + `><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>` + spTreeStart +
		placeholder(2, "Title Placeholder", `<p:ph type="title"/>`, titleBox) +
		placeholder(3, "Text Placeholder", `<p:ph type="body" idx="1"/>`, box{inch / 2, inch * 5 / 4, slideW - inch, slideH - 2*inch}) +
		`</p:spTree></p:cSld>` + clrMap +
		`<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst>` +
		`<p:txStyles><p:titleStyle>` + style(3000, "1") + `</p:titleStyle><p:bodyStyle>` + style(2000, "0") + `</p:bodyStyle><p:otherStyle>` + style(1800, "0") + `</p:otherStyle></p:txStyles></p:sldMaster>`
}

func layoutXML() string {
	return head + `<p:sldLayout ` + nsAll + ` type="titleOnly" preserve="1"><p:cSld name="Title Only">` + spTreeStart +
		placeholder(2, "Title 1", `<p:ph type="title"/>`, titleBox) +
		`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`
}

func notesMasterXML() string {
	return head + `<p:notesMaster ` + nsAll + `><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>` + spTreeStart +
		placeholder(2, "Slide Image Placeholder", `<p:ph type="sldImg" idx="2"/>`, box{381000, 685800, 6096000, 3429000}) +
		placeholder(3, "Notes Placeholder", `<p:ph type="body" idx="1"/>`, box{685800, 4343400, 5486400, 4114800}) +
		`</p:spTree></p:cSld>` + clrMap + `</p:notesMaster>`
}

// themeXML is a plain theme: Okabe–Ito accents, Arial (Liberation Sans
// where Arial is absent), flat fills.
func themeXML(name string) string {
	clr := func(tag, hex string) string { return fmt.Sprintf(`<a:%s><a:srgbClr val="%s"/></a:%s>`, tag, hex, tag) }
	font := `<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>`
	fill := `<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`
	line := `<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>`
	effect := `<a:effectStyle><a:effectLst/></a:effectStyle>`
	return head + `<a:theme ` + nsA + ` name="` + esc(name) + `"><a:themeElements><a:clrScheme name="Okabe-Ito">` +
		clr("dk1", "1A1A1A") + clr("lt1", "FFFFFF") + clr("dk2", "555555") + clr("lt2", "F4F4F4") +
		clr("accent1", "0072B2") + clr("accent2", "E69F00") + clr("accent3", "009E73") + clr("accent4", "D55E00") +
		clr("accent5", "CC79A7") + clr("accent6", "56B4E9") + clr("hlink", "0072B2") + clr("folHlink", "CC79A7") +
		`</a:clrScheme><a:fontScheme name="Arial"><a:majorFont>` + font + `</a:majorFont><a:minorFont>` + font + `</a:minorFont></a:fontScheme>` +
		`<a:fmtScheme name="Plain"><a:fillStyleLst>` + fill + fill + fill + `</a:fillStyleLst><a:lnStyleLst>` + line + line + line +
		`</a:lnStyleLst><a:effectStyleLst>` + effect + effect + effect + `</a:effectStyleLst><a:bgFillStyleLst>` + fill + fill + fill +
		`</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`
}

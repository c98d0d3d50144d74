// Package pptx writes a presentation as a PowerPoint (.pptx) file, as
// encoding/csv writes a table: it knows the file format and nothing of what
// the slides say. A Presentation is a list of slides of three layouts: a
// title slide, a section divider, and a content slide (a title, an optional
// grey line under it, then a picture or a list of points, and an optional
// small grey footer; or a table), each with speaker notes. A content slide
// holds at most one of a picture, points and a table.
//
// It writes the few Office Open XML parts a presentation needs (content
// types, presentation, one master and layout, theme, notes master, slides,
// notes slides, relationships, media) into a zip with fixed timestamps and a
// fixed order, so the same presentation always gives the same bytes.
// LibreOffice Impress and PowerPoint open it; the package test converts one
// with LibreOffice and counts the pages.
package pptx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	_ "image/png" // decode PNG sizes
	"sort"
	"strings"
	"time"
)

// Presentation is a whole .pptx file.
type Presentation struct {
	Title  string  // the document title (file properties)
	Slides []Slide // in order
}

// Layout is how a slide is laid out.
type Layout int

const (
	// Content is a title with a picture or a list of points below it.
	Content Layout = iota
	// TitleSlide is the opening slide: a large title and its subtitle.
	TitleSlide
	// Section is a divider: one large heading.
	Section
)

// Slide is one slide.
type Slide struct {
	Layout   Layout
	Title    string
	Subtitle string     // the title slide's second line; on a content slide a grey line under the title
	Points   []string   // a content slide's text, one paragraph each
	Table    [][]string // a content slide's table, the first row its header
	Image    []byte     // a content slide's picture (PNG), as large as fits below the title
	Footer   string     // small grey text at the bottom of a content slide
	Notes    string     // speaker notes; "\n" separates paragraphs
}

// slide sizes in EMU (914400 per inch): 16:9 at 13.333 × 7.5 in, notes
// pages portrait letter.
const (
	slideW = 12192000
	slideH = 6858000
	notesW = 6858000
	notesH = 9144000
)

// page is one slide as written, with its picture's size and part name.
type page struct {
	Slide
	imgW, imgH int
	imageName  string
}

// Write returns the presentation as a .pptx file. A picture that is not a
// PNG, or a content slide with more than one of a picture, points and a
// table, is an error naming the slide.
func (p Presentation) Write() ([]byte, error) {
	pages, err := p.pages()
	if err != nil {
		return nil, err
	}
	parts := map[string][]byte{}
	for name, s := range staticParts() {
		parts[name] = []byte(s)
	}
	parts["docProps/core.xml"] = []byte(coreXML(p.Title))
	parts["ppt/presentation.xml"] = []byte(presentationXML(len(pages)))
	parts["ppt/_rels/presentation.xml.rels"] = []byte(presentationRels(len(pages)))
	parts["[Content_Types].xml"] = []byte(contentTypes(pages))
	for i, pg := range pages {
		n := i + 1
		parts[fmt.Sprintf("ppt/slides/slide%d.xml", n)] = []byte(slideXML(pg))
		parts[fmt.Sprintf("ppt/slides/_rels/slide%d.xml.rels", n)] = []byte(slideRels(n, pg))
		parts[fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", n)] = []byte(notesXML(pg))
		parts[fmt.Sprintf("ppt/notesSlides/_rels/notesSlide%d.xml.rels", n)] = []byte(notesRels(n))
		if pg.Image != nil {
			parts["ppt/media/"+pg.imageName] = pg.Image
		}
	}
	return zipParts(parts)
}

// pages checks each slide and measures its picture.
func (p Presentation) pages() ([]page, error) {
	pages := make([]page, len(p.Slides))
	for i, s := range p.Slides {
		pg := page{Slide: s}
		bodies := 0
		for _, has := range []bool{len(s.Image) > 0, len(s.Points) > 0, len(s.Table) > 0} {
			if has {
				bodies++
			}
		}
		if bodies > 1 {
			return nil, fmt.Errorf("slide %d (%q): more than one of a picture, points and a table", i+1, s.Title)
		}
		if len(s.Image) == 0 {
			pg.Image = nil
			pages[i] = pg
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(s.Image))
		if err != nil || format != "png" || cfg.Width <= 0 || cfg.Height <= 0 {
			return nil, fmt.Errorf("slide %d (%q): image is not a PNG", i+1, s.Title)
		}
		pg.imgW, pg.imgH = cfg.Width, cfg.Height
		pg.imageName = fmt.Sprintf("image%d.png", i+1)
		pages[i] = pg
	}
	return pages, nil
}

// modified is the timestamp of every zip entry, so bytes do not depend on
// the clock.
var modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// zipParts writes the parts into a zip: [Content_Types].xml first, the rest
// sorted by name; PNGs stored, XML deflated.
func zipParts(parts map[string][]byte) ([]byte, error) {
	names := make([]string, 0, len(parts))
	for n := range parts {
		if n != "[Content_Types].xml" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	names = append([]string{"[Content_Types].xml"}, names...)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		h := &zip.FileHeader{Name: n, Method: zip.Deflate, Modified: modified}
		if strings.HasSuffix(n, ".png") {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", n, err)
		}
		if _, err := w.Write(parts[n]); err != nil {
			return nil, fmt.Errorf("zip %s: %w", n, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return b.Bytes(), nil
}

// Package deck writes a slide deck as a PowerPoint (PPTX) file: a title
// slide, then chart slides in order, with a section slide opening each new
// theme. Each chart slide has the finding as its title, the chart as an
// embedded PNG, and the statistics as speaker notes.
//
// It writes the few Office Open XML parts a presentation needs (content
// types, presentation, one master and layout, theme, notes master, slides,
// notes slides, relationships, media) into a zip with fixed timestamps and a
// fixed order, so the same deck always gives the same bytes.
package deck

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

// Deck is a presentation.
type Deck struct {
	Title    string  // title slide heading
	Subtitle string  // title slide second line
	Slides   []Slide // chart slides in order
}

// Slide is one chart slide.
type Slide struct {
	// Section is the theme the slide belongs to; a section slide with this
	// heading is inserted before the first slide of each new Section. Empty
	// for slides outside any theme (verdict summary, hypotheses).
	Section string
	Title   string // the finding, as the slide's title
	Image   []byte // PNG of the chart
	Notes   string // speaker notes; "\n" separates paragraphs
}

// slide sizes in EMU (914400 per inch): 16:9 at 13.333 × 7.5 in, notes
// pages portrait letter.
const (
	slideW = 12192000
	slideH = 6858000
	notesW = 6858000
	notesH = 9144000
)

// kind of a slide in the written deck.
type kind int

const (
	titleSlide kind = iota
	sectionSlide
	chartSlide
)

// page is one slide as written, after section slides are inserted.
type page struct {
	kind      kind
	title     string
	subtitle  string
	image     []byte
	imgW      int
	imgH      int
	notes     string
	imageName string
}

// PPTX returns the deck as a .pptx file.
func (d Deck) PPTX() ([]byte, error) {
	pages, err := d.pages()
	if err != nil {
		return nil, err
	}
	parts := map[string][]byte{}
	for name, s := range staticParts() {
		parts[name] = []byte(s)
	}
	parts["docProps/core.xml"] = []byte(coreXML(d.Title))
	parts["ppt/presentation.xml"] = []byte(presentationXML(len(pages)))
	parts["ppt/_rels/presentation.xml.rels"] = []byte(presentationRels(len(pages)))
	parts["[Content_Types].xml"] = []byte(contentTypes(pages))
	for i, p := range pages {
		n := i + 1
		parts[fmt.Sprintf("ppt/slides/slide%d.xml", n)] = []byte(slideXML(p))
		parts[fmt.Sprintf("ppt/slides/_rels/slide%d.xml.rels", n)] = []byte(slideRels(n, p))
		parts[fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", n)] = []byte(notesXML(p))
		parts[fmt.Sprintf("ppt/notesSlides/_rels/notesSlide%d.xml.rels", n)] = []byte(notesRels(n))
		if p.image != nil {
			parts["ppt/media/"+p.imageName] = p.image
		}
	}
	return zipParts(parts)
}

// pages expands the deck into the slides written: the title slide, and a
// section slide before each new section.
func (d Deck) pages() ([]page, error) {
	pages := []page{{kind: titleSlide, title: d.Title, subtitle: d.Subtitle}}
	section := ""
	for i, s := range d.Slides {
		if s.Section != "" && s.Section != section {
			pages = append(pages, page{kind: sectionSlide, title: s.Section})
		}
		section = s.Section
		p := page{kind: chartSlide, title: s.Title, notes: s.Notes}
		if len(s.Image) > 0 {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(s.Image))
			if err != nil || format != "png" || cfg.Width <= 0 || cfg.Height <= 0 {
				return nil, fmt.Errorf("slide %d (%q): image is not a PNG", i+1, s.Title)
			}
			p.image, p.imgW, p.imgH = s.Image, cfg.Width, cfg.Height
			p.imageName = fmt.Sprintf("image%d.png", len(pages)+1)
		}
		pages = append(pages, p)
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

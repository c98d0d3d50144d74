package charts

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// svgCanvas is an SVG canvas whose output embeds every font it draws text
// in, byte for byte as vgsvg.EmbedFonts(true) writes it, but from a cache:
// vgsvg reads and base64-encodes the whole font file again for every file.
type svgCanvas struct {
	*vgsvg.Canvas
	used []font.Face // faces in order of first use, one per faceKey
}

// newSVG is a w×h SVG canvas that embeds its fonts.
func newSVG(w, h vg.Length) *svgCanvas {
	return &svgCanvas{Canvas: vgsvg.NewWith(vgsvg.UseWH(w, h))}
}

// FillString draws text and notes its font for embedding.
func (c *svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, s)
	for _, u := range c.used {
		if faceKey(u) == faceKey(f) {
			return
		}
	}
	c.used = append(c.used, f)
}

// faceKey is what vgsvg tells faces apart by: all but the size.
func faceKey(f font.Face) font.Font {
	k := f.Font
	k.Size = 0
	return k
}

// svgHeaderEnd ends the <svg> element's start tag that vgsvg writes; the
// embedded fonts follow it. This and the <defs><style> layout below are
// vgsvg's as of gonum.org/v1/plot v0.17.0: after an upgrade,
// TestSVGFontsAsVgsvg says whether they still hold.
const svgHeaderEnd = "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"

// WriteTo writes the SVG with its fonts embedded.
func (c *svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	if _, err := c.Canvas.WriteTo(&b); err != nil {
		return 0, err
	}
	i := bytes.Index(b.Bytes(), []byte(svgHeaderEnd))
	if i < 0 {
		return 0, fmt.Errorf("svg: no <svg> start tag")
	}
	i += len(svgHeaderEnd)
	parts := [][]byte{b.Bytes()[:i], []byte("<defs>\n\t<style>\n")}
	for _, f := range c.used {
		ff, err := fontFace(f)
		if err != nil {
			return 0, err
		}
		parts = append(parts, ff)
	}
	parts = append(parts, []byte("\t</style>\n</defs>\n"), b.Bytes()[i:])
	if bb, ok := w.(*bytes.Buffer); ok {
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		bb.Grow(n)
	}
	var n int64
	for _, p := range parts {
		k, err := w.Write(p)
		if n += int64(k); err != nil {
			return n, err
		}
	}
	return n, nil
}

// fontFaces caches the @font-face rule of each face, as vgsvg writes it.
var fontFaces sync.Map // font.Font → []byte

// fontFace is the @font-face rule that embeds face f: what vgsvg writes
// for it, taken from a one-line SVG drawn with vgsvg.EmbedFonts.
func fontFace(f font.Face) ([]byte, error) {
	k := faceKey(f)
	if v, ok := fontFaces.Load(k); ok {
		return v.([]byte), nil
	}
	c := vgsvg.NewWith(vgsvg.UseWH(px(100), px(100)), vgsvg.EmbedFonts(true))
	c.FillString(f, vg.Point{}, "x")
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	s := b.Bytes()
	i := bytes.Index(s, []byte("<defs>\n\t<style>\n"))
	j := bytes.Index(s, []byte("\t</style>\n</defs>\n"))
	if i < 0 || j < i {
		return nil, fmt.Errorf("svg: vgsvg wrote no embedded font for %v", k)
	}
	ff := bytes.Clone(s[i+len("<defs>\n\t<style>\n") : j])
	fontFaces.Store(k, ff)
	return ff, nil
}

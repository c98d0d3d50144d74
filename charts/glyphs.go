package charts

import (
	"image"

	"git.sr.ht/~sbinet/gg"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// textCanvas is a vgimg canvas that draws text as vgimg does, but through
// faces kept for the whole figure that remember every glyph they drew:
// vgimg makes a new face for each string, and each face rasterises every
// glyph again. Glyphs are the same at the same sub-pixel offset, so the
// pixels are too.
type textCanvas struct {
	*vgimg.Canvas
	ctx   *gg.Context // the context the canvas draws with
	faces glyphFaces
}

// glyphFaces are one figure's faces by font and size. Faces are not safe
// for concurrent use: each figure, drawn on one goroutine, has its own.
type glyphFaces map[font.Font]*glyphFace

// FillString draws s at pt in face f (see vgimg.Canvas.FillString).
func (c *textCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	c.ctx.Push()
	defer c.ctx.Pop()
	c.ctx.SetFontFace(c.faces.face(f, c.DPI()))
	_, h := c.Size()
	c.ctx.InvertY()
	c.ctx.DrawString(s, pt.X.Dots(c.DPI()), h.Dots(c.DPI())-pt.Y.Dots(c.DPI()))
}

// face is the face for f at dpi, made on first use.
func (fs glyphFaces) face(f font.Face, dpi float64) *glyphFace {
	g, ok := fs[f.Font]
	if !ok {
		g = &glyphFace{Face: f.FontFace(dpi), glyphs: map[glyphKey]glyph{}}
		fs[f.Font] = g
	}
	return g
}

// glyphFace is a font face that keeps each glyph mask it made.
type glyphFace struct {
	xfont.Face
	glyphs map[glyphKey]glyph
}

// glyphKey is a rune at a sub-pixel offset (26.6 fractions).
type glyphKey struct {
	r    rune
	x, y fixed.Int26_6
}

// glyph is what Glyph returned for a dot at the sub-pixel offset alone.
type glyph struct {
	dr      image.Rectangle
	mask    image.Image
	maskp   image.Point
	advance fixed.Int26_6
	ok      bool
}

// Glyph is the face's glyph for r at dot, from the cache when it was drawn
// at the same sub-pixel offset before: the mask does not depend on the
// whole-pixel part of dot, which only moves dr.
func (g *glyphFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	k := glyphKey{r: r, x: dot.X & 63, y: dot.Y & 63}
	gl, ok := g.glyphs[k]
	if !ok {
		gl.dr, gl.mask, gl.maskp, gl.advance, gl.ok = g.Face.Glyph(fixed.Point26_6{X: k.x, Y: k.y}, r)
		if a, isAlpha := gl.mask.(*image.Alpha); isAlpha {
			gl.mask = &image.Alpha{Pix: append([]uint8(nil), a.Pix...), Stride: a.Stride, Rect: a.Rect}
		} else if gl.ok {
			return g.Face.Glyph(dot, r) // a mask the face may reuse: not kept
		}
		g.glyphs[k] = gl
	}
	return gl.dr.Add(image.Pt(dot.X.Floor(), dot.Y.Floor())), gl.mask, gl.maskp, gl.advance, gl.ok
}

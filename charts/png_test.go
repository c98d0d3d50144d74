package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gtmsurvey/gtmsurvey/charts/sample"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// sampleRasters draws f's slide image and its chart as render draws them,
// before compression: the slide's body, and the chart made of the title
// band (over a copy of the body's top margin) above the body's rows below
// that margin.
func sampleRasters(t *testing.T, f figure.Figure) (chart, slide *image.RGBA) {
	t.Helper()
	body, c := newRaster(SlideHeightPx)
	if err := drawBody(c, f); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	band, c := newRaster(bandPx + topMarginPx)
	copy(band.Pix[bandPx*band.Stride:], body.Pix[:topMarginPx*body.Stride])
	drawTitle(c, f)
	chart = image.NewRGBA(image.Rect(0, 0, WidthPx, HeightPx))
	n := copy(chart.Pix, band.Pix)
	copy(chart.Pix[n:], body.Pix[topMarginPx*body.Stride:])
	slide = image.NewRGBA(body.Rect)
	copy(slide.Pix, body.Pix)
	return chart, slide
}

// TestEncodePNGSamples checks every sample's chart and slide PNG, as
// DrawAll writes them, against the raster drawn for it: each
// decodes with image/png to exactly those pixels.
func TestEncodePNGSamples(t *testing.T) {
	figs := sample.Figures()
	d, err := DrawAll(figs)
	files, slides := d.Files, d.Slides
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range figs {
		chart, slide := sampleRasters(t, f)
		for _, c := range []struct {
			name string
			got  []byte
			want *image.RGBA
		}{{f.Name + ".png", files[f.Name+".png"], chart}, {f.Name + " slide", slides[i], slide}} {
			img, err := png.Decode(bytes.NewReader(c.got))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if img.Bounds() != c.want.Bounds() {
				t.Errorf("%s: bounds %v, drawn %v", c.name, img.Bounds(), c.want.Bounds())
			} else if x, y, ok := firstDiff(img, c.want); !ok {
				t.Errorf("%s: pixel (%d, %d) is %v, drawn %v", c.name, x, y, color.RGBAModel.Convert(img.At(x, y)), c.want.RGBAAt(x, y))
			}
		}
	}
}

// firstDiff finds the first pixel of want's bounds where img differs from
// want (ok: none).
func firstDiff(img image.Image, want *image.RGBA) (x, y int, ok bool) {
	for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
		for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) != want.RGBAAt(x, y) {
				return x, y, false
			}
		}
	}
	return 0, 0, true
}

// TestSVGFontsAsVgsvg checks that the SVG canvas with cached fonts writes
// the same bytes as vgsvg embedding the fonts itself, for every sample.
func TestSVGFontsAsVgsvg(t *testing.T) {
	w, h := px(WidthPx), px(HeightPx)
	for _, f := range sample.Figures() {
		ref := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
		got := newSVG(w, h)
		var a, b bytes.Buffer
		for _, c := range []struct {
			cv  vg.Canvas
			out *bytes.Buffer
			wr  interface {
				WriteTo(io.Writer) (int64, error)
			}
		}{{ref, &a, ref}, {got, &b, got}} {
			if err := drawFigure(draw.NewCanvas(c.cv, w, h), f); err != nil {
				t.Fatal(err)
			}
			if _, err := c.wr.WriteTo(c.out); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: SVG differs from vgsvg's own embedding (%d vs %d bytes)", f.Name, b.Len(), a.Len())
		}
	}
}

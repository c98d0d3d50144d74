package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func filled(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// TestPageImage: the page image is the chart (band, then body from row
// skip) at 960×540 in at most pageColors colours; a flat block keeps its
// colour exactly; the body rows under the band do not show; same bytes
// twice.
func TestPageImage(t *testing.T) {
	white, blue, red := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0x72, 0xB2, 255}, color.RGBA{255, 0, 0, 255}
	const skip = topMarginPx
	band := filled(WidthPx, bandPx+skip, white)
	body := filled(WidthPx, SlideHeightPx, white)
	for y := range skip {
		for x := range WidthPx {
			body.SetRGBA(x, y, red) // hidden under the band
		}
	}
	for y := 400; y < 600; y++ {
		for x := 200; x < 1800; x++ {
			body.SetRGBA(x, y, color.RGBA{uint8(x % 251), 0x72, 0xB2, 255}) // many shades
		}
		for x := 0; x < 100; x++ {
			body.SetRGBA(x, y, blue)
		}
	}
	a, err := pageImage(band, body, skip)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := pageImage(band, body, skip); !bytes.Equal(a, b) {
		t.Error("two page images of one chart differ")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := img.(*image.Paletted)
	if !ok || p.Rect.Dx() != PageWidthPx || p.Rect.Dy() != HeightPx/2 || len(p.Palette) > pageColors {
		t.Fatalf("got %T %v, want a %d×%d paletted image of at most %d colours", img, img.Bounds(), PageWidthPx, HeightPx/2, pageColors)
	}
	// body row y is chart row y - skip + bandPx + skip = y + bandPx.
	if got := color.RGBAModel.Convert(p.At(20, (500+bandPx)/2)); got != blue {
		t.Errorf("flat blue block became %v", got)
	}
	for y := range p.Rect.Dy() {
		for x := range p.Rect.Dx() {
			if r, g, _, _ := p.At(x, y).RGBA(); r>>8 == 255 && g>>8 == 0 {
				t.Fatalf("the body's rows under the band show at (%d, %d)", x, y)
			}
		}
	}
}

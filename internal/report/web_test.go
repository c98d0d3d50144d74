package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// chartLike is a 1920×1080 white image with antialiased-looking stripes
// in many shades, as a chart has.
func chartLike(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	for y := range 1080 {
		for x := range 1920 {
			c := color.RGBA{0xff, 0xff, 0xff, 0xff}
			if (x/40)%2 == 0 && y > 100 {
				c = color.RGBA{uint8(x % 256), 0x72, 0xB2, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWebPNG: the page image is 960×540 in at most webColors colours,
// smaller than the chart, white where the chart is white, and the same
// bytes twice.
func TestWebPNG(t *testing.T) {
	src := chartLike(t)
	a, err := webPNG(src)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := webPNG(src)
	if !bytes.Equal(a, b) {
		t.Error("two conversions differ")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := img.(*image.Paletted)
	if !ok || p.Rect.Dx() != 960 || p.Rect.Dy() != 540 || len(p.Palette) > webColors {
		t.Fatalf("got %T %v with %d colours, want a 960×540 paletted image of at most %d", img, img.Bounds(), len(p.Palette), webColors)
	}
	if r, g, bl, _ := p.At(10, 10).RGBA(); r>>8 != 0xff || g>>8 != 0xff || bl>>8 != 0xff {
		t.Errorf("white corner became %v", p.At(10, 10))
	}
	if len(a) >= len(src) {
		t.Errorf("page image %d bytes, not smaller than the chart's %d", len(a), len(src))
	}
	if _, err := webPNG([]byte("not a png")); err == nil {
		t.Error("a non-PNG converted without error")
	}
}

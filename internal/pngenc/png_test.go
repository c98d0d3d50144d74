package pngenc

import (
	"bytes"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// checkDecodes decodes file with image/png and wants want's pixels: the
// same size, each pixel's colour, and opaque (the encoder drops alpha).
func checkDecodes(t testing.TB, name string, file []byte, want *image.RGBA) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("%s: image/png: %v", name, err)
	}
	if img.Bounds().Size() != want.Rect.Size() {
		t.Fatalf("%s: decodes to %v, want %v", name, img.Bounds().Size(), want.Rect.Size())
	}
	b, m := img.Bounds().Min, want.Rect.Min
	for y := range want.Rect.Dy() {
		for x := range want.Rect.Dx() {
			got := color.RGBAModel.Convert(img.At(b.X+x, b.Y+y)).(color.RGBA)
			w := want.RGBAAt(m.X+x, m.Y+y)
			if got != (color.RGBA{w.R, w.G, w.B, 0xff}) {
				t.Fatalf("%s: pixel (%d, %d) decodes to %v, want %v opaque", name, x, y, got, w)
			}
		}
	}
}

// stack is top above body's rows from skip on: what EncodePair's first
// file holds.
func stack(top, body *image.RGBA, skip int) *image.RGBA {
	w := body.Rect.Dx()
	img := image.NewRGBA(image.Rect(0, 0, w, top.Rect.Dy()+body.Rect.Dy()-skip))
	for y := range img.Rect.Dy() {
		src, sy := top, top.Rect.Min.Y+y
		if y >= top.Rect.Dy() {
			src, sy = body, body.Rect.Min.Y+skip+y-top.Rect.Dy()
		}
		at := src.PixOffset(src.Rect.Min.X, sy)
		copy(img.Pix[y*img.Stride:], src.Pix[at:at+4*w])
	}
	return img
}

// checkPair encodes top and body with EncodePair and checks both files.
func checkPair(t testing.TB, name string, top, body *image.RGBA, skip int) {
	t.Helper()
	stacked, bodyPNG := EncodePair(top, body, skip)
	checkDecodes(t, name+" stacked", stacked, stack(top, body, skip))
	checkDecodes(t, name+" body", bodyPNG, body)
}

// chartColors are the colours randomChart paints with (a chart palette).
var chartColors = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, {0xE6, 0x9F, 0x00, 0xff}, {0x00, 0x9E, 0x73, 0xff},
	{0xD5, 0x5E, 0x00, 0xff}, {0xCC, 0x79, 0xA7, 0xff}, {0x00, 0x00, 0x00, 0xff},
}

// randomChart is an opaque w×h image like a chart: white, with filled
// rectangles, one-pixel lines and patches of noise (like anti-aliased
// text: new colours, and colours changed in one channel), all placed at
// random.
func randomChart(r *rand.Rand, w, h int, noise float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for range r.IntN(12) {
		c := chartColors[r.IntN(len(chartColors))]
		x0, y0 := r.IntN(w), r.IntN(h)
		x1, y1 := x0+1+r.IntN(w-x0), y0+1+r.IntN(h-y0)
		if r.IntN(2) == 0 {
			x1 = x0 + 1 // a vertical line
		}
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	for range int(noise * float64(w*h)) {
		x, y := r.IntN(w), r.IntN(h)
		c := img.RGBAAt(x, y)
		switch v := uint8(r.IntN(256)); r.IntN(3) {
		case 0:
			c = color.RGBA{v, uint8(r.IntN(256)), v, 0xff}
		case 1: // one channel a step off, as anti-aliasing leaves it
			c.B++
		default:
			c.R = v
		}
		img.SetRGBA(x, y, c)
	}
	return img
}

// TestEncodeRandom checks that Encode's files decode with image/png to
// the pixels encoded, for random chart-like images of many shapes, from
// blank to all noise, whole and as sub-images.
func TestEncodeRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	sizes := [][2]int{{1, 1}, {1, 7}, {2, 2}, {3, 1}, {5, 9}, {64, 3}, {333, 17}, {1920, 40}}
	for i := range 120 {
		wh := sizes[i%len(sizes)]
		noise := []float64{0, 0.01, 0.2, 1, 4}[i%5]
		img := randomChart(r, wh[0], wh[1], noise)
		name := fmt.Sprintf("%dx%d noise %g", wh[0], wh[1], noise)
		checkDecodes(t, name, Encode(img), img)
		sub := img.SubImage(image.Rect(r.IntN(wh[0]), r.IntN(wh[1]), wh[0], wh[1])).(*image.RGBA)
		checkDecodes(t, name+" sub-image", Encode(sub), sub)
	}
}

// TestEncodePairRandom checks the stacked and body images written from
// one compression of their shared rows, for random chart-like images.
func TestEncodePairRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	for i := range 40 {
		w, th, h := 1+r.IntN(1920), r.IntN(30), 1+r.IntN(60)
		noise := []float64{0, 0.01, 0.3}[i%3]
		top, body := randomChart(r, w, max(th, 1), noise), randomChart(r, w, h, noise)
		top = top.SubImage(image.Rect(0, 0, w, th)).(*image.RGBA) // at times no rows
		checkPair(t, fmt.Sprintf("case %d", i), top, body, r.IntN(h))
	}
}

// readChart is testdata/name decoded: a chart as the pipeline draws it.
func readChart(t testing.TB, name string) *image.RGBA {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rgba := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			rgba.Set(x, y, img.At(x, y))
		}
	}
	return rgba
}

// realCharts are two 1920×1080 charts from the pipeline: stacked shares,
// and intervals with markers (text at many sizes in both).
var realCharts = []string{"chart_shares.png", "chart_intervals.png"}

// TestEncodeRealCharts encodes real charts whole, and as a chart and its
// slide image are written: the title band (with the slide's top margin
// copied under it) above the slide's rows.
func TestEncodeRealCharts(t *testing.T) {
	const band, margin = 160, 42
	for _, name := range realCharts {
		img := readChart(t, name)
		checkDecodes(t, name, Encode(img), img)
		w, h := img.Rect.Dx(), img.Rect.Dy()
		top := img.SubImage(image.Rect(0, 0, w, band+margin)).(*image.RGBA)
		body := image.NewRGBA(image.Rect(0, 0, w, h-band))
		copy(body.Pix, img.Pix[band*img.Stride:]) // its first margin rows are also top's last
		checkPair(t, name, top, body, margin)
	}
}

// FuzzEncode builds an image from the fuzzer's bytes (width from the
// first, pixels, alpha included, from the rest, so that runs and repeats
// are as likely as noise) and checks Encode on it, and EncodePair on its
// rows split in two.
func FuzzEncode(f *testing.F) {
	f.Add([]byte{3, 0, 0, 0, 0, 255, 255, 255, 255})
	f.Add([]byte{0, 1, 2, 3, 4})
	f.Add(bytes.Repeat([]byte{7, 200, 200, 200, 255}, 300))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 1<<16 {
			return
		}
		w := 1 + int(data[0])
		pix := data[1:]
		h := max(1, len(pix)/(4*w))
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = pix[i%len(pix)]
		}
		checkDecodes(t, "fuzz", Encode(img), img)
		cut := int(data[len(data)-1]) % h
		top := img.SubImage(image.Rect(0, 0, w, cut)).(*image.RGBA)
		body := img.SubImage(image.Rect(0, cut, w, h)).(*image.RGBA)
		checkPair(t, "fuzz", top, body, int(data[1])%body.Rect.Dy())
	})
}

// TestEncodeRejectsBadShapes wants a panic for images a PNG cannot hold
// and pairs that do not fit together.
func TestEncodeRejectsBadShapes(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for name, f := range map[string]func(){
		"empty":       func() { Encode(image.NewRGBA(image.Rect(0, 0, 4, 0))) },
		"empty body":  func() { EncodePair(img, image.NewRGBA(image.Rect(0, 0, 4, 0)), 0) },
		"widths":      func() { EncodePair(image.NewRGBA(image.Rect(0, 0, 5, 2)), img, 0) },
		"skip beyond": func() { EncodePair(img, img, 4) },
		"skip < 0":    func() { EncodePair(img, img, -1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestAdler compares the running checksum, with runs of zeros added
// without reading them, and two checksums joined, against hash/adler32 on
// the same bytes.
func TestAdler(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for range 200 {
		var all []byte
		s := adler{a: 1}
		for range r.IntN([]int{20, 400}[r.IntN(2)]) { // long enough, at times, for the sums to be reduced
			if r.IntN(2) == 0 {
				n := r.IntN(20000)
				all = append(all, make([]byte, n)...)
				s.zeros(n)
				continue
			}
			p := make([]byte, r.IntN(12000))
			for i := range p {
				p[i] = byte(r.IntN(256))
			}
			all = append(all, p...)
			s.write(p)
		}
		if got, want := s.value(), adler32.Checksum(all); got != want {
			t.Fatalf("adler %08x, want %08x", got, want)
		}
		cut := r.IntN(len(all) + 1)
		head, tail := adler{a: 1}, adler{a: 1}
		head.write(all[:cut])
		tail.write(all[cut:])
		if got, want := head.join(tail, len(all)-cut).value(), adler32.Checksum(all); got != want {
			t.Fatalf("joined adler %08x, want %08x", got, want)
		}
	}
}

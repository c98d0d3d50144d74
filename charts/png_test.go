package charts

import (
	"bytes"
	"compress/flate"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gtmsurvey/gtmsurvey/charts/sample"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
)

// randomChart is an opaque w×h image like a chart: white, with filled
// rectangles, one-pixel lines and patches of noise (like anti-aliased
// text), all placed at random.
func randomChart(r *rand.Rand, w, h int, noise float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for range r.IntN(12) {
		c := palette[r.IntN(len(palette))]
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
		v := uint8(r.IntN(256))
		img.SetRGBA(r.IntN(w), r.IntN(h), color.RGBA{v, uint8(r.IntN(256)), v, 0xff})
	}
	return img
}

// TestEncodePNGPixels checks that encodePNG's files decode with image/png
// to the same pixels as image/png's own encoding of the same image, for
// random chart-like images of many shapes, from blank to all noise.
func TestEncodePNGPixels(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	sizes := [][2]int{{1, 1}, {1, 7}, {2, 2}, {3, 1}, {5, 9}, {64, 3}, {333, 17}, {1920, 40}}
	for i := range 120 {
		wh := sizes[i%len(sizes)]
		noise := []float64{0, 0.01, 0.2, 1, 4}[i%5]
		img := randomChart(r, wh[0], wh[1], noise)
		got := encodePNG(img)
		var ref bytes.Buffer
		if err := png.Encode(&ref, img); err != nil {
			t.Fatal(err)
		}
		a, err := png.Decode(bytes.NewReader(got))
		if err != nil {
			t.Fatalf("%dx%d noise %g: %v", wh[0], wh[1], noise, err)
		}
		b, _ := png.Decode(&ref)
		if !samePixelsAs(a, b) {
			t.Fatalf("%dx%d noise %g: pixels differ from image/png's", wh[0], wh[1], noise)
		}
	}
}

// TestEncodePNGPair checks the chart and slide images written from one
// compression of their shared rows: each decodes to exactly the pixels
// image/png gives for the image it stands for (band above the body's rows
// from skip on; the body).
func TestEncodePNGPair(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	for i := range 40 {
		bh, h := 1+r.IntN(30), 2+r.IntN(60)
		skip := r.IntN(h - 1)
		noise := []float64{0, 0.01, 0.3}[i%3]
		band, body := randomChart(r, WidthPx, bh, noise), randomChart(r, WidthPx, h, noise)
		chart, slide := encodePNGPair(band, body, skip)
		whole := image.NewRGBA(image.Rect(0, 0, WidthPx, bh+h-skip))
		copy(whole.Pix, band.Pix)
		copy(whole.Pix[bh*whole.Stride:], body.Pix[skip*body.Stride:])
		for _, c := range []struct {
			name string
			got  []byte
			want *image.RGBA
		}{{"chart", chart, whole}, {"slide", slide, body}} {
			var ref bytes.Buffer
			if err := png.Encode(&ref, c.want); err != nil {
				t.Fatal(err)
			}
			a, err := png.Decode(bytes.NewReader(c.got))
			if err != nil {
				t.Fatalf("case %d %s: %v", i, c.name, err)
			}
			b, _ := png.Decode(&ref)
			if !samePixelsAs(a, b) {
				t.Fatalf("case %d %s: pixels differ from image/png's", i, c.name)
			}
		}
	}
}

// sampleRasters draws f's slide image and its chart as render draws them,
// before compression: the slide's body, and the chart made of the title
// band (over a copy of the body's top margin) above the body's rows below
// that margin.
func sampleRasters(t *testing.T, f figure.Figure) (chart, slide *image.RGBA) {
	t.Helper()
	faces := glyphFaces{}
	body, c := newRaster(SlideHeightPx, faces)
	if err := drawBody(c, f); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	band, c := newRaster(bandPx+topMarginPx, faces)
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
// DrawWithSlides writes them, against the raster drawn for it: each
// decodes with image/png to exactly those pixels.
func TestEncodePNGSamples(t *testing.T) {
	figs := sample.Figures()
	files, slides, err := DrawWithSlides(figs)
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

func samePixelsAs(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if color.RGBAModel.Convert(a.At(x, y)) != color.RGBAModel.Convert(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// TestHuffLengths checks on random and very skewed frequencies that the
// lengths stay within the limit, code every used symbol and form a
// complete code (Kraft sum exactly one), as inflaters require.
func TestHuffLengths(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := range 500 {
		n := 2 + r.IntN(numLitLen-1) // every deflate alphabet has at least 19 symbols
		freq := make([]uint32, n)
		for s := range freq {
			switch i % 4 {
			case 0:
				freq[s] = uint32(r.IntN(3)) * uint32(r.IntN(1000))
			case 1: // Fibonacci-like: the deepest optimal trees
				if s < 2 {
					freq[s] = 1
				} else {
					freq[s] = freq[s-1] + freq[s-2]
				}
				freq[s] = min(freq[s], 1<<30)
			case 2:
				freq[s] = uint32(r.IntN(2))
			}
		}
		limit := uint8(maxCodeBits)
		if i%2 == 1 {
			limit = maxCodeLenBits
			freq = freq[:min(n, 19)]
		}
		lens := huffLengths(freq, limit)
		kraft, coded := 0.0, 0
		for s, l := range lens {
			if l > limit || freq[s] > 0 && l == 0 {
				t.Fatalf("case %d: symbol %d of frequency %d has length %d (limit %d)", i, s, freq[s], l, limit)
			}
			if l > 0 {
				kraft += 1 / float64(uint(1)<<l)
				coded++
			}
		}
		if kraft != 1 || coded < min(2, len(lens)) {
			t.Fatalf("case %d: Kraft sum %v over %d codes, want a complete code", i, kraft, coded)
		}
	}
}

// TestDistCode compares distCode with a search of the distance table.
func TestDistCode(t *testing.T) {
	for d := 1; d <= 32768; d++ {
		want := 0
		for want+1 < len(distBase) && int(distBase[want+1]) <= d {
			want++
		}
		if got := distCode(d); got != want {
			t.Fatalf("distCode(%d) = %d, want %d", d, got, want)
		}
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

// TestDeflateTokens builds random streams from literals, runs of zeros and
// copies of earlier bytes, deflates them in two parts (a sync-flushed head
// and a final tail, as a chart and its slide share data) and checks that
// compress/flate inflates exactly the bytes meant.
func TestDeflateTokens(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 29))
	for i := range 300 {
		var want []byte
		var parts [2]lz77
		for k := range parts {
			z := &parts[k]
			for range r.IntN(1 << uint(r.IntN(12))) {
				switch op := r.IntN(3); {
				case op == 0 || len(want) == 0 || z.size == 0:
					b := byte(r.IntN(4) * r.IntN(256))
					z.literal(b)
					want = append(want, b)
				case op == 1:
					n := r.IntN(2000)
					z.zeros(n)
					want = append(want, make([]byte, n)...)
				default: // a copy from within this part only
					dist := 1 + r.IntN(min(z.size, maxDist))
					n := 3 + r.IntN(maxMatch-2)
					for range n {
						want = append(want, want[len(want)-dist])
					}
					z.match(n, dist, want[len(want)-1])
				}
			}
		}
		z := append(deflateTokens(parts[0].tokens, false), deflateTokens(parts[1].tokens, true)...)
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("case %d: inflated %d bytes (err %v), want the %d written", i, len(got), err, len(want))
		}
	}
}

// TestGlyphCacheSamePixels draws every sample and odd figure's slide body
// with the figure's glyph cache and with vgimg's own text drawing, and
// wants the same pixels.
func TestGlyphCacheSamePixels(t *testing.T) {
	figs := append(sample.Figures(), figure.Figure{Name: "rotated", Kind: figure.Lines, Title: "x", YLabel: "Share of respondents (%)",
		Panels: []figure.Panel{{Title: "ÄÖÜ – “quoted” €", Series: []figure.Series{{Name: "a", Style: figure.StyleLine, Points: []figure.Point{{X: 1, Y: 0.5}, {X: 2, Y: 0.25}}}}}}})
	for _, f := range figs {
		cached, c := newRaster(SlideHeightPx, glyphFaces{})
		if err := drawBody(c, f); err != nil {
			t.Fatal(err)
		}
		plain, c := newRaster(SlideHeightPx, nil)
		if err := drawBody(c, f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(cached.Pix, plain.Pix) {
			t.Errorf("%s: text drawn through the glyph cache differs", f.Name)
		}
	}
}

package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sort"
)

// Page images: a web page (report.html) shows each chart at PageWidthPx
// wide in pageColors colours, so that a page of forty charts stays under
// 2 MB (the full 1920×1080 charts are 10 MB) and reads on a phone. They are
// made from the chart's own pixels, without decoding its PNG again.
const (
	PageWidthPx = WidthPx / 2
	pageColors  = 64
)

// pageImage is the chart at half size (each pixel the mean of a 2×2
// block) in the pageColors colours it uses most, as a PNG. The chart's
// rows are band's, then body's from row skip on, as pngenc.EncodePair joins
// them.
func pageImage(band, body *image.RGBA, skip int) ([]byte, error) {
	row := func(y int) []byte {
		if y < band.Rect.Dy() {
			return band.Pix[y*band.Stride:]
		}
		y += skip - band.Rect.Dy()
		return body.Pix[y*body.Stride:]
	}
	h := (band.Rect.Dy() + body.Rect.Dy() - skip) / 2
	img := image.NewRGBA(image.Rect(0, 0, PageWidthPx, h))
	for y := range h {
		halfRow(img.Pix[y*img.Stride:], row(2*y), row(2*y+1), PageWidthPx)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&out, quantize(img, pageColors)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// halfRow writes w pixels into o, each the mean of two pixels of a and
// the two below them in b.
func halfRow(o, a, b []byte, w int) {
	for x := range w {
		for c := range 4 {
			i := 8*x + c
			o[4*x+c] = uint8((int(a[i]) + int(a[i+4]) + int(b[i]) + int(b[i+4]) + 2) / 4)
		}
	}
}

// quantize maps img onto its k most frequent colours (ties by colour
// value), each other colour to the nearest of them.
func quantize(img *image.RGBA, k int) *image.Paletted {
	// Runs of one colour (most of a chart) cost one map access each.
	count := map[uint32]int{}
	p := img.Pix
	run, n := uint32(1<<31), 0
	for i := 0; i < len(p); i += 4 {
		if k := rgbKey(p[i : i+3]); k != run {
			if n > 0 {
				count[run] += n
			}
			run, n = k, 0
		}
		n++
	}
	if n > 0 {
		count[run] += n
	}
	keys := make([]uint32, 0, len(count))
	for c := range count {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(a, b int) bool {
		if count[keys[a]] != count[keys[b]] {
			return count[keys[a]] > count[keys[b]]
		}
		return keys[a] < keys[b]
	})
	keys = keys[:min(k, len(keys))]
	pal := make(color.Palette, len(keys))
	for i, c := range keys {
		pal[i] = color.RGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 0xff}
	}
	out := image.NewPaletted(img.Bounds(), pal)
	index := map[uint32]uint8{}
	last, ix := uint32(1<<31), uint8(0)
	for i, j := 0, 0; i < len(p); i, j = i+4, j+1 {
		if key := rgbKey(p[i : i+3]); key != last {
			var ok bool
			if ix, ok = index[key]; !ok {
				ix = uint8(pal.Index(color.RGBA{p[i], p[i+1], p[i+2], 0xff}))
				index[key] = ix
			}
			last = key
		}
		out.Pix[j] = ix
	}
	return out
}

func rgbKey(c []byte) uint32 { return uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2]) }

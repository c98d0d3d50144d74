package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sort"

	xdraw "golang.org/x/image/draw"

	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// Web images: report.html inlines each chart at webWidth pixels wide in
// webColors colours, so that the page stays under 2 MB (the full 1920×1080
// charts are 10 MB) and reads on a phone; the charts/ folder keeps them
// whole.
const (
	webWidth  = 960
	webColors = 64
)

// webImages shrinks every chart for the page, by name.
func webImages(charts map[string][]byte) (map[string][]byte, error) {
	names := make([]string, 0, len(charts))
	for n := range charts {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]byte, len(names))
	err := parallel.Each(len(names), func(i int) error {
		b, err := webPNG(charts[names[i]])
		if err != nil {
			return fmt.Errorf("report: chart %s: %w", names[i], err)
		}
		out[i] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	m := make(map[string][]byte, len(names))
	for i, n := range names {
		m[n] = out[i]
	}
	return m, nil
}

// webPNG scales a PNG to webWidth wide (Catmull–Rom) and stores it in the
// webColors colours it uses most, each other colour drawn as its nearest;
// the same PNG always gives the same bytes.
func webPNG(b []byte) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	r := src.Bounds()
	if r.Dx() <= 0 || r.Dy() <= 0 {
		return nil, fmt.Errorf("empty image")
	}
	w := min(webWidth, r.Dx())
	img := image.NewRGBA(image.Rect(0, 0, w, r.Dy()*w/r.Dx()))
	xdraw.CatmullRom.Scale(img, img.Bounds(), src, r, xdraw.Src, nil)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, quantize(img, webColors)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// quantize maps img onto its k most frequent colours (ties by colour
// value), each other colour to the nearest of them.
func quantize(img *image.RGBA, k int) *image.Paletted {
	count := map[uint32]int{}
	p := img.Pix
	for i := 0; i < len(p); i += 4 {
		count[rgbKey(p[i:i+3])]++
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
	for i, j := 0, 0; i < len(p); i, j = i+4, j+1 {
		key := rgbKey(p[i : i+3])
		ix, ok := index[key]
		if !ok {
			ix = uint8(pal.Index(color.RGBA{p[i], p[i+1], p[i+2], 0xff}))
			index[key] = ix
		}
		out.Pix[j] = ix
	}
	return out
}

func rgbKey(c []byte) uint32 { return uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2]) }

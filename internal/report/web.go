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

// webPNG scales a PNG to webWidth wide (2×2 means from twice that width,
// else Catmull–Rom) and stores it in the
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
	rgba, ok := src.(*image.RGBA)
	if !ok || r.Min != (image.Point{}) {
		rgba = image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		xdraw.Copy(rgba, image.Point{}, src, r, xdraw.Src, nil)
	}
	img := rgba
	if rgba.Rect.Dx() == 2*webWidth {
		img = half(rgba)
	} else if rgba.Rect.Dx() > webWidth {
		img = image.NewRGBA(image.Rect(0, 0, webWidth, rgba.Rect.Dy()*webWidth/rgba.Rect.Dx()))
		xdraw.CatmullRom.Scale(img, img.Bounds(), rgba, rgba.Rect, xdraw.Src, nil)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&out, quantize(img, webColors)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// half is img at half its size, each pixel the mean of a 2×2 block: the
// exact downscale from the charts' 1920 pixels to the page's 960.
func half(img *image.RGBA) *image.RGBA {
	w, h := img.Rect.Dx()/2, img.Rect.Dy()/2
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		a, b := img.Pix[2*y*img.Stride:], img.Pix[(2*y+1)*img.Stride:]
		o := out.Pix[y*out.Stride:]
		for x := range w {
			for c := range 4 {
				i := 8*x + c
				o[4*x+c] = uint8((int(a[i]) + int(a[i+4]) + int(b[i]) + int(b[i+4]) + 2) / 4)
			}
		}
	}
	return out
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

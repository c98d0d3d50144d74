package charts

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
)

// encodePNG writes an opaque RGBA image as an 8-bit RGB PNG with the "Up"
// filter and fast deflate: charts are mostly flat colour, so this is a few
// times cheaper than image/png's per-row filter search for a similar size.
func encodePNG(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var raw bytes.Buffer
	zw, err := zlib.NewWriterLevel(&raw, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+3*w)
	prev := make([]byte, 3*w)
	cur := make([]byte, 3*w)
	row[0] = 2 // Up
	for y := range h {
		src := img.Pix[(y)*img.Stride : (y)*img.Stride+4*w]
		for x := range w {
			cur[3*x], cur[3*x+1], cur[3*x+2] = src[4*x], src[4*x+1], src[4*x+2]
		}
		for i := range cur {
			row[1+i] = cur[i] - prev[i]
		}
		if _, err := zw.Write(row); err != nil {
			return nil, fmt.Errorf("deflate: %w", err)
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("deflate: %w", err)
	}
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit truecolour; compression, filter, interlace 0
	chunk(&out, "IHDR", ihdr)
	chunk(&out, "IDAT", raw.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// chunk appends one PNG chunk: length, type, data, CRC of type and data.
func chunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

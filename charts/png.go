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
	row[0] = 2 // Up: each byte minus the one above
	zero := make([]byte, 4*w)
	for y := range h {
		cur := img.Pix[y*img.Stride : y*img.Stride+4*w]
		prev := zero
		if y > 0 {
			prev = img.Pix[(y-1)*img.Stride : (y-1)*img.Stride+4*w]
		}
		out := row[1:]
		for x, i := 0, 0; x < len(out); x, i = x+3, i+4 {
			out[x] = cur[i] - prev[i]
			out[x+1] = cur[i+1] - prev[i+1]
			out[x+2] = cur[i+2] - prev[i+2]
		}
		if _, err := zw.Write(row); err != nil {
			return nil, fmt.Errorf("deflate: %w", err)
		}
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

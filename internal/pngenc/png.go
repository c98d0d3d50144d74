package pngenc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"sync"
)

// Encode writes img as an 8-bit RGB PNG: the alpha channel is dropped, so
// img should be opaque. img must not be empty; it may be a sub-image.
//
// kept: the format's one-image entry, checked by the image/png round-trip and fuzz tests; charts use EncodePair.
func Encode(img *image.RGBA) []byte {
	checkNotEmpty(img, "Encode")
	h := img.Rect.Dy()
	return pngFile(img.Rect.Dx(), h, segment{sum: adler{a: 1}}, pack(filterRows(rowsOf(img, 0, h), nil)))
}

// EncodePair writes two PNGs from one compression of the rows they share:
// body, and stacked, which is top above body's rows from skip on (for a
// chart, a title band above its slide image; top usually ends with a copy
// of body's first skip rows, drawn over). top may be empty; otherwise it
// has body's width. body must not be empty, and 0 ≤ skip < body's height. Like Encode, both are RGB, alpha dropped.
func EncodePair(top, body *image.RGBA, skip int) (stacked, bodyPNG []byte) {
	checkNotEmpty(body, "EncodePair")
	w, h := body.Rect.Dx(), body.Rect.Dy()
	if top.Rect.Dx() != w && !top.Rect.Empty() || skip < 0 || skip >= h {
		panic(fmt.Sprintf("pngenc: EncodePair of a %v top above a %v body from row %d", top.Rect.Size(), body.Rect.Size(), skip))
	}
	shared := pack(filterRows(rowsOf(body, skip+1, h), rowsOf(body, skip, skip+1)[0]))
	topRows := append(rowsOf(top, 0, top.Rect.Dy()), rowsOf(body, skip, skip+1)...)
	stacked = pngFile(w, len(topRows)+h-skip-1, filterRows(topRows, nil), shared)
	bodyPNG = pngFile(w, h, filterRows(rowsOf(body, 0, skip+1), nil), shared)
	return stacked, bodyPNG
}

// checkNotEmpty panics if img has no pixels (a PNG has at least one).
func checkNotEmpty(img *image.RGBA, caller string) {
	if img.Rect.Empty() {
		panic(fmt.Sprintf("pngenc: %s of an empty %v image", caller, img.Rect.Size()))
	}
}

// rowsOf is rows y0..y1-1 of img.
func rowsOf(img *image.RGBA, y0, y1 int) [][]byte {
	rows := make([][]byte, 0, y1-y0)
	for y := y0; y < y1; y++ {
		rows = append(rows, img.Pix[y*img.Stride:y*img.Stride+4*img.Rect.Dx()])
	}
	return rows
}

// segment is a stretch of the filtered image data, parsed into deflate
// tokens, with its Adler-32 and length so that segments can be joined.
type segment struct {
	tokens []uint32
	sum    adler
	n      int
}

// filterRows parses rows (RGBA) filtered Up against the row before each;
// prev is the row above the first (nil: zeros, as for an image's first).
func filterRows(rows [][]byte, prev []byte) segment {
	e := rowEncoder{sum: adler{a: 1}}
	if len(rows) > 0 {
		e.buf = getBuffer(len(rows) * (1 + 3*len(rows[0])/4))
		defer func() { putBuffer(e.buf) }()
	}
	for _, cur := range rows {
		e.row(cur, prev)
		prev = cur
	}
	return segment{tokens: e.lz.tokens, sum: e.sum, n: e.lz.size}
}

// buffers holds zeroed buffers for the filtered data of a segment.
var buffers sync.Pool

// getBuffer is an empty, zeroed buffer of capacity at least n.
func getBuffer(n int) []byte {
	if b, ok := buffers.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]byte, 0, n)
}

// putBuffer zeroes b (its unused capacity is still zero) and keeps it for
// reuse.
func putBuffer(b []byte) {
	clear(b)
	buffers.Put(&b)
}

// packed is the compressed end of an image's data: final deflate blocks,
// with the Adler-32 and length of the bytes they hold.
type packed struct {
	deflate []byte
	sum     adler
	n       int
}

// pack compresses s as the end of a stream.
func pack(s segment) packed {
	return packed{deflate: deflateTokens(s.tokens, true), sum: s.sum, n: s.n}
}

// pngFile writes a w×h RGB PNG whose filtered image data is head, then
// tail.
func pngFile(w, h int, head segment, tail packed) []byte {
	var z []byte
	if len(head.tokens) > 0 {
		z = deflateTokens(head.tokens, false)
	}
	const overhead = 8 + 3*12 + 13 + 2 + 4 // signature, 3 chunks, IHDR, zlib
	out := make([]byte, 0, overhead+len(z)+len(tail.deflate))
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit truecolour; compression, filter, interlace 0
	out = chunk(out, "IHDR", ihdr)
	at := len(out)
	out = binary.BigEndian.AppendUint32(out, 0) // length, set below
	out = append(out, "IDAT\x78\x01"...)        // zlib header: deflate, 32 KiB window
	out = append(append(out, z...), tail.deflate...)
	out = binary.BigEndian.AppendUint32(out, head.sum.join(tail.sum, tail.n).value())
	binary.BigEndian.PutUint32(out[at:], uint32(len(out)-at-8))
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[at+4:]))
	return chunk(out, "IEND", nil)
}

// rowEncoder parses Up-filtered RGB rows into deflate tokens.
type rowEncoder struct {
	lz    lz77
	sum   adler
	buf   []byte               // the filtered data so far: zeros but where pixels changed
	heads [1 << hashBits]int32 // per hash of 4 changed bytes, 1 + where they last began
}

const (
	filterUp = 2     // the PNG filter type byte of every row
	hashBits = 14    // size of the table of earlier changed bytes
	maxDist  = 32768 // the deflate window
)

// row parses one row given as RGBA (cur) under the row above (prev, nil
// for zeros).
func (e *rowEncoder) row(cur, prev []byte) {
	w := len(cur) / 4
	start := len(e.buf)
	e.buf = e.buf[:start+1+3*w] // zeroed: unchanged pixels filter to zeros
	e.buf[start] = filterUp
	e.lz.literal(filterUp)
	e.sum.write(e.buf[start : start+1])
	if prev != nil && bytes.Equal(cur, prev) {
		e.lz.zeros(3 * w)
		e.sum.zeros(3 * w)
		return
	}
	for x := 0; x < w; {
		same := samePixels(cur, prev, x)
		e.lz.zeros(3 * same)
		e.sum.zeros(3 * same)
		x += same
		end := x
		for end < w && (!samePixel(cur, prev, end) || end+1 < w && !samePixel(cur, prev, end+1)) {
			end++ // changed pixels, through single unchanged ones
		}
		e.changed(cur, prev, x, end, start+1)
		x = end
	}
}

// changed writes the filtered bytes of pixels x0..x1-1 of the row whose
// data starts at e.buf[at].
func (e *rowEncoder) changed(cur, prev []byte, x0, x1, at int) {
	s := e.buf[at+3*x0 : at+3*x1]
	for i, j := 4*x0, 0; i < 4*x1; i, j = i+4, j+3 {
		if prev == nil {
			s[j], s[j+1], s[j+2] = cur[i], cur[i+1], cur[i+2]
		} else {
			s[j], s[j+1], s[j+2] = cur[i]-prev[i], cur[i+1]-prev[i+1], cur[i+2]-prev[i+2]
		}
	}
	e.sum.write(s)
	e.parse(at+3*x0, at+3*x1)
}

// parse writes e.buf[p0:p1] as tokens: copies of the colour three bytes
// back (the top edge of a line or fill), copies of earlier changed bytes
// found by hashing (repeated glyphs), and literals.
func (e *rowEncoder) parse(p0, p1 int) {
	b := e.buf
	for p := p0; p < p1; {
		if m := matchLen(b, p-3, p, p1); p >= 3 && m >= 6 {
			e.lz.match(m, 3, b[p+m-1])
			p += m
			continue
		}
		if p+4 <= p1 {
			h := binary.LittleEndian.Uint32(b[p:]) * 0x9E3779B1 >> (32 - hashBits)
			cand := int(e.heads[h]) - 1
			e.heads[h] = int32(p + 1)
			if cand < 0 || p-cand > maxDist || binary.LittleEndian.Uint32(b[cand:]) != binary.LittleEndian.Uint32(b[p:]) {
				cand = -1 // no earlier copy of these 4 bytes in reach
			}
			if m := matchLen(b, cand, p, p1); m >= 4 {
				e.lz.match(m, p-cand, b[p+m-1])
				p += m
				continue
			}
		}
		e.lz.literal(b[p])
		p++
	}
}

// matchLen is how many bytes from b[p] on, before end and at most one
// match long, equal those from b[from] on (0 if from is negative).
func matchLen(b []byte, from, p, end int) int {
	if from < 0 {
		return 0
	}
	n := 0
	for p+n < end && n < maxMatch && b[from+n] == b[p+n] {
		n++
	}
	return n
}

// rgbMask keeps the colour bytes of two RGBA pixels read little-endian.
const rgbMask = 0x00ffffff00ffffff

// samePixels counts the pixels from x on whose colour equals the pixel
// above (none in the first row): 16 pixels at a time while all four bytes
// of each agree (alpha is always opaque in practice), then two at a time
// on the colour bytes alone, then one.
func samePixels(cur, prev []byte, x int) int {
	if prev == nil {
		return 0
	}
	c, p := cur[4*x:], prev[4*x:len(cur)]
	n := 0
	for len(c) >= 64 && string(c[:64]) == string(p[:64]) {
		c, p, n = c[64:], p[64:], n+16
	}
	for len(c) >= 8 && (binary.LittleEndian.Uint64(c)^binary.LittleEndian.Uint64(p))&rgbMask == 0 {
		c, p, n = c[8:], p[8:], n+2
	}
	if len(c) >= 4 && c[0] == p[0] && c[1] == p[1] && c[2] == p[2] {
		n++
	}
	return n
}

// samePixel reports whether pixel x has the colour of the pixel above.
func samePixel(cur, prev []byte, x int) bool {
	i := 4 * x
	return prev != nil && cur[i] == prev[i] && cur[i+1] == prev[i+1] && cur[i+2] == prev[i+2]
}

// adler is a running Adler-32 checksum (RFC 1950) that can add a run of
// zeros without reading them. The sums are reduced modulo 65521 only every
// MiB or so: in 64 bits they cannot overflow before.
type adler struct {
	a, b    uint64
	pending int // bytes added since the sums were last reduced
}

const (
	adlerMod    = 65521
	adlerReduce = 1 << 20
)

// write adds p.
func (s *adler) write(p []byte) {
	a, b := s.a, s.b
	for _, c := range p {
		a += uint64(c)
		b += a
	}
	s.a, s.b = a, b
	s.added(len(p))
}

// zeros adds n zero bytes: a stays, b grows by n·a (modulo 65521).
func (s *adler) zeros(n int) {
	s.b += s.a * uint64(n%adlerMod)
	s.added(n)
}

// added reduces the sums once enough bytes were added since the last time
// (a stays below 2^29 and b below 2^50 in between).
func (s *adler) added(n int) {
	if s.pending += n; s.pending >= adlerReduce {
		s.a, s.b, s.pending = s.a%adlerMod, s.b%adlerMod, 0
	}
}

// join is the checksum of s's bytes followed by n bytes whose own
// checksum is t (zlib's adler32_combine).
func (s adler) join(t adler, n int) adler {
	sa, ta := s.a%adlerMod, t.a%adlerMod
	a := (sa + ta + adlerMod - 1) % adlerMod
	b := (s.b%adlerMod + t.b%adlerMod + uint64(n%adlerMod)*(sa+adlerMod-1)) % adlerMod
	return adler{a: a, b: b}
}

// value is the checksum.
func (s adler) value() uint32 { return uint32(s.b%adlerMod)<<16 | uint32(s.a%adlerMod) }

// chunk appends one PNG chunk: length, type, data, CRC of type and data.
func chunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	at := len(out)
	out = append(append(out, typ...), data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[at:]))
}

package pngenc

import (
	"encoding/binary"
	"math/bits"
	"sort"
)

// lz77 is a byte stream parsed into deflate tokens (RFC 1951): literals
// and matches that its caller has already chosen. Charts are mostly runs
// of zeros once filtered, so the caller finds those runs directly and no
// general match search is needed.
type lz77 struct {
	tokens []uint32 // literal byte, or matchFlag | (length-3)<<16 | (distance-1)
	last   byte     // the last byte of the stream so far
	size   int      // bytes in the stream so far
}

// A deflater writes tokens as a raw deflate stream, in blocks each with
// its own Huffman codes (dynamic blocks).
type deflater struct {
	out    []byte
	acc    uint64 // bits not yet in out, first bit lowest
	nacc   uint
	tokens []uint32 // the block being written
}

const (
	matchFlag      = 1 << 31
	maxMatch       = 258
	blockTokens    = 1 << 16 // tokens per block at most
	endOfBlock     = 256
	numLitLen      = 286
	numDist        = 30
	maxCodeBits    = 15
	maxCodeLenBits = 7
)

// Length and distance bases and extra bits (RFC 1951, 3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// lengthCode maps length-3 to the index of its length code (0 for 257).
	lengthCode = func() (t [256]uint8) {
		for i := range 28 {
			end := int(lengthBase[i+1])
			if i == 27 {
				end = 258 // 284 stops short of 258, which has its own code
			}
			for l := int(lengthBase[i]); l < end; l++ {
				t[l-3] = uint8(i)
			}
		}
		t[255] = 28
		return t
	}()
)

// distCode is the distance code of distance d (1..32768).
func distCode(d int) int {
	if d <= 4 {
		return d - 1
	}
	n := bits.Len(uint(d - 1))
	return 2*(n-1) + int((d-1)>>(n-2))&1
}

// literal appends one literal byte.
func (z *lz77) literal(b byte) {
	z.tokens = append(z.tokens, uint32(b))
	z.last = b
	z.size++
}

// match appends a copy of length bytes from dist back (3 ≤ length ≤ 258)
// whose last byte is last.
func (z *lz77) match(length, dist int, last byte) {
	z.tokens = append(z.tokens, matchFlag|uint32(length-3)<<16|uint32(dist-1))
	z.size += length
	z.last = last
}

// run appends n more copies of the last byte: matches one back, and
// literals for the one or two bytes a match cannot cover.
func (z *lz77) run(n int) {
	for n >= 3 {
		m := min(n, maxMatch)
		if r := n - m; r > 0 && r < 3 {
			m -= 3 - r // leave at least 3 for the next match
		}
		z.match(m, 1, z.last)
		n -= m
	}
	for range n {
		z.literal(z.last)
	}
}

// zeros appends n zero bytes.
func (z *lz77) zeros(n int) {
	if n > 0 && (z.last != 0 || z.size == 0) {
		z.literal(0)
		n--
	}
	z.run(n)
}

// deflateTokens compresses tokens into whole bytes. A final stream ends
// with the final block; otherwise an empty stored block ends it on a byte
// boundary (a sync flush), so that separately compressed data can follow.
func deflateTokens(tokens []uint32, final bool) []byte {
	d := deflater{out: make([]byte, 0, len(tokens)+64)}
	for {
		n := min(len(tokens), blockTokens)
		d.tokens, tokens = tokens[:n], tokens[n:]
		if len(tokens) == 0 {
			break
		}
		d.writeBlock(false)
	}
	d.writeBlock(final)
	if !final {
		d.bits(0, 3) // not final, stored
	}
	for d.nacc > 0 {
		d.out = append(d.out, byte(d.acc))
		d.acc >>= 8
		d.nacc = max(d.nacc, 8) - 8
	}
	if !final {
		d.out = append(d.out, 0, 0, 0xff, 0xff) // length 0 and its complement
	}
	return d.out
}

// bits appends the n low bits of v (n ≤ 32).
func (d *deflater) bits(v uint32, n uint) {
	d.acc |= uint64(v) << d.nacc
	d.nacc += n
	if d.nacc >= 32 {
		d.out = binary.LittleEndian.AppendUint32(d.out, uint32(d.acc))
		d.acc >>= 32
		d.nacc -= 32
	}
}

// huffCode is a canonical Huffman code: each symbol's bit length and its
// code, bit-reversed for writing first bit lowest.
type huffCode struct {
	lens  []uint8
	codes []uint16
}

// writeBlock writes d.tokens as one dynamic block.
func (d *deflater) writeBlock(final bool) {
	var litFreq [numLitLen]uint32
	var distFreq [numDist]uint32
	for _, t := range d.tokens {
		if t&matchFlag == 0 {
			litFreq[t]++
			continue
		}
		litFreq[257+int(lengthCode[t>>16&0xff])]++
		distFreq[distCode(int(t&0xffff)+1)]++
	}
	litFreq[endOfBlock]++
	lit := canonical(huffLengths(litFreq[:], maxCodeBits))
	dist := canonical(huffLengths(distFreq[:], maxCodeBits))
	header := uint32(2 << 1) // BTYPE 10: dynamic Huffman codes
	if final {
		header |= 1
	}
	d.bits(header, 3)
	d.writeCodes(lit.lens, dist.lens)
	d.writeTokens(lit, dist)
}

// writeTokens writes the block's tokens and its end. Each length's code
// and extra bits are joined once per block, as one write.
func (d *deflater) writeTokens(lit, dist huffCode) {
	var lenBits [256]uint32
	var lenN [256]uint8
	for l := range 256 {
		lc := lengthCode[l]
		n := lit.lens[257+int(lc)]
		lenBits[l] = uint32(lit.codes[257+int(lc)]) | uint32(l+3-int(lengthBase[lc]))<<n
		lenN[l] = n + lengthExtra[lc]
	}
	for _, t := range d.tokens {
		if t&matchFlag == 0 {
			d.bits(uint32(lit.codes[t]), uint(lit.lens[t]))
			continue
		}
		l := t >> 16 & 0xff
		d.bits(lenBits[l], uint(lenN[l]))
		dv := int(t&0xffff) + 1
		dc := distCode(dv)
		n := dist.lens[dc]
		d.bits(uint32(dist.codes[dc])|uint32(dv-int(distBase[dc]))<<n, uint(n+distExtra[dc]))
	}
	d.bits(uint32(lit.codes[endOfBlock]), uint(lit.lens[endOfBlock]))
}

// clOrder is the order in which code-length code lengths are written.
var clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// writeCodes writes a dynamic block's header: the literal/length and
// distance code lengths, run-length coded under a code of their own.
func (d *deflater) writeCodes(litLens, distLens []uint8) {
	nlit, ndist := trimmed(litLens, 257), trimmed(distLens, 1)
	seq := rleLengths(append(append([]uint8(nil), litLens[:nlit]...), distLens[:ndist]...))
	var freq [19]uint32
	for _, s := range seq {
		freq[s&0x1f]++
	}
	cl := canonical(huffLengths(freq[:], maxCodeLenBits))
	ncl := 19
	for ncl > 4 && cl.lens[clOrder[ncl-1]] == 0 {
		ncl--
	}
	d.bits(uint32(nlit-257), 5)
	d.bits(uint32(ndist-1), 5)
	d.bits(uint32(ncl-4), 4)
	for _, s := range clOrder[:ncl] {
		d.bits(uint32(cl.lens[s]), 3)
	}
	extra := [19]uint{16: 2, 17: 3, 18: 7}
	for _, s := range seq {
		sym := s & 0x1f
		d.bits(uint32(cl.codes[sym]), uint(cl.lens[sym]))
		d.bits(uint32(s>>5), extra[sym])
	}
}

// trimmed is the number of code lengths to send: up to the last non-zero
// one, at least least.
func trimmed(lens []uint8, least int) int {
	n := len(lens)
	for n > least && lens[n-1] == 0 {
		n--
	}
	return n
}

// rleLengths run-length codes a sequence of code lengths with the symbols
// 16 (repeat the previous 3–6 times), 17 (3–10 zeros) and 18 (11–138
// zeros); each entry is symbol | extra<<5.
func rleLengths(lens []uint8) []uint16 {
	var seq []uint16
	for i := 0; i < len(lens); {
		v, n := lens[i], 1
		for i+n < len(lens) && lens[i+n] == v {
			n++
		}
		i += n
		for v == 0 && n >= 11 {
			k := min(n, 138)
			seq, n = append(seq, 18|uint16(k-11)<<5), n-k
		}
		if v == 0 && n >= 3 {
			seq, n = append(seq, 17|uint16(n-3)<<5), 0
		}
		if v != 0 {
			seq, n = append(seq, uint16(v)), n-1
			for n >= 3 {
				k := min(n, 6)
				seq, n = append(seq, 16|uint16(k-3)<<5), n-k
			}
		}
		for ; n > 0; n-- {
			seq = append(seq, uint16(v))
		}
	}
	return seq
}

// huffLengths returns Huffman code lengths for freq, none longer than
// limit. At least two symbols get a code, so every code is complete (zlib
// rejects a lone code among code lengths). Where the optimal code is too
// deep, frequencies are halved until it fits, which flattens the tree.
func huffLengths(freq []uint32, limit uint8) []uint8 {
	f := append([]uint32(nil), freq...)
	used := 0
	for _, v := range f {
		if v > 0 {
			used++
		}
	}
	for i := 0; used < 2 && i < len(f); i++ {
		if f[i] == 0 {
			f[i], used = 1, used+1
		}
	}
	for {
		lens, depth := treeLengths(f)
		if depth <= limit {
			return lens
		}
		for i := range f {
			if f[i] > 0 {
				f[i] = (f[i] + 1) / 2
			}
		}
	}
}

// treeLengths returns the depth of each symbol in a Huffman tree for freq
// (0 for unused symbols) and the deepest, built with two queues over the
// symbols sorted by frequency (ties by symbol, so results are stable).
func treeLengths(freq []uint32) ([]uint8, uint8) {
	var syms []int
	for s, v := range freq {
		if v > 0 {
			syms = append(syms, s)
		}
	}
	sort.SliceStable(syms, func(i, j int) bool { return freq[syms[i]] < freq[syms[j]] })
	n := len(syms)
	weight := make([]uint64, 2*n-1)
	parent := make([]int, 2*n-1)
	for i, s := range syms {
		weight[i] = uint64(freq[s])
	}
	leaf, inner := 0, n
	take := func(k int) int { // the lighter of the next leaf and next inner node
		if leaf < n && (inner >= k || weight[leaf] <= weight[inner]) {
			leaf++
			return leaf - 1
		}
		inner++
		return inner - 1
	}
	for k := n; k < 2*n-1; k++ {
		a, b := take(k), take(k)
		weight[k] = weight[a] + weight[b]
		parent[a], parent[b] = k, k
	}
	depth := make([]uint8, 2*n-1)
	lens := make([]uint8, len(freq))
	var deepest uint8
	for k := 2*n - 3; k >= 0; k-- {
		depth[k] = depth[parent[k]] + 1
		if k < n {
			lens[syms[k]] = depth[k]
			deepest = max(deepest, depth[k])
		}
	}
	return lens, deepest
}

// canonical assigns the canonical codes for lens (RFC 1951, 3.2.2),
// bit-reversed for writing.
func canonical(lens []uint8) huffCode {
	var count [maxCodeBits + 1]uint16
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [maxCodeBits + 1]uint16
	code := uint16(0)
	for b := 1; b <= maxCodeBits; b++ {
		code = (code + count[b-1]) << 1
		next[b] = code
	}
	h := huffCode{lens: lens, codes: make([]uint16, len(lens))}
	for s, l := range lens {
		if l > 0 {
			h.codes[s] = bits.Reverse16(next[l]) >> (16 - l)
			next[l]++
		}
	}
	return h
}

package pngenc

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"testing"
)

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

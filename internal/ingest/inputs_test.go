package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// TestInputs: each file read is described for the manifest by its digest,
// size and rows read, computed while reading.
func TestInputs(t *testing.T) {
	dir, cb := sample(t, 0.2)
	res, err := Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) != len(cb.Waves) {
		t.Fatalf("%d inputs for %d waves", len(res.Inputs), len(cb.Waves))
	}
	for i, in := range res.Inputs {
		b, err := os.ReadFile(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if in.SHA256 != hex.EncodeToString(sum[:]) || in.Bytes != int64(len(b)) || in.Rows != res.Read[in.Path] || in.Rows == 0 {
			t.Errorf("input %s: sha256 %s, %d bytes, %d rows; want %x, %d, %d", in.Path, in.SHA256, in.Bytes, in.Rows, sum, len(b), res.Read[in.Path])
		}
		if i > 0 && in.Year <= res.Inputs[i-1].Year {
			t.Errorf("inputs not in year order")
		}
		if in.Encoding != "UTF-8" || len(in.Warnings) != 0 {
			t.Errorf("input %s: encoding %q, warnings %q", in.Path, in.Encoding, in.Warnings)
		}
	}
	if _, err := LoadWith(dir, cb, Options{MaxFileSize: 1000}); err == nil {
		t.Error("a 1000-byte limit accepted the sample exports")
	}
}

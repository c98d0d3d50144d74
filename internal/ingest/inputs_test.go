package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
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

// TestLayoutNotFromAnswers: a respondent who types "Response" or the text of
// a Qualtrics ImportId into the first data row changes neither the layout
// nor the number of rows read.
func TestLayoutNotFromAnswers(t *testing.T) {
	dir, cb := sample(t, 0.2)
	base, err := Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "2026_typeform.csv")
	b, _ := os.ReadFile(p)
	lines := strings.SplitN(string(b), "\n", 4)
	// The role answer of the first and second data rows (column 2).
	for i, text := range map[int]string{1: "Response", 2: `"{""ImportId"":""QID1""}"`} {
		f := strings.SplitN(lines[i], ",", 3)
		lines[i] = f[0] + "," + text + "," + f[2]
	}
	os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644)
	res, err := Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read[p] != base.Read[p] || res.Data.Len() != base.Data.Len() {
		t.Errorf("rows read %d, harmonized %d; want %d, %d as before", res.Read[p], res.Data.Len(), base.Read[p], base.Data.Len())
	}
}

package cards_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
)

// TestReadKey: a missing file is no key; the same secret (white space
// aside) gives the same key, another secret another key; a short, long or
// non-regular file is refused naming it.
func TestReadKey(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, cards.KeyFile)
	if _, ok, err := cards.ReadKey(p); ok || err != nil {
		t.Fatalf("a missing key file: ok %v, err %v; want no key and no error", ok, err)
	}
	read := func(body string) (cards.Key, error) {
		t.Helper()
		os.WriteFile(p, []byte(body), 0o600)
		k, ok, err := cards.ReadKey(p)
		if err == nil && !ok {
			t.Fatalf("%q: no key and no error", body)
		}
		return k, err
	}
	a, err := read("correct horse battery staple\n")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := read("  correct horse battery staple"); b != a {
		t.Error("the same secret with other white space gives another key")
	}
	if c, _ := read("correct horse battery stapler"); c == a {
		t.Error("another secret gives the same key")
	}
	if a == (cards.Key{}) || hex.EncodeToString(a[:]) == sha256hex("correct horse battery staple") {
		t.Error("the key is zero or the bare hash of the secret (no domain separation)")
	}
	for _, body := range []string{"", "short\n", strings.Repeat("x", 5000)} {
		if _, err := read(body); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%d bytes: err = %v, want an error naming %s", len(body), err, p)
		}
	}
	os.Remove(p)
	if err := syscall.Mkfifo(p, 0o600); err == nil {
		if _, _, err := cards.ReadKey(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("a FIFO: err = %v, want an error naming it", err)
		}
	}
}

func sha256hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestExportKey: the same exports give the same key and tokens; one byte
// changed in one export (nothing else: no seed is involved) changes them;
// moving a byte from one export to the next changes them; a file that
// differs from the hash taken when it was read is refused naming it; the
// key is none of the hashes the manifest publishes.
func TestExportKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) cards.Export {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return cards.Export{Path: p, SHA256: sha256hex(body)}
	}
	key := func(ex ...cards.Export) cards.Key {
		t.Helper()
		k, err := cards.ExportKey(ex)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	a1, b1 := write("2025.csv", "id,x\nR_1,1\n"), write("2026.csv", "id,x\nR_2,2\n")
	k1 := key(a1, b1)
	if key(a1, b1) != k1 || cards.Token(key(a1, b1), 2026, "R_2") != cards.Token(k1, 2026, "R_2") {
		t.Error("the same exports give another key or token")
	}
	for _, h := range []string{a1.SHA256, b1.SHA256} {
		if hex.EncodeToString(k1[:]) == h {
			t.Error("the key is a published file hash")
		}
	}
	b2 := write("2026.csv", "id,x\nR_2,3\n")
	k2 := key(a1, b2)
	if k2 == k1 || cards.Token(k2, 2026, "R_2") == cards.Token(k1, 2026, "R_2") {
		t.Error("one byte changed in an export leaves the key or the token as it was")
	}
	a3, b3 := write("2025.csv", "id,x\nR_1,1\ni"), write("2026.csv", "d,x\nR_2,3\n")
	if key(a3, b3) == k2 {
		t.Error("a byte moved from one export to the next leaves the key as it was")
	}
	b3.SHA256 = b2.SHA256
	if _, err := cards.ExportKey([]cards.Export{a3, b3}); err == nil || !strings.Contains(err.Error(), b3.Path) {
		t.Errorf("an export changed since it was read: err = %v, want an error naming it", err)
	}
	if _, err := cards.ExportKey([]cards.Export{{Path: dir}}); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("a folder: err = %v, want an error naming it", err)
	}
}

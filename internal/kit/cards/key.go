package cards

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// Key is the secret the card tokens are keyed with. It is never written:
// not to out/, not to the manifest, not to stderr.
type Key [sha256.Size]byte

// KeyFile is the data folder's optional secret for the card tokens (any
// text of 16 to 4096 bytes; surrounding white space is ignored). Without
// it the key is derived from the raw exports (ExportKey).
const KeyFile = "cards.key"

const (
	minKeyBytes = 16
	maxKeyBytes = 4096
	// The domain-separation prefixes: a key from a file and a key from the
	// exports never coincide, nor with any other hash of the same bytes.
	fileKeyPrefix   = "gtmsurvey where-you-stand cards key file\x00"
	exportKeyPrefix = "gtmsurvey where-you-stand cards key from the raw exports\x00"
)

// ReadKey reads a key file. A missing file is no key (false, no error);
// a file that is empty, shorter than 16 bytes, longer than 4096 bytes or
// not a regular file is an error naming it.
func ReadKey(path string) (Key, bool, error) {
	b, err := survey.ReadRegular(path, maxKeyBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return Key{}, false, nil
	}
	if err != nil {
		return Key{}, false, err
	}
	secret := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\ufeff")))
	if len(secret) < minKeyBytes {
		return Key{}, false, fmt.Errorf("%s: a key of %d bytes; want at least %d (a long random line)", path, len(secret), minKeyBytes)
	}
	h := sha256.New()
	h.Write([]byte(fileKeyPrefix))
	h.Write(secret)
	return Key(h.Sum(nil)), true, nil
}

// Export is one raw export the key is derived from: its path and the hex
// SHA-256 of the bytes the run read ("" skips the check).
type Export struct{ Path, SHA256 string }

// ExportKey derives the key from the private raw exports, which are never
// published: SHA-256 over a domain-separation prefix and, per export in
// the order given, its whole content followed by its length. The same
// exports give the same key; changing any byte of any export changes it.
// The published per-file hashes do not reveal it. Each file is streamed
// (memory stays bounded) and checked against the hash taken when the run
// read it.
func ExportKey(exports []Export) (Key, error) {
	h := sha256.New()
	h.Write([]byte(exportKeyPrefix))
	for _, e := range exports {
		if err := hashExport(h, e); err != nil {
			return Key{}, err
		}
	}
	return Key(h.Sum(nil)), nil
}

// hashExport writes one export's content and length into h.
func hashExport(h io.Writer, e Export) error {
	f, err := os.OpenFile(e.Path, os.O_RDONLY|syscall.O_NONBLOCK, 0) // a swapped-in FIFO cannot block
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", e.Path)
	}
	own := sha256.New()
	n, err := io.Copy(io.MultiWriter(h, own), f)
	if err != nil {
		return fmt.Errorf("%s: %w", e.Path, err)
	}
	if e.SHA256 != "" && hex.EncodeToString(own.Sum(nil)) != e.SHA256 {
		return fmt.Errorf("%s: changed while the run was reading it", e.Path)
	}
	return binary.Write(h, binary.BigEndian, uint64(n))
}

// Token is a card's name: the first 128 bits of HMAC-SHA256 of the wave
// and response id under the secret key. The same key and response give
// the same token; without the key it cannot be computed, whatever else of
// the run (seed, manifest, public files) is known.
func Token(key Key, wave int, responseID string) string {
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte(strconv.Itoa(wave) + "\x00" + responseID))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names the character encoding a CSV export was read in.
type Encoding string

// The encodings the reader accepts. Anything else is refused.
const (
	UTF8        Encoding = "UTF-8"
	UTF16LE     Encoding = "UTF-16LE"
	UTF16BE     Encoding = "UTF-16BE"
	Windows1252 Encoding = "Windows-1252"
)

// MaxConfigBytes bounds a configuration file the run reads (codebook.yaml,
// release.yaml, a previous release's generalization file): 16 MiB.
const MaxConfigBytes int64 = 16 << 20

// ReadRegular reads a regular file of at most max bytes, as readSource
// reads an export: a device, FIFO or folder (or a symlink to one) is
// refused by name before it is read, a larger file once max+1 bytes are in.
func ReadRegular(path string, max int64) ([]byte, error) {
	data, _, err := readSource(path, max)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		err = fmt.Errorf("%s: %w", path, err)
	}
	return data, err
}

// readSource reads a regular file of at most max bytes once, hashing it on
// the way. Anything else (a device, a FIFO, a folder, a symlink to one of
// them) is refused before it is opened for reading, and the open file is
// checked again, so a swapped-in FIFO cannot block the read.
func readSource(path string, max int64) (data []byte, sum string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	if err := regular(st, max); err != nil {
		return nil, "", err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, "", err
	}
	if err := regular(st, max); err != nil {
		return nil, "", err
	}
	h := sha256.New()
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + 1)
	n, err := io.Copy(&buf, io.TeeReader(io.LimitReader(f, max+1), h))
	if err != nil {
		return nil, "", err
	}
	if n > max {
		return nil, "", tooLarge(n, max)
	}
	return buf.Bytes(), hex.EncodeToString(h.Sum(nil)), nil
}

func regular(st fs.FileInfo, max int64) error {
	m := st.Mode()
	switch {
	case m.IsDir():
		return errors.New("is a folder, not a file")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("is a named pipe, not a regular file")
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return errors.New("is a device, not a regular file")
	case !m.IsRegular():
		return fmt.Errorf("is not a regular file (mode %v)", m)
	case st.Size() > max:
		return tooLarge(st.Size(), max)
	}
	return nil
}

func tooLarge(n, max int64) error {
	return fmt.Errorf("file is larger than the limit of %d bytes (%d or more; raise -max-file-size if it is genuine)", max, n)
}

// decodeText returns CSV bytes as UTF-8 without a byte-order mark, with the
// encoding they were in. UTF-16 (with or without a BOM) is decoded; bytes
// that are not valid UTF-8 are read as Windows-1252 when the file holds no
// valid multi-byte UTF-8 at all, and refused otherwise. Nothing is lost
// silently: the caller warns whenever the encoding is not UTF-8.
func decodeText(data []byte) ([]byte, Encoding, error) {
	if enc := utf16Kind(data); enc != "" {
		return decodeUTF16(data, enc)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, "", &posError{line: lineAt(data, i), err: errors.New("file holds NUL bytes: not a text export (binary file, or an unsupported encoding)")}
	}
	if utf8.Valid(data) {
		return data, UTF8, nil
	}
	bad, multi := scanUTF8(data)
	if multi {
		return nil, "", &posError{line: lineAt(data, bad), err: fmt.Errorf("invalid UTF-8 (byte 0x%02x at offset %d) in a file that is otherwise UTF-8: mixed or corrupt encoding", data[bad], bad)}
	}
	for _, b := range data {
		switch b {
		case 0x81, 0x8d, 0x8f, 0x90, 0x9d: // undefined in Windows-1252
			return nil, "", &posError{line: lineAt(data, bad), err: fmt.Errorf("file is neither UTF-8 nor Windows-1252 (byte 0x%02x): re-export it as UTF-8", b)}
		}
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", fmt.Errorf("decode Windows-1252: %w", err)
	}
	return out, Windows1252, nil
}

// utf16Kind recognises UTF-16 by its byte-order mark, or without one by NUL
// bytes in every other position of the first 4 KiB (ASCII text in UTF-16).
func utf16Kind(data []byte) Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return UTF16LE
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return UTF16BE
	}
	head := data[:min(len(data), 4096)]
	if len(head) < 4 {
		return ""
	}
	var even, odd int
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	pairs := len(head) / 2
	switch {
	case odd*10 >= pairs*7 && even*10 < pairs:
		return UTF16LE
	case even*10 >= pairs*7 && odd*10 < pairs:
		return UTF16BE
	}
	return ""
}

func decodeUTF16(data []byte, enc Encoding) ([]byte, Encoding, error) {
	order := unicode.LittleEndian
	if enc == UTF16BE {
		order = unicode.BigEndian
	}
	if len(data)%2 != 0 {
		return nil, "", fmt.Errorf("%s file has an odd number of bytes (%d): truncated", enc, len(data))
	}
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if errors.Is(err, unicode.ErrMissingBOM) {
		out, err = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	}
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", enc, err)
	}
	if i := bytes.IndexByte(out, 0); i >= 0 {
		return nil, "", &posError{line: lineAt(out, i), err: fmt.Errorf("%s text holds NUL characters: not a text export", enc)}
	}
	return out, enc, nil
}

// scanUTF8 returns the offset of the first invalid byte and whether the
// data also holds a valid multi-byte sequence.
func scanUTF8(data []byte) (bad int, multi bool) {
	bad = -1
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			if bad < 0 {
				bad = i
			}
		} else {
			multi = true
		}
		i += n
	}
	return bad, multi
}

func lineAt(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

// posError is an error at a line of the file, turned into a *ParseError by
// the caller that knows the file's name.
type posError struct {
	line int
	err  error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

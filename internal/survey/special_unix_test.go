//go:build unix

package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFiles refuses what is not a regular file without blocking, and
// files over the size limit.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.xlsx")
	os.Mkdir(folder, 0o755)
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, bytes.Repeat([]byte("a,b\n"), 100), 0o644)
	for _, tc := range []struct {
		path, want string
		l          Layout
	}{
		{zero, "is a device", Layout{}},
		{fifo, "is a named pipe", Layout{}},
		{folder, "is a folder", Layout{}},
		{big, "larger than the limit of 100 bytes", Layout{MaxBytes: 100}},
		{filepath.Join(dir, "missing.csv"), "no such file", Layout{}},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadLayout(tc.path, tc.l); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), tc.path) {
				t.Errorf("%s: err = %v, want %q", tc.path, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: read blocked", tc.path)
		}
	}
}

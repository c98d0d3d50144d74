package survey

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// longLines are CSV exports too big for the committed corpus, written at
// test time: a record over MaxRecordBytes (on the header or a data row,
// unquoted or inside quotes) and a field over MaxFieldBytes. Each is
// refused as "file:row: line longer than …" at the row where it starts.
func longLines() []struct {
	name string
	data []byte
	row  int
} {
	long := strings.Repeat("x", MaxRecordBytes+1)
	field := strings.Repeat("y", MaxFieldBytes+1)
	return []struct {
		name string
		data []byte
		row  int
	}{
		{"one_line.csv", []byte("a,b," + long + "\n1,2,3\n"), 1},
		{"data_row.csv", []byte("a,b\n1,2\n3," + long + "\n"), 3},
		{"quoted_lines.csv", []byte("a,b\n1,2\n3,\"" + strings.Repeat("z\n", MaxRecordBytes/2+1) + "\"\n"), 3},
		{"long_field.csv", []byte("a,b\n1,2\n\"q\nr\",\"" + field + "\"\n"), 3},
		{"lone_cr_line.csv", []byte("a,b\r1,2\r3," + long + "\r"), 3},
	}
}

func TestLongLinesRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range longLines() {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadLayout(p, Layout{})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Row != tc.row || !strings.HasPrefix(err.Error(), fmt.Sprintf("%s:%d: line longer than", p, tc.row)) {
			t.Errorf("%s: err = %v, want %s:%d: line longer than …", tc.name, err, p, tc.row)
		}
	}
	// At the limits a record and a field are read.
	ok := "a,b\n1,\"" + strings.Repeat("y", MaxFieldBytes-1) + "\"\n"
	if tab, err := ReadCSV("ok.csv", []byte(ok)); err != nil || len(tab.Rows[0].Cells[1]) != MaxFieldBytes-1 {
		t.Errorf("a field just under the limit: %v", err)
	}
}

// TestLongLineMemory reads a 64 MiB one-line CSV in a child process: it is
// refused with a peak resident memory near the file's own size (the whole
// file is read once), not the gigabytes encoding/csv would take to buffer
// the line.
func TestLongLineMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil || testing.Short() {
		t.Skip("needs /proc; not in -short")
	}
	p := filepath.Join(t.TempDir(), "line.csv")
	if err := os.WriteFile(p, append(bytes.Repeat([]byte("x"), 64<<20), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, msg := readInChild(t, p, DefaultMaxBytes)
	t.Logf("peak RSS %d MiB (%s)", kb>>10, msg)
	if !strings.Contains(msg, "line longer than") {
		t.Errorf("child read it: %s", msg)
	}
	if kb > 160<<10 {
		t.Errorf("peak RSS %d MiB for a 64 MiB line, want under 160 MiB", kb>>10)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// copyData copies the sample data folder into a temporary one.
// TestHostileInputCLI: a hostile or oversized export ends validate with one
// line naming the file; a Windows-1252 export is read with a warning.
func TestHostileInputCLI(t *testing.T) {
	bomb, err := os.ReadFile("../../internal/survey/testdata/hostile/zip_bomb.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := copyData(t)
	os.WriteFile(filepath.Join(dir, "2023_typeform.xlsx"), bomb, 0o644)
	_, err = runOut(t, "validate", "-data", dir)
	if err == nil || !strings.Contains(err.Error(), "2023_typeform.xlsx") || !strings.Contains(err.Error(), "zip bomb") || strings.Contains(err.Error(), "\n") {
		t.Errorf("zip bomb: err = %v", err)
	}

	dir = copyData(t)
	_, err = runOut(t, "validate", "-data", dir, "-max-file-size", "100KiB")
	if err == nil || !strings.Contains(err.Error(), "larger than the limit of 102400 bytes") {
		t.Errorf("-max-file-size: err = %v", err)
	}
	if _, err := runOut(t, "validate", "-data", dir, "-max-file-size", "lots"); err == nil {
		t.Error("-max-file-size lots accepted")
	}

	dir = copyData(t)
	p := filepath.Join(dir, "2022_google_forms.csv")
	b, _ := os.ReadFile(p)
	cp, err := charmap.Windows1252.NewEncoder().Bytes(b)
	if err != nil {
		t.Skip("sample data has characters outside Windows-1252:", err)
	}
	os.WriteFile(p, cp, 0o644)
	out, err := runOut(t, "validate", "-data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "warning:") != 1 || !strings.Contains(out, "2022_google_forms.csv: not UTF-8, read as Windows-1252") {
		t.Errorf("no Windows-1252 warning in:\n%.400s", out)
	}
}

// TestHostileLinesCLI: an export whose lines end in lone carriage returns
// reads as the same rows; one with a line over the record limit ends
// validate with one line naming file and row.
func TestHostileLinesCLI(t *testing.T) {
	want, err := runOut(t, "validate", "-data", "../../data")
	if err != nil {
		t.Fatal(err)
	}
	dir := copyData(t)
	p := filepath.Join(dir, "2022_google_forms.csv")
	b, _ := os.ReadFile(p)
	cr := strings.ReplaceAll(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n", "\r")
	os.WriteFile(p, []byte(cr), 0o644)
	got, err := runOut(t, "validate", "-data", dir)
	if err != nil {
		t.Fatalf("lone CR: %v", err)
	}
	ledger := func(s string) string { return s[strings.Index(s, "== ledger"):] }
	if ledger(got) != ledger(want) {
		t.Errorf("lone CR: the ledger differs:\n%s\nwant\n%s", ledger(got), ledger(want))
	}

	dir = copyData(t)
	p = filepath.Join(dir, "2026_typeform.csv")
	b, _ = os.ReadFile(p)
	lines := strings.SplitAfterN(string(b), "\n", 3)
	long := lines[0] + lines[1] + strings.Repeat("x", 17<<20) + "\n" + lines[2]
	os.WriteFile(p, []byte(long), 0o644)
	_, err = runOut(t, "validate", "-data", dir)
	if err == nil || !strings.Contains(err.Error(), "2026_typeform.csv:3: line longer than 16 MiB") || strings.Contains(err.Error(), "\n") {
		t.Errorf("17 MiB line: err = %v", err)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	want := readGolden(t, name, got)
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs from the golden file (run go test ./cmd/analyze -update if the change is intended); lines (-want +got):\n%s", name, diff)
	}
}

// readGolden returns testdata/name, after writing got there under -update.
func readGolden(t *testing.T, name string, got []byte) []byte {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/analyze -update)", err)
	}
	return want
}

// goldenJSON compares a JSON output with testdata/name, numbers equal to
// nine significant digits (the last bits of a float may differ between
// CPU architectures); on a difference it shows only the fields that differ.
func goldenJSON(t *testing.T, name string, got []byte) {
	t.Helper()
	want := readGolden(t, name, got)
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff := cmp.Diff(w, g, cmpopts.EquateApprox(1e-9, 0)); diff != "" {
		t.Errorf("%s differs from the golden file (run go test ./cmd/analyze -update if the change is intended) (-want +got):\n%s", name, diff)
	}
}

func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, &out, &errb)
	return out.String(), err
}

// TestRunOnSampleData runs the pipeline with the pre-registered settings
// (9 999 bootstrap replicates) and compares stdout and results.json with
// their golden files.
func TestRunOnSampleData(t *testing.T) {
	if testing.Short() {
		t.Skip("full pipeline with 9 999 replicates; run without -short")
	}
	out1 := filepath.Join(t.TempDir(), "out")
	stdout, err := runOut(t, "-q", "-data", "../../data", "-out", out1)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "run.stdout", []byte(strings.ReplaceAll(stdout, out1, "OUT")))
	res, err := os.ReadFile(filepath.Join(out1, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	goldenJSON(t, "results.json", res)
	resp, _ := os.ReadFile(filepath.Join(out1, "private/responses.csv"))
	for _, banned := range []string{"email", "first_name", "ip_address", "comments", "@", "203.0.113."} {
		if bytes.Contains(resp, []byte(banned)) {
			t.Errorf("responses.csv contains %q", banned)
		}
	}
}

func TestRunBadInputWritesNothing(t *testing.T) {
	data := t.TempDir()
	for _, f := range []string{"codebook.yaml", "2022_google_forms.csv", "2023_typeform.xlsx", "2024_surveymonkey.xlsx", "2025_qualtrics.csv"} {
		b, err := os.ReadFile(filepath.Join("../../data", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(data, f), b, 0o644)
	}
	os.WriteFile(filepath.Join(data, "2026_typeform.csv"), []byte("#,x\n1,2\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	_, err := runOut(t, "-data", data, "-out", out)
	if err == nil || !strings.Contains(err.Error(), "2026_typeform.csv") {
		t.Fatalf("err = %v, want an error naming the file", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("output folder exists after a failed run")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{"frobnicate"},
		{"-no-such-flag"},
		{"-min-answered", "2"},
		{"-speeder-fraction", "-1"},
		{"synth"},
		{"synth", "-out", "x", "-effects", "maybe"},
		{"synth", "-out", "x", "-scale", "0"},
		{"-k", "1"},
		{"-alpha", "1.5"},
		{"-resamples", "5"},
		{"-equivalence-margin", "0"},
	}
	for _, args := range tests {
		_, err := runOut(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

func TestValidate(t *testing.T) {
	stdout, err := runOut(t, "validate", "-data", "../../data")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"== 2022", "== 2026", "not asked this wave", "ambiguous", "rows read = kept + excluded", "2025_qualtrics.csv:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate output lacks %q", want)
		}
	}
}

func TestBadReleaseConfigWritesNothing(t *testing.T) {
	data := copyData(t)
	cfg, _ := os.ReadFile(filepath.Join(data, "release.yaml"))
	os.WriteFile(filepath.Join(data, "release.yaml"), []byte(strings.Replace(string(cfg), "  role: ", "  no_such_variable: ", 1)), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	_, err := runOut(t, "-data", data, "-out", out, "-resamples", "99")
	if err == nil || !strings.Contains(err.Error(), "release.yaml") {
		t.Fatalf("err = %v, want an error naming release.yaml", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Error("output folder exists after a failed release")
	}
}

// copyData copies the bundled data folder into a temporary one that a test
// may change.
func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("../../data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../../data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCardsKey: a cards.key in the data folder names the cards under it
// (other tokens than the run without it, the same cards); a bad key is
// refused, naming the file, before any export is read, and nothing is
// written.
func TestCardsKey(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline twice; without -short")
	}
	data := copyData(t)
	tokens := func() (map[string]bool, int) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out")
		if _, err := runOut(t, "-data", data, "-out", out, "-resamples", "99", "-cards"); err != nil {
			t.Fatal(err)
		}
		names, err := os.ReadDir(filepath.Join(out, "private", cards.Dir))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, n := range names {
			seen[n.Name()] = true
		}
		return seen, len(names)
	}
	derived, n := tokens()
	key := filepath.Join(data, cards.KeyFile)
	os.WriteFile(key, []byte("a mail merge's own long random secret\n"), 0o600)
	keyed, m := tokens()
	if n == 0 || m != n {
		t.Fatalf("%d cards without the key, %d with it; want the same number", n, m)
	}
	for name := range keyed {
		if derived[name] {
			t.Fatalf("card %s has the same name with and without cards.key", name)
		}
	}
	os.WriteFile(key, []byte("short\n"), 0o600)
	out := filepath.Join(t.TempDir(), "out")
	_, err := runOut(t, "-data", data, "-out", out, "-resamples", "99")
	if err == nil || !strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming %s", err, key)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Error("a refused key wrote output")
	}
}

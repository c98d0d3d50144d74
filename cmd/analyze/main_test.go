package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
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
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs from the golden file (run go test ./cmd/analyze -update if the change is intended); lines -want +got:\n%s", name, diff)
	}
}

func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(args, &out, &errb)
	return out.String(), err
}

func TestRunOnSampleData(t *testing.T) {
	out1, out2 := t.TempDir(), t.TempDir()
	stdout, err := runOut(t, "-data", "../../data", "-out", out1)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "run.stdout", []byte(strings.ReplaceAll(stdout, out1, "OUT")))
	if _, err := runOut(t, "run", "-data", "../../data", "-out", out2); err != nil {
		t.Fatal(err)
	}
	for _, f := range append([]string{"private/responses.csv", "private/exclusions.csv", "results.json"}, publicFiles(t, out1)...) {
		a, err1 := os.ReadFile(filepath.Join(out1, f))
		b, err2 := os.ReadFile(filepath.Join(out2, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", f)
		}
	}
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
	data := t.TempDir()
	entries, _ := os.ReadDir("../../data")
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("../../data", e.Name()))
		os.WriteFile(filepath.Join(data, e.Name()), b, 0o644)
	}
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

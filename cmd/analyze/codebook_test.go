package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateGolden(t *testing.T) {
	stdout, err := runOut(t, "validate", "-data", "../../data")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "validate.stdout", []byte(stdout))
}

// A huge answer with newlines is printed bounded and quoted: it can neither
// blow up the report nor forge a line of it.
func TestValidateBoundsAnswerText(t *testing.T) {
	dir := copyData(t)
	p := filepath.Join(dir, "2022_google_forms.csv")
	b, _ := os.ReadFile(p)
	hostile := "\"Chief\n== 2099  forged.csv  (1 header rows)\n" + strings.Repeat("x", 1<<20-100) + "\""
	s := strings.Replace(string(b), ",Founder / CEO,", ","+hostile+",", 1)
	if s == string(b) {
		t.Fatal("no Founder / CEO answer to replace")
	}
	os.WriteFile(p, []byte(s), 0o644)
	stdout, err := runOut(t, "validate", "-data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(stdout) > 100<<10 {
		t.Errorf("validate printed %d bytes for a 1 MB answer", len(stdout))
	}
	if strings.Contains(stdout, "\n== 2099") {
		t.Error("an answer forged a report line")
	}
	if !strings.Contains(stdout, `unmapped labels in role: "Chief\n== 2099`) || !strings.Contains(stdout, "more bytes") {
		t.Errorf("the answer is not listed quoted and cut:\n%s", stdout[:min(len(stdout), 3000)])
	}
}

func TestCodebookPathsStayInTheDataFolder(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "x.csv"), []byte("a\n1\n"), 0o644)
	tests := []struct {
		name  string
		setup func(dir string)
		want  string
	}{
		{"dot-dot", func(dir string) {
			replaceIn(t, dir, "codebook.yaml", "file: 2026_typeform.csv", "file: ../2026_typeform.csv")
		}, "must stay inside the data folder"},
		{"absolute", func(dir string) {
			replaceIn(t, dir, "codebook.yaml", "file: 2026_typeform.csv", "file: "+filepath.Join(outside, "x.csv"))
		}, "not absolute"},
		{"symlink", func(dir string) {
			os.Remove(filepath.Join(dir, "2026_typeform.csv"))
			if err := os.Symlink(filepath.Join(outside, "x.csv"), filepath.Join(dir, "2026_typeform.csv")); err != nil {
				t.Skip(err)
			}
		}, "outside the data folder"},
		{"bad release.yaml", func(dir string) { replaceIn(t, dir, "release.yaml", "  role: ", "  no_such_variable: ") }, "release.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyData(t)
			tc.setup(dir)
			_, err := runOut(t, "validate", "-data", dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func replaceIn(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, name)
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: no %q (%v)", name, old, err)
	}
	os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

func TestCodebookDraft(t *testing.T) {
	stdout, err := runOut(t, "codebook", "draft", "../../data/2024_surveymonkey.xlsx", "-year", "2027", "-data", "../../data")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "draft.stdout", []byte(stdout))
	for _, args := range [][]string{
		{"codebook"},
		{"codebook", "draft", "../../data/2024_surveymonkey.xlsx"},
		{"codebook", "draft", "-year", "2027"},
		{"codebook", "frobnicate"},
	} {
		_, err := runOut(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

// Qualtrics previews are excluded even when the codebook does not map the
// Status column (here it is ignored instead): the ledger does not change.
func TestQualtricsStatusWithoutMapping(t *testing.T) {
	dir := copyData(t)
	replaceIn(t, dir, "codebook.yaml", "      - var: response_type\n        tag: Status\n        recode:\n          \"0\": Response\n          \"1\": Preview\n", "")
	replaceIn(t, dir, "codebook.yaml", "      - Progress\n", "      - Progress\n      - Status\n")
	want, err := runOut(t, "validate", "-data", "../../data")
	if err != nil {
		t.Fatal(err)
	}
	got, err := runOut(t, "validate", "-data", dir)
	if err != nil {
		t.Fatal(err)
	}
	ledger := func(s string) string { return s[strings.Index(s, "== ledger"):] }
	if ledger(got) != ledger(want) || !strings.Contains(ledger(got), "preview") {
		t.Errorf("ledger without the Status mapping:\n%s\nwant:\n%s", ledger(got), ledger(want))
	}
}

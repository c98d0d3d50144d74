package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
)

// TestPublicGolden: one extract's CSV and the disclosure report, compared
// line by line with the golden files (refresh with -update).
func TestPublicGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	out := t.TempDir()
	if _, err := runOut(t, "-data", "../../data", "-out", out, "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{anonymize.CSVName("h1-augmented-reps"), anonymize.Disclosure} {
		b, err := os.ReadFile(filepath.Join(out, "public", name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, b)
	}
}

func TestKMayOnlyRise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	out := t.TempDir()
	_, err := runOut(t, "-data", "../../data", "-out", out, "-k", "3", "-resamples", "99")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "k may only be raised") {
		t.Fatalf("-k 3 below the config's 5: err = %v, want a usage error", err)
	}
	if _, err := os.Stat(out + "/public"); !os.IsNotExist(err) {
		t.Error("a refused -k wrote public/")
	}
	if _, err := runOut(t, "-data", "../../data", "-out", out, "-k", "7", "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	rep, _ := os.ReadFile(filepath.Join(out, "public", anonymize.Disclosure))
	if !strings.Contains(string(rep), "k = 7 (raised by -k from the configuration's k = 5)") {
		t.Error("the report does not state the raised k")
	}
}

// TestPrevious: a release checked against the previous one passes when the
// generalization is the same, and is refused when the previous release
// generalized differently (the intersection breaks k).
func TestPrevious(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	prev := t.TempDir()
	if _, err := runOut(t, "-data", "../../data", "-out", prev, "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := runOut(t, "-data", "../../data", "-out", out, "-resamples", "99", "-previous", filepath.Join(prev, "public")); err != nil {
		t.Fatal(err)
	}
	rep, _ := os.ReadFile(filepath.Join(out, "public", anonymize.Disclosure))
	if !strings.Contains(string(rep), "| theme-company | 2022 2023 2024 2025 2026 |") {
		t.Errorf("the report lacks the intersection table:\n%s", rep[strings.Index(string(rep), "## Successive"):])
	}
	// Control: the previous release kept region and category, suppressing stage and coarsening size.
	g := filepath.Join(prev, "public", anonymize.GeneralizationFile)
	b, _ := os.ReadFile(g)
	s := string(b)
	for _, edit := range [][2]string{{"company_category: 2", "company_category: 0"}, {"company_stage: 2\n    headcount_total: 0\n    hq_region: 3", "company_stage: 3\n    headcount_total: 2\n    hq_region: 0"}} {
		if !strings.Contains(s, edit[0]) {
			t.Fatalf("generalization.yaml lacks %q:\n%s", edit[0], s)
		}
		s = strings.Replace(s, edit[0], edit[1], 1)
	}
	os.WriteFile(g, []byte(s), 0o644)
	out2 := filepath.Join(t.TempDir(), "out")
	_, err := runOut(t, "-data", "../../data", "-out", out2, "-resamples", "99", "-previous", filepath.Join(prev, "public"))
	if err == nil || !strings.Contains(err.Error(), "release refused") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if _, statErr := os.Stat(out2); !os.IsNotExist(statErr) {
		t.Error("a refused release wrote output")
	}
}

package kit_test

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/kittest"
)

// python is /usr/bin/python3 when it has pandas and scipy, else "".
func python() string {
	const py = "/usr/bin/python3"
	if exec.Command(py, "-c", "import pandas, scipy").Run() != nil {
		return ""
	}
	return py
}

// rscript is Rscript on PATH, or "".
func rscript() string {
	p, _ := exec.LookPath("Rscript")
	return p
}

var figure = regexp.MustCompile(`^(H\d) .*: estimate=(\S+) p=(\S+)\n$`)

// parseFigure reads a script's line: the hypothesis, estimate and p (NaN
// for nan or NA).
func parseFigure(out string) (id string, est, p float64, err error) {
	m := figure.FindStringSubmatch(out)
	if m == nil {
		return "", 0, 0, fmt.Errorf("output %q is not one headline line", out)
	}
	num := func(s string) float64 {
		if s == "nan" || s == "NA" {
			return math.NaN()
		}
		x, e := strconv.ParseFloat(s, 64)
		if e != nil {
			err = e
		}
		return x
	}
	return m[1], num(m[2]), num(m[3]), err
}

// near is true when a and b agree to 1e-9 relative (NaN equals NaN).
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestRerunScripts runs every rerun script on the written public folder and
// checks its headline against the disclosure report's "public" figure
// (anonymize.Release.Headlines) to 1e-9: Python with pandas and scipy, R
// with base R, each skipped when absent. A control run on a folder whose
// win-rate bands were shuffled must disagree.
func TestRerunScripts(t *testing.T) {
	f := kittest.Get(t)
	dir := f.WriteFolder(t)
	heads := f.R.Headlines(f.Survey.Kept)
	runners := map[string]string{".py": python(), ".R": rscript()}
	ran := 0
	for _, spec := range f.Config.Extracts {
		if spec.Hypothesis == "" {
			continue
		}
		want, ok := heads[spec.Name]
		if !ok {
			t.Fatalf("no Go headline for %s", spec.Name)
		}
		for ext, bin := range runners {
			if bin == "" {
				t.Logf("skipped %s scripts: no interpreter with the packages they need", ext)
				continue
			}
			script := filepath.Join(dir, kit.RerunDir, strings.ToLower(spec.Hypothesis)+ext)
			out, err := exec.Command(bin, script, dir).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", script, err, out)
			}
			id, est, p, err := parseFigure(string(out))
			if err != nil || id != spec.Hypothesis {
				t.Fatalf("%s: %v (id %q)", script, err, id)
			}
			if !near(est, want.Public) || !near(p, want.PublicP) {
				t.Errorf("%s: estimate %v p %v, the disclosure report's public figure %v p %v", filepath.Base(script), est, p, want.Public, want.PublicP)
			}
			ran++
		}
	}
	t.Logf("%d scripts agree with the Go figures", ran)
	for _, ext := range []string{".py", ".R"} {
		if bin := runners[ext]; bin != "" {
			control(t, bin, ext, dir)
			break
		}
	}
}

// control: h1 on a copy of the extract with the win-rate bands of the
// augmented group moved down disagrees with the Go figure.
func control(t *testing.T, bin, ext, dir string) {
	name := filepath.Join(dir, "gtm-survey-h1-augmented-reps.csv")
	b, _ := os.ReadFile(name)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "gtm-survey-h1-augmented-reps.csv"), []byte(strings.ReplaceAll(string(b), "(augmented),≥40%", "(augmented),<10%")), 0o644)
	out, err := exec.Command(bin, filepath.Join(dir, kit.RerunDir, "h1"+ext), bad).CombinedOutput()
	if err != nil {
		t.Fatalf("control: %v\n%s", err, out)
	}
	f := kittest.Get(t)
	_, est, _, _ := parseFigure(string(out))
	if near(est, f.R.Headlines(f.Survey.Kept)["h1-augmented-reps"].Public) {
		t.Error("control: a changed extract gives the same H1 figure; the comparison cannot fail")
	}
}

// TestReadmeSnippets runs the README's pandas and R loading examples in the
// written public folder (each skipped when its interpreter is absent) and
// checks they print the example column's bands.
func TestReadmeSnippets(t *testing.T) {
	f := kittest.Get(t)
	dir := f.WriteFolder(t)
	readme := string(f.Kit.Files[kit.ReadmeFile])
	for _, c := range []struct{ lang, bin string }{{"python", python()}, {"r", rscript()}} {
		m := regexp.MustCompile("(?s)```" + c.lang + "\n(.*?)```").FindStringSubmatch(readme)
		if m == nil {
			t.Fatalf("README has no %s block", c.lang)
		}
		if n := strings.Count(m[1], "\n"); n != 3 {
			t.Errorf("%s example has %d lines, want 3", c.lang, n)
		}
		if c.bin == "" {
			t.Logf("skipped the %s example: interpreter or packages absent", c.lang)
			continue
		}
		arg := "-c"
		if c.lang == "r" {
			arg = "-e"
		}
		cmd := exec.Command(c.bin, arg, m[1])
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s example: %v\n%s", c.lang, err, out)
		}
		if !strings.Contains(string(out), "20–30%") && !strings.Contains(string(out), "20\u201330%") {
			t.Errorf("%s example printed no band:\n%s", c.lang, out)
		}
		if strings.Contains(string(out), "not asked") {
			t.Errorf("%s example counts \"not asked\" as a value:\n%s", c.lang, out)
		}
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// fast is a run with few bootstrap replicates (about a second).
var fast = []string{"-data", "../../data", "-resamples", "99", "-cards"}

// outTree returns every file under dir with its content, by slash path.
func outTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// digest maps each file to its sha256, for short diffs.
func digest(files map[string][]byte) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		sum := sha256.Sum256(v)
		out[k] = hex.EncodeToString(sum[:8])
	}
	return out
}

func names(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// leftovers lists what is beside out/ in its parent folder.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(out))
	var l []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			l = append(l, e.Name())
		}
	}
	return l
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		stdout, err := runOut(t, args...)
		if err != nil {
			t.Fatalf("%q: err = %v, want nil (exit 0)", args, err)
		}
		for _, c := range commands {
			if !strings.Contains(stdout, "  "+c.name+" ") || !strings.Contains(stdout, "e.g. "+c.example) {
				t.Errorf("%q: help lacks command %q with its example", args, c.name)
			}
		}
	}
	for _, args := range [][]string{{"run", "-h"}, {"validate", "-h"}, {"synth", "-h"}} {
		var out, errb bytes.Buffer
		if err := run(args, &out, &errb); err != nil {
			t.Errorf("%q: err = %v, want nil (exit 0)", args, err)
		}
		if !strings.HasPrefix(errb.String(), "usage: analyze") {
			t.Errorf("%q: usage starts %.40q", args, errb.String())
		}
		if strings.Contains(errb.String(), "help requested") {
			t.Errorf("%q: prints %q", args, "help requested")
		}
	}
	var out, errb bytes.Buffer
	run([]string{"run", "-h"}, &out, &errb)
	for _, want := range []string{"(default 0.333)", "(default 0.05)", "(default 9999)", "-q\tquiet"} {
		if !strings.Contains(strings.ReplaceAll(errb.String(), "\n    \t", "\t"), want) {
			t.Errorf("run -h lacks %q:\n%s", want, errb.String())
		}
	}
}

// TestStagesAndSameOutputs runs twice: the first run prints its stage lines
// with wall and CPU times and a total line on stderr, the second (-q) prints none; both give
// byte-identical folders, report and manifest included, and the manifest
// accounts for every input and output.
func TestStagesAndSameOutputs(t *testing.T) {
	var stdout, stderr bytes.Buffer
	a, b := filepath.Join(t.TempDir(), "out"), filepath.Join(t.TempDir(), "out")
	if err := run(append(fast, "-out", a), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^(read, harmonize and clean|hypotheses \(bootstrap\)|sensitivity: without quality rules|public release \(anonymize\)|report|write outputs) +[0-9]+\.[0-9]{2} s`)
	if n := len(line.FindAllString(stderr.String(), -1)); n != 6 {
		t.Errorf("%d stage lines with timings on stderr, want 6:\n%s", n, stderr.String())
	}
	total := regexp.MustCompile(`(?m)^total +[0-9]+\.[0-9]{2} s  cpu +[0-9]+\.[0-9]{2} s  peak memory [1-9][0-9]* MiB$`)
	if runtime.GOOS == "linux" && !total.MatchString(stderr.String()) {
		t.Errorf("no total line with CPU time and peak memory on stderr:\n%s", stderr.String())
	}
	if line.MatchString(stdout.String()) {
		t.Errorf("timings on stdout:\n%s", stdout.String())
	}
	if !strings.Contains(stdout.String(), "report.html") {
		t.Error("stdout does not say where the report is")
	}
	stdout.Reset()
	stderr.Reset()
	if err := run(append(fast, "-out", b, "-q"), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() > 0 {
		t.Errorf("-q: stderr is %q, want nothing", stderr.String())
	}
	ta, tb := outTree(t, a), outTree(t, b)
	want := []string{"manifest.json", "private/exclusions.csv", "private/responses.csv", "private/trends.csv",
		"public/data-dictionary.csv", "public/disclosure-report.md", "public/gtm-survey-h1-augmented-reps.csv",
		"public/gtm-survey-2022-2026.xlsx", "public/generalization.yaml", "public/trends.csv",
		"charts/verdicts.png", "charts/h1_augmented_reps.svg", "charts/trend_runway_band.csv",
		"report.html", "report.md", "results.json", "slides.pptx"}
	for _, w := range want {
		if _, ok := ta[w]; !ok {
			t.Errorf("out/ lacks %s", w)
		}
	}
	for _, n := range names(ta) {
		if !bytes.Equal(ta[n], tb[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	var m report.Manifest
	if err := json.Unmarshal(ta["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	checkManifest(t, m, ta)
	checkCardNamesSecret(t, ta)
}

func checkManifest(t *testing.T, m report.Manifest, files map[string][]byte) {
	t.Helper()
	var listed []string
	for _, o := range m.Outputs {
		sum := sha256.Sum256(files[o.Path])
		if hex.EncodeToString(sum[:]) != o.SHA256 && o.Path != cardsDir {
			t.Errorf("manifest: sha256 of %s does not match the file", o.Path)
		}
		listed = append(listed, o.Path)
	}
	var all []string
	for _, n := range names(files) { // the cards' folder is one entry
		switch {
		case n == "manifest.json":
		case strings.HasPrefix(n, cardsDir):
			if all[len(all)-1] != cardsDir {
				all = append(all, cardsDir)
			}
		default:
			all = append(all, n)
		}
	}
	if _, ok := files["manifest.json"]; !ok {
		t.Error("out/ lacks manifest.json")
	}
	if diff := cmp.Diff(all, listed); diff != "" {
		t.Errorf("manifest outputs (-files +listed):\n%s", diff)
	}
	if len(m.Inputs) != 5 {
		t.Fatalf("manifest lists %d inputs, want 5", len(m.Inputs))
	}
	for _, in := range append(m.Inputs, report.InputFile{HashedFile: m.Codebook}, report.InputFile{HashedFile: m.ReleaseConfig}) {
		b, err := os.ReadFile(filepath.Join("../../data", in.Path))
		sum := sha256.Sum256(b)
		if err != nil || hex.EncodeToString(sum[:]) != in.SHA256 || int64(len(b)) != in.Bytes {
			t.Errorf("manifest: %s does not match data/%s (%v)", in.Path, in.Path, err)
		}
	}
	if m.Inputs[0].Rows == 0 || m.Seed != 20260512 || m.Options["resamples"] != "99" || m.Options["speeder-fraction"] == "" {
		t.Errorf("manifest: rows %d, seed %d, options %v", m.Inputs[0].Rows, m.Seed, m.Options)
	}
	if man := string(files["manifest.json"]); strings.Contains(man, "../") || strings.Contains(man, `"/`) {
		t.Error("manifest names a path outside the data folder")
	}
	if _, ok := m.Options["out"]; ok {
		t.Error("manifest options name the output folder (two folders would differ)")
	}
}

// cardsDir is the folder of the where-you-stand cards, whose names are secret.
const cardsDir = "private/" + cards.Dir + "/"

// checkCardNamesSecret: no card's token (from private/cards.csv) appears in
// any public file or in the manifest, which counts the cards without naming
// them.
func checkCardNamesSecret(t *testing.T, files map[string][]byte) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(files["private/"+cards.Index])).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("private/%s: %d rows, %v; want cards", cards.Index, len(recs), err)
	}
	for _, r := range recs[1:] {
		if files[cardsDir+r[1]+".html"] == nil {
			t.Fatalf("token %s has no card", r[1])
		}
		for _, n := range names(files) {
			if (n == "manifest.json" || strings.HasPrefix(n, "public/")) && bytes.Contains(files[n], []byte(r[1])) {
				t.Fatalf("%s holds the card token %s", n, r[1])
			}
		}
	}
	var m report.Manifest
	json.Unmarshal(files["manifest.json"], &m)
	i := slices.IndexFunc(m.Outputs, func(o report.OutputFile) bool { return o.Path == cardsDir })
	if i < 0 || m.Outputs[i].Files != len(recs)-1 {
		t.Errorf("the manifest does not count the %d cards in one entry", len(recs)-1)
	}
}

// previousOutputs makes an output folder as an earlier run left it.
func previousOutputs(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	files := map[string][]byte{"results.json": []byte("{}\n"), "report.html": []byte("<p>old</p>\n"), "public/x.csv": []byte("a\n1\n")}
	if err := report.Commit(context.Background(), out, files, report.Manifest{Tool: "earlier"}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInterruptedRunLeavesPreviousOutputs(t *testing.T) {
	out := previousOutputs(t)
	before := outTree(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := runContext(ctx, append(fast, "-q", "-out", out, "-seed", "1"), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v, want interrupted", err)
	}
	if diff := cmp.Diff(digest(before), digest(outTree(t, out))); diff != "" {
		t.Errorf("out/ changed:\n%s", diff)
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left beside out/: %q", l)
	}
}

func TestFailedRunLeavesPreviousOutputs(t *testing.T) {
	data := copyData(t)
	out := previousOutputs(t)
	before := outTree(t, out)
	os.WriteFile(filepath.Join(data, "2026_typeform.csv"), []byte("#,x\n1,2\n"), 0o644)
	if _, err := runOut(t, "-q", "-data", data, "-resamples", "99", "-out", out); err == nil {
		t.Fatal("a run on a broken export succeeded")
	}
	if diff := cmp.Diff(digest(before), digest(outTree(t, out))); diff != "" {
		t.Errorf("out/ changed:\n%s", diff)
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left beside out/: %q", l)
	}
}

// TestCtrlC runs the built program, sends it SIGINT while the bootstrap
// runs, and checks that the previous outputs stay and nothing is left.
func TestCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and runs the pipeline; run without -short")
	}
	bin := filepath.Join(t.TempDir(), "analyze")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	out := previousOutputs(t)
	before := outTree(t, out)
	cmd := exec.Command(bin, "-data", "../../data", "-out", out)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var rest bytes.Buffer
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "read, harmonize and clean") {
			time.Sleep(200 * time.Millisecond) // into the bootstrap
			cmd.Process.Signal(syscall.SIGINT)
			break
		}
	}
	for sc.Scan() {
		rest.WriteString(sc.Text() + "\n")
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if !strings.Contains(rest.String(), "interrupted") {
		t.Errorf("stderr after SIGINT: %q, want it to say interrupted", rest.String())
	}
	if diff := cmp.Diff(digest(before), digest(outTree(t, out))); diff != "" {
		t.Errorf("out/ changed:\n%s", diff)
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left beside out/: %q", l)
	}
}

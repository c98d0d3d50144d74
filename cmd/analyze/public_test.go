package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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

// TestPrevious: a release whose release.yaml names the last published
// one (previous:) re-emits its rows; an edited previous release is refused
// with one line naming the file, and nothing is written.
func TestPrevious(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	root := t.TempDir()
	data := filepath.Join(root, "data")
	if err := os.CopyFS(data, os.DirFS("../../data")); err != nil {
		t.Fatal(err)
	}
	prev := filepath.Join(root, "prev")
	if _, err := runOut(t, "-data", data, "-out", prev, "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(data, "release.yaml")
	b, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(b, "previous: ../prev/public\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	if _, err := runOut(t, "-data", data, "-out", out, "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	name := anonymize.CSVName("theme-cash")
	was, _ := os.ReadFile(filepath.Join(prev, "public", name))
	now, _ := os.ReadFile(filepath.Join(out, "public", name))
	if len(was) == 0 || string(was) != string(now) {
		t.Errorf("%s: the same data with the previous release named changed the published rows", name)
	}
	rep, _ := os.ReadFile(filepath.Join(out, "public", anonymize.Disclosure))
	if !strings.Contains(string(rep), "| theme-cash | 2025 | ") {
		t.Errorf("the report lacks the history table:\n%s", rep[strings.Index(string(rep), "## Release history"):])
	}
	// A withdrawal from a published wave: gone from the private outputs,
	// its published classes taken down, the request counted.
	id := firstOf(t, filepath.Join(prev, "private", "responses.csv"), "2025")
	os.WriteFile(filepath.Join(data, "withdrawn.csv"), []byte("response_id\n"+id+"\n"), 0o644)
	out3 := filepath.Join(root, "out3")
	if _, err := runOut(t, "-data", data, "-out", out3, "-resamples", "99"); err != nil {
		t.Fatal(err)
	}
	priv, _ := os.ReadFile(filepath.Join(out3, "private", "responses.csv"))
	excl, _ := os.ReadFile(filepath.Join(out3, "private", "exclusions.csv"))
	rep, _ = os.ReadFile(filepath.Join(out3, "public", anonymize.Disclosure))
	if strings.Contains(string(priv), id) || !strings.Contains(string(excl), id+",withdrawn") ||
		!strings.Contains(string(rep), "Requests: 1; honoured: 1.") || strings.Contains(string(rep), "taken down whole (0 classes") {
		t.Errorf("withdrawal of %s: in responses %v, excluded as withdrawn %v, report:\n%s", id, strings.Contains(string(priv), id),
			strings.Contains(string(excl), id+",withdrawn"), rep[strings.Index(string(rep), "## Withdrawals"):])
	}
	os.Remove(filepath.Join(data, "withdrawn.csv"))
	// An edited previous release is refused.
	os.WriteFile(filepath.Join(prev, "public", name), append(was, "2025,A,<$10M,No,12–18m\n"...), 0o644)
	out2 := filepath.Join(root, "out2")
	_, err := runOut(t, "-data", data, "-out", out2, "-resamples", "99")
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, "prev", "public", name)+": sha256 differs") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming the edited file", err)
	}
	if _, statErr := os.Stat(out2); !os.IsNotExist(statErr) {
		t.Error("a refused release wrote output")
	}
}

// firstOf is the response id of the first row of a wave in a responses.csv.
func firstOf(t *testing.T, path, year string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if f := strings.SplitN(line, ",", 3); len(f) == 3 && f[0] == year && f[1] != "" {
			return f[1]
		}
	}
	t.Fatalf("%s: no %s response with an id", path, year)
	return ""
}

// TestWithdrawByEmail2022: a 2022 respondent (Google Forms writes no
// response id) listed by email, in other case and with spaces around it,
// is excluded as withdrawn and gone from the private responses, and every
// 2022 row is still either kept or excluded.
func TestWithdrawByEmail2022(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	data := copyData(t)
	f, err := os.Open(filepath.Join(data, "2022_google_forms.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) < 12 || rows[0][1] != "Email Address" {
		t.Fatalf("2022 export: %d rows, %v", len(rows), err)
	}
	line := 11 // the file's line: the header is line 1
	addr := rows[line-1][1]
	os.WriteFile(filepath.Join(data, "withdrawn.csv"), []byte("response_id,email\n, "+strings.ToUpper(addr)+" \n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	stdout, err := runOut(t, "-data", data, "-out", out, "-resamples", "99")
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := os.ReadFile(filepath.Join(out, "private", "responses.csv"))
	excl, _ := os.ReadFile(filepath.Join(out, "private", "exclusions.csv"))
	if strings.Contains(string(resp), fmt.Sprintf(",2022-row%d,", line)) ||
		!strings.Contains(string(excl), fmt.Sprintf("2022,2022_google_forms.csv,%d,,withdrawn\n", line)) {
		t.Errorf("2022 line %d withdrawn by email: still in responses.csv, or not excluded as withdrawn", line)
	}
	// The ledger line: year, file, read, kept, excluded, reasons.
	var read, kept, excluded int
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) > 5 && f[0] == "2022" {
			read, kept, excluded = atoi(t, f[2]), atoi(t, f[3]), atoi(t, f[4])
			if !strings.Contains(l, "withdrawn 1") {
				t.Errorf("ledger line %q: want withdrawn 1", l)
			}
		}
	}
	inResp, inExcl := strings.Count("\n"+string(resp), "\n2022,"), strings.Count("\n"+string(excl), "\n2022,")
	if read == 0 || read != kept+excluded || kept != inResp || excluded != inExcl {
		t.Errorf("2022: %d read, %d kept (%d in responses.csv) + %d excluded (%d in exclusions.csv)", read, kept, inResp, excluded, inExcl)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

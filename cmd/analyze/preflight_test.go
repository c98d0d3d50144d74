package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
)

// A data folder without release.yaml validates and runs: one line on
// stderr says so, and the run writes everything but the public extracts
// and their disclosure report: out/public/ holds only the trend cells,
// whose small-cell rule does not depend on release.yaml.
func TestNoReleaseConfig(t *testing.T) {
	data := copyData(t)
	os.Remove(filepath.Join(data, "release.yaml"))
	var stdout, stderr bytes.Buffer
	if err := run([]string{"validate", "-data", data}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	const line = "release.yaml absent: k = 5, ℓ = 3 defaults; no previous release"
	if !strings.Contains(stderr.String(), line) || !strings.Contains(stdout.String(), "release.yaml: absent") {
		t.Errorf("validate: stderr %q, stdout tail %q", stderr.String(), stdout.String()[max(0, stdout.Len()-200):])
	}
	out := filepath.Join(t.TempDir(), "out")
	stdout.Reset()
	stderr.Reset()
	if err := run([]string{"-q", "-data", data, "-out", out, "-resamples", "99"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), line) {
		t.Errorf("run -q stderr = %q, want the one line", stderr.String())
	}
	for _, f := range []string{"report.html", "results.json", "private/responses.csv", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if pub, _ := os.ReadDir(filepath.Join(out, "public")); len(pub) != 1 || pub[0].Name() != "trends.csv" {
		t.Errorf("out/public holds %v without release.yaml, want trends.csv only", pub)
	}
	if md, _ := os.ReadFile(filepath.Join(out, "report.md")); !strings.Contains(string(md), "Disclosure summary: not computed") {
		t.Error("report.md does not say the disclosure summary was not computed")
	}
	if !strings.Contains(stdout.String(), "no public release: release.yaml absent") {
		t.Errorf("stdout does not say there is no public release")
	}
	for _, args := range [][]string{{"-k", "7"}} {
		err := run(append([]string{"-q", "-data", data, "-out", out}, args...), &stdout, &stderr)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "release.yaml") {
			t.Errorf("%v without release.yaml: err = %v, want a usage error naming release.yaml", args, err)
		}
	}
}

// Settings are checked before any export is read: with a broken export in
// the folder, the error is the setting's.
func TestSettingsCheckedBeforeData(t *testing.T) {
	data := copyData(t)
	if err := os.WriteFile(filepath.Join(data, "2026_typeform.csv"), []byte("not,the,export\n1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-out", file}, "a-file"},
		{[]string{"-k", "3"}, "k may only be raised"},
	}
	for _, tc := range tests {
		_, err := runOut(t, append([]string{"-q", "-data", data, "-resamples", "99"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "2026_typeform") {
			t.Errorf("%v: err = %v, want %q before the data is read", tc.args, err, tc.want)
		}
	}
	// The previous release release.yaml names is checked before the data too.
	cfg := filepath.Join(data, "release.yaml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, "previous: ../no-such-release/public\n"...), 0o644)
	_, err := runOut(t, "-q", "-data", data, "-resamples", "99")
	if err == nil || !strings.Contains(err.Error(), "previous release: ") || !strings.Contains(err.Error(), anonymize.ManifestFile) || strings.Contains(err.Error(), "2026_typeform") {
		t.Errorf("a missing previous release: err = %v, want it named before the data is read", err)
	}
}

// Configuration files are read bounded and only when regular: a codebook
// or release config that is a device fails with one line, not out of memory.
func TestConfigFilesBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, name := range []string{"codebook.yaml", "release.yaml"} {
		data := copyData(t)
		os.Remove(filepath.Join(data, name))
		if err := os.Symlink("/dev/zero", filepath.Join(data, name)); err != nil {
			t.Skip(err)
		}
		_, err := runOut(t, "validate", "-data", data)
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "device") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s → /dev/zero: err = %v, want one line naming the file as a device", name, err)
		}
		var ue usageError
		if errors.As(err, &ue) {
			t.Errorf("%s: a usage error (exit 2), want exit 1", name)
		}
	}
	data := copyData(t)
	big := bytes.Repeat([]byte("# padding\n"), 2<<20) // 20 MiB of comment
	os.WriteFile(filepath.Join(data, "codebook.yaml"), big, 0o644)
	if _, err := runOut(t, "validate", "-data", data); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("20 MiB codebook: err = %v", err)
	}
}

// The seven real export layouts (internal/ingest/testdata/layouts, a data
// folder without release.yaml, as a new wave's is) validate; the report is
// golden.
func TestValidateRealLayouts(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"validate", "-data", "../../internal/ingest/testdata/layouts"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stderr.String(), "release.yaml absent:") {
		t.Errorf("stderr = %q", stderr.String())
	}
	golden(t, "layouts.validate.stdout", stdout.Bytes())
}

// Package pptxtest converts .pptx files with LibreOffice for tests: the
// cross-reader check that a file python-pptx-free readers open. It is for
// tests only, so deadcode lists its functions as unreachable.
package pptxtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// NeedTools skips t unless LibreOffice and poppler's pdfinfo and
// pdftotext are installed.
func NeedTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"soffice", "pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipped: %s not installed (apt-get install libreoffice-impress poppler-utils)", tool)
		}
	}
}

// ToPDF writes b as slides.pptx into a temporary folder (or $DECK_LOOK, to
// look at it), converts it with LibreOffice and returns the PDF's path.
func ToPDF(t testing.TB, b []byte) string {
	t.Helper()
	dir := t.TempDir()
	if out := os.Getenv("DECK_LOOK"); out != "" {
		dir = out
	}
	src := filepath.Join(dir, "slides.pptx")
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	return filepath.Join(dir, "slides.pdf")
}

// Pages is the PDF's page count.
func Pages(t testing.TB, pdf string) int {
	t.Helper()
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// Text is the text of page (from 1), or of every page when page is 0.
func Text(t testing.TB, pdf string, page int) string {
	t.Helper()
	args := []string{pdf, "-"}
	if page > 0 {
		args = append([]string{"-f", strconv.Itoa(page), "-l", strconv.Itoa(page)}, args...)
	}
	txt, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(txt)
}

package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// markdownFiles are README.md and every page in docs/.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs found: %v", err)
	}
	return append(files, "../README.md")
}

// TestDocsStandAlone: the documentation of a clone reads without files it
// does not have, and its tables render.
func TestDocsStandAlone(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)#]+)`)
	for _, f := range markdownFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.Contains(text, "../shared") {
			t.Errorf("%s points into ../shared, which a clone does not have", f)
		}
		lines := strings.Split(text, "\n")
		for i := 1; i+1 < len(lines); i++ {
			if lines[i] == "" && strings.HasPrefix(lines[i-1], "|") && strings.HasPrefix(lines[i+1], "|") {
				t.Errorf("%s:%d: a blank line splits a table (the rows after it render as text)", f, i+1)
			}
		}
		for _, m := range link.FindAllStringSubmatch(text, -1) {
			target := filepath.Join(filepath.Dir(f), m[1])
			if strings.Contains(m[1], "://") {
				t.Errorf("%s links outside the repository: %s", f, m[1])
				continue
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: broken link %s", f, m[1])
			}
		}
	}
}

func TestAnalysisPlanEmbedded(t *testing.T) {
	for _, want := range []string{"# Analysis plan", "## H1", "## H5", "## Amendment 1", "p_contra"} {
		if !strings.Contains(AnalysisPlan, want) {
			t.Errorf("the embedded plan lacks %q", want)
		}
	}
}

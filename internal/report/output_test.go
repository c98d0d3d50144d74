package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree returns every file under dir (slash paths) with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// siblings lists the names in dir other than keep.
func siblings(t *testing.T, dir, keep string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != keep {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestCommitWritesFilesAndManifest(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	files := map[string][]byte{"results.json": []byte("{}\n"), "private/a.csv": []byte("x\n"), "public/b.csv": []byte("y\n")}
	if err := Commit(context.Background(), out, files, Manifest{Tool: "t", Seed: 7}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	var m Manifest
	if err := json.Unmarshal([]byte(got[ManifestName]), &m); err != nil {
		t.Fatal(err)
	}
	delete(got, ManifestName)
	want := map[string]string{"results.json": "{}\n", "private/a.csv": "x\n", "public/b.csv": "y\n"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("out/ (-want +got):\n%s", diff)
	}
	var listed []string
	for _, o := range m.Outputs {
		sum := sha256.Sum256([]byte(want[o.Path]))
		if o.SHA256 != hex.EncodeToString(sum[:]) || o.Bytes != len(want[o.Path]) {
			t.Errorf("manifest: %s has sha256 %s, %d bytes; file differs", o.Path, o.SHA256, o.Bytes)
		}
		listed = append(listed, o.Path)
	}
	if diff := cmp.Diff([]string{"private/a.csv", "public/b.csv", "results.json"}, listed); diff != "" {
		t.Errorf("manifest outputs (-want +got):\n%s", diff)
	}
	if m.Seed != 7 || m.Tool != "t" {
		t.Errorf("manifest lost fields: %+v", m)
	}
	if s := siblings(t, parent, "out"); len(s) > 0 {
		t.Errorf("left beside out/: %q", s)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o755 {
		t.Errorf("out/ has mode %v, want 0755", fi.Mode().Perm())
	}
}

// previousRun writes a first run's outputs and returns them.
func previousRun(t *testing.T, out string) map[string]string {
	t.Helper()
	files := map[string][]byte{"results.json": []byte("old\n"), "public/old.csv": []byte("old\n")}
	if err := Commit(context.Background(), out, files, Manifest{}); err != nil {
		t.Fatal(err)
	}
	return tree(t, out)
}

func TestCommitReplacesWholeFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	previousRun(t, out)
	if err := Commit(context.Background(), out, map[string][]byte{"results.json": []byte("new\n")}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	if got["results.json"] != "new\n" || got["public/old.csv"] != "" || len(got) != 2 {
		t.Errorf("after the second run out/ holds %q", keys(got))
	}
}

func TestCommitFailureLeavesPreviousOutputs(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		files map[string][]byte
	}{
		{"interrupted", cancelled, map[string][]byte{"results.json": []byte("new\n")}},
		{"path outside", context.Background(), map[string][]byte{"a": nil, "../escape": []byte("x")}},
		{"absolute path", context.Background(), map[string][]byte{"/etc/x": []byte("x")}},
		{"file and folder clash", context.Background(), map[string][]byte{"a": []byte("x"), "a/b": []byte("y")}},
		{"manifest name taken", context.Background(), map[string][]byte{ManifestName: []byte("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			before := previousRun(t, out)
			if err := Commit(tt.ctx, out, tt.files, Manifest{}); err == nil {
				t.Fatal("Commit succeeded")
			}
			if diff := cmp.Diff(before, tree(t, out)); diff != "" {
				t.Errorf("out/ changed (-before +after):\n%s", diff)
			}
			if s := siblings(t, parent, "out"); len(s) > 0 {
				t.Errorf("temporary files left: %q", s)
			}
		})
	}
}

func TestCommitRemovesStaleStaging(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for _, n := range []string{".out.staging-123", ".out.old-456/out", ".other.staging-1"} {
		if err := os.MkdirAll(filepath.Join(parent, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := Commit(context.Background(), out, map[string][]byte{"results.json": nil}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{".other.staging-1"}, siblings(t, parent, "out")); diff != "" {
		t.Errorf("beside out/ (-want +got):\n%s", diff)
	}
}

func TestCommitRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("mine"), 0o644)
	err := Commit(context.Background(), out, map[string][]byte{"results.json": nil}, Manifest{})
	if !errors.Is(err, ErrNotOutputFolder) || !strings.Contains(err.Error(), out) {
		t.Fatalf("err = %v, want ErrNotOutputFolder naming the folder", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "thesis.tex")); string(b) != "mine" {
		t.Error("a foreign file was touched")
	}
	empty := t.TempDir()
	if err := Commit(context.Background(), empty, map[string][]byte{"results.json": nil}, Manifest{}); err != nil {
		t.Errorf("an empty folder was refused: %v", err)
	}
}

func TestManifestJSON(t *testing.T) {
	// sha256sum of "a,b\n1,2\n".
	h := HashedFile{Path: "2024.csv", Bytes: 8, SHA256: "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"}
	m := Manifest{Tool: "gtmsurvey", Inputs: []InputFile{{HashedFile: h, Year: 2024, Rows: 1}},
		Options: map[string]string{"seed": "1", "alpha": "0.05"}}
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, w := range []string{`"rows_read": 1`, `"sha256": "` + h.SHA256, `"outputs": []`} {
		if !strings.Contains(s, w) {
			t.Errorf("manifest lacks %s:\n%s", w, s)
		}
	}
	if strings.Index(s, `"alpha"`) > strings.Index(s, `"seed": "1"`) {
		t.Error("options are not in key order")
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestCommitUnlistedFolder: the files of an unlisted folder are written
// but the manifest names none of them: one entry in path order counts
// them, sums their bytes and hashes their sorted hashes, so renaming a
// file there leaves the manifest as it was; changing one's content does
// not.
func TestCommitUnlistedFolder(t *testing.T) {
	manifestOf := func(files map[string][]byte) (string, map[string]string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out")
		if err := Commit(context.Background(), out, files, Manifest{Unlisted: []string{"private/cards/"}}); err != nil {
			t.Fatal(err)
		}
		got := tree(t, out)
		return got[ManifestName], got
	}
	files := map[string][]byte{"private/cards.csv": []byte("email,token\n"), "private/cards/secret1.html": []byte("a"),
		"private/cards/secret2.html": []byte("bc"), "private/z.csv": []byte("z\n")}
	man, got := manifestOf(files)
	if got["private/cards/secret1.html"] != "a" || strings.Contains(man, "secret") {
		t.Fatalf("the unlisted files are not written, or the manifest names them:\n%s", man)
	}
	var m Manifest
	if err := json.Unmarshal([]byte(man), &m); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, o := range m.Outputs {
		paths = append(paths, o.Path)
	}
	h := func(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:]) }
	hashes := []string{h("a") + "\n", h("bc") + "\n"}
	sort.Strings(hashes)
	want := OutputFile{Path: "private/cards/", Files: 2, Bytes: 3, SHA256: h(strings.Join(hashes, ""))}
	if diff := cmp.Diff([]string{"private/cards.csv", "private/cards/", "private/z.csv"}, paths); diff != "" || m.Outputs[1] != want {
		t.Errorf("outputs %v (-want +got %s); folder entry %+v, want %+v", paths, diff, m.Outputs[1], want)
	}
	files["private/cards/other.html"] = files["private/cards/secret1.html"]
	delete(files, "private/cards/secret1.html")
	if again, _ := manifestOf(files); again != man {
		t.Error("renaming a file in the unlisted folder changed the manifest")
	}
	files["private/cards/other.html"] = []byte("A")
	if again, _ := manifestOf(files); again == man {
		t.Error("changing a file in the unlisted folder left the manifest as it was")
	}
}

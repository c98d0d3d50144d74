// Package kittest gives the kit's tests a public release written the way a
// run writes it: the synthetic survey of the bundled data, anonymized with
// its release.yaml, the files rendered and the kit built from them.
//
// For tests only; deadcode lists it because no command imports it: only
// the _test.go files of kit and its sub-packages do.
package kittest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

// Release is the fixture: the cleaned survey, its release and the kit.
type Release struct {
	Survey synthtest.Survey
	Config *anonymize.Config
	R      *anonymize.Release
	Public map[string][]byte // the anonymizer's files, relative to public/
	Kit    *kit.Kit
}

var (
	once  sync.Once
	fixed Release
)

// Get builds the fixture once per test binary; any error fails t.
func Get(t testing.TB) Release {
	t.Helper()
	once.Do(func() { fixed = build(t) })
	if fixed.Kit == nil {
		t.Fatal("kittest: the fixture failed to build (see the first test's error)")
	}
	return fixed
}

func build(t testing.TB) Release {
	s := synthtest.Cleaned(t, synth.DefaultOptions())
	cfg, err := anonymize.LoadConfig(filepath.Join(s.Dir, "release.yaml"), s.Res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	r, err := anonymize.Build(s.Kept, s.Res.Codebook, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := r.Files(s.Res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kit.Build(pub, kit.Meta{Config: cfg, Codebook: s.Res.Codebook})
	if err != nil {
		t.Fatal(err)
	}
	return Release{Survey: s, Config: cfg, R: r, Public: pub, Kit: k}
}

// WriteFolder writes the public files and the kit into a new folder of t
// and returns it.
func (r Release) WriteFolder(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, files := range []map[string][]byte{r.Public, r.Kit.Files} {
		for name, b := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

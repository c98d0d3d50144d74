package anonymize_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
	"github.com/gtmsurvey/gtmsurvey/internal/synth/synthtest"
)

const canary = "Zanzibar Quockerwodger"

type fixture struct {
	cb    *codebook.Codebook
	cfg   *anonymize.Config
	kept  *dataset.Dataset
	res   *synth.Result
	panel []panelCompany
}

type panelCompany struct {
	Company string `json:"company"`
	Email   string `json:"email"`
	Years   []int  `json:"years"`
}

// load generates a synthetic data folder, reads and cleans it, plants
// canaries in every text column, and loads the release config synth wrote.
func load(t testing.TB, seed uint64) fixture {
	t.Helper()
	sv := synthtest.Cleaned(t, synth.Options{Seed: seed, Scale: 1, Effects: "planted"})
	dir, res, kept := sv.Dir, sv.Res, sv.Kept
	for _, name := range kept.Names {
		if name == "email" {
			continue // the panel is found by email below
		}
		if c := kept.Col(name); c.Kind == dataset.Text {
			for i := range c.Text {
				if i%7 == 0 {
					c.Text[i] = canary + " " + c.Text[i]
				}
			}
		}
	}
	cfg, err := anonymize.LoadConfig(filepath.Join(dir, "release.yaml"), res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Panel []panelCompany `json:"panel"`
	}
	if err := json.Unmarshal(res.Files["truth.json"], &truth); err != nil {
		t.Fatal(err)
	}
	return fixture{res.Codebook, cfg, kept, res, truth.Panel}
}

func build(t testing.TB, f fixture) *anonymize.Release {
	t.Helper()
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// file is one written extract, read back from its CSV bytes.
type file struct {
	name   string
	spec   *anonymize.ExtractSpec
	header []string
	rows   [][]string
	col    map[string]int
	levels map[string]int // from generalization.yaml
}

// written renders the release's files and reads every extract back, with
// the levels from the written generalization.yaml.
func written(t testing.TB, r *anonymize.Release, cb *codebook.Codebook) (map[string][]byte, []file) {
	t.Helper()
	files, err := r.Files(cb)
	if err != nil {
		t.Fatal(err)
	}
	g, err := anonymize.ParseGeneralization(files[anonymize.GeneralizationFile])
	if err != nil {
		t.Fatal(err)
	}
	var out []file
	for _, spec := range r.Config.Extracts {
		h, rows := readCSV(t, files[anonymize.CSVName(spec.Name)])
		out = append(out, newFile(spec, h, rows, g.Pinned[spec.Name]))
	}
	return files, out
}

func newFile(spec *anonymize.ExtractSpec, h []string, rows [][]string, levels map[string]int) file {
	f := file{name: spec.Name, spec: spec, header: h, rows: rows, col: map[string]int{}, levels: levels}
	for j, c := range h {
		f.col[c] = j
	}
	return f
}

func readCSV(t testing.TB, b []byte) ([]string, [][]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// generalize applies the published hierarchy (release.yaml and the levels
// of generalization.yaml) to respondent i's true value of a
// quasi-identifier; this is the test's own implementation.
func generalize(cfg *anonymize.Config, cb *codebook.Codebook, d *dataset.Dataset, name string, level, i int) string {
	q := cfg.Hierarchy(name)
	if level >= len(q.Levels)+1 {
		return anonymize.Suppressed
	}
	var v string
	switch {
	case q.Bands != nil:
		v = q.Bands.Label(d.Float(name, i))
		for l := 0; l < level && v != ""; l++ {
			v = q.Levels[l][v]
		}
	case cb.Var(name).Type == codebook.TypeMulti:
		ch, ok := d.Chosen(name, i)
		if !ok {
			break
		}
		for l := 0; l < level; l++ {
			set := map[string]bool{}
			for _, c := range ch {
				set[q.Levels[l][c]] = true
			}
			ch = nil
			for c := range set {
				ch = append(ch, c)
			}
			sortStrings(ch)
		}
		v = strings.Join(ch, "; ")
	default:
		v, _ = d.Level(name, i)
		if v != "" {
			for l := 0; l < level; l++ {
				v = q.Levels[l][v]
			}
		}
	}
	if v == "" && !asked(cb, name, d.Year[i]) {
		return anonymize.NotAsked
	}
	return v
}

func asked(cb *codebook.Codebook, name string, year int) bool {
	for _, y := range cb.WavesAsking(name) {
		if y == year {
			return true
		}
	}
	return false
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// inFile reports whether respondent i belongs in the extract's waves.
func inFile(spec *anonymize.ExtractSpec, year int) bool {
	if len(spec.Years) == 0 {
		return true
	}
	for _, y := range spec.Years {
		if y == year {
			return true
		}
	}
	return false
}

// profile is what an attacker who knows respondent i's values of cols
// expects to see in the file (quasi-identifiers generalized at the
// published level; other columns as the release renders them).
func profile(f fixture, fl file, x *anonymize.Extract, cols []string, i int) []string {
	out := make([]string, len(cols))
	var truth []string
	for k, c := range cols {
		switch {
		case c == "year":
			out[k] = fmt.Sprint(f.kept.Year[i])
		case f.cfg.Hierarchy(c) != nil && isQI(fl, c):
			out[k] = generalize(f.cfg, f.cb, f.kept, c, fl.levels[c], i)
		default:
			if truth == nil {
				truth = x.TrueRow(f.kept, i)
			}
			out[k] = truth[fl.col[c]]
		}
	}
	return out
}

func isQI(fl file, c string) bool {
	for _, q := range fl.spec.QuasiIdentifiers {
		if q == c {
			return true
		}
	}
	return false
}

// candidates counts the rows compatible with a profile over cols: the same
// value, or "*".
func candidates(fl file, cols []string, p []string) int {
	n := 0
	for _, r := range fl.rows {
		ok := true
		for k, c := range cols {
			if v := r[fl.col[c]]; v != p[k] && v != anonymize.Suppressed {
				ok = false
				break
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// attack runs a knowledge model over the respondents in the file's waves:
// targets whose profile finds no row were suppressed (not in the file).
type outcome struct{ targets, unique, missing, min int }

func (o outcome) pass(k int) bool { return o.unique == 0 && (o.targets == 0 || o.min >= k) }

func attack(f fixture, fl file, x *anonymize.Extract, cols []string) outcome {
	var o outcome
	cache := map[string]int{}
	for i := 0; i < f.kept.Len(); i++ {
		if !inFile(fl.spec, f.kept.Year[i]) {
			continue
		}
		p := profile(f, fl, x, cols, i)
		key := strings.Join(p, "\x00")
		n, ok := cache[key]
		if !ok {
			n = candidates(fl, cols, p)
			cache[key] = n
		}
		if n == 0 {
			o.missing++
			continue
		}
		o.targets++
		if n == 1 {
			o.unique++
		}
		if o.min == 0 || n < o.min {
			o.min = n
		}
	}
	return o
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

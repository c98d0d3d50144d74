package anonymize_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// publish writes a release's public files and their manifest into a new
// folder, as analyze writes public/.
func publish(t testing.TB, r *anonymize.Release, cb *codebook.Codebook) string {
	t.Helper()
	files, err := r.Files(cb)
	if err != nil {
		t.Fatal(err)
	}
	files[anonymize.ManifestFile] = anonymize.Manifest(files)
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// differencing is the attack of an outsider holding two releases: per
// extract, published wave and class (year and quasi-identifiers), the rows
// one release has and the other lacks. A class whose rows added or removed
// number 1 to k-1 narrows those respondents to fewer than k rows: each such
// class is a finding (a class gone whole is not).
func differencing(k int, before, after []file, waves []int) []string {
	var found []string
	for _, b := range before {
		var a *file
		for i := range after {
			if after[i].name == b.name {
				a = &after[i]
			}
		}
		if a == nil {
			continue
		}
		n := 1 + len(b.spec.QuasiIdentifiers)
		key := func(r []string) string { return strings.Join(r[:n], " | ") }
		old, cur := map[string][][]string{}, map[string][][]string{}
		for _, r := range b.rows {
			if slices.Contains(waves, atoi(r[0])) {
				old[key(r)] = append(old[key(r)], r)
			}
		}
		for _, r := range a.rows {
			if slices.Contains(waves, atoi(r[0])) {
				cur[key(r)] = append(cur[key(r)], r)
			}
		}
		for c := range mergeKeys(old, cur) {
			if len(cur[c]) == 0 {
				continue // the whole class suppressed: nobody in it singled out
			}
			added, removed := minus(cur[c], old[c]), minus(old[c], cur[c])
			if (added > 0 && added < k) || (removed > 0 && removed < k) {
				found = append(found, fmt.Sprintf("%s class (%s): %d added, %d removed", b.name, c, added, removed))
			}
		}
	}
	slices.Sort(found)
	return found
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

func mergeKeys(a, b map[string][][]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// minus counts the rows of a without an equal row in b (multisets).
func minus(a, b [][]string) int {
	left := map[string]int{}
	for _, r := range b {
		left[strings.Join(r, "\x00")]++
	}
	n := 0
	for _, r := range a {
		if k := strings.Join(r, "\x00"); left[k] > 0 {
			left[k]--
		} else {
			n++
		}
	}
	return n
}

// history is one published release and the data of the next.
type history struct {
	f      fixture
	prev   *anonymize.Release
	files  []file // prev's extracts as written
	dir    string // prev's public folder
	pinned *anonymize.Config
}

func published(t *testing.T, f fixture, data *dataset.Dataset) history {
	t.Helper()
	prev, err := anonymize.Build(data, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, fls := written(t, prev, f.cb)
	pinned := *f.cfg
	pinned.Pinned = prev.Generalization().Pinned
	return history{f: f, prev: prev, files: fls, dir: publish(t, prev, f.cb), pinned: &pinned}
}

// next builds the next release with the history rules (BuildFrom).
func (h history) next(t *testing.T, data, withdrawn *dataset.Dataset) ([]file, error) {
	t.Helper()
	p, err := anonymize.LoadPrevious(h.dir, h.f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := anonymize.BuildFrom(data, withdrawn, h.f.cb, h.f.cfg, p)
	if err != nil {
		return nil, err
	}
	_, fls := written(t, r, h.f.cb)
	return fls, nil
}

// control builds the next release as before issue 20: today's data
// re-partitioned at the previous levels pinned, nothing read back.
func (h history) control(t *testing.T, data *dataset.Dataset) []file {
	t.Helper()
	r, err := anonymize.Build(data, h.f.cb, h.pinned)
	if err != nil {
		t.Fatal(err)
	}
	_, fls := written(t, r, h.f.cb)
	return fls
}

// target is a 2025 respondent with an SDR model and a win rate: shown in
// the H1 extract.
func target(f fixture) int {
	for i := 0; i < f.kept.Len(); i++ {
		if _, ok := f.kept.Level("sdr_model", i); ok && f.kept.Year[i] == 2025 && !math.IsNaN(f.kept.Float("win_rate_pct", i)) {
			return i
		}
	}
	panic("no 2025 respondent with an SDR model and a win rate")
}

func without(d *dataset.Dataset, r int) *dataset.Dataset {
	return d.Subset(func(i int) bool { return i != r })
}

// TestTwoReleasesOfOneWave: a published wave changed by one response
// (added, removed, changed, withdrawn) between two releases. The next
// release refuses the change, naming extract, wave and class, re-emits the
// class as published (a corrected answer: the class count is the same), or
// (a withdrawal) takes the respondent's classes down whole, so that
// differencing the two written releases finds no class that moved by 1 to
// k-1 rows. Control: the release as before (re-partitioned, nothing read
// back) is accepted and differencing finds the moved classes.
func TestTwoReleasesOfOneWave(t *testing.T) {
	t.Parallel()
	f := load(t, 41)
	r := target(f)
	k := f.cfg.K
	full := published(t, f, f.kept)
	changed := f.kept.Subset(func(int) bool { return true })
	if w := changed.Col("win_rate_pct"); w.Num[r] < 20 {
		w.Num[r] = 45
	} else {
		w.Num[r] = 5
	}
	cases := []struct {
		name        string
		h           history
		data, wd    *dataset.Dataset
		wantRefusal bool
	}{
		{"added", published(t, f, without(f.kept, r)), f.kept, nil, true},
		{"removed", full, without(f.kept, r), nil, true},
		{"changed", full, changed, nil, false},
		{"withdrawn", full, without(f.kept, r), f.kept.Subset(func(i int) bool { return i == r }), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fls, err := tc.h.next(t, tc.data, tc.wd)
			if tc.wantRefusal {
				if err == nil || !strings.Contains(err.Error(), "release refused: extract ") || !strings.Contains(err.Error(), " wave 2025 class (") {
					t.Errorf("err = %v, want a refusal naming extract, wave 2025 and class", err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if found := differencing(k, tc.h.files, fls, []int{2022, 2023, 2024, 2025}); len(found) > 0 {
				t.Errorf("differencing the two releases finds %d classes: %v", len(found), found)
			}
			if found := differencing(k, tc.h.files, tc.h.control(t, tc.data), []int{2025}); len(found) == 0 {
				t.Error("control: differencing the re-partitioned release found nothing")
			}
		})
	}
}

// TestWithdrawalTakesClassDown: the withdrawn respondent's published class
// is gone from the next release in every extract it was shown in, and no
// other published row changed.
func TestWithdrawalTakesClassDown(t *testing.T) {
	t.Parallel()
	f := load(t, 42)
	r := target(f)
	h := published(t, f, f.kept)
	fls, err := h.next(t, without(f.kept, r), f.kept.Subset(func(i int) bool { return i == r }))
	if err != nil {
		t.Fatal(err)
	}
	x := h.prev.Extract("h1-augmented-reps")
	tr := x.TrueRow(f.kept, r)
	cl := strings.Join(tr[:1+x.QICols], "\x00")
	before, after := 0, 0
	for _, row := range h.files[indexOf(h.files, x.Spec.Name)].rows {
		if strings.Join(row[:1+x.QICols], "\x00") == cl {
			before++
		}
	}
	for _, row := range fls[indexOf(fls, x.Spec.Name)].rows {
		if strings.Join(row[:1+x.QICols], "\x00") == cl {
			after++
		}
	}
	if before < f.cfg.K || after != 0 {
		t.Errorf("the withdrawn respondent's class %q: %d rows before, %d after; want at least k, then 0", cl, before, after)
	}
}

// TestNewWaveKeepsPublishedRows: a 2022-25 release, then 2022-26 with the
// first named as previous: every 2022-25 row of every extract is re-emitted
// byte for byte, so intersecting the two releases learns nothing.
// Control: 2022-26 re-partitioned at the pinned levels changes published
// classes by fewer than k rows. Whether re-partitioning leaks depends on the
// draw (of seeds 45-49 on the synth with repeat companies, 46-48 leak), so
// the seed is one where the pre-issue-20 method demonstrably does.
func TestNewWaveKeepsPublishedRows(t *testing.T) {
	t.Parallel()
	f := load(t, 46)
	old := f.kept.Subset(func(i int) bool { return f.kept.Year[i] <= 2025 })
	h := published(t, f, old)
	fls, err := h.next(t, f.kept, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range h.files {
		a := fls[indexOf(fls, b.name)]
		var kept [][]string
		for _, r := range a.rows {
			if atoi(r[0]) <= 2025 {
				kept = append(kept, r)
			}
		}
		if !slices.EqualFunc(kept, b.rows, slices.Equal[[]string]) {
			t.Errorf("%s: the 2022-25 rows differ from the published ones (%d and %d rows)", b.name, len(kept), len(b.rows))
		}
		if len(a.rows) == len(kept) && slices.Contains(b.spec.Years, 2026) {
			t.Errorf("%s: no 2026 rows", b.name)
		}
	}
	if found := differencing(f.cfg.K, h.files, h.control(t, f.kept), []int{2022, 2023, 2024, 2025}); len(found) == 0 {
		t.Error("control: the re-partitioned 2022-26 release changed no published class")
	}
}

// TestPartialKnowledge: in every written extract, the year, every
// quasi-identifier and one true sensitive answer leave at least k candidate
// rows (showing that answer or *) for every released respondent. Control:
// the same release without the partial-knowledge rule singles some out.
func TestPartialKnowledge(t *testing.T) {
	t.Parallel()
	f := load(t, 44)
	worst := func(cfg *anonymize.Config) (int, string) {
		r, err := anonymize.Build(f.kept, f.cb, cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, fls := written(t, r, f.cb)
		least, where := math.MaxInt, ""
		for _, fl := range fls {
			x := r.Extract(fl.name)
			var targets [][]string
			for _, i := range x.Released() {
				targets = append(targets, x.TrueRow(f.kept, i))
			}
			var qi []int
			for _, name := range declared(fl) {
				qi = append(qi, fl.col[name])
			}
			for c := len(qi); c < len(fl.header); c++ {
				l := anonymize.Link(fl.rows, append(slices.Clone(qi), c), targets)
				if l.Missing > 0 {
					t.Errorf("%s %s: %d respondents not among their own candidates", fl.name, fl.header[c], l.Missing)
				}
				if l.MinCands < least {
					least, where = l.MinCands, fl.name+" "+fl.header[c]
				}
			}
		}
		return least, where
	}
	if n, where := worst(f.cfg); n < f.cfg.K {
		t.Errorf("%s: %d candidates with the quasi-identifiers and one answer known, want at least k = %d", where, n, f.cfg.K)
	}
	if n, _ := worst(anonymize.WithoutPartialKnowledge(f.cfg)); n >= f.cfg.K {
		t.Errorf("control: without the rule every answer still leaves %d candidates", n)
	}
}

// TestTrendsCountMovesByOne: a published wave's trend count that would
// move by one is re-emitted as published; one that moves by k is updated.
// Control: the fresh public trends move the count by one.
func TestTrendsCountMovesByOne(t *testing.T) {
	t.Parallel()
	head := "variable,theme,year,level,n,estimate,ci_low,ci_high,weighted_estimate,weighted_ci_low,weighted_ci_high,comparability\n"
	prev := head + "layoffs,cash,2025,Yes,40,0.4,,,,,,\nlayoffs,cash,2025,No,60,0.6,,,,,,\n"
	plusOne := head + "layoffs,cash,2025,Yes,41,0.406,,,,,,\nlayoffs,cash,2025,No,60,0.594,,,,,,\nlayoffs,cash,2026,Yes,30,0.3,,,,,,\nlayoffs,cash,2026,No,70,0.7,,,,,,\n"
	plusK := head + "layoffs,cash,2025,Yes,45,0.43,,,,,,\nlayoffs,cash,2025,No,60,0.57,,,,,,\n"
	out, h, err := anonymize.FreezeTrends([]byte(prev), []byte(plusOne), 5)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("layoffs,cash,2025,Yes,40,0.4")) || bytes.Contains(out, []byte(",41,")) || h.Frozen != 1 {
		t.Errorf("a count moving by one was published:\n%s", out)
	}
	if !bytes.Contains(out, []byte("layoffs,cash,2026,Yes,30")) {
		t.Errorf("the new wave is missing:\n%s", out)
	}
	if !bytes.Contains([]byte(plusOne), []byte("2025,Yes,41,")) {
		t.Error("control: the fresh trends do not move the count")
	}
	out, h, err = anonymize.FreezeTrends([]byte(prev), []byte(plusK), 5)
	if err != nil || !bytes.Contains(out, []byte("2025,Yes,45,")) || h.Changed != 1 {
		t.Errorf("a count moving by k was not updated (%v):\n%s", err, out)
	}
	if _, _, err := anonymize.FreezeTrends([]byte("a,b\n1,2\n"), []byte(plusK), 5); err == nil {
		t.Error("a previous trends file with other columns was accepted")
	}
}

// TestPreviousBadInput: a previous release that is missing, edited, lacks a
// listed file, belongs to another project or is finer than pinned is
// refused with one line naming the file.
func TestPreviousBadInput(t *testing.T) {
	t.Parallel()
	f := load(t, 45)
	h := published(t, f, f.kept)
	csvName := anonymize.CSVName("theme-cash")
	copyDir := func(t *testing.T) string {
		dir := t.TempDir()
		ents, _ := os.ReadDir(h.dir)
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(h.dir, e.Name()))
			os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
		}
		return dir
	}
	cases := []struct {
		name string
		edit func(t *testing.T, dir string) *anonymize.Config
		file string
		want string
	}{
		{"missing", func(t *testing.T, dir string) *anonymize.Config { os.RemoveAll(dir); return f.cfg }, anonymize.ManifestFile, "no such file"},
		{"edited", func(t *testing.T, dir string) *anonymize.Config {
			p := filepath.Join(dir, csvName)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("2025,"), []byte("2024,"), 1), 0o644)
			return f.cfg
		}, csvName, "sha256 differs"},
		{"file removed", func(t *testing.T, dir string) *anonymize.Config { os.Remove(filepath.Join(dir, csvName)); return f.cfg }, csvName, "no such file"},
		{"other project", func(t *testing.T, dir string) *anonymize.Config {
			c := *f.cfg
			c.Project = "another-survey"
			return &c
		}, anonymize.GeneralizationFile, "project"},
		{"finer than pinned", func(t *testing.T, dir string) *anonymize.Config {
			c := *f.cfg
			c.Pinned = map[string]map[string]int{"theme-cash": {"company_stage": 3}}
			return &c
		}, anonymize.GeneralizationFile, "finer than pinned"},
		{"manifest names a file outside", func(t *testing.T, dir string) *anonymize.Config {
			os.WriteFile(filepath.Join(dir, anonymize.ManifestFile), []byte(strings.Repeat("0", 64)+"  ../outside.csv\n"), 0o644)
			return f.cfg
		}, anonymize.ManifestFile, "line 1"},
		{"bad manifest line", func(t *testing.T, dir string) *anonymize.Config {
			os.WriteFile(filepath.Join(dir, anonymize.ManifestFile), []byte("nonsense\n"), 0o644)
			return f.cfg
		}, anonymize.ManifestFile, "line 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t)
			cfg := tc.edit(t, dir)
			_, err := anonymize.LoadPrevious(dir, cfg)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tc.file)) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want one line naming %s (%q)", err, tc.file, tc.want)
			}
		})
	}
	if _, err := anonymize.LoadPrevious(h.dir, f.cfg); err != nil {
		t.Errorf("the untouched release: %v", err)
	}
}

// TestRaisedKTakesSmallClassesDown: with k raised after publication, the
// published classes now below k are taken down whole and the others stay
// as published. Control: the previous release has classes below the new k.
func TestRaisedKTakesSmallClassesDown(t *testing.T) {
	t.Parallel()
	f := load(t, 46)
	h := published(t, f, f.kept)
	raised := *f.cfg
	if err := raised.RaiseK(7); err != nil {
		t.Fatal(err)
	}
	p, err := anonymize.LoadPrevious(h.dir, &raised)
	if err != nil {
		t.Fatal(err)
	}
	r, err := anonymize.BuildFrom(f.kept, nil, f.cb, &raised, p)
	if err != nil {
		t.Fatal(err)
	}
	_, fls := written(t, r, f.cb)
	small := 0
	for i, fl := range fls {
		if m := minOf(classSizes(fl, declared(fl))); len(fl.rows) > 0 && m < 7 {
			t.Errorf("%s: a class of %d rows with k raised to 7", fl.name, m)
		}
		if m := minOf(classSizes(h.files[i], declared(h.files[i]))); m < 7 {
			small++
		}
	}
	if small == 0 {
		t.Error("control: the k = 5 release has no class below 7")
	}
	if found := differencing(7, h.files, fls, []int{2022, 2023, 2024, 2025, 2026}); len(found) > 0 {
		t.Errorf("differencing finds %d classes: %v", len(found), found)
	}
}

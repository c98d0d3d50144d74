package anonymize

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// waveHistory is what an extract took from the previous release.
type waveHistory struct {
	levels  map[int]map[string]int // published wave → the levels its rows are at
	down    [][]string             // classes taken down from published waves, carried and new
	changes []WaveChange
}

// WaveChange is what this release did to one published wave of an extract.
type WaveChange struct {
	Extract  string
	Year     int
	Frozen   int // rows re-emitted exactly as published
	Replaced int // classes whose rows changed by k or more added and removed
	Down     int // classes taken down this release (a withdrawn respondent in them, or below k today)
	DownRows int // published rows removed with them
	// Withdrawn counts the wave's withdrawn respondents the extract covers;
	// NotShown those of them in no published class (their rows were
	// suppressed when the wave was published).
	Withdrawn, NotShown int
}

// waveData is one published wave's private rows: the kept ones, then the
// withdrawn ones (from index kept on).
type waveData struct {
	d    *dataset.Dataset
	kept int
}

// BuildFrom is Build with the release's history: every wave the previous
// release published (prev; nil for the first release) is re-emitted from
// its files, changed only where the rules allow (publishedWave); only new
// waves are anonymized afresh, at the pinned levels or coarser. withdrawn
// holds the withdrawn responses (never released): a published class that
// holds one is taken down whole.
func BuildFrom(d, withdrawn *dataset.Dataset, cb *codebook.Codebook, c *Config, prev *Previous) (*Release, error) {
	if prev == nil {
		return Build(d, cb, c)
	}
	waves := publishedWaveData(d, withdrawn, prev)
	return buildEach(d, c, func(spec *ExtractSpec) (*Extract, error) { return buildWithHistory(d, waves, cb, c, spec, prev) })
}

// publishedWaveData splits off the private rows of every wave some extract
// of prev published.
func publishedWaveData(d, withdrawn *dataset.Dataset, prev *Previous) map[int]*waveData {
	years := map[int]bool{}
	for _, ys := range prev.Gen.Years {
		for _, y := range ys {
			years[y] = true
		}
	}
	out := map[int]*waveData{}
	for y := range years {
		kept := d.Subset(func(i int) bool { return d.Year[i] == y })
		parts := []*dataset.Dataset{kept}
		if withdrawn != nil {
			parts = append(parts, withdrawn.Subset(func(i int) bool { return withdrawn.Year[i] == y }))
		}
		n := kept.Len()
		out[y] = &waveData{d: dataset.Concat(parts), kept: n}
	}
	return out
}

func buildWithHistory(d *dataset.Dataset, waves map[int]*waveData, cb *codebook.Codebook, c *Config, spec *ExtractSpec, prev *Previous) (*Extract, error) {
	probe := &Extract{Spec: spec, cfg: c}
	probe.columns(cb, c)
	pub, ok, err := prev.published(probe)
	if err != nil {
		return nil, err
	}
	if !ok && len(prev.Gen.Years[spec.Name]) > 0 {
		return nil, fmt.Errorf("previous release: %s: not listed in %s, though %s says the extract was published",
			filepath.Join(prev.Dir, CSVName(spec.Name)), ManifestFile, GeneralizationFile)
	}
	floor := prev.Gen.Pinned[spec.Name]
	var years []int
	for _, y := range prev.Gen.Years[spec.Name] {
		if ok && (len(spec.Years) == 0 || slices.Contains(spec.Years, y)) {
			years = append(years, y)
		}
	}
	idx := rowsOf(d, spec)
	idx = slices.DeleteFunc(idx, func(i int) bool { return slices.Contains(years, d.Year[i]) })
	x, err := buildPart(d, cb, c, spec, part{idx: idx, floor: floor})
	if err != nil {
		return nil, err
	}
	h := &waveHistory{levels: map[int]map[string]int{}, down: slices.Clone(prev.Gen.Withdrawn[spec.Name])}
	var frozen [][]string
	for _, y := range years {
		lv := prev.Gen.levelsOf(spec.Name, y)
		rows, ch, err := x.publishedWave(waves[y], cb, y, lv, pub[y], h)
		if err != nil {
			return nil, err
		}
		frozen = append(frozen, rows...)
		h.levels[y] = lv
		h.changes = append(h.changes, ch)
	}
	x.history = h
	x.merge(frozen)
	return x, nil
}

// publishedWave decides the rows of one published wave. It rebuilds the
// wave from today's private data (withdrawn responses included) at the
// levels it was published at and compares, class by class (year and
// quasi-identifiers), with the published rows:
//   - a class holding a withdrawn respondent is taken down whole, and stays
//     down in later releases;
//   - a class with as many rows today as published is re-emitted exactly
//     as published (a corrected answer inside it, or a suppression rule
//     changed since, is not published: comparing rows would refuse every
//     release after a rule change);
//   - a class whose count changed is replaced by today's rows (without the
//     withdrawn) only when the rows added and the rows removed are each 0
//     or at least k; otherwise the release is refused, naming extract, wave
//     and class.
func (x *Extract) publishedWave(w *waveData, cb *codebook.Codebook, y int, lv map[string]int, published [][]string, h *waveHistory) ([][]string, WaveChange, error) {
	ch := WaveChange{Extract: x.Spec.Name, Year: y}
	fixed := make([]int, len(x.qis))
	for j, q := range x.qis {
		l, ok := lv[q.Variable]
		if !ok {
			l = q.Height()
		}
		fixed[j] = l
	}
	all := make([]int, w.d.Len())
	for i := range all {
		all[i] = i
	}
	f, err := buildPart(w.d, cb, x.cfg, x.Spec, part{idx: all, fixed: fixed})
	if err != nil {
		return nil, ch, err
	}
	x.RowsIn[y] += w.kept
	key := func(r []string) string { return strings.Join(r[:1+x.QICols], "\x00") }
	down := map[string]bool{}
	for _, k := range h.down {
		down[strings.Join(k, "\x00")] = true
	}
	pubBy := groupRows(published, key)
	fresh := f.Rows()
	shown := 0
	for r, i := range f.released {
		if i < w.kept {
			continue
		}
		shown++
		k := key(fresh[r])
		if !down[k] && len(pubBy[k]) > 0 {
			down[k] = true
			h.down = append(h.down, slices.Clone(fresh[r][:1+x.QICols]))
			ch.Down++
			ch.DownRows += len(pubBy[k])
		}
	}
	ch.Withdrawn = w.d.Len() - w.kept
	ch.NotShown = ch.Withdrawn - shown
	rows, err := x.compareWave(w, cb, fixed, pubBy, groupRows(fresh, key), down, &ch)
	x.RowsOut[y] = len(rows)
	return rows, ch, err
}

// compareWave applies the change rule to every class not taken down.
func (x *Extract) compareWave(w *waveData, cb *codebook.Codebook, fixed []int, pubBy, freshBy map[string][][]string, down map[string]bool, ch *WaveChange) ([][]string, error) {
	keys := make([]string, 0, len(pubBy)+len(freshBy))
	for k := range pubBy {
		keys = append(keys, k)
	}
	for k := range freshBy {
		if _, ok := pubBy[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out [][]string
	var kept map[string][][]string // today's rows without the withdrawn, built when first needed
	k := x.cfg.K
	for _, key := range keys {
		p, f := pubBy[key], freshBy[key]
		if down[key] {
			continue
		}
		if len(f) == len(p) {
			// The same respondents' count: re-emitted as published, even
			// where a corrected answer or a changed suppression rule would
			// now show a cell otherwise (the correction is not published).
			out = append(out, p...)
			ch.Frozen += len(p)
			continue
		}
		if len(f) == 0 {
			// The whole class suppressed today (below k, e.g. after -k
			// was raised): its published rows go, none come.
			ch.Down++
			ch.DownRows += len(p)
			continue
		}
		added, removed := multisetMinus(f, p), multisetMinus(p, f)
		if (added > 0 && added < k) || (removed > 0 && removed < k) {
			return nil, fmt.Errorf("release refused: extract %s wave %d class (%s): %d rows added and %d removed since it was published; each must be 0 or at least k = %d, or the whole class suppressed",
				x.Spec.Name, ch.Year, strings.Join(strings.Split(key, "\x00")[1:], ", "), added, removed, k)
		}
		if kept == nil {
			var err error
			if kept, err = x.keptRows(w, cb, fixed); err != nil {
				return nil, err
			}
		}
		out = append(out, kept[key]...)
		ch.Replaced++
	}
	return out, nil
}

// keptRows rebuilds a published wave from its kept responses only, by class.
func (x *Extract) keptRows(w *waveData, cb *codebook.Codebook, fixed []int) (map[string][][]string, error) {
	idx := make([]int, w.kept)
	for i := range idx {
		idx[i] = i
	}
	f, err := buildPart(w.d, cb, x.cfg, x.Spec, part{idx: idx, fixed: fixed})
	if err != nil {
		return nil, err
	}
	return groupRows(f.Rows(), func(r []string) string { return strings.Join(r[:1+x.QICols], "\x00") }), nil
}

func groupRows(rows [][]string, key func([]string) string) map[string][][]string {
	out := map[string][][]string{}
	for _, r := range rows {
		k := key(r)
		out[k] = append(out[k], r)
	}
	return out
}

// multisetMinus counts the rows of a not matched by an equal row of b.
func multisetMinus(a, b [][]string) int {
	left := map[string]int{}
	for _, r := range b {
		left[strings.Join(r, "\x00")]++
	}
	n := 0
	for _, r := range a {
		k := strings.Join(r, "\x00")
		if left[k] > 0 {
			left[k]--
		} else {
			n++
		}
	}
	return n
}

// merge adds the published waves' rows to the new waves' rows: one table,
// sorted by the released values, so the file shows every published row
// exactly as before. The truth (new waves only, for the attacks) is recoded
// to the merged labels.
func (x *Extract) merge(frozen [][]string) {
	if len(frozen) == 0 {
		return
	}
	rows := append(x.rows.strings(), frozen...)
	t := &table{labels: make([][]string, len(x.Header)), cells: make([][]uint16, len(x.Header))}
	for j := range x.Header {
		seen := map[string]bool{"": true, Suppressed: true, NotAsked: true}
		for _, r := range rows {
			seen[r[j]] = true
		}
		t.labels[j] = sortedKeys(seen)
		t.cells[j] = make([]uint16, len(rows))
		for i, r := range rows {
			t.cells[j][i], _ = t.code(j, r[j])
		}
		for i, c := range x.truth.cells[j] {
			x.truth.cells[j][i], _ = t.code(j, x.truth.labels[j][c])
		}
	}
	x.truth.labels = t.labels
	t.permute(stableOrder(t))
	x.rows = t
	x.Classes, x.MinClass = 0, 0
	for lo := 0; lo < t.rows(); {
		hi := lo + 1
		for hi < t.rows() && samePrefix(t, int32(lo), int32(hi), 1+x.QICols) {
			hi++
		}
		x.Classes++
		if x.MinClass == 0 || hi-lo < x.MinClass {
			x.MinClass = hi - lo
		}
		lo = hi
	}
}

// Changes are the published waves' changes, extract by extract.
func (r *Release) Changes() []WaveChange {
	var out []WaveChange
	for _, x := range r.Extracts {
		if x.history != nil {
			out = append(out, x.history.changes...)
		}
	}
	return out
}

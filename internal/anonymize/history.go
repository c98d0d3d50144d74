package anonymize

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Intersection is the successive-release attack: respondents released in
// both the previous and this release, grouped by their class in each.
type Intersection struct {
	Extract  string
	Years    []int
	Common   int // respondents in both files
	MinGroup int // smallest group sharing both classes (k must hold)
	Below    int // respondents in groups smaller than k
}

// Intersect runs the intersection attack of this extract against a
// previous release's generalization (levels per quasi-identifier, years):
// an attacker holding both files and a target's quasi-identifiers narrows
// the target to the respondents in both classes.
//
// kept: PRIVACY.md's successive-release attack; the tests run it, the release does not yet (ReportInput.Intersections is never filled).
func (x *Extract) Intersect(d *dataset.Dataset, k int, prevLevels map[string]int, prevYears []int) (Intersection, error) {
	in := Intersection{Extract: x.Spec.Name, Years: prevYears}
	prev := make([]int, len(x.qis))
	for j, q := range x.qis {
		l, ok := prevLevels[q.Variable]
		if !ok {
			l = q.Height() // absent before: not released, as if "*"
		}
		if l < 0 || l > q.Height() {
			return in, fmt.Errorf("previous release: %s: %s level %d outside 0..%d", x.Spec.Name, q.Variable, l, q.Height())
		}
		prev[j] = l
	}
	inPrev := map[int]bool{}
	for _, y := range prevYears {
		inPrev[y] = true
	}
	idx := rowsOf(d, x.Spec)
	s := x.lattice(d, x.cfg, idx, yearCoder(d))
	c := s.encode()
	if c == nil {
		return x.intersectLabels(d, k, prev, inPrev, in), nil
	}
	// Classes of the previous release over the same respondents.
	prevCount := map[uint64]int{}
	at := make([]int, d.Len()) // dataset row → position in idx
	for t, i := range idx {
		at[i] = t
		if inPrev[d.Year[i]] {
			prevCount[s.rowKey(c, t, prev)]++
		}
	}
	groups := map[[2]uint64]int{}
	for _, i := range x.released {
		pk := s.rowKey(c, at[i], prev)
		if !inPrev[d.Year[i]] || prevCount[pk] < k {
			continue // not in the previous file
		}
		groups[[2]uint64{pk, s.rowKey(c, at[i], x.Levels)}]++
		in.Common++
	}
	for _, n := range groups {
		in.addGroup(n, k)
	}
	return in, nil
}

// addGroup counts a group of n respondents sharing both classes.
// kept: a step of Intersect (see its reason).
func (in *Intersection) addGroup(n, k int) {
	if in.MinGroup == 0 || n < in.MinGroup {
		in.MinGroup = n
	}
	if n < k {
		in.Below += n
	}
}

// intersectLabels is Intersect with string class keys, for class keys
// that do not fit 64 bits.
// kept: a step of Intersect (see its reason).
func (x *Extract) intersectLabels(d *dataset.Dataset, k int, prev []int, inPrev map[int]bool, in Intersection) Intersection {
	key := func(i int, levels []int) string { return x.classKey(d, i, levels) }
	prevCount := map[string]int{}
	for _, i := range rowsOf(d, x.Spec) {
		if inPrev[d.Year[i]] {
			prevCount[key(i, prev)]++
		}
	}
	var keys []string
	for _, i := range x.released {
		pk := key(i, prev)
		if !inPrev[d.Year[i]] || prevCount[pk] < k {
			continue // not in the previous file
		}
		keys = append(keys, pk+"\x01"+key(i, x.Levels))
	}
	in.Common = len(keys)
	for _, g := range groupBy(keys) {
		in.addGroup(len(g), k)
	}
	return in
}

// Generalization is the machine-readable record of a release's chosen
// levels: the proposal the analyst keeps under pinned: in release.yaml,
// and what the next release reads back from this one (previous:).
type Generalization struct {
	Project string                    `yaml:"project,omitempty"`
	K       int                       `yaml:"k"`
	Pinned  map[string]map[string]int `yaml:"pinned"`
	Years   map[string][]int          `yaml:"years"`
	// WaveLevels is, per extract and wave, the levels its rows are at (a
	// published wave keeps the levels it was published at).
	WaveLevels map[string]map[int]map[string]int `yaml:"wave_levels,omitempty"`
	// Withdrawn lists, per extract, the classes (year and quasi-identifier
	// values) taken down from a published wave: they stay down.
	Withdrawn map[string][][]string `yaml:"withdrawn,omitempty"`
}

// Generalization returns the release's chosen levels and released waves.
func (r *Release) Generalization() Generalization {
	g := Generalization{Project: r.Config.Project, K: r.Config.K, Pinned: map[string]map[string]int{}, Years: map[string][]int{},
		WaveLevels: map[string]map[int]map[string]int{}}
	for _, x := range r.Extracts {
		g.Pinned[x.Spec.Name] = x.levelMap(x.Levels)
		g.Years[x.Spec.Name] = x.waves()
		wl := map[int]map[string]int{}
		for _, y := range g.Years[x.Spec.Name] {
			wl[y] = g.Pinned[x.Spec.Name]
			if h := x.history; h != nil && h.levels[y] != nil {
				wl[y] = h.levels[y]
			}
		}
		g.WaveLevels[x.Spec.Name] = wl
		if h := x.history; h != nil && len(h.down) > 0 {
			if g.Withdrawn == nil {
				g.Withdrawn = map[string][][]string{}
			}
			g.Withdrawn[x.Spec.Name] = h.down
		}
	}
	return g
}

// levelMap names levels by quasi-identifier.
func (x *Extract) levelMap(levels []int) map[string]int {
	lv := map[string]int{}
	for j, q := range x.qis {
		lv[q.Variable] = levels[j]
	}
	return lv
}

// waves are the extract's released waves: those with rows, and every
// published one (a wave once published stays under the history rules even
// when all its classes are down).
func (x *Extract) waves() []int {
	var ys []int
	for y, n := range x.RowsOut {
		if n > 0 || (x.history != nil && x.history.levels[y] != nil) {
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	return ys
}

// GeneralizationYAML renders Generalization with a header saying how to use it.
func (r *Release) GeneralizationYAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Generalization levels of this release (level = steps up the hierarchy in release.yaml; height = \"*\").\n")
	b.WriteString("# Once published, copy the pinned: block into release.yaml: later releases may only coarsen it.\n")
	b.WriteString("# The next release names this folder under previous: in release.yaml; it re-emits the published waves from these files.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r.Generalization()); err != nil {
		return nil, fmt.Errorf("encode generalization: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseGeneralization reads a published release's generalization.yaml.
func ParseGeneralization(data []byte) (Generalization, error) {
	var g Generalization
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("parse generalization: %w", err)
	}
	if g.K < 2 || len(g.Pinned) == 0 {
		return g, fmt.Errorf("parse generalization: need k >= 2 and at least one extract")
	}
	return g, nil
}

func (r *Release) writeIntersection(b *strings.Builder, in ReportInput) {
	b.WriteString("## Successive releases\n\n")
	if in.Previous == "" {
		b.WriteString("Not run: no previous release was given (`-previous DIR`). This release's generalization is in `" + GeneralizationFile +
			"`; once published, keep its levels under `pinned:` in release.yaml so later releases may only coarsen them.\n")
		return
	}
	fmt.Fprintf(b, "Against the previous release %s: respondents released in both, grouped by their class in each.\n\n", in.Previous)
	b.WriteString("| extract | waves in both | respondents in both | smallest group | respondents in groups below k |\n|---|---|---|---|---|\n")
	for _, s := range in.Intersections {
		ys := make([]string, len(s.Years))
		for i, y := range s.Years {
			ys[i] = itoa(y)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d |\n", s.Extract, strings.Join(ys, " "), s.Common, s.MinGroup, s.Below)
	}
	b.WriteString("\n")
}

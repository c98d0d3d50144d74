package anonymize

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Release is the anonymized dataset and what it took to make it.
type Release struct {
	Config  *Config
	Header  []string   // "year", the quasi-identifiers, the sensitive columns
	Rows    [][]string // sorted by their values
	QICols  int        // number of quasi-identifier columns after year
	Levels  []int      // chosen generalization level per quasi-identifier (Height = "*")
	RowsIn  map[int]int
	RowsOut map[int]int
	// SuppressedCells counts sensitive cells set to "*" for ℓ-diversity or
	// homogeneity, per column.
	SuppressedCells map[string]int
	Classes         int
	MinClass        int
	NodesSearched   int
	Dictionary      [][]string
}

// generalize returns the label of a level-0 label at the given level.
func (q *QI) generalize(label string, level int) string {
	if level >= q.Height() {
		return Suppressed
	}
	if label == "" { // missing is its own value up to "*"
		return ""
	}
	for i := 0; i < level; i++ {
		label = q.Levels[i][label]
	}
	return label
}

func qiLevel0(d *dataset.Dataset, q *QI, i int) string {
	if q.Bands != nil {
		return q.Bands.Label(d.Float(q.Variable, i))
	}
	l, _ := d.Level(q.Variable, i)
	return l
}

// Build makes the release of d under configuration c.
func Build(d *dataset.Dataset, cb *codebook.Codebook, c *Config) (*Release, error) {
	n := d.Len()
	qs := c.QuasiIdentifiers
	base := make([][]string, len(qs)) // [qi][row] level-0 label
	for j := range qs {
		base[j] = make([]string, n)
		for i := 0; i < n; i++ {
			base[j][i] = qiLevel0(d, &qs[j], i)
		}
	}
	// Exhaustive lattice search.
	heights := make([]int, len(qs))
	for j := range qs {
		heights[j] = qs[j].Height()
	}
	type cand struct {
		levels     []int
		worst      float64 // largest normalized generalization height (lower is better)
		precision  float64 // mean squared normalized generalization height (lower is better)
		discern    float64
		suppressed int
	}
	var best *cand
	nodes := 0
	levels := make([]int, len(qs))
	key := func(i int, lv []int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%d", d.Year[i])
		for j := range qs {
			b.WriteByte(0)
			b.WriteString(qs[j].generalize(base[j][i], lv[j]))
		}
		return b.String()
	}
	for {
		nodes++
		counts := map[string]int{}
		keys := make([]string, n)
		for i := 0; i < n; i++ {
			keys[i] = key(i, levels)
			counts[keys[i]]++
		}
		sup := 0
		disc := 0.0
		for _, k := range counts {
			if k < c.K {
				sup += k
			} else {
				disc += float64(k * k)
			}
		}
		disc += float64(sup * n)
		if float64(sup) <= c.MaxSuppression*float64(n) {
			p, w := 0.0, 0.0
			for j := range qs {
				h := float64(levels[j]) / float64(heights[j])
				p += h * h
				w = math.Max(w, h)
			}
			p /= float64(max(1, len(qs)))
			cd := &cand{levels: slices.Clone(levels), worst: w, precision: p, discern: disc, suppressed: sup}
			if best == nil || better(cd.worst, cd.precision, cd.discern, cd.levels, best.worst, best.precision, best.discern, best.levels) {
				best = cd
			}
		}
		// next node (odometer)
		j := 0
		for ; j < len(levels); j++ {
			levels[j]++
			if levels[j] <= heights[j] {
				break
			}
			levels[j] = 0
		}
		if j == len(levels) {
			break
		}
	}
	if best == nil {
		return nil, fmt.Errorf("anonymize: no generalization reaches k=%d with at most %.0f%% of rows suppressed", c.K, 100*c.MaxSuppression)
	}
	r := &Release{Config: c, Levels: best.levels, RowsIn: map[int]int{}, RowsOut: map[int]int{}, SuppressedCells: map[string]int{}, NodesSearched: nodes}
	r.Header = append(r.Header, "year")
	for j := range qs {
		r.Header = append(r.Header, qs[j].Variable)
	}
	r.QICols = len(qs)
	type sens struct {
		v     *codebook.Variable
		bands *Bands
	}
	var ss []sens
	for _, v := range cb.Variables {
		if v.Role != codebook.RoleSensitive {
			continue
		}
		if _, drop := c.Drop[v.Name]; drop {
			continue
		}
		ss = append(ss, sens{v, c.SensitiveBands[v.Name]})
		r.Header = append(r.Header, v.Name)
	}
	classOf := map[string][]int{}
	var classKeys []string
	for i := 0; i < n; i++ {
		r.RowsIn[d.Year[i]]++
		k := key(i, best.levels)
		if _, ok := classOf[k]; !ok {
			classKeys = append(classKeys, k)
		}
		classOf[k] = append(classOf[k], i)
	}
	sort.Strings(classKeys)
	r.MinClass = math.MaxInt
	for _, k := range classKeys {
		rows := classOf[k]
		if len(rows) < c.K {
			continue // suppressed rows
		}
		r.Classes++
		r.MinClass = min(r.MinClass, len(rows))
		out := make([][]string, len(rows))
		for t, i := range rows {
			row := []string{fmt.Sprint(d.Year[i])}
			for j := range qs {
				row = append(row, qs[j].generalize(base[j][i], best.levels[j]))
			}
			for _, s := range ss {
				row = append(row, sensitiveValue(d, s.v, s.bands, i))
			}
			out[t] = row
			r.RowsOut[d.Year[i]]++
		}
		// ℓ-diversity and homogeneity per sensitive column, over the
		// class's non-missing values; failing cells are suppressed.
		for si, s := range ss {
			col := 1 + len(qs) + si
			counts := map[string]int{}
			nn := 0
			for _, row := range out {
				if row[col] != "" {
					counts[row[col]]++
					nn++
				}
			}
			if nn == 0 {
				continue
			}
			need := c.L
			if k := possibleValues(s.v, s.bands); k < need {
				need = k
			}
			modal := 0
			for _, v := range counts {
				modal = max(modal, v)
			}
			if len(counts) < need || float64(modal) > c.MaxModalShare*float64(nn) {
				for _, row := range out {
					if row[col] != "" {
						row[col] = Suppressed
						r.SuppressedCells[s.v.Name]++
					}
				}
			}
		}
		r.Rows = append(r.Rows, out...)
	}
	if r.Classes == 0 {
		r.MinClass = 0
	}
	sort.Slice(r.Rows, func(a, b int) bool { return slices.Compare(r.Rows[a], r.Rows[b]) < 0 })
	r.Dictionary = dictionary(cb, c, r)
	return r, nil
}

// better orders lattice nodes: the smallest largest normalized height first
// (avoid suppressing a quasi-identifier entirely when coarsening several
// will do), then the smallest mean squared height, then discernibility
// (fewer, larger classes), then the lower levels.
func better(w1, p1, d1 float64, l1 []int, w2, p2, d2 float64, l2 []int) bool {
	const eps = 1e-12
	switch {
	case w1 < w2-eps:
		return true
	case w1 > w2+eps:
		return false
	case p1 < p2-eps:
		return true
	case p1 > p2+eps:
		return false
	case d1 != d2:
		return d1 < d2
	}
	return slices.Compare(l1, l2) < 0
}

func possibleValues(v *codebook.Variable, b *Bands) int {
	switch {
	case b != nil:
		return len(b.Labels)
	case v.Type == codebook.TypeMulti:
		return math.MaxInt
	}
	return len(v.Levels)
}

func sensitiveValue(d *dataset.Dataset, v *codebook.Variable, b *Bands, i int) string {
	switch {
	case b != nil:
		return b.Label(d.Float(v.Name, i))
	case v.Type == codebook.TypeMulti:
		ch, ok := d.Chosen(v.Name, i)
		if !ok {
			return ""
		}
		return strings.Join(ch, "; ")
	}
	l, _ := d.Level(v.Name, i)
	return l
}

// dictionary rows: variable, label, type, levels, years asked, role, generalization.
func dictionary(cb *codebook.Codebook, c *Config, r *Release) [][]string {
	out := [][]string{{"variable", "label", "type", "levels", "years_asked", "role", "generalization"}}
	out = append(out, []string{"year", "Survey wave", "integer", "", yearsOf(cb, ""), "quasi_identifier", "none (every equivalence class lies within one year)"})
	for j, q := range c.QuasiIdentifiers {
		v := cb.Var(q.Variable)
		labels := v.Levels
		if q.Bands != nil {
			labels = q.Bands.Labels
		}
		lv := r.Levels[j]
		var released []string
		seen := map[string]bool{}
		for _, l := range labels {
			g := q.generalize(l, lv)
			if !seen[g] {
				seen[g] = true
				released = append(released, g)
			}
		}
		how := fmt.Sprintf("hierarchy level %d of %d", lv, q.Height())
		if lv == q.Height() {
			how = "fully suppressed (*) to reach k"
		}
		out = append(out, []string{v.Name, v.Label, "single", strings.Join(released, " | "), yearsOf(cb, v.Name), string(v.Role), how + noteOf(v)})
	}
	for _, name := range r.Header[1+r.QICols:] {
		v := cb.Var(name)
		typ, levels, how := v.Type, strings.Join(v.Levels, " | "), "released as answered"
		if b := c.SensitiveBands[name]; b != nil {
			typ, levels = "band", strings.Join(b.Labels, " | ")
			how = "fixed bands with bottom and top codes"
		}
		if v.Type == codebook.TypeMulti {
			how = "chosen options joined by \"; \""
		}
		how += "; * where the class failed l-diversity or homogeneity"
		out = append(out, []string{v.Name, v.Label, typ, levels, yearsOf(cb, v.Name), string(v.Role), how + noteOf(v)})
	}
	return out
}

func noteOf(v *codebook.Variable) string {
	if v.Note == "" {
		return ""
	}
	return " (" + v.Note + ")"
}

func yearsOf(cb *codebook.Codebook, name string) string {
	var ys []string
	if name == "" {
		for _, w := range cb.Waves {
			ys = append(ys, fmt.Sprint(w.Year))
		}
		sort.Strings(ys)
	} else {
		for _, y := range cb.WavesAsking(name) {
			ys = append(ys, fmt.Sprint(y))
		}
	}
	return strings.Join(ys, " ")
}

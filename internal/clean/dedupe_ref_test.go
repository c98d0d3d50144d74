package clean

import (
	"math"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// The dedupe rule as first written (map keys of year and text, per-row
// lookups by name): the reference TestDedupeMatchesReference holds the
// faster one to.

// dedupe groups kept rows of one wave that share a folded email or company
// (transitively; placeholders never link rows) and keeps the latest
// submitted row of each group (ties: the later file row).
func (r *rules) refDedupe(ph placeholders) {
	d := r.d
	u := newUnionFind(d.Len())
	keys := map[string][]string{} // key variable → folded key per row ("" none)
	for _, name := range dedupeKeys {
		if k := r.refLinkBy(name, ph, u); k != nil {
			keys[name] = k
		}
	}
	best := map[int]int{}
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" {
			continue
		}
		g := u.find(i)
		if b, ok := best[g]; !ok || r.refLater(i, b) {
			best[g] = i
		}
	}
	shared := refSharedKeys(keys, u, r.out)
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" || best[u.find(i)] == i {
			continue
		}
		r.mark(i, ReasonDuplicate)
		for _, name := range dedupeKeys {
			if k := keys[name]; k != nil && k[i] != "" && shared[refGroupKey{name, u.find(i), k[i]}] > 1 {
				r.keyStats(d.Year[i], name).Removed++
			}
		}
	}
}

type refGroupKey struct {
	name  string
	group int
	key   string
}

// sharedKeys counts, per key variable, group and key, the kept rows holding it:
// a removed row is counted under each key it shares with another row of its group.
func refSharedKeys(keys map[string][]string, u unionFind, out []dataset.Reason) map[refGroupKey]int {
	n := map[refGroupKey]int{}
	for name, k := range keys {
		for i, key := range k {
			if key != "" && out[i] == "" {
				n[refGroupKey{name, u.find(i), key}]++
			}
		}
	}
	return n
}

// linkBy joins kept rows of a wave that share the variable's folded value,
// counts placeholder answers, and returns the folded key per row.
func (r *rules) refLinkBy(name string, ph placeholders, u unionFind) []string {
	d := r.d
	c := d.Col(name)
	if c == nil || c.Kind != dataset.Text {
		return nil
	}
	keys := make([]string, d.Len())
	first := map[string]int{}
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" {
			continue
		}
		if ph[foldKey(c.Text[i])] {
			if strings.TrimSpace(c.Text[i]) != "" {
				r.keyStats(d.Year[i], name).Placeholder++
			}
			continue
		}
		k := strings.ToLower(codebook.NormalizeHeader(c.Text[i]))
		keys[i] = k
		yk := strconv.Itoa(d.Year[i]) + "\x00" + k
		if j, ok := first[yk]; ok {
			u[u.find(i)] = u.find(j)
		} else {
			first[yk] = i
		}
	}
	return keys
}

// later reports whether row i was submitted after row j (ties: later file row).
func (r *rules) refLater(i, j int) bool {
	ti, tj := r.d.Float("submitted_at", i), r.d.Float("submitted_at", j)
	switch {
	case !math.IsNaN(ti) && (math.IsNaN(tj) || ti > tj):
		return true
	case !math.IsNaN(tj) && (math.IsNaN(ti) || tj > ti):
		return false
	}
	return r.d.Line[i] > r.d.Line[j]
}

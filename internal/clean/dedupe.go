package clean

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// dedupeKeys are the variables duplicates are found by, in order.
var dedupeKeys = []string{"email", "company"}

// foldKey is the form answers are compared with placeholders in: lower
// case, letters, digits and @ only ("N/A" → "na", "Stealth Mode" →
// "stealthmode", "-" → ""). Keys themselves are compared lower-cased with
// spaces folded, so "a.b@x.com" and "ab@x.com" stay two people.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(codebook.NormalizeHeader(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// placeholders is a folded set of answers that identify nobody.
type placeholders map[string]bool

func newPlaceholders(list []string) placeholders {
	p := placeholders{"": true} // an answer of only punctuation or spaces is never a key
	for _, s := range list {
		p[foldKey(s)] = true
	}
	return p
}

// unionFind groups rows that share a key.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

// dedupe groups kept rows of one wave that share a folded email or company
// (transitively; placeholders never link rows) and keeps the latest
// submitted row of each group (ties: the later file row).
func (r *rules) dedupe(ph placeholders) {
	d := r.d
	u := newUnionFind(d.Len())
	keys := map[string][]string{} // key variable → folded key per row ("" none)
	for _, name := range dedupeKeys {
		if k := r.linkBy(name, ph, u); k != nil {
			keys[name] = k
		}
	}
	best := map[int]int{}
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" {
			continue
		}
		g := u.find(i)
		if b, ok := best[g]; !ok || r.later(i, b) {
			best[g] = i
		}
	}
	shared := sharedKeys(keys, u, r.out)
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" || best[u.find(i)] == i {
			continue
		}
		r.mark(i, ReasonDuplicate)
		for _, name := range dedupeKeys {
			if k := keys[name]; k != nil && k[i] != "" && shared[groupKey{name, u.find(i), k[i]}] > 1 {
				r.keyStats(d.Year[i], name).Removed++
			}
		}
	}
}

type groupKey struct {
	name  string
	group int
	key   string
}

// sharedKeys counts, per key variable, group and key, the kept rows holding it:
// a removed row is counted under each key it shares with another row of its group.
func sharedKeys(keys map[string][]string, u unionFind, out []dataset.Reason) map[groupKey]int {
	n := map[groupKey]int{}
	for name, k := range keys {
		for i, key := range k {
			if key != "" && out[i] == "" {
				n[groupKey{name, u.find(i), key}]++
			}
		}
	}
	return n
}

// linkBy joins kept rows of a wave that share the variable's folded value,
// counts placeholder answers, and returns the folded key per row.
func (r *rules) linkBy(name string, ph placeholders, u unionFind) []string {
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

func (r *rules) keyStats(year int, name string) *KeyStats {
	m := r.rep.Dedupe[year]
	if m == nil {
		m = map[string]*KeyStats{}
		r.rep.Dedupe[year] = m
	}
	if m[name] == nil {
		m[name] = &KeyStats{}
	}
	return m[name]
}

// later reports whether row i was submitted after row j (ties: later file row).
func (r *rules) later(i, j int) bool {
	ti, tj := r.d.Float("submitted_at", i), r.d.Float("submitted_at", j)
	switch {
	case !math.IsNaN(ti) && (math.IsNaN(tj) || ti > tj):
		return true
	case !math.IsNaN(tj) && (math.IsNaN(ti) || tj > ti):
		return false
	}
	return r.d.Line[i] > r.d.Line[j]
}

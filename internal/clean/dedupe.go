package clean

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// dedupeKeys are the variables duplicates are found by, in order.
var dedupeKeys = []string{"email", "company"}

// foldKey is the form answers are compared with placeholders in: lower
// case, letters, digits and @ only ("N/A" → "na", "Stealth Mode" →
// "stealthmode", "-" → ""). Keys themselves are compared lower-cased with
// spaces folded, so "a.b@x.com" and "ab@x.com" stay two people.
func foldKey(s string) string {
	return string(appendFolded(nil, lowerKey(s)))
}

// lowerKey is the form keys are compared in: NormalizeHeader, lower case.
func lowerKey(s string) string { return strings.ToLower(codebook.NormalizeHeader(s)) }

// appendFolded appends the letters, digits and @ of a lowerKey to b.
func appendFolded(b []byte, low string) []byte {
	for _, r := range low {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' {
			b = utf8.AppendRune(b, r)
		}
	}
	return b
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
	keys, names := r.linkKeys(ph, u)
	sub := d.Col("submitted_at")
	best := make([]int, d.Len()) // group root → its latest row; -1 none yet
	for i := range best {
		best[i] = -1
	}
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" {
			continue
		}
		g := u.find(i)
		if b := best[g]; b < 0 || later(d, sub, i, b) {
			best[g] = i
		}
	}
	shared := sharedKeys(keys, r.out)
	for i := 0; i < d.Len(); i++ {
		if r.out[i] != "" || best[u.find(i)] == i {
			continue
		}
		r.mark(i, ReasonDuplicate)
		for k, name := range names {
			if first := keys[k][i]; first >= 0 && shared[k][first] > 1 {
				r.keyStats(d.Year[i], name).Removed++
			}
		}
	}
}

// linkKeys finds each key variable's rows side by side (reading only),
// then links them in order, and returns per variable that has a column each
// row's first row with the same key (-1 none).
func (r *rules) linkKeys(ph placeholders, u unionFind) (keys [][]int, names []string) {
	found := make([]*keyRows, len(dedupeKeys))
	parallel.Each(len(dedupeKeys), func(k int) error {
		found[k] = r.keyRows(dedupeKeys[k], ph)
		return nil
	})
	for k, kr := range found {
		if kr == nil {
			continue
		}
		for y, n := range kr.placeholders {
			r.keyStats(y, dedupeKeys[k]).Placeholder += n
		}
		for i, f := range kr.first {
			if f >= 0 && f != i {
				u[u.find(i)] = u.find(f)
			}
		}
		keys, names = append(keys, kr.first), append(names, dedupeKeys[k])
	}
	return keys, names
}

// sharedKeys counts, per key variable, the kept rows holding each key (by
// the key's first row). Rows with one key are all in one group, so a
// removed row is counted under each key it shares with another row of its
// group.
func sharedKeys(keys [][]int, out []dataset.Reason) [][]int32 {
	n := make([][]int32, len(keys))
	for k, first := range keys {
		n[k] = make([]int32, len(first))
		for i, f := range first {
			if f >= 0 && out[i] == "" {
				n[k][f]++
			}
		}
	}
	return n
}

// yearKey is a key within a wave.
type yearKey struct {
	year int
	key  string
}

// keyRows is what one key variable says of the kept rows: each row's
// first row of its wave with the same key (-1: excluded, placeholder or
// none), and per year the placeholder answers it refused to key on.
type keyRows struct {
	first        []int
	placeholders map[int]int
}

// keyRows reads a key variable's answers; nil when the dataset lacks it.
func (r *rules) keyRows(name string, ph placeholders) *keyRows {
	d := r.d
	c := d.Col(name)
	if c == nil || c.Kind != dataset.Text {
		return nil
	}
	kr := &keyRows{first: make([]int, d.Len()), placeholders: map[int]int{}}
	seen := make(map[yearKey]int, d.Len())
	var fold []byte
	for i := 0; i < d.Len(); i++ {
		kr.first[i] = -1
		if r.out[i] != "" {
			continue
		}
		k := lowerKey(c.Text[i])
		if fold = appendFolded(fold[:0], k); ph[string(fold)] {
			if strings.TrimSpace(c.Text[i]) != "" {
				kr.placeholders[d.Year[i]]++
			}
			continue
		}
		yk := yearKey{d.Year[i], k}
		if j, ok := seen[yk]; ok {
			kr.first[i] = j
		} else {
			seen[yk], kr.first[i] = i, i
		}
	}
	return kr
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

// later reports whether row i was submitted after row j (ties: later file
// row); sub is the submitted_at column, nil when there is none.
func later(d *dataset.Dataset, sub *dataset.Column, i, j int) bool {
	ti, tj := math.NaN(), math.NaN()
	if sub != nil && sub.Kind != dataset.Text {
		ti, tj = sub.Num[i], sub.Num[j]
	}
	switch {
	case !math.IsNaN(ti) && (math.IsNaN(tj) || ti > tj):
		return true
	case !math.IsNaN(tj) && (math.IsNaN(ti) || tj > ti):
		return false
	}
	return d.Line[i] > d.Line[j]
}

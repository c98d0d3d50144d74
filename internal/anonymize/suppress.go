package anonymize

import (
	"slices"
	"sort"
)

// suppressor sets sensitive cells of an extract to "*" until, all at once:
//   - every class has, per sensitive column, at least ℓ distinct shown
//     values (capped by the column's possible values) and no value above
//     the modal-share cap; a multi-select option must be neither unanimous
//     nor chosen by more than the cap;
//   - the year and any one or two columns (at least one sensitive) shown
//     together occur at least k times ("*" counts as a value of its own, so
//     an attacker who matches "*" as unknown finds at least as many);
//   - a suppressed cell takes with it the cells of related variables in
//     the row (codebook derivations, configured groups, the other options
//     of the same multi-select) where their wave asked them, so it cannot
//     be read back from them, not even as "unanswered".
//
// Each step only adds suppression, so the loop ends.
type suppressor struct {
	cfg     *Config
	cols    []Column   // after year
	rows    [][]string // row[0] is the year
	year    []int
	classes [][]int
	count   map[string]int   // suppressed cells per variable
	asked   map[string][]int // variable → waves asking it
}

func (s *suppressor) run() {
	for {
		changed := s.diversity()
		changed = s.pairs() || changed
		changed = s.stick() || changed
		if !changed {
			return
		}
	}
}

// suppress sets row r's column j (0-based after year) to "*".
func (s *suppressor) suppress(r, j int) bool {
	if s.cols[j].QI || s.rows[r][j+1] == Suppressed {
		return false
	}
	s.rows[r][j+1] = Suppressed
	s.count[s.cols[j].Variable]++
	return true
}

// diversity enforces ℓ-diversity and the modal-share cap per class and
// sensitive column; a failing class loses the column's answered cells.
func (s *suppressor) diversity() bool {
	changed := false
	for _, cl := range s.classes {
		for j, col := range s.cols {
			if col.QI || !s.fails(cl, j) {
				continue
			}
			for _, r := range cl {
				if s.rows[r][j+1] != "" {
					changed = s.suppress(r, j) || changed
				}
			}
		}
	}
	return changed
}

// fails reports whether class cl violates ℓ or the cap in column j.
func (s *suppressor) fails(cl []int, j int) bool {
	counts := map[string]int{}
	n := 0
	for _, r := range cl {
		if v := s.rows[r][j+1]; v != "" && v != Suppressed && v != NotAsked {
			counts[v]++
			n++
		}
	}
	if n == 0 {
		return false
	}
	cap := s.cfg.MaxModalShare * float64(n)
	if s.cols[j].Option != "" {
		yes := counts[Chosen]
		return yes == 0 || yes == n || float64(yes) > cap
	}
	need := s.cfg.L
	if p := s.possible(j); p < need {
		need = p
	}
	modal := 0
	for _, c := range counts {
		modal = max(modal, c)
	}
	return len(counts) < need || float64(modal) > cap
}

// possible is the number of values column j can show.
func (s *suppressor) possible(j int) int {
	if n := s.cols[j].values; n > 0 {
		return n
	}
	return s.cfg.L
}

// pairs enforces the year + one or two columns rule within each year.
func (s *suppressor) pairs() bool {
	changed := false
	byYear := map[int][]int{}
	for r, y := range s.year {
		byYear[y] = append(byYear[y], r)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		rows := byYear[y]
		for a := range s.cols {
			if !s.cols[a].QI {
				changed = s.fixPair(rows, a, -1) || changed
			}
		}
		for a := range s.cols {
			for b := a + 1; b < len(s.cols); b++ {
				if !s.cols[a].QI || !s.cols[b].QI {
					changed = s.fixPair(rows, a, b) || changed
				}
			}
		}
	}
	return changed
}

// cell returns row r's value in column j, or "" for j < 0 (a constant).
func (s *suppressor) cell(r, j int) string {
	if j < 0 {
		return ""
	}
	return s.rows[r][j+1]
}

// fixPair suppresses until every (a, b) combination shown in rows occurs
// at least k times; b < 0 checks column a alone.
func (s *suppressor) fixPair(rows []int, a, b int) bool {
	changed := false
	for {
		combos := map[[2]string][]int{}
		for _, r := range rows {
			key := [2]string{s.cell(r, a), s.cell(r, b)}
			combos[key] = append(combos[key], r)
		}
		keys := make([][2]string, 0, len(combos))
		for k, members := range combos {
			if len(members) < s.cfg.K {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			return changed
		}
		sort.Slice(keys, func(i, j int) bool { return slices.Compare(keys[i][:], keys[j][:]) < 0 })
		progress := false
		for _, k := range keys {
			progress = s.fixCombo(rows, combos, a, b, k) || progress
		}
		if !progress {
			return changed // nothing left to suppress (cannot happen with k-anonymous classes)
		}
		changed = true
	}
}

// fixCombo repairs one rare combination: suppress a shown sensitive value
// in it (the rarer one), or, when both are already "*" or
// quasi-identifiers, pool more rows into it by suppressing their cell.
func (s *suppressor) fixCombo(rows []int, combos map[[2]string][]int, a, b int, k [2]string) bool {
	members := combos[k]
	canA := !s.cols[a].QI && k[0] != Suppressed
	canB := b >= 0 && !s.cols[b].QI && k[1] != Suppressed
	if canA && canB && s.marginal(rows, b, k[1]) < s.marginal(rows, a, k[0]) {
		canA = false
	}
	target := -1
	switch {
	case canA:
		target = a
	case canB:
		target = b
	}
	if target >= 0 {
		changed := false
		for _, r := range members {
			changed = s.suppress(r, target) || changed
		}
		return changed
	}
	// Pool: column p is sensitive and shows "*" here; the other, o, keeps
	// its value. Suppress p in rows sharing o's value, rarest combos first.
	p, o, keep := a, b, k[1]
	if s.cols[a].QI || k[0] != Suppressed {
		p, o, keep = b, a, k[0]
	}
	var cand []int
	for _, r := range rows {
		if s.cell(r, o) == keep && s.cell(r, p) != Suppressed {
			cand = append(cand, r)
		}
	}
	size := func(r int) int { return len(combos[[2]string{s.cell(r, a), s.cell(r, b)}]) }
	sort.SliceStable(cand, func(i, j int) bool { return size(cand[i]) < size(cand[j]) })
	need := s.cfg.K - len(members)
	changed := false
	for _, r := range cand {
		if need <= 0 {
			break
		}
		if s.suppress(r, p) {
			need--
			changed = true
		}
	}
	return changed
}

// marginal counts rows whose column j shows v.
func (s *suppressor) marginal(rows []int, j int, v string) int {
	n := 0
	for _, r := range rows {
		if s.cell(r, j) == v {
			n++
		}
	}
	return n
}

// stick suppresses, in each row, the related cells of a suppressed cell.
func (s *suppressor) stick() bool {
	changed := false
	for r := range s.rows {
		for j, col := range s.cols {
			if col.QI || s.rows[r][j+1] != Suppressed {
				continue
			}
			for j2, other := range s.cols {
				if j2 == j || other.QI {
					continue
				}
				same := other.Variable == col.Variable // another option of the same multi-select
				asked := slices.Contains(s.asked[other.Variable], s.year[r])
				if asked && (same || slices.Contains(s.cfg.RelatedTo(col.Variable), other.Variable)) {
					changed = s.suppress(r, j2) || changed
				}
			}
		}
	}
	return changed
}

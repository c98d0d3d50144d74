package dataset

import "sort"

// SetCompanies records the private company key of every row (key(i); ""
// unknown).
func (d *Dataset) SetCompanies(key func(i int) string) {
	d.Company = make([]string, d.Len())
	for i := range d.Company {
		d.Company[i] = key(i)
	}
}

// CompanyOf returns the company key of row i, "" when unknown.
func (d *Dataset) CompanyOf(i int) string {
	if i < len(d.Company) {
		return d.Company[i]
	}
	return ""
}

// RepeatPair counts the companies that answered in both of two waves.
type RepeatPair struct {
	From      int `json:"from"`
	To        int `json:"to"`
	Companies int `json:"companies"`
}

// RepeatPairs counts, for each pair of waves (earlier first, in order), the
// companies with a row in both (Amendment 2, item 2); pairs without a
// repeat company are listed with 0.
func RepeatPairs(d *Dataset) []RepeatPair {
	years := d.Years()
	in := map[string]map[int]bool{}
	for i := 0; i < d.Len(); i++ {
		c := d.CompanyOf(i)
		if c == "" {
			continue
		}
		if in[c] == nil {
			in[c] = map[int]bool{}
		}
		in[c][d.Year[i]] = true
	}
	out := []RepeatPair{}
	for a := range years {
		for b := a + 1; b < len(years); b++ {
			n := 0
			for _, ys := range in {
				if ys[years[a]] && ys[years[b]] {
					n++
				}
			}
			out = append(out, RepeatPair{From: years[a], To: years[b], Companies: n})
		}
	}
	return out
}

// LatestPerCompany returns the rows among rows (ascending) that are the
// latest of their company: the latest wave, and within it the last row.
// Rows without a company key are all kept. dropped counts the others.
func LatestPerCompany(d *Dataset, rows []int) (kept []int, dropped int) {
	latest := map[string]int{}
	for _, i := range rows {
		c := d.CompanyOf(i)
		if c == "" {
			continue
		}
		if j, ok := latest[c]; !ok || d.Year[i] > d.Year[j] || (d.Year[i] == d.Year[j] && i > j) {
			latest[c] = i
		}
	}
	for _, i := range rows {
		if c := d.CompanyOf(i); c == "" || latest[c] == i {
			kept = append(kept, i)
		}
	}
	sort.Ints(kept)
	return kept, len(rows) - len(kept)
}

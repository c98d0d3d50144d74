package anonymize

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// TrendsCSV is the public file name of the trend estimates.
const TrendsCSV = "trends.csv"

// MinTrendCell is the smallest number of respondents a published trend cell
// may rest on.
const MinTrendCell = 5

// trendsPublicCols are the columns of the public trends.csv (the private
// file's first twelve: no n_answered or n_effective, from which suppressed
// counts could be worked back).
var trendsPublicCols = []string{"variable", "theme", "year", "level", "n", "estimate", "ci_low", "ci_high",
	"weighted_estimate", "weighted_ci_low", "weighted_ci_high", "comparability"}

// PublicTrends filters the private trends.csv (trends.Result.CSV) to the
// cells with at least MinTrendCell respondents. Levels of one single-choice
// answer in one wave add up to everyone answering, so where a level is
// withheld, further smallest levels are withheld until at least two are and
// together they hold at least MinTrendCell respondents: no withheld count can
// be worked out by subtraction. Errors name the row and column.
func PublicTrends(private []byte) ([]byte, error) {
	recs, err := csv.NewReader(bytes.NewReader(private)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("trends.csv: %w", err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("trends.csv: empty")
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	for _, need := range append(append([]string(nil), trendsPublicCols...), "kind") {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("trends.csv: row 1: no column %q", need)
		}
	}
	ns := make([]int, len(recs))
	for i := 1; i < len(recs); i++ {
		n, err := strconv.Atoi(recs[i][col["n"]])
		if err != nil || n < 0 {
			return nil, fmt.Errorf("trends.csv: row %d column %d (n): %q is not a count", i+1, col["n"]+1, recs[i][col["n"]])
		}
		ns[i] = n
	}
	keep := suppressTrends(recs, ns, col)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(trendsPublicCols); err != nil {
		return nil, err
	}
	for i := 1; i < len(recs); i++ {
		if !keep[i] {
			continue
		}
		out := make([]string, len(trendsPublicCols))
		for j, c := range trendsPublicCols {
			out[j] = recs[i][col[c]]
		}
		if err := w.Write(out); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// suppressTrends decides which rows to publish: primary suppression below
// MinTrendCell, then complementary suppression within each (variable,
// year) group of share rows.
func suppressTrends(recs [][]string, ns []int, col map[string]int) []bool {
	keep := make([]bool, len(recs))
	groups := map[string][]int{}
	var keys []string
	for i := 1; i < len(recs); i++ {
		keep[i] = ns[i] >= MinTrendCell
		if recs[i][col["kind"]] == "share" {
			k := recs[i][col["variable"]] + "\x00" + recs[i][col["year"]]
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], i)
		}
	}
	for _, k := range keys {
		complement(groups[k], ns, keep)
	}
	return keep
}

func complement(rows []int, ns []int, keep []bool) {
	withheld, total := 0, 0
	var open []int
	for _, i := range rows {
		if keep[i] {
			open = append(open, i)
		} else {
			withheld++
			total += ns[i]
		}
	}
	if withheld == 0 {
		return
	}
	sort.SliceStable(open, func(a, b int) bool { return ns[open[a]] < ns[open[b]] })
	for _, i := range open {
		if withheld >= 2 && total >= MinTrendCell {
			return
		}
		keep[i] = false
		withheld++
		total += ns[i]
	}
}

// TrendsHistory is what FreezeTrends did to the published waves' cells.
type TrendsHistory struct {
	Frozen  int // (variable, wave) groups re-emitted as published
	Changed int // groups replaced: every count moved by 0 or at least k
}

// FreezeTrends applies the history rule to the public trends: a (variable,
// wave) group the previous release published is re-emitted exactly as
// published unless today's group has the same levels and every count n
// moved by 0 or at least k (and some moved); new waves' groups are
// today's. Both files are PublicTrends output.
func FreezeTrends(previous, fresh []byte, k int) ([]byte, TrendsHistory, error) {
	var h TrendsHistory
	prev, err := csv.NewReader(bytes.NewReader(previous)).ReadAll()
	if err != nil || len(prev) == 0 || !slices.Equal(prev[0], trendsPublicCols) {
		return nil, h, fmt.Errorf("previous release: %s: not a public trends file (%v)", TrendsCSV, err)
	}
	now, err := csv.NewReader(bytes.NewReader(fresh)).ReadAll()
	if err != nil || len(now) == 0 {
		return nil, h, fmt.Errorf("%s: %v", TrendsCSV, err)
	}
	prevBy, _ := trendGroups(prev[1:])
	nowBy, order := trendGroups(now[1:])
	published := map[string]bool{} // waves the previous release had
	for _, r := range prev[1:] {
		published[r[2]] = true
	}
	out := [][]string{trendsPublicCols}
	for _, g := range order {
		switch y := strings.SplitN(g, "\x00", 2)[1]; {
		case !published[y]:
			out = append(out, nowBy[g]...)
		case trendCountsMoveSafely(prevBy[g], nowBy[g], k):
			out = append(out, nowBy[g]...)
			h.Changed++
		default:
			out = append(out, prevBy[g]...)
			h.Frozen++
		}
		delete(prevBy, g)
	}
	for _, g := range slices.Sorted(maps.Keys(prevBy)) { // published groups today's run lacks: kept
		out = append(out, prevBy[g]...)
		h.Frozen++
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(out); err != nil {
		return nil, h, err
	}
	return b.Bytes(), h, nil
}

// trendGroups groups trend rows by (variable, wave), groups in order of
// first appearance.
func trendGroups(rows [][]string) (map[string][][]string, []string) {
	by := map[string][][]string{}
	var order []string
	for _, r := range rows {
		g := r[0] + "\x00" + r[2]
		if by[g] == nil {
			order = append(order, g)
		}
		by[g] = append(by[g], r)
	}
	return by, order
}

// trendCountsMoveSafely reports whether today's group may replace the
// published one: the same levels, some count changed, and every count n
// changed by 0 or at least k.
func trendCountsMoveSafely(prev, now [][]string, k int) bool {
	if len(prev) != len(now) {
		return false
	}
	n := map[string]string{}
	for _, r := range prev {
		n[r[3]] = r[4]
	}
	moved := false
	for _, r := range now {
		p, ok := n[r[3]]
		if !ok {
			return false
		}
		a, err1 := strconv.Atoi(p)
		b, err2 := strconv.Atoi(r[4])
		if err1 != nil || err2 != nil {
			return false
		}
		if d := max(a-b, b-a); d > 0 && d < k {
			return false
		} else if d > 0 {
			moved = true
		}
	}
	return moved
}

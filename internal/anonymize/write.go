package anonymize

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

// File names under out/public/.
const (
	DataCSV    = "gtm-survey-2022-2026.csv"
	DataXLSX   = "gtm-survey-2022-2026.xlsx"
	Dictionary = "data-dictionary.csv"
	Disclosure = "disclosure-report.md"
)

// CSV renders the released rows with their header.
func (r *Release) CSV() ([]byte, error) { return writeCSV(append([][]string{r.Header}, r.Rows...)) }

// DictionaryCSV renders the data dictionary.
func (r *Release) DictionaryCSV() ([]byte, error) { return writeCSV(r.Dictionary) }

func writeCSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return b.Bytes(), nil
}

// XLSX renders the data (sheet "data") and the dictionary (sheet
// "dictionary") as a workbook with fixed document properties, so the bytes
// are reproducible.
func (r *Release) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "data"); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("dictionary"); err != nil {
		return nil, err
	}
	sheets := []struct {
		name string
		rows [][]string
	}{{"data", append([][]string{r.Header}, r.Rows...)}, {"dictionary", r.Dictionary}}
	for _, sh := range sheets { // fixed order: the shared-string table follows insertion order
		sheet, rows := sh.name, sh.rows
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "gtmsurvey", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Attack figures computed on the release, for the disclosure report.
type Attack struct {
	MinClass          int     // smallest equivalence class, recomputed from the rows
	MaxLinkage        float64 // largest prosecutor success probability, 1/candidates
	UniqueMatches     int     // respondents whose generalized profile matches exactly one released row
	RawUniqueShare    float64 // share of respondents unique on their raw quasi-identifiers (the control)
	MinDistinct       int     // fewest distinct released values in a class, over sensitive columns not wholly suppressed
	MaxModal          float64 // largest modal share in a class, over sensitive columns
	LinkedRespondents int
}

// Attacks recomputes k from the rows and runs the prosecutor linkage attack
// of each kept respondent in d against the release.
func (r *Release) Attacks(d *dataset.Dataset) Attack {
	a := Attack{MinDistinct: math.MaxInt}
	classes := map[string][]int{}
	var keys []string
	for i, row := range r.Rows {
		k := strings.Join(row[:1+r.QICols], "\x00")
		if _, ok := classes[k]; !ok {
			keys = append(keys, k)
		}
		classes[k] = append(classes[k], i)
	}
	sort.Strings(keys)
	a.MinClass = math.MaxInt
	for _, k := range keys {
		rows := classes[k]
		a.MinClass = min(a.MinClass, len(rows))
		for j := 1 + r.QICols; j < len(r.Header); j++ {
			counts := map[string]int{}
			n := 0
			for _, i := range rows {
				if v := r.Rows[i][j]; v != "" && v != Suppressed {
					counts[v]++
					n++
				}
			}
			if n == 0 {
				continue
			}
			m := 0
			for _, c := range counts {
				m = max(m, c)
			}
			a.MinDistinct = min(a.MinDistinct, len(counts))
			a.MaxModal = math.Max(a.MaxModal, float64(m)/float64(n))
		}
	}
	if len(keys) == 0 {
		a.MinClass = 0
	}
	if a.MinDistinct == math.MaxInt {
		a.MinDistinct = 0
	}
	raw := map[string]int{}
	qs := r.Config.QuasiIdentifiers
	for i := 0; i < d.Len(); i++ {
		parts := []string{fmt.Sprint(d.Year[i])}
		rawParts := []string{fmt.Sprint(d.Year[i])}
		for j := range qs {
			l0 := qiLevel0(d, &qs[j], i)
			parts = append(parts, qs[j].generalize(l0, r.Levels[j]))
			if qs[j].Bands != nil {
				rawParts = append(rawParts, ftoa(d.Float(qs[j].Variable, i)))
			} else {
				rawParts = append(rawParts, l0)
			}
		}
		raw[strings.Join(rawParts, "\x00")]++
		c := len(classes[strings.Join(parts, "\x00")])
		if c == 0 {
			continue // suppressed respondent: not in the file
		}
		a.LinkedRespondents++
		a.MaxLinkage = math.Max(a.MaxLinkage, 1/float64(c))
		if c == 1 {
			a.UniqueMatches++
		}
	}
	uniq := 0
	for _, c := range raw {
		if c == 1 {
			uniq++
		}
	}
	if d.Len() > 0 {
		a.RawUniqueShare = float64(uniq) / float64(d.Len())
	}
	return a
}

// Report renders disclosure-report.md.
func (r *Release) Report(a Attack, heads []Headline, alpha float64) []byte {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "# Disclosure report\n\n")
	fmt.Fprintf(&b, "Release configuration sha256 `%s`; k = %d, l = %d, largest share of one value in a class %.2f, row suppression cap %.0f%%.\n\n",
		c.SHA256(), c.K, c.L, c.MaxModalShare, 100*c.MaxSuppression)
	fmt.Fprintf(&b, "## Generalization chosen\n\nThe generalization lattice (%d nodes) was searched exhaustively; of the nodes that need at most %.0f%% of rows suppressed, the one with the least information loss was kept. With h = level / height per quasi-identifier, nodes are ordered by the largest h (so that no quasi-identifier is suppressed entirely when coarsening several will do), then by the mean of h², then by discernibility (fewer, larger classes), then by the lower levels.\n\n",
		r.NodesSearched, 100*c.MaxSuppression)
	b.WriteString("| quasi-identifier | level | of |\n|---|---|---|\n")
	for j, q := range c.QuasiIdentifiers {
		fmt.Fprintf(&b, "| %s | %d | %d (%d = suppressed) |\n", q.Variable, r.Levels[j], q.Height(), q.Height())
	}
	b.WriteString("\n## Rows\n\n| year | respondents | released | suppressed |\n|---|---|---|---|\n")
	var years []int
	for y := range r.RowsIn {
		years = append(years, y)
	}
	sort.Ints(years)
	tin, tout := 0, 0
	for _, y := range years {
		fmt.Fprintf(&b, "| %d | %d | %d | %d |\n", y, r.RowsIn[y], r.RowsOut[y], r.RowsIn[y]-r.RowsOut[y])
		tin, tout = tin+r.RowsIn[y], tout+r.RowsOut[y]
	}
	fmt.Fprintf(&b, "| all | %d | %d | %d (%.1f%%) |\n", tin, tout, tin-tout, 100*float64(tin-tout)/math.Max(1, float64(tin)))
	b.WriteString("\n## Sensitive cells suppressed (l-diversity and homogeneity)\n\n| column | cells set to * |\n|---|---|\n")
	var cols []string
	for k := range r.SuppressedCells {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	for _, k := range cols {
		fmt.Fprintf(&b, "| %s | %d |\n", k, r.SuppressedCells[k])
	}
	fmt.Fprintf(&b, "\n## Attacks\n\n")
	fmt.Fprintf(&b, "- smallest equivalence class, recomputed from the rows: %d (k = %d)\n", a.MinClass, c.K)
	fmt.Fprintf(&b, "- prosecutor linkage, each respondent generalized with the published hierarchy: largest success probability %.3f (bound 1/k = %.3f), unique matches %d of %d\n",
		a.MaxLinkage, 1/float64(c.K), a.UniqueMatches, a.LinkedRespondents)
	fmt.Fprintf(&b, "- the same attack on raw quasi-identifiers (the control): %.1f%% of respondents unique\n", 100*a.RawUniqueShare)
	fmt.Fprintf(&b, "- sensitive columns: fewest distinct released values in a class %d, largest modal share %.2f\n", a.MinDistinct, a.MaxModal)
	fmt.Fprintf(&b, "- no identifiers, free text, timestamps, ids, or input row order: rows are sorted by their released values\n")
	fmt.Fprintf(&b, "\n## Conclusions on the public file\n\nEach hypothesis's headline comparison on the private data and on this file at its resolution (one-sided p in the claimed direction; alpha = %g).\n\n", alpha)
	b.WriteString("| hypothesis | comparison | statistic | private | p | public | p | same direction | same significance |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, h := range heads {
		fmt.Fprintf(&b, "| %s | %s | %s | %.3f | %s | %.3f | %s | %s | %s |\n", h.ID, h.Comparison, h.Statistic, h.Private, stats.FormatP(h.PrivateP),
			h.Public, stats.FormatP(h.PublicP), yes(h.SameDirection()), yes(h.SameSignificance(alpha)))
	}
	return []byte(b.String())
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

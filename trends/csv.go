package trends

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// CSVHeader is the column list of trends.csv: the tidy long format of issue
// 12, then n_answered, n_effective and kind (share: one level of a
// single-choice or ordinal answer, the levels of a wave summing to 1;
// option: one option of a multi-select; number: a median, quartile or share
// at a bound).
var CSVHeader = []string{"variable", "theme", "year", "level", "n", "estimate", "ci_low", "ci_high",
	"weighted_estimate", "weighted_ci_low", "weighted_ci_high", "comparability", "n_answered", "n_effective", "kind"}

// Cell kinds in trends.csv.
const (
	KindShare  = "share"
	KindOption = "option"
	KindNumber = "number"
)

// CSV renders out/private/trends.csv: one row per variable, wave and level
// (or statistic), in codebook order, waves ascending. Shares are in [0, 1];
// an estimate without a value is empty.
func (r *Result) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(CSVHeader); err != nil {
		return nil, err
	}
	for _, tv := range r.Variables {
		kind := KindShare
		switch tv.v.Type {
		case codebook.TypeMulti:
			kind = KindOption
		case codebook.TypeSingle, codebook.TypeOrdinal:
		default:
			kind = KindNumber
		}
		for _, c := range tv.Cells {
			rec := []string{tv.Name, string(tv.Theme), strconv.Itoa(c.Year), c.Level, strconv.Itoa(c.N),
				fmtF(c.Estimate), fmtF(c.Low), fmtF(c.High), fmtF(c.WEstimate), fmtF(c.WLow), fmtF(c.WHigh),
				c.Comparability, strconv.Itoa(c.NAnswered), fmtF(c.NEffective), kind}
			if err := w.Write(rec); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// fmtF writes a float with 6 significant digits ("" for NaN).
func fmtF(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

package trends

import (
	"math"
	"strconv"

	"github.com/gocarina/gocsv"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// csvRow is one line of trends.csv: the tidy long format of issue 12, then
// n_answered, n_effective and kind (share: one level of a single-choice or
// ordinal answer, the levels of a wave summing to 1; option: one option of a
// multi-select; number: a median, quartile or share at a bound).
type csvRow struct {
	Variable      string   `csv:"variable"`
	Theme         string   `csv:"theme"`
	Year          int      `csv:"year"`
	Level         string   `csv:"level"`
	N             int      `csv:"n"`
	Estimate      csvFloat `csv:"estimate"`
	Low           csvFloat `csv:"ci_low"`
	High          csvFloat `csv:"ci_high"`
	WEstimate     csvFloat `csv:"weighted_estimate"`
	WLow          csvFloat `csv:"weighted_ci_low"`
	WHigh         csvFloat `csv:"weighted_ci_high"`
	Comparability string   `csv:"comparability"`
	NAnswered     int      `csv:"n_answered"`
	NEffective    csvFloat `csv:"n_effective"`
	Kind          string   `csv:"kind"`
}

// csvFloat is a number of trends.csv: 6 significant digits, empty when missing.
type csvFloat float64

// MarshalCSV implements gocsv.TypeMarshaller.
func (x csvFloat) MarshalCSV() (string, error) { return fmtF(float64(x)), nil }

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
	rows := []csvRow{}
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
			rows = append(rows, csvRow{tv.Name, string(tv.Theme), c.Year, c.Level, c.N,
				csvFloat(c.Estimate), csvFloat(c.Low), csvFloat(c.High), csvFloat(c.WEstimate), csvFloat(c.WLow), csvFloat(c.WHigh),
				c.Comparability, c.NAnswered, csvFloat(c.NEffective), kind})
		}
	}
	return gocsv.MarshalBytes(&rows)
}

// fmtF writes a float with 6 significant digits ("" for NaN).
func fmtF(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

package trends

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// levelReference is testdata/level_trend_r.json (make_level_trend.R).
type levelReference struct {
	Levels []string `json:"levels"`
	Tests  []struct {
		Level string    `json:"level"`
		Years []int     `json:"years"`
		X     []float64 `json:"x"`
		N     []float64 `json:"n"`
		Chisq []float64 `json:"chisq"`
		P     []float64 `json:"p"`
	} `json:"tests"`
}

// TestLevelTestsAgainstR: each level's own Cochran–Armitage test of an
// ordinal question ("Don't know" included: a share is of everyone who
// answered), over two waves and over three, matches R's prop.trend.test on
// the same answers; a level nobody chose in the waves is not tested.
func TestLevelTestsAgainstR(t *testing.T) {
	var ref levelReference
	raw, err := os.ReadFile("testdata/level_trend_r.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	tv := fixtureVariable(t, ref.Levels)
	got := map[string]*Test{}
	for _, years := range [][]int{{2025, 2026}, {2024, 2025, 2026}} {
		ts := changeTests(tv, years, Defaults())
		if ts[0].Method == CochranArmitage {
			t.Errorf("%v: the ordinal's omnibus rank test comes first, got %s", years, ts[0].Method)
		}
		for _, x := range ts[1:] {
			got[fmt.Sprint(x.Level, x.Years)] = x
		}
	}
	if len(got) != len(ref.Tests) {
		t.Errorf("%d level tests, R has %d", len(got), len(ref.Tests))
	}
	for _, r := range ref.Tests {
		x := got[fmt.Sprint(r.Level, r.Years)]
		if x == nil {
			t.Errorf("%s %v: no test", r.Level, r.Years)
			continue
		}
		if x.Method != CochranArmitage || x.StatName != "z" || x.N != int(sum(r.N)) {
			t.Errorf("%s %v: %s %s, n %d, R n %v", r.Level, r.Years, x.Method, x.StatName, x.N, r.N)
		}
		if chi := x.Statistic * x.Statistic; math.Abs(chi-r.Chisq[0]) > 1e-9*math.Max(1, r.Chisq[0]) {
			t.Errorf("%s %v: z² %.12g, R chi-square %.12g", r.Level, r.Years, chi, r.Chisq[0])
		}
		if math.Abs(x.P-r.P[0]) > 1e-9*math.Max(1e-3, r.P[0]) {
			t.Errorf("%s %v: p %.12g, R %.12g", r.Level, r.Years, x.P, r.P[0])
		}
		if want := directionOf(r.X[0]/r.N[0], r.X[len(r.X)-1]/r.N[len(r.N)-1]); len(r.Years) == 2 && x.Direction != want {
			t.Errorf("%s %v: direction %s, shares go %s", r.Level, r.Years, x.Direction, want)
		}
	}
}

// fixtureVariable reads testdata/level_trend_fixture.csv into an ordinal
// variable answered with equal weights.
func fixtureVariable(t *testing.T, levels []string) *Variable {
	recs := readCSVFixture(t, "testdata/level_trend_fixture.csv")
	cv := &codebook.Variable{Name: "scale", Label: "Scale", Type: codebook.TypeOrdinal, Levels: levels}
	tv := &Variable{Name: cv.Name, Label: cv.Label, Type: cv.Type, v: cv, values: map[int][]float64{}, weights: map[int][]float64{}}
	for i, r := range recs[1:] {
		y, err := strconv.Atoi(r[0])
		l := slices.Index(levels, r[1])
		if err != nil || l < 0 {
			t.Fatalf("fixture row %d: %q", i+2, r)
		}
		if !contains(tv.Years, y) {
			tv.Years = append(tv.Years, y)
		}
		tv.values[y], tv.weights[y] = append(tv.values[y], float64(l)), append(tv.weights[y], 1)
	}
	return tv
}

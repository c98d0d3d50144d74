package trends

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

const rakeBook = `version: 1
variables:
  - {name: company_stage, label: Stage, type: single, role: quasi_identifier, levels: [E, D, C, B, A]}
  - {name: hq_region, label: Region, type: single, role: quasi_identifier, levels: [EU, NA, APAC]}
  - {name: y, label: Outcome, type: single, role: sensitive, levels: [low, mid, high]}
waves:
  - {year: 2025, file: a.csv, tool: typeform, header_rows: 1, columns: [{var: company_stage, header: s}, {var: hq_region, header: r}, {var: y, header: y}]}
  - {year: 2026, file: b.csv, tool: typeform, header_rows: 1, columns: [{var: company_stage, header: s}, {var: hq_region, header: r}, {var: y, header: y}]}
`

// TestWeightedEstimatesMatchRSurveyRake: the stage's raked (and 5×-trimmed)
// weighted shares equal R survey::rake + svymean on the committed fixture
// (internal/stats/testdata, made by make_reference_trends.R) to 1e-9; the
// fixture's "missing" region is a missing value here, raked as its own level.
func TestWeightedEstimatesMatchRSurveyRake(t *testing.T) {
	cb, err := codebook.Parse([]byte(rakeBook))
	if err != nil {
		t.Fatal(err)
	}
	d := fixtureData(t, cb)
	res, err := Run(Input{Data: d, Codebook: cb}, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Rake []struct {
			Wave         int
			YLevels      []string  `json:"y_levels"`
			YShare       []float64 `json:"y_share"`
			Weights      []float64
			WeightsTrim5 []float64 `json:"weights_trim5"`
		}
	}
	raw, err := os.ReadFile("../internal/stats/testdata/reference_trends_r.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	tv := varNamed(t, res, "y")
	for _, w := range ref.Rake {
		if !slices.Equal(w.Weights, w.WeightsTrim5) {
			t.Fatalf("wave %d: trimming at 5× binds in the fixture; compare against the trimmed shares", w.Wave)
		}
		moved := false
		for k, l := range w.YLevels {
			c := cellOf(tv, w.Wave, l)
			moved = moved || math.Abs(c.Estimate-w.YShare[k]) > 1e-3
			if math.Abs(c.WEstimate-w.YShare[k]) > 1e-9 {
				t.Errorf("wave %d share of %s: %.15g, R survey::rake %.15g", w.Wave, l, c.WEstimate, w.YShare[k])
			}
		}
		if !moved {
			t.Errorf("wave %d: weighting changes no share; the fixture cannot tell weighted from raw", w.Wave)
		}
	}
}

func fixtureData(t *testing.T, cb *codebook.Codebook) *dataset.Dataset {
	t.Helper()
	recs := readCSVFixture(t, "../internal/stats/testdata/rake_fixture.csv")
	var cols []*dataset.Column
	for _, v := range cb.Variables {
		cols = append(cols, &dataset.Column{Name: v.Name, Kind: dataset.Categorical, Levels: v.Levels})
	}
	d := dataset.New(cols)
	for k, r := range recs[1:] {
		year := 2025
		if r[0] == "2026" {
			year = 2026
		}
		i := d.AddRow(year, r[0]+"-"+r[1], "fixture", k+2)
		for j, name := range []string{"company_stage", "hq_region", "y"} {
			if l := cb.Var(name).LevelIndex(r[j+1]); l >= 0 {
				d.Col(name).Num[i] = float64(l)
			}
		}
	}
	return d
}

// readCSVFixture reads a committed CSV fixture whole (header included).
func readCSVFixture(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

package report

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
)

// fixtureResults reads testdata/results.json, a results.json written by a
// run on the bundled data (NaN was written as null and reads back as 0).
func fixtureResults(t testing.TB) Results {
	t.Helper()
	b, err := os.ReadFile("testdata/results.json")
	if err != nil {
		t.Fatal(err)
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Hypotheses) != 5 {
		t.Fatalf("fixture has %d hypotheses, want 5", len(r.Hypotheses))
	}
	return r
}

// fixtureChart draws a small chart-like PNG: bars of the given heights.
func fixtureChart(t testing.TB, heights ...float64) []byte {
	t.Helper()
	const w, h = 640, 360
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.White)
		}
	}
	bw := w / (2*len(heights) + 1)
	for i, v := range heights {
		top := h - 20 - int(math.Round(v*float64(h-40)))
		for y := top; y < h-20; y++ {
			for x := bw * (2*i + 1); x < bw*(2*i+2); x++ {
				img.Set(x, y, color.RGBA{0x1f, 0x6f, 0xb4, 0xff})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fixtureInput is a complete report input: the stored results, two
// hypothesis charts, trends in two themes, two waves and a release.
func fixtureInput(t testing.TB) Input {
	t.Helper()
	return Input{
		Plan:    "# Analysis plan\n\nα = 0.05.\n\n## H1\n\nFour one-sided tests.\n",
		Results: fixtureResults(t),
		Trends: []TrendSummary{
			{Theme: "AI adoption", Variable: "ai_gtm_budget_share", Sentence: "Median AI budget share rose from 1–5% to 6–10% (n = 980).", P: 0.0004, PAdjusted: 0.002, Chart: "trend_ai_gtm_budget_share"},
			{Theme: "AI adoption", Variable: "sdr_model", Sentence: "Autonomous AI SDRs went from 8% to 15%.", P: 0.03, PAdjusted: 0.06, Flag: "question changed in 2026"},
			{Theme: "Sales", Variable: "sales_cycle_days", Sentence: "No change in median sales cycle (n = 1,400).", P: 0.41, PAdjusted: math.NaN()},
		},
		Waves: []WaveSummary{
			{Year: 2025, File: "2025_qualtrics.csv", Read: 460, Kept: 431, Excluded: []Count{{"duplicate", 9}, {"preview", 20}},
				Variables: 40, NotAsked: 3, Unmapped: []UnmappedLabel{{"arr_band", "lots", 2}}, Missing: []Count{{"blank", 120}}},
			{Year: 2026, File: "2026_typeform.csv", Read: 520, Kept: 500, Excluded: []Count{{"incomplete", 20}}, Variables: 43},
		},
		Disclosure: &DisclosureSummary{ConfigSHA256: "abc123", K: 5, L: 3, Respondents: 931, ReportPath: "public/disclosure-report.md",
			Extracts: []ExtractSummary{{Name: "h1", Released: 900, Offered: 931, SmallestClass: 5, SingledOut: 0, MaxLinkage: 0.2, SuppressedCells: 12}},
			Headlines: []HeadlineCheck{{ID: "H1", Comparison: "augmented vs autonomous", Private: 0.29, Public: 0.27, SameDirection: true, SameSign: true},
				{ID: "H5", Comparison: "gap trend", Private: -0.22, Public: 0.01, SameDirection: false, SameSign: false}}},
		Charts: map[string][]byte{
			"h1":                        fixtureChart(t, 0.3, 0.9, 0.5),
			"h2_gap":                    fixtureChart(t, 0.2, 0.4, 0.6, 0.8),
			"trend_ai_gtm_budget_share": fixtureChart(t, 0.1, 0.5),
			"unrelated":                 fixtureChart(t, 1),
		},
	}
}

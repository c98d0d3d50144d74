package trends

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// loadDir reads, harmonizes and cleans a data folder as the pipeline does.
func loadDir(t testing.TB, dir string) Input {
	t.Helper()
	cb, err := codebook.Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, cb, clean.Defaults())
	return Input{Data: kept, Codebook: cb}
}

type truthFile struct {
	Trends []synth.TrendTruth `json:"trends"`
}

// checkTruth asserts every planted trend is found, going the planted way,
// and no known non-trend is.
func checkTruth(t *testing.T, res *Result, truth []synth.TrendTruth) {
	t.Helper()
	if len(truth) == 0 {
		t.Fatal("truth.json lists no trends")
	}
	for _, tr := range truth {
		tv := varNamed(t, res, tr.Variable)
		if tr.Untestable != "" {
			checkUntestable(t, tv, tr)
			continue
		}
		var hit *Test
		for _, ts := range tv.Tests {
			if ts.Significant && len(ts.Years) > 2 && (tv.Type != codebook.TypeMulti || ts.Level == tr.Level) {
				hit = ts
			}
		}
		switch {
		case tr.Trend && hit == nil:
			t.Errorf("planted trend in %s %s not found: %+v", tr.Variable, tr.Level, tv.Tests)
		case tr.Trend && (hit.Direction == Up) != (tr.Sign > 0):
			t.Errorf("planted trend in %s goes %s, planted sign %d", tr.Variable, hit.Direction, tr.Sign)
		case tr.Trend && !strings.Contains(hit.Sentence, "%") && tv.Type == codebook.TypeMulti:
			t.Errorf("sentence without numbers: %q", hit.Sentence)
		}
		if !tr.Trend {
			for _, ts := range tv.Tests {
				if ts.Significant {
					t.Errorf("non-trend %s reported: %s", tr.Variable, ts.Sentence)
				}
			}
		}
	}
}

// checkUntestable asserts a planted trend behind a wording change is
// graded so and that no test spans the changed wording.
func checkUntestable(t *testing.T, tv *Variable, tr synth.TrendTruth) {
	t.Helper()
	broken := 0
	for _, p := range tv.Pairs {
		if p.Grade == GradeWording {
			broken = max(broken, p.To)
		}
	}
	if broken == 0 {
		t.Errorf("%s: %s, yet no pair is graded %q: %+v", tv.Name, tr.Untestable, GradeWording, tv.Pairs)
	}
	for _, ts := range tv.Tests {
		if ts.Years[0] < broken {
			t.Errorf("%s: %s %s spans the wording change of %d", tv.Name, ts.Method, ts.Scope, broken)
		}
	}
}

func TestPlantedTrendsFoundOnBundledData(t *testing.T) {
	in := loadDir(t, "../data")
	res, err := Run(in, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../data/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var tf truthFile
	if err := json.Unmarshal(raw, &tf); err != nil {
		t.Fatal(err)
	}
	checkTruth(t, res, tf.Trends)
}

// TestPlantedTrendsAcrossSeeds repeats the check on freshly generated data.
func TestPlantedTrendsAcrossSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and reads two more synthetic folders")
	}
	for _, seed := range []uint64{7, 11} {
		dir := t.TempDir()
		o := synth.DefaultOptions()
		o.Seed = seed
		if _, err := synth.Write(dir, o); err != nil {
			t.Fatal(err)
		}
		res, err := Run(loadDir(t, dir), Defaults())
		if err != nil {
			t.Fatal(err)
		}
		var tf truthFile
		raw, _ := os.ReadFile(filepath.Join(dir, "truth.json"))
		if err := json.Unmarshal(raw, &tf); err != nil {
			t.Fatal(err)
		}
		checkTruth(t, res, tf.Trends)
	}
}

// TestOutputsOnBundledData checks the shape of what the stage hands on:
// every share interval holds its estimate, shares of a wave sum to 1, every
// variable has a figure titled in words, and the CSV is deterministic.
func TestOutputsOnBundledData(t *testing.T) {
	in := loadDir(t, "../data")
	res, err := Run(in, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, tv := range res.Variables {
		sums := map[int]float64{}
		for _, c := range tv.Cells {
			if !math.IsNaN(c.Low) && !(c.Low <= c.Estimate && c.Estimate <= c.High) {
				t.Errorf("%s %d %s: %g outside [%g, %g]", tv.Name, c.Year, c.Level, c.Estimate, c.Low, c.High)
			}
			if tv.Type == codebook.TypeSingle || tv.Type == codebook.TypeOrdinal {
				sums[c.Year] += c.Estimate
			}
		}
		for y, s := range sums {
			if math.Abs(s-1) > 1e-9 {
				t.Errorf("%s %d: shares sum to %g", tv.Name, y, s)
			}
		}
	}
	if len(res.Figures) != len(res.Variables)+1 {
		t.Fatalf("%d figures for %d variables (+1 for stage)", len(res.Figures), len(res.Variables))
	}
	for i, f := range res.Figures {
		if f.Title == "" || strings.Contains(f.Title, "_") || f.Subtitle == "" || len(f.Panels) == 0 {
			t.Errorf("figure %s: title %q subtitle %q", f.Name, f.Title, f.Subtitle)
		}
		if i < len(res.Variables) && res.Variables[i].Name == "company_category" && len(f.Panels[0].Breaks) == 0 {
			t.Errorf("company_category changed its answers in 2023 and 2024 but its figure has no break")
		}
		if f.Name == "trend_respondents_by_stage" && f.Kind != figure.Shares {
			t.Errorf("stage figure kind %s", f.Kind)
		}
	}
	a, _ := res.CSV()
	res2, _ := Run(in, Defaults())
	b, _ := res2.CSV()
	if string(a) != string(b) {
		t.Error("trends.csv differs between two runs")
	}
}

// BenchmarkTrendsBundled is the whole stage, weights included, on the
// bundled data (target: under 0.5 s of CPU per op).
func BenchmarkTrendsBundled(b *testing.B) {
	in := loadDir(b, "../data")
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Run(in, Defaults()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-c0)/float64(b.N), "cpu-s/op")
}

// cpuTime is the process's user + system CPU seconds (the machine is
// shared, so wall time says little).
func cpuTime() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkTrendsScale shows the cost grows linearly with respondents: the
// same survey at 1×, 2× and 4× the bundled size.
func BenchmarkTrendsScale(b *testing.B) {
	for _, scale := range []float64{1, 2, 4} {
		dir := b.TempDir()
		o := synth.DefaultOptions()
		o.Scale = scale
		if _, err := synth.Write(dir, o); err != nil {
			b.Fatal(err)
		}
		in := loadDir(b, dir)
		b.Run(fmtScale(scale), func(b *testing.B) {
			c0 := cpuTime()
			for b.Loop() {
				if _, err := Run(in, Defaults()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-c0)/float64(b.N)/float64(in.Data.Len())*1e9, "cpu-ns/respondent")
		})
	}
}

func fmtScale(s float64) string {
	return "x" + strings.TrimRight(strings.TrimRight(jsonNum(s), "0"), ".")
}

func jsonNum(f float64) string { b, _ := json.Marshal(f); return string(b) }

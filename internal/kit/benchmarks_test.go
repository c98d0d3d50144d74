package kit_test

import (
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/kittest"
)

// public builds a release of one extract with stage, ARR band and a banded
// question from rows "year,stage,arr,answer".
func public(rows ...string) *kit.Public {
	files := map[string][]byte{
		"data-dictionary.csv": []byte("extract,column,variable,label,type,levels,years_asked,role,generalization\n" +
			"x,year,year,Survey wave,integer,,2026,quasi_identifier,\n" +
			"x,company_stage,company_stage,Stage,single,A | B+,2026,quasi_identifier,\n" +
			"x,arr_band_coarse,arr_band_coarse,ARR,single,<$10M | $10M+,2026,quasi_identifier,\n" +
			"x,win_rate_pct,win_rate_pct,Win rate,band,<10% | 10–20% | ≥20%,2026,sensitive,\n"),
		"generalization.yaml": []byte("k: 5\npinned:\n  x: {company_stage: 0}\nyears:\n  x: [2026]\n"),
		"gtm-survey-x.csv":    []byte("year,company_stage,arr_band_coarse,win_rate_pct\n" + strings.Join(rows, "\n") + "\n"),
	}
	p, err := kit.Read(files)
	if err != nil {
		panic(err)
	}
	return p
}

func repeat(n int, row string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = row
	}
	return out
}

func cell(t *testing.T, bs []kit.Benchmark, c kit.Cohort, stage, arr string) kit.Benchmark {
	t.Helper()
	for _, b := range bs {
		if b.Cohort == c && b.Stage == stage && b.ARRBand == arr {
			return b
		}
	}
	t.Fatalf("no cell %s %q %q", c, stage, arr)
	return kit.Benchmark{}
}

// TestQuartileBands: the bands holding the ⌈p·n⌉-th answer; suppressed,
// unanswered and not-asked cells do not count.
func TestQuartileBands(t *testing.T) {
	var rows []string
	rows = append(rows, repeat(3, "2026,A,<$10M,<10%")...)
	rows = append(rows, repeat(4, "2026,A,<$10M,10–20%")...)
	rows = append(rows, repeat(5, "2026,A,<$10M,≥20%")...)
	rows = append(rows, repeat(7, "2026,A,<$10M,*")...)
	rows = append(rows, "2026,A,<$10M,", "2026,A,<$10M,not asked")
	bs := kit.Benchmarks(public(rows...))
	all := cell(t, bs, kit.CohortAll, "", "")
	// 12 answers: q1 = 3rd (<10%), median = 6th (10–20%), q3 = 9th (≥20%).
	if all.N != 12 || all.Q1 != "<10%" || all.Median != "10–20%" || all.Q3 != "≥20%" || !all.Shown() {
		t.Errorf("all = %+v, want n 12, <10%% / 10–20%% / ≥20%%", all)
	}
}

// TestComplementarySuppression: a cell below k hides, and so does its
// smallest sibling, so that the margin minus the shown cells is never 1 to
// k−1; zero cells say "too few" too. The control: a cell of exactly k shows.
func TestComplementarySuppression(t *testing.T) {
	var rows []string
	rows = append(rows, repeat(20, "2026,A,<$10M,10–20%")...)
	rows = append(rows, repeat(3, "2026,A,$10M+,≥20%")...) // A × $10M+ = 3: too few
	rows = append(rows, repeat(9, "2026,B+,$10M+,≥20%")...)
	rows = append(rows, repeat(5, "2026,B+,<$10M,<10%")...) // exactly k
	bs := kit.Benchmarks(public(rows...))
	if c := cell(t, bs, kit.CohortStageARR, "A", "$10M+"); c.Shown() || c.N != 0 || c.Median != "" {
		t.Errorf("A × $10M+ (3) = %+v, want too few with no figures", c)
	}
	// Row A: 20 and 3; hiding 3 alone would let 23 − 20 recover it, so 20 hides too.
	if c := cell(t, bs, kit.CohortStageARR, "A", "<$10M"); c.Shown() {
		t.Errorf("A × <$10M was left shown: the hidden 3 is the stage margin minus it")
	}
	for _, b := range bs {
		if b.Shown() && b.N < 5 {
			t.Errorf("shown cell below k: %+v", b)
		}
	}
	checkMargins(t, bs, 5)
	p := public(repeat(5, "2026,B+,<$10M,<10%")...)
	if c := cell(t, kit.Benchmarks(p), kit.CohortStageARR, "B+", "<$10M"); !c.Shown() || c.N != 5 {
		t.Errorf("a cell of exactly k = %+v, want shown", c)
	}
	if c := cell(t, kit.Benchmarks(p), kit.CohortStageARR, "A", "$10M+"); c.Shown() || c.Status != kit.TooFew {
		t.Errorf("an empty cell = %+v, want too few", c)
	}
}

// checkMargins recounts from the written cells that in every set of
// siblings (the stages, the ARR bands, a stage's ARR bands, an ARR band's
// stages) the hidden cells cannot be worked out as 1 to k−1 respondents:
// the shown margin minus the shown siblings is 0 or at least k, or the
// margin itself is hidden.
func checkMargins(t *testing.T, bs []kit.Benchmark, k int) {
	t.Helper()
	for _, m := range bs {
		if !m.Shown() {
			continue
		}
		var groups [][]kit.Benchmark
		switch m.Cohort {
		case kit.CohortAll:
			groups = [][]kit.Benchmark{siblings(bs, m, kit.CohortStage), siblings(bs, m, kit.CohortARR)}
		case kit.CohortStage, kit.CohortARR:
			groups = [][]kit.Benchmark{siblings(bs, m, kit.CohortStageARR)}
		}
		for _, g := range groups {
			hidden, shown := 0, 0
			for _, b := range g {
				if b.Shown() {
					shown += int(b.N)
				} else {
					hidden++
				}
			}
			if rest := int(m.N) - shown; hidden == 1 && rest > 0 && rest < k {
				t.Errorf("%d %s %s %s %q %q: one hidden sibling recoverable as %d", m.Wave, m.Extract, m.Question, m.Cohort, m.Stage, m.ARRBand, rest)
			}
		}
	}
}

// siblings are the cells of cohort c under margin m.
func siblings(bs []kit.Benchmark, m kit.Benchmark, c kit.Cohort) []kit.Benchmark {
	var out []kit.Benchmark
	for _, b := range bs {
		if b.Wave == m.Wave && b.Extract == m.Extract && b.Question == m.Question && b.Cohort == c &&
			(m.Stage == "" || b.Stage == m.Stage) && (m.ARRBand == "" || b.ARRBand == m.ARRBand) {
			out = append(out, b)
		}
	}
	return out
}

// TestBenchmarksOfTheRelease: on the synthetic release, every shown cell
// has at least k respondents, no hidden sibling is recoverable, the file
// reads back to the same rows, and every banded question of every wave
// has its all-respondents cell.
func TestBenchmarksOfTheRelease(t *testing.T) {
	f := kittest.Get(t)
	bs := f.Kit.Benchmarks
	for _, b := range bs {
		if b.Shown() && int(b.N) < f.Kit.Public.K {
			t.Errorf("shown cell below k: %+v", b)
		}
	}
	checkMargins(t, bs, f.Kit.Public.K)
	back, err := kit.ParseBenchmarks(f.Kit.Files[kit.BenchmarksFile])
	if err != nil || len(back) != len(bs) {
		t.Fatalf("benchmarks.csv read back: %d rows, err %v; want %d", len(back), err, len(bs))
	}
	for i := range bs {
		if back[i] != bs[i] {
			t.Errorf("row %d read back %+v, want %+v", i, back[i], bs[i])
		}
	}
	n := map[kit.Cohort]int{}
	for _, b := range bs {
		n[b.Cohort]++
	}
	if n[kit.CohortAll] == 0 || n[kit.CohortStage] == 0 || n[kit.CohortARR] == 0 || n[kit.CohortStageARR] == 0 {
		t.Errorf("cells per cohort %v: want every cohort", n)
	}
}

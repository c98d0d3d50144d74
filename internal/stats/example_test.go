package stats_test

import (
	"fmt"

	"github.com/gtmsurvey/gtmsurvey/internal/stats"
)

var (
	augmented = []float64{31, 35, 28, 40, 38, 33, 36, 29, 41, 37}
	humanOnly = []float64{27, 30, 25, 33, 29, 26, 31, 24, 28, 32}
)

// The figures of the examples agree with scipy 1.10 (mannwhitneyu,
// kendalltau, numpy.quantile, the median of numpy.subtract.outer) and with
// the HC3 sandwich computed by hand in numpy.

func ExampleMannWhitney() {
	r, err := stats.MannWhitney(augmented, humanOnly, stats.Greater)
	if err != nil {
		panic(err)
	}
	fmt.Printf("U = %.1f, p = %.4f\n", r.Statistic, r.P)
	// Output: U = 87.0, p = 0.0029
}

func ExampleCliffsDelta() {
	fmt.Printf("%.3f\n", stats.CliffsDelta(augmented, humanOnly))
	// Output: 0.740
}

func ExampleHodgesLehmann() {
	fmt.Printf("%.1f points\n", stats.HodgesLehmann(augmented, humanOnly))
	// Output: 6.5 points
}

func ExampleKendallTauB() {
	year := []float64{2024, 2024, 2024, 2025, 2025, 2025, 2026, 2026, 2026}
	gap := []float64{40, 35, 38, 30, 33, 36, 25, 28, 31}
	r, err := stats.KendallTauB(year, gap, stats.Less)
	if err != nil {
		panic(err)
	}
	fmt.Printf("tau_b = %.3f, p = %.4f\n", r.Statistic, r.P)
	// Output: tau_b = -0.738, p = 0.0053
}

func ExampleQuantile() {
	fmt.Println(stats.Quantile([]float64{4, 1, 3, 2}, 0.25), stats.Median([]float64{4, 1, 3, 2}))
	// Output: 1.75 2.5
}

// A percentile bootstrap of the interquartile range: the statistic sees
// each replicate's quartiles, read off its counts without a sort.
func ExamplePercentileQuantiles() {
	iqr := func(q [][]float64) float64 { return q[0][1] - q[0][0] }
	iv, boot, err := stats.PercentileQuantiles([][]float64{augmented}, []float64{0.25, 0.75}, iqr, 999, 1, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("IQR %.2f, 95%% CI %.2f to %.2f, %d replicates\n", iv.Estimate, iv.Low, iv.High, len(boot))
	// Output: IQR 6.25, 95% CI 2.00 to 10.26, 999 replicates
}

func ExampleBCaCliffsDelta() {
	iv, err := stats.BCaCliffsDelta(augmented, humanOnly, 999, 1, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("delta %.2f (95%% CI %.2f to %.2f)\n", iv.Estimate, iv.Low, iv.High)
	// Output: delta 0.74 (95% CI 0.26 to 0.95)
}

func ExampleHolm() {
	fmt.Println(stats.Holm([]float64{0.01, 0.04, 0.03}))
	// Output: [0.03 0.06 0.06]
}

func ExampleOLS() {
	x := [][]float64{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}}
	y := []float64{2.1, 3.9, 6.2, 7.8, 10.1}
	fit, err := stats.OLS([]string{"(Intercept)", "x"}, x, y, stats.HC3)
	if err != nil {
		panic(err)
	}
	slope, se, _, _, err := fit.Contrast([]float64{0, 1}, stats.Greater)
	if err != nil {
		panic(err)
	}
	fmt.Printf("slope %.2f (HC3 SE %.3f)\n", slope, se)
	// Output: slope 1.99 (HC3 SE 0.068)
}

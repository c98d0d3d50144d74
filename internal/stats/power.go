package stats

import "math"

// MDEFromSE is the minimum detectable effect of a one-sided t test at level
// alpha with the given power, for an estimate with standard error se and df
// degrees of freedom: (t_{1−α, df} + t_{power, df})·se (df > 1e8 or +Inf:
// normal quantiles). NaN when se is not positive or df < 1.
func MDEFromSE(se, df, alpha, power float64) float64 {
	if !(se > 0) || !(df >= 1) {
		return math.NaN()
	}
	return (TQuantile(1-alpha, df) + TQuantile(power, df)) * se
}

// MDEKendallGroups is the minimum detectable Kendall τ_b between the group
// index (0, 1, …, k−1) and the values, for a one-sided test at level alpha
// with the given power: (z_{1−α} + z_power)·SD₀(τ_b), where SD₀ is the null
// standard deviation of τ_b for these group sizes (ties in the index) and
// these values (their ties), the variance KendallTauBGroups tests with. NaN
// for fewer than three values or a constant variable.
func MDEKendallGroups(groups [][]float64, alpha, power float64) float64 {
	var all, idx []float64
	for k, g := range groups {
		all = append(all, g...)
		for range g {
			idx = append(idx, float64(k))
		}
	}
	fn := float64(len(all))
	if fn < 3 {
		return math.NaN()
	}
	tx, vx1, vx2 := tieSums(idx)
	ty, vy1, vy2 := tieSums(all)
	n0 := fn * (fn - 1) / 2
	den := math.Sqrt((n0 - tx) * (n0 - ty))
	if den == 0 {
		return math.NaN()
	}
	v := (fn*(fn-1)*(2*fn+5)-vx1-vy1)/18 + vx2*vy2/(9*fn*(fn-1)*(fn-2)) + 2*tx*ty/(fn*(fn-1))
	return (NormalQuantile(1-alpha) + NormalQuantile(power)) * math.Sqrt(v) / den
}

// MDEShift is the minimum detectable standardized effect (Cohen's d) at the
// given power for a one-sided two-sample comparison at level alpha with
// sizes n1 and n2, normal approximation: (z_{1−α} + z_power)·√(1/n1 + 1/n2).
// For Mann–Whitney divide by √(3/π) ≈ 0.977 (asymptotic relative efficiency
// under normality).
func MDEShift(n1, n2 int, alpha, power float64) float64 {
	if n1 < 1 || n2 < 1 {
		return math.NaN()
	}
	return (NormalQuantile(1-alpha) + NormalQuantile(power)) * math.Sqrt(1/float64(n1)+1/float64(n2))
}

// MDEEquivalenceN is the sample size at which TOST shows equivalence within
// ±margin (standardized) with the given power when the true slope is 0:
// n = ((z_{1−α} + z_{(1+power)/2}) / margin)².
func MDEEquivalenceN(margin, alpha, power float64) int {
	z := NormalQuantile(1-alpha) + NormalQuantile((1+power)/2)
	return int(math.Ceil(z * z / (margin * margin)))
}

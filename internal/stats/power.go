package stats

import "math"

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

// MDESlope is the minimum detectable standardized slope (SD of outcome per
// SD of predictor) at the given power for a one-sided test at level alpha
// with n observations: (z_{1−α} + z_power)/√n.
func MDESlope(n int, alpha, power float64) float64 {
	if n < 3 {
		return math.NaN()
	}
	return (NormalQuantile(1-alpha) + NormalQuantile(power)) / math.Sqrt(float64(n))
}

// MDEEquivalenceN is the sample size at which TOST shows equivalence within
// ±margin (standardized) with the given power when the true slope is 0:
// n = ((z_{1−α} + z_{(1+power)/2}) / margin)².
func MDEEquivalenceN(margin, alpha, power float64) int {
	z := NormalQuantile(1-alpha) + NormalQuantile((1+power)/2)
	return int(math.Ceil(z * z / (margin * margin)))
}

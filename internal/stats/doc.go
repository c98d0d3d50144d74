// Package stats holds the statistical routines the analysis plan needs, as
// pure functions on float64 slices. Each names its method and approximation;
// each is checked against reference values from scipy 1.10, statsmodels 0.13
// or R 4.2 (testdata/reference_py.json, made by testdata/make_reference.py, and
// testdata/reference_r.json, made by testdata/make_reference.R).
//
// Conventions: midranks for ties and tie terms in every rank variance;
// p-values from tails computed directly (never 1 − CDF) and clipped to
// [0, 1]; quantiles of type 7. Bad input (empty or too-small samples, NaN,
// ±Inf) returns an error, never a panic and never a silently wrong number.
//
// The bootstraps' binomial counts come from the package's own sampler
// (binomial.go: inversion and BTPE, as numpy draws them), not gonum's
// distuv.Binomial, which took 1.8–4.9× as long per draw and made the
// million-response run's bootstrap stage about twice as costly (measured
// in binomialRatio's doc).
package stats

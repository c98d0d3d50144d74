package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MetaFit is a random-effects meta-regression fitted by MetaRegression.
type MetaFit struct {
	Beta []float64 // intercept first, then one coefficient per moderator
	SE   []float64 // Knapp–Hartung standard errors
	T    []float64 // Beta / SE
	DF   float64   // k − p: the Knapp–Hartung t degrees of freedom
	Tau2 float64   // REML estimate of the residual heterogeneity τ²
	// S2 is the Knapp–Hartung scale factor Σwᵢrᵢ²/(k − p) (not truncated at 1).
	S2         float64
	Iterations int // Fisher scoring steps taken
}

// ErrNoConvergence is returned (wrapped) when an iterative fit does not converge.
var ErrNoConvergence = errors.New("did not converge")

const (
	metaMaxIter   = 1000
	metaThreshold = 1e-12 // convergence: |Δτ²| relative to the mean sampling variance
)

// MetaRegression fits the random-effects meta-regression yᵢ = xᵢᵀβ + uᵢ +
// εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, seᵢ²) with known seᵢ: τ² by REML (Fisher
// scoring, truncated at 0), β by weighted least squares with weights
// 1/(seᵢ² + τ²), and Knapp–Hartung standard errors with t on k − p df. It
// is R metafor::rma(yi, sei = se, mods = ~ x, method = "REML", test =
// "knha"). mods holds one slice per moderator (each of length k); an
// intercept is added. It needs k > p = len(mods) + 1 and every se > 0.
func MetaRegression(y, se []float64, mods ...[]float64) (*MetaFit, error) {
	k, p := len(y), len(mods)+1
	if len(se) != k || k <= p {
		return nil, fmt.Errorf("meta-regression: k=%d estimates, %d SEs, %d coefficients: %w", k, len(se), p, ErrTooSmall)
	}
	if err := checkFinite("y", y); err != nil {
		return nil, fmt.Errorf("meta-regression: %w", err)
	}
	v := make([]float64, k)
	for i, s := range se {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("meta-regression: se[%d] = %v, need a finite positive SE", i, s)
		}
		v[i] = s * s
	}
	x := mat.NewDense(k, p, nil)
	for i := 0; i < k; i++ {
		x.Set(i, 0, 1)
		for j, m := range mods {
			if len(m) != k {
				return nil, fmt.Errorf("meta-regression: moderator %d has %d values for %d estimates", j, len(m), k)
			}
			x.Set(i, j+1, m[i])
		}
	}
	yv := mat.NewVecDense(k, append([]float64(nil), y...))
	xc, back := centered(x)
	tau2, iter, err := remlTau2(xc, yv, v)
	if err != nil {
		return nil, err
	}
	return metaFinish(xc, back, yv, v, tau2, iter)
}

// centered returns x with every column but the intercept centered, and M
// with β = M·β_c: the same column space (so the same fit and REML
// likelihood), without the cancellation that moderators like 2024 cause.
func centered(x *mat.Dense) (xc, back *mat.Dense) {
	k, p := x.Dims()
	xc = mat.DenseCopyOf(x)
	back = mat.NewDense(p, p, nil)
	for j := 0; j < p; j++ {
		back.Set(j, j, 1)
	}
	for j := 1; j < p; j++ {
		m := mat.Sum(x.ColView(j)) / float64(k)
		back.Set(0, j, -m)
		for i := 0; i < k; i++ {
			xc.Set(i, j, x.At(i, j)-m)
		}
	}
	return xc, back
}

// metaWeights returns W = diag(1/(v + τ²)), (XᵀWX)⁻¹ and P = W − WX(XᵀWX)⁻¹XᵀW.
func metaWeights(x *mat.Dense, v []float64, tau2 float64) (w *mat.DiagDense, inv, proj *mat.Dense, err error) {
	k, _ := x.Dims()
	wd := make([]float64, k)
	for i := range v {
		wd[i] = 1 / (v[i] + tau2)
	}
	w = mat.NewDiagDense(k, wd)
	var wx, xtwx mat.Dense
	wx.Mul(w, x)
	xtwx.Mul(x.T(), &wx)
	inv = new(mat.Dense)
	if err := inv.Inverse(&xtwx); err != nil {
		return nil, nil, nil, fmt.Errorf("meta-regression: moderators are collinear: %w", err)
	}
	var a, b mat.Dense
	a.Mul(&wx, inv)
	b.Mul(&a, wx.T())
	proj = mat.NewDense(k, k, nil)
	proj.Sub(w, &b)
	return w, inv, proj, nil
}

// remlTau2 maximizes the restricted likelihood over τ² ≥ 0 by Fisher
// scoring, τ² ← τ² + (yᵀPPy − tr P)/tr(PP), halving a step that would leave
// [0, ∞), as metafor does.
func remlTau2(x *mat.Dense, y *mat.VecDense, v []float64) (float64, int, error) {
	scale := Mean(v)
	tau2 := 0.0
	for it := 1; it <= metaMaxIter; it++ {
		_, _, proj, err := metaWeights(x, v, tau2)
		if err != nil {
			return 0, it, err
		}
		var py mat.VecDense
		py.MulVec(proj, y)
		var pp mat.Dense
		pp.Mul(proj, proj)
		adj := (mat.Dot(&py, &py) - mat.Trace(proj)) / mat.Trace(&pp)
		for tau2+adj < 0 && adj < -1e-300 {
			adj /= 2
		}
		if tau2+adj < 0 {
			adj = -tau2
		}
		tau2 += adj
		if math.Abs(adj) <= metaThreshold*scale {
			return tau2, it, nil
		}
	}
	return tau2, metaMaxIter, fmt.Errorf("meta-regression: REML τ² after %d steps: %w", metaMaxIter, ErrNoConvergence)
}

// metaFinish computes β and its Knapp–Hartung covariance on the centered
// design xc and maps both back to the caller's parametrization.
func metaFinish(xc, back *mat.Dense, y *mat.VecDense, v []float64, tau2 float64, iter int) (*MetaFit, error) {
	k, p := xc.Dims()
	w, inv, proj, err := metaWeights(xc, v, tau2)
	if err != nil {
		return nil, err
	}
	var xtwy, betaC, beta, py mat.VecDense
	var wx, tmp, cov mat.Dense
	wx.Mul(w, xc)
	xtwy.MulVec(wx.T(), y)
	betaC.MulVec(inv, &xtwy)
	beta.MulVec(back, &betaC)
	tmp.Mul(back, inv)
	cov.Mul(&tmp, back.T())
	py.MulVec(proj, y)
	s2 := mat.Dot(y, &py) / float64(k-p)
	f := &MetaFit{DF: float64(k - p), Tau2: tau2, S2: s2, Iterations: iter}
	for j := 0; j < p; j++ {
		b := beta.AtVec(j)
		se := math.Sqrt(s2 * cov.At(j, j))
		f.Beta, f.SE, f.T = append(f.Beta, b), append(f.SE, se), append(f.T, b/se)
	}
	return f, nil
}

// PValue is the Knapp–Hartung t test of coefficient j against 0.
func (f *MetaFit) PValue(j int, alt Alternative) float64 { return pFromT(f.T[j], f.DF, alt) }

// CI is the two-sided Knapp–Hartung confidence interval of coefficient j.
func (f *MetaFit) CI(j int, level float64) (lo, hi float64) {
	q := TQuantile(1-(1-level)/2, f.DF)
	return f.Beta[j] - q*f.SE[j], f.Beta[j] + q*f.SE[j]
}

package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Covariance kinds for OLS (MacKinnon & White 1985), as R
// sandwich::vcovHC(type=…) and statsmodels cov_type.
type Covariance int

// Covariance estimators.
const (
	Classical Covariance = iota // σ²(X'X)⁻¹
	HC0                         // White
	HC1                         // HC0 × n/(n − p)
	HC3                         // residuals scaled by 1/(1 − h_ii)²
)

// ErrLeverageOne is returned by OLS with HC3 when an observation has
// leverage 1 (e.g. a category with one respondent): HC3 is undefined.
var ErrLeverageOne = errors.New("an observation has leverage 1: HC3 undefined (merge or drop the sparse category)")

// OLSFit is a least-squares fit with its covariance matrix.
type OLSFit struct {
	Names []string  // predictor names, intercept first if included by the caller
	Beta  []float64 // coefficients
	Cov   *mat.SymDense
	N, P  int
	DF    float64 // residual degrees of freedom n − p
	Kind  Covariance
}

// OLS fits y = Xβ + ε by QR least squares. X is n×p row-major (include a
// column of ones for an intercept). It errors on n ≤ p, non-finite input, a
// rank-deficient X, or (HC3) a leverage of 1. It matches R lm with vcov
// (Classical) or sandwich::vcovHC(type=…) (HC0, HC1, HC3).
func OLS(names []string, x [][]float64, y []float64, kind Covariance) (*OLSFit, error) {
	X, err := olsDesign(x, y)
	if err != nil {
		return nil, err
	}
	n, p := X.Dims()
	b, xtxi, err := qrSolve(X, y)
	if err != nil {
		return nil, err
	}
	resid, rss := residuals(x, y, b)
	df := float64(n - p)
	var cov *mat.SymDense
	if kind == Classical {
		cov = classicalCov(xtxi, rss/df)
	} else if cov, err = sandwichCov(x, resid, xtxi, kind, df); err != nil {
		return nil, err
	}
	return &OLSFit{Names: names, Beta: b.RawVector().Data, Cov: cov, N: n, P: p, DF: df, Kind: kind}, nil
}

// olsDesign checks the shapes (n > p, every row p long) and that X and y
// are finite, and returns X as a matrix.
func olsDesign(x [][]float64, y []float64) (*mat.Dense, error) {
	n := len(y)
	if n == 0 || len(x) != n {
		return nil, fmt.Errorf("ols: %d rows of X, %d of y: %w", len(x), n, ErrTooSmall)
	}
	p := len(x[0])
	if n <= p {
		return nil, fmt.Errorf("ols: n=%d ≤ p=%d: %w", n, p, ErrTooSmall)
	}
	if err := checkFinite("y", y); err != nil {
		return nil, fmt.Errorf("ols: %w", err)
	}
	X := mat.NewDense(n, p, nil)
	for i, row := range x {
		if len(row) != p {
			return nil, fmt.Errorf("ols: row %d has %d columns, want %d", i, len(row), p)
		}
		if err := checkFinite(fmt.Sprintf("X[%d]", i), row); err != nil {
			return nil, fmt.Errorf("ols: %w", err)
		}
		X.SetRow(i, row)
	}
	return X, nil
}

// qrSolve factorizes X = QR and returns the least-squares coefficients
// and (X'X)⁻¹ = R⁻¹R⁻ᵀ. It errors when a diagonal element of R is below
// 1e-10 × max(1, |R₀₀|) (X rank deficient).
func qrSolve(X *mat.Dense, y []float64) (*mat.VecDense, *mat.Dense, error) {
	n, p := X.Dims()
	Y := mat.NewVecDense(n, append([]float64(nil), y...))
	var qr mat.QR
	qr.Factorize(X)
	var rd mat.Dense
	qr.RTo(&rd)
	rr := mat.NewTriDense(p, mat.Upper, nil)
	for a := 0; a < p; a++ {
		for c := a; c < p; c++ {
			rr.SetTri(a, c, rd.At(a, c))
		}
	}
	for j := 0; j < p; j++ {
		if math.Abs(rr.At(j, j)) < 1e-10*math.Max(1, math.Abs(rr.At(0, 0))) {
			return nil, nil, fmt.Errorf("ols: design matrix is rank deficient (column %d): %w", j, ErrTooSmall)
		}
	}
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, Y); err != nil {
		return nil, nil, fmt.Errorf("ols: %w", err)
	}
	var rinv mat.TriDense
	if err := rinv.InverseTri(rr); err != nil {
		return nil, nil, fmt.Errorf("ols: %w", err)
	}
	var xtxi mat.Dense
	xtxi.Mul(&rinv, rinv.T())
	return &b, &xtxi, nil
}

// residuals returns e = y − Xb and the residual sum of squares Σe².
func residuals(x [][]float64, y []float64, b *mat.VecDense) (resid []float64, rss float64) {
	n, p := len(y), b.Len()
	resid = make([]float64, n)
	for i := 0; i < n; i++ {
		fit := 0.0
		for j := 0; j < p; j++ {
			fit += x[i][j] * b.AtVec(j)
		}
		resid[i] = y[i] - fit
		rss += resid[i] * resid[i]
	}
	return resid, rss
}

// classicalCov is the classical covariance s²(X'X)⁻¹, with s² the residual
// variance RSS/(n − p) (R vcov(lm)).
func classicalCov(xtxi *mat.Dense, s2 float64) *mat.SymDense {
	p, _ := xtxi.Dims()
	cov := mat.NewSymDense(p, nil)
	for a := 0; a < p; a++ {
		for c := a; c < p; c++ {
			cov.SetSym(a, c, s2*xtxi.At(a, c))
		}
	}
	return cov
}

// sandwichCov is the heteroskedasticity-consistent covariance
// (X'X)⁻¹ meat (X'X)⁻¹ of the given kind (HC0, HC1 or HC3), symmetrized
// (sandwich::vcovHC). HC3 errors with ErrLeverageOne on a leverage of 1.
func sandwichCov(x [][]float64, resid []float64, xtxi *mat.Dense, kind Covariance, df float64) (*mat.SymDense, error) {
	n := len(resid)
	p, _ := xtxi.Dims()
	// meat = Σ w_i e_i² x_i x_iᵀ
	meat := mat.NewDense(p, p, nil)
	for i := 0; i < n; i++ {
		w := resid[i] * resid[i]
		if kind == HC3 {
			h := 0.0
			for a := 0; a < p; a++ {
				for c := 0; c < p; c++ {
					h += x[i][a] * xtxi.At(a, c) * x[i][c]
				}
			}
			if 1-h < 1e-10 {
				return nil, fmt.Errorf("ols: row %d: %w", i, ErrLeverageOne)
			}
			w /= (1 - h) * (1 - h)
		}
		for a := 0; a < p; a++ {
			for c := 0; c < p; c++ {
				meat.Set(a, c, meat.At(a, c)+w*x[i][a]*x[i][c])
			}
		}
	}
	var tmp, sand mat.Dense
	tmp.Mul(xtxi, meat)
	sand.Mul(&tmp, xtxi)
	scale := 1.0
	if kind == HC1 {
		scale = float64(n) / df
	}
	cov := mat.NewSymDense(p, nil)
	for a := 0; a < p; a++ {
		for c := a; c < p; c++ {
			cov.SetSym(a, c, scale*(sand.At(a, c)+sand.At(c, a))/2)
		}
	}
	return cov, nil
}

// Contrast is the Wald t test of the linear combination cᵀβ against 0 with
// n − p degrees of freedom (lmtest::coeftest with the fit's covariance for a
// single coefficient). It returns the estimate, its SE, t and the p-value.
func (f *OLSFit) Contrast(c []float64, alt Alternative) (est, se, t, p float64, err error) {
	if len(c) != f.P {
		return 0, 0, 0, 0, fmt.Errorf("contrast: %d weights for %d coefficients", len(c), f.P)
	}
	v := 0.0
	for a := 0; a < f.P; a++ {
		est += c[a] * f.Beta[a]
		for b := 0; b < f.P; b++ {
			v += c[a] * f.Cov.At(a, b) * c[b]
		}
	}
	se = math.Sqrt(v)
	t = est / se
	return est, se, t, pFromT(t, f.DF, alt), nil
}

// TOST is the two one-sided tests of equivalence for an estimate with
// standard error se and df degrees of freedom (t; df = +Inf for normal)
// within (−margin, +margin) (Schuirmann 1987). It returns the larger of the
// two one-sided p-values: equivalence is shown at α when p < α.
func TOST(est, se, df, margin float64) (float64, error) {
	if !(se > 0) || !(margin > 0) || math.IsNaN(est) {
		return math.NaN(), fmt.Errorf("tost: est=%v se=%v margin=%v: need finite est, se > 0, margin > 0", est, se, margin)
	}
	lower := (est + margin) / se // H0: β ≤ −Δ vs β > −Δ
	upper := (est - margin) / se // H0: β ≥ Δ vs β < Δ
	var p1, p2 float64
	if math.IsInf(df, 1) {
		p1, p2 = pFromZ(lower, Greater), pFromZ(upper, Less)
	} else {
		p1, p2 = pFromT(lower, df, Greater), pFromT(upper, df, Less)
	}
	return math.Max(p1, p2), nil
}

// Slope is the least-squares slope of y on x with an intercept,
// Σ(x−x̄)(y−ȳ) / Σ(x−x̄)². NaN when x is constant or the lengths differ.
func Slope(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	mx, my := Mean(x), Mean(y)
	num, den := 0.0, 0.0
	for i := range x {
		num += (x[i] - mx) * (y[i] - my)
		den += (x[i] - mx) * (x[i] - mx)
	}
	if den == 0 {
		return math.NaN()
	}
	return num / den
}

package stats

import (
	"errors"
	"fmt"
	"math"
)

// Alternative is the direction of a test.
type Alternative int

// Alternatives, as scipy names them.
const (
	TwoSided Alternative = iota // "two-sided"
	Greater                     // "greater": the first sample (or the slope) is larger
	Less                        // "less"
)

// ErrTooSmall is returned (wrapped) for samples too small for a method.
var ErrTooSmall = errors.New("sample too small")

// ErrNotFinite is returned (wrapped) for NaN or infinite input.
var ErrNotFinite = errors.New("non-finite value")

func checkFinite(name string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] = %v: %w", name, i, x, ErrNotFinite)
		}
	}
	return nil
}

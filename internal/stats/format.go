package stats

import (
	"fmt"
	"math"
)

// FormatP renders a p-value for tables: "-" for NaN, "<0.0001" below it,
// else four decimals.
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.0001:
		return "<0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}

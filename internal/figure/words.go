package figure

import (
	"fmt"
	"strconv"
)

// Thousands writes a count as a subtitle does: 1,930.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// YearSpan writes the waves a figure covers: "2022–2026", one year alone,
// or "no wave".
func YearSpan(years []int) string {
	switch len(years) {
	case 0:
		return "no wave"
	case 1:
		return strconv.Itoa(years[0])
	}
	return fmt.Sprintf("%d–%d", years[0], years[len(years)-1])
}

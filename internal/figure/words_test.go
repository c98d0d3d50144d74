package figure

import "testing"

func TestWords(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1930: "1,930", 1234567: "1,234,567", -2500: "-2,500"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for _, c := range []struct {
		ys   []int
		want string
	}{{nil, "no wave"}, {[]int{2026}, "2026"}, {[]int{2022, 2024, 2026}, "2022–2026"}} {
		if got := YearSpan(c.ys); got != c.want {
			t.Errorf("YearSpan(%v) = %q, want %q", c.ys, got, c.want)
		}
	}
}

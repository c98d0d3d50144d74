package dataset

import (
	"fmt"
	"testing"
)

func companies(years []int, keys []string) *Dataset {
	d := New(nil)
	for i, y := range years {
		d.AddRow(y, fmt.Sprint(i), "f", i+2)
	}
	d.SetCompanies(func(i int) string { return keys[i] })
	return d
}

// TestRepeatPairs counts companies in both waves of each pair; unknown
// companies ("") never repeat.
func TestRepeatPairs(t *testing.T) {
	d := companies([]int{2024, 2024, 2024, 2025, 2025, 2026, 2026}, []string{"a", "b", "", "a", "", "a", "b"})
	got := fmt.Sprint(RepeatPairs(d))
	if want := "[{2024 2025 1} {2024 2026 2} {2025 2026 1}]"; got != want {
		t.Errorf("RepeatPairs = %s, want %s", got, want)
	}
}

// TestLatestPerCompany keeps each company's latest wave (its last row
// there) and every row without a key.
func TestLatestPerCompany(t *testing.T) {
	d := companies([]int{2025, 2026, 2025, 2025, 2026, 2025}, []string{"a", "a", "b", "b", "", ""})
	kept, dropped := LatestPerCompany(d, []int{0, 1, 2, 3, 4, 5})
	if fmt.Sprint(kept) != "[1 3 4 5]" || dropped != 2 {
		t.Errorf("kept %v dropped %d", kept, dropped)
	}
	kept, dropped = LatestPerCompany(d, []int{0, 2})
	if fmt.Sprint(kept) != "[0 2]" || dropped != 0 {
		t.Errorf("subset: kept %v dropped %d", kept, dropped)
	}
	if d.Subset(func(i int) bool { return i >= 3 }).CompanyOf(0) != "b" {
		t.Error("Subset loses the company keys")
	}
}

package parallel

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		got := make([]int, n)
		if err := Each(n, func(i int) error { got[i]++; return nil }); err != nil {
			t.Fatal(err)
		}
		for i, c := range got {
			if c != 1 {
				t.Fatalf("n = %d: index %d called %d times", n, i, c)
			}
		}
	}
}

func TestEachReportsTheLowestFailingIndex(t *testing.T) {
	for rep := 0; rep < 50; rep++ {
		err := Each(20, func(i int) error {
			if i%5 == 3 {
				return fmt.Errorf("index %d", i)
			}
			return nil
		})
		if err == nil || err.Error() != "index 3" {
			t.Fatalf("rep %d: err = %v, want index 3", rep, err)
		}
	}
	if err := Each(3, func(int) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := errors.New("x")
	if err := Each(1, func(int) error { return want }); err != want {
		t.Fatalf("err = %v", err)
	}
}

func TestEachLargestFirst(t *testing.T) {
	sizes := []int{3, 9, 1, 9, 5}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // one worker: calls in start order
	var order []int
	err := EachLargestFirst(len(sizes), func(i int) int { return sizes[i] }, func(i int) error {
		order = append(order, i)
		if i == 2 || i == 4 {
			return fmt.Errorf("piece %d", i)
		}
		return nil
	})
	if want := []int{1, 3, 4, 0, 2}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("started %v, want %v (largest first, ties in index order)", order, want)
	}
	if err == nil || err.Error() != "piece 2" {
		t.Errorf("error %v, want that of the lowest index that failed (piece 2)", err)
	}
}

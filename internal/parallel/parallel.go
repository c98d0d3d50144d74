// Package parallel runs independent pieces of CPU-bound work on every core
// with a result that does not depend on scheduling.
package parallel

import (
	"runtime"
	"sort"
	"sync"
)

// Each calls f(0) … f(n−1) on as many goroutines as there are CPUs
// (GOMAXPROCS) and returns the error of the lowest index that failed, so
// that the outcome is the same however the calls were scheduled. f must
// write only to what index i owns.
func Each(n int, f func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(n, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// EachLargestFirst is Each with the calls started in decreasing order of
// size(i) (ties in index order), so that the cores finish together when
// the pieces differ in size; the error is still that of the lowest index
// that failed.
func EachLargestFirst(n int, size func(i int) int, f func(i int) error) error {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return size(order[a]) > size(order[b]) })
	errs := make([]error, n)
	_ = Each(n, func(k int) error {
		errs[order[k]] = f(order[k])
		return nil
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

//go:build !unix

package main

import "time"

// processUsage reports nothing where getrusage(2) does not exist; stage
// lines then show wall time only.
func processUsage() (cpu time.Duration, peakRSS int64, ok bool) { return 0, 0, false }
